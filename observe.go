package dandang

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Observer watches every command a service runs and every event a
// [Dispatcher] delivers: a hook for metrics and tracing. An OpenTelemetry
// adapter, say, starts a span in CommandStart, returns the context that
// carries it, and ends it in CommandEnd; the core depends on no such
// library.
//
// The infos carry identifiers, codes and rule IDs only, never command
// inputs or anything a reporter gave. Every Start is followed by exactly
// one End with the same info (and, at the end, the outcome and duration
// filled in), on the context Start returned. An Observer is called from
// every goroutine that runs commands and must be safe for concurrent use;
// it should return quickly, as the command waits for it.
type Observer interface {
	// CommandStart is called when a command starts, before anything is
	// checked; the context it returns is the one the command runs on.
	CommandStart(ctx context.Context, info CommandInfo) context.Context
	// CommandEnd is called when the command returns, with its error (nil
	// when it was saved).
	CommandEnd(ctx context.Context, info CommandInfo, err error)
	// DeliveryStart is called before an event is handed to the handlers of
	// its kind; the context it returns is the one they run on.
	DeliveryStart(ctx context.Context, info DeliveryInfo) context.Context
	// DeliveryEnd is called when the handlers returned, with the first
	// error (nil when all succeeded; a panicking handler's is a *PanicError).
	DeliveryEnd(ctx context.Context, info DeliveryInfo, err error)
}

// CommandInfo describes a command run: what it is and, at its end, how it
// ended. It holds no input.
type CommandInfo struct {
	Kind    string // the case kind, such as "clearance"
	Op      string // the operation, such as "clearance.Propose"
	Command string // the command's name in the process's table, such as "propose"
	// CaseID is the case the command names; for a command that opens a
	// case, empty at the start and the new case's ID at a successful end.
	CaseID string

	// At the end only.
	Code     Code          // the error's code; "" when the command succeeded
	Rule     string        // the rule that refused it, if any
	Field    string        // the input field at fault, if any
	Duration time.Duration // how long it ran, on the monotonic wall clock
}

// DeliveryInfo describes one delivery attempt of an outbox event.
type DeliveryInfo struct {
	EventID  string
	Kind     EventKind
	CaseKind string // the kind of the case that wrote the event
	CaseID   string
	Attempt  int // 1 for the first attempt

	// At the end only.
	Code     Code          // the error's code; "" when the handlers succeeded
	Rule     string        // the rule that refused it, if any
	Dead     bool          // the failure made the event a dead letter
	Duration time.Duration // how long the handlers ran, on the monotonic wall clock
}

// PanicError is the error of a handler that panicked: the attempt counts as
// failed, with this as its error, like any other failure.
type PanicError struct {
	Value any    // what the handler panicked with
	Stack []byte // the goroutine's stack at the panic
}

// Error implements the error interface: "handler panicked: value".
func (e *PanicError) Error() string { return fmt.Sprintf("handler panicked: %v", e.Value) }

// discard is the logger of a nil *slog.Logger: it writes nothing.
var discard = slog.New(slog.DiscardHandler)

// orDiscard returns l, or a logger that writes nothing when l is nil.
func orDiscard(l *slog.Logger) *slog.Logger {
	if l == nil {
		return discard
	}
	return l
}

// LogAttrs returns what a log line may say of err: its code, operation,
// rule and field. A refusal's message is left out, as it may quote the
// input; a fault (Internal, or an error that is not an *Error) keeps its
// text, which is the library's or the store's and quotes no input.
func LogAttrs(err error) []slog.Attr {
	code := ErrorCode(err)
	attrs := []slog.Attr{slog.String("code", string(code))}
	var e *Error
	if errors.As(err, &e) && e.Op != "" {
		attrs = append(attrs, slog.String("err_op", e.Op))
	}
	if r := ErrorRule(err); r != "" {
		attrs = append(attrs, slog.String("rule", r))
	}
	if f := ErrorField(err); f != "" {
		attrs = append(attrs, slog.String("field", f))
	}
	var p *PanicError
	switch {
	case errors.As(err, &p):
		attrs = append(attrs, slog.String("error", "handler panicked"), slog.String("panic_type", fmt.Sprintf("%T", p.Value)))
	case code == Internal:
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	return attrs
}
