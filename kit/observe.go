package kit

import (
	"context"
	"log/slog"
	"time"

	"github.com/dandang/dandang"
)

// watchedKey marks the context of a command being reported.
type watchedKey struct{}

// watch reports the commands of one engine to its logger and observer.
type watch struct {
	kind string
	log  *slog.Logger
	obs  dandang.Observer
}

func newWatch(kind string, log *slog.Logger, obs dandang.Observer) watch {
	return watch{kind: kind, log: orDiscard(log), obs: obs}
}

// command starts watching a command and returns the context it runs on and
// the function to call, once, with the case ID and error it ended with.
// A command run on a context a watched command runs on is part of that one
// and is not reported on its own.
func (w watch) command(ctx context.Context, op, name, caseID string) (context.Context, func(caseID string, err error)) {
	if ctx.Value(watchedKey{}) != nil {
		return ctx, func(string, error) {}
	}
	ctx = context.WithValue(ctx, watchedKey{}, true)
	info := dandang.CommandInfo{Kind: w.kind, Op: op, Command: name, CaseID: caseID}
	if w.obs != nil {
		ctx = w.obs.CommandStart(ctx, info)
	}
	start := time.Now()
	return ctx, func(caseID string, err error) {
		info.Duration = time.Since(start)
		if caseID != "" {
			info.CaseID = caseID
		}
		if err != nil {
			info.Code, info.Rule, info.Field = dandang.ErrorCode(err), dandang.ErrorRule(err), dandang.ErrorField(err)
			w.logCommand(ctx, info, err)
		}
		if w.obs != nil {
			w.obs.CommandEnd(ctx, info, err)
		}
	}
}

// logCommand writes the one line of a command that did not succeed: Error
// for a fault, Warn for a refusal on authority, Info for any other.
func (w watch) logCommand(ctx context.Context, info dandang.CommandInfo, err error) {
	level, msg := slog.LevelInfo, "command refused"
	switch info.Code {
	case dandang.Internal:
		level, msg = slog.LevelError, "command failed"
	case dandang.Forbidden:
		level = slog.LevelWarn
	case dandang.Canceled:
		msg = "command canceled"
	}
	if !w.log.Enabled(ctx, level) {
		return
	}
	attrs := append([]slog.Attr{slog.String("op", info.Op), slog.String("kind", info.Kind),
		slog.String("command", info.Command), slog.String("case_id", info.CaseID)}, dandang.LogAttrs(err)...)
	w.log.LogAttrs(ctx, level, msg, attrs...)
}

// orDiscard returns l, or a logger that writes nothing when l is nil.
func orDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
