package accusation

import (
	"context"
	"reflect"
	"slices"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// exec runs a command on a report. A refused identity read is recorded on
// the case (AC04) but changes nothing others work on: a command read at a
// version that only refusals have passed since runs on the case as it
// stands, instead of failing as stale. Any other change in between is a
// Conflict, as for every command.
func exec[I any](ctx context.Context, s *Service, op string, cmd *command[I], actor dandang.Actor, in I) (*Case, error) {
	c, err := kit.Exec(ctx, s.engine, op, cmd, actor, in)
	for attempt := 0; attempt < refusalAttempts && isStale(err); attempt++ {
		ref := cmd.Ref(in)
		cur, gerr := s.engine.Store().Get(ctx, ref.CaseID)
		if gerr != nil || !onlyRefusedSince(cur, ref.Version) {
			return c, err
		}
		in = withVersion(in, cur.Version)
		c, err = kit.Exec(ctx, s.engine, op, cmd, actor, in)
	}
	return c, err
}

func isStale(err error) bool {
	var de *dandang.Error
	return asError(err, &de) && de.Code == dandang.Conflict && de.Field == "Version"
}

// onlyRefusedSince reports whether every version of c after v was a
// refused identity read recorded as such.
func onlyRefusedSince(c *Case, v int) bool {
	if v < 1 || v >= c.Version {
		return false
	}
	for n := v + 1; n <= c.Version; n++ {
		if !slices.ContainsFunc(c.Reads, func(r IdentityRead) bool { return r.Refused != "" && r.Version == n }) {
			return false
		}
	}
	return true
}

// withVersion returns in with the version of its embedded Ref set to v.
func withVersion[I any](in I, v int) I {
	f := reflect.ValueOf(&in).Elem().FieldByName("Ref")
	if f.IsValid() && f.CanSet() && f.Type() == reflect.TypeFor[Ref]() {
		f.FieldByName("Version").SetInt(int64(v))
	}
	return in
}
