package kit

import (
	"context"
	"time"

	"github.com/dandang/dandang"
)

// Reads are the reads and upkeep every process's Service offers, written
// once on its engine: a Service embeds Reads, so that its Get, History,
// Verify, Overdue, Provisional, LoadCalendar and Redate are these. Every
// read takes the actor and sees only cases within its organ's reach (XC07).
// Reads is safe for concurrent use.
type Reads[S ~string, C Case[S, C], P Versioned] struct {
	engine      *Engine[S, C, P]
	redateRoles []dandang.Role
}

// NewReads returns the reads on e; redateRoles may re-date deadlines
// (when none are given: the case management office, which keeps the
// deadlines (CL11), and the principal leader).
func NewReads[S ~string, C Case[S, C], P Versioned](e *Engine[S, C, P], redateRoles ...dandang.Role) Reads[S, C, P] {
	if len(redateRoles) == 0 {
		redateRoles = []dandang.Role{dandang.CaseManagement, dandang.PrincipalLeader}
	}
	return Reads[S, C, P]{engine: e, redateRoles: append([]dandang.Role(nil), redateRoles...)}
}

// Get returns the case with id, if it lies within the actor's reach: cases
// of the actor's organ and of the organs under it (XC07).
//
// Errors: Invalid for an empty id or a bad actor; Forbidden (XC07) for an
// organ not in the directory or a case outside the reach; NotFound;
// Canceled.
func (r Reads[S, C, P]) Get(ctx context.Context, actor dandang.Actor, id string) (C, error) {
	return r.engine.Get(ctx, r.engine.kind+".Get", actor, id)
}

// History returns the case's history records, oldest first (XC01), read
// with the case in one snapshot, within the actor's reach.
//
// Errors: as for Get.
func (r Reads[S, C, P]) History(ctx context.Context, actor dandang.Actor, id string) ([]dandang.Record, error) {
	_, recs, err := r.engine.Load(ctx, r.engine.kind+".History", actor, id)
	return recs, err
}

// Verify checks, on the case and its history read in one snapshot, that
// the history verifies end to end, ends at the case's head, and binds the
// case as stored (XC01, XC11). It returns nil, or an error wrapping a
// *ChainError that names the first broken link.
//
// Errors: as for Get, and Internal (XC01) for a broken chain.
func (r Reads[S, C, P]) Verify(ctx context.Context, actor dandang.Actor, id string) error {
	return r.engine.Verify(ctx, r.engine.kind+".Verify", actor, id)
}

// Overdue lists the open cases within the actor's reach past their deadline
// at the time t, earliest deadline first (CL11); a case's DueStep says what
// is due.
//
// Errors: Invalid for a bad actor; Forbidden (XC07) for an organ not in the
// directory; Canceled.
func (r Reads[S, C, P]) Overdue(ctx context.Context, actor dandang.Actor, t time.Time) ([]C, error) {
	if err := CheckTime(r.engine.kind+".Overdue", "t", t); err != nil {
		return nil, err
	}
	return r.engine.Find(ctx, r.engine.kind+".Overdue", actor, Filter{DueBefore: dandang.DayOf(t)})
}

// Provisional lists the open cases within the actor's reach whose deadline
// was counted past the official holiday schedule and may change when a
// newer one is loaded (XC10); Redate re-dates them.
//
// Errors: as for Overdue.
func (r Reads[S, C, P]) Provisional(ctx context.Context, actor dandang.Actor) ([]C, error) {
	return r.engine.Find(ctx, r.engine.kind+".Provisional", actor, Filter{Provisional: true})
}

// LoadCalendar makes cal, a calendar holding a newer official holiday
// schedule (loaded with ReadCalendar), the one deadlines are counted on
// from now (XC10). It is the host's operation, at start-up or when the
// State Council publishes a schedule; Redate then counts the provisional
// deadlines again.
//
// Errors: Invalid (XC10) for a nil calendar or one that drops a year the
// current calendar holds an official schedule for.
func (r Reads[S, C, P]) LoadCalendar(cal *dandang.Calendar) error {
	return r.engine.LoadCalendar(r.engine.kind+".LoadCalendar", cal)
}

// Redate counts every provisional deadline in the actor's reach again on
// the service's calendar (XC10); each change is a recorded redate step. The
// actor must hold one of the process's re-dating roles (by default the case
// management office's or the principal leader's). It returns the cases
// re-dated.
//
// Errors: Invalid for a bad actor; Forbidden (XC07, XC02); Canceled; a
// case that cannot be saved stops the run with its error, the cases before
// it re-dated.
func (r Reads[S, C, P]) Redate(ctx context.Context, actor dandang.Actor) ([]C, error) {
	return r.engine.Redate(ctx, r.engine.kind+".Redate", actor, r.redateRoles)
}

// Moves returns the transition table the service runs, with the redate
// move: every command, the states it fires in and the state it leads to.
func (r Reads[S, C, P]) Moves() []Move[S] { return r.engine.Moves() }
