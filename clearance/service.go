package clearance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// Kind is the case kind written into history records and events.
const Kind = "clearance"

// Cases describes clearance cases to a store: memdb.NewStore(db, clearance.Cases) or
// postgres.NewStore(db, clearance.Cases) opens the store a [Config] takes.
var Cases = kit.Kind[*Case]{Name: Kind, New: func() *Case { return new(Case) }}

// Store is the store the Service consumes: the kit's generic store for
// clearance cases.
type Store = kit.Store[*Case]

// Ref names a case and the version the caller last read.
type Ref = dandang.Ref

// Config configures a Service: the kit's Setup, as every process is
// configured (Store, Directory, Clock, Calendar, Policies, Limits, Logger,
// Observer). Store and Directory are required; the rest have defaults, the
// policies [DefaultPolicy] alone.
type Config = kit.Setup[*Case, Policy]

// Service runs the clearance process. It is safe for concurrent use: it
// keeps no state of its own beyond its configuration, and the store's
// version check settles races between commands on one case.
type Service struct {
	// Reads are Get, History, Verify, Overdue, Provisional, LoadCalendar
	// and Redate, as every process has them.
	kit.Reads[State, *Case, Policy]
	engine *kit.Engine[State, *Case, Policy]
}

type run = kit.Run[State, *Case, Policy]

// command declares a clearance command taking input I.
type command[I any] = kit.Command[State, *Case, Policy, I]

// NewService returns a Service. It returns an Invalid error when the store
// or the directory is missing or a policy of the set does not validate.
func NewService(cfg Config) (*Service, error) {
	e, err := kit.NewEngine(kit.EngineConfig[State, *Case, Policy]{Setup: cfg,
		Kind: Kind, Initial: Opened, Moves: moves(), Active: active, Default: DefaultPolicy})
	if err != nil {
		return nil, err
	}
	return &Service{Reads: kit.NewReads(e), engine: e}, nil
}

// moves is the transition table: every move of every command.
func moves() []Move {
	var out []Move
	for _, ms := range [][]Move{grade.Moves, plan.Moves, consult.Moves, propose.Moves, approve.Moves, reject.Moves,
		decline.Moves, decideDecline.Moves, carryOut.Moves, serveNotice.Moves, giveFeedback.Moves, file.Moves,
		closeCase.Moves, supervise.Moves, review.Moves, nameInPublic.Moves, withdrawConsent.Moves, refusePublic.Moves,
		reconsider.Moves, revoke.Moves, handOver.Moves, correctNotice.Moves, noteMalice.Moves} {
		out = append(out, ms...)
	}
	return out
}

func refOf[I interface{ ref() Ref }](in I) Ref { return in.ref() }

func proposeRoles(p Policy) []dandang.Role { return p.ProposeRoles }

// handling declares a command of the handling organ's staff with the
// policy's ProposeRoles (CL15), in the states from, keeping the state.
func handling[I interface{ ref() Ref }](name string, from ...State) command[I] {
	return command[I]{Name: name, Moves: []Move{{Event: name, From: from}}, Roles: proposeRoles, OrganRule: "CL15", Ref: refOf[I]}
}

// Open opens a case to clear the subject of a concluded report's unfounded
// allegations (CL01). The actor must hold one of the policy's OpenRoles in
// an organ that manages the subject (CL15); the case is that organ's. One
// case exists per report and subject ([CaseID]).
//
// Errors, as *dandang.Error: Invalid for a missing or bad field, with rule
// CL04 for an allegation found substantiated or partly substantiated and
// CL17 for one neither verified nor excluded; Forbidden (XC07) for an organ
// not in the directory or forged, (XC02) for an actor without the role and
// (CL15) without management authority; Conflict (CL01) when the case
// exists already; Canceled.
func (s *Service) Open(ctx context.Context, actor dandang.Actor, in NewCase) (*Case, error) {
	return s.open(ctx, "clearance.Open", actor, in)
}

func (s *Service) open(ctx context.Context, op string, actor dandang.Actor, in NewCase) (*Case, error) {
	c, err := kit.Create(ctx, s.engine, op, &open, actor, in)
	if dandang.ErrorCode(err) == dandang.Conflict {
		return nil, &dandang.Error{Code: dandang.Conflict, Op: op, Rule: "CL01",
			Message: fmt.Sprintf("case %s exists already", CaseID(in.Report.ID, in.Subject.ID)), Err: err}
	}
	return c, err
}

// HandleReportConcluded is the handler for KindReportConcluded
// events (CL01): it opens one case for each subject with unfounded
// allegations, as the actor who concluded the report (resolved in the
// directory). It is idempotent: a case that exists already is left alone,
// so the event may be delivered again.
func (s *Service) HandleReportConcluded(ctx context.Context, e dandang.Event) error {
	const op = "clearance.HandleReportConcluded"
	rc, err := kit.DecodeAs[event.ReportConcluded](op, "CL01", e)
	if err != nil {
		return err
	}
	// Whoever concluded the report clears (CL15): the actor must be of the
	// organ the event names (XC07).
	if rc.By.Organ.ID != rc.Organ.ID {
		return &dandang.Error{Code: dandang.Forbidden, Op: op, Rule: "XC07", Field: "By.Organ.ID",
			Message: fmt.Sprintf("report %s was concluded by %s, not by an actor of %s", rc.ReportID, rc.Organ.ID, rc.By.Organ.ID)}
	}
	for _, sub := range rc.Subjects {
		unfounded := unfoundedAgainst(rc, sub.ID)
		if len(unfounded) == 0 {
			continue
		}
		if exists, err := s.exists(ctx, op, rc.ReportID, sub.ID); err != nil {
			return err
		} else if exists {
			continue
		}
		in := NewCase{Report: Report{ID: rc.ReportID, Named: rc.Named, ConcludedAt: rc.ConcludedAt,
			OthersSubstantiated: substantiatedAgainst(rc, sub.ID)}, Subject: sub, Allegations: unfounded}
		if _, err := s.open(ctx, op, rc.By, in); err != nil && !errors.Is(err, dandang.Conflict) {
			return err
		}
	}
	return nil
}

// exists reports whether the case clearing subject of report exists, under
// its ID or under the ID cases had before IDs were escaped (report "/"
// subject), which differs only when either part holds '/' or '%'.
func (s *Service) exists(ctx context.Context, op, reportID, subjectID string) (bool, error) {
	ids := []string{CaseID(reportID, subjectID)}
	if legacy := reportID + "/" + subjectID; legacy != ids[0] {
		ids = append(ids, legacy)
	}
	for _, id := range ids {
		_, err := s.engine.Store().Get(ctx, id)
		switch dandang.ErrorCode(err) {
		case "":
			return true, nil
		case dandang.NotFound:
		default:
			return false, kit.StoreError(op, err)
		}
	}
	return false, nil
}

// seen reports whether the case clearing subject of report exists within
// actor's reach, under its ID or the legacy one (see exists): one
// outside the reach is not seen, as if it did not exist (XC07).
func (s *Service) seen(ctx context.Context, op string, actor dandang.Actor, reportID, subjectID string) (bool, error) {
	ids := []string{CaseID(reportID, subjectID)}
	if legacy := reportID + "/" + subjectID; legacy != ids[0] {
		ids = append(ids, legacy)
	}
	for _, id := range ids {
		_, err := s.engine.Lookup(ctx, op, actor, id)
		switch dandang.ErrorCode(err) {
		case "":
			return true, nil
		case dandang.NotFound:
		default:
			return false, err
		}
	}
	return false, nil
}

// substantiatedAgainst reports whether the report found an allegation
// against the subject substantiated or partly substantiated (CL04).
func substantiatedAgainst(rc event.ReportConcluded, subjectID string) bool {
	for _, a := range rc.Allegations {
		if a.SubjectID == subjectID && (a.Finding == dandang.Substantiated || a.Finding == dandang.PartlySubstantiated) {
			return true
		}
	}
	return false
}

// unfoundedAgainst returns the report's allegations against the subject
// that were found unfounded: the only ones a clearance covers (CL04).
func unfoundedAgainst(rc event.ReportConcluded, subjectID string) []dandang.Allegation {
	var out []dandang.Allegation
	for _, a := range rc.Allegations {
		if a.SubjectID == subjectID && a.Finding == dandang.Unfounded {
			out = append(out, a)
		}
	}
	return out
}

// Awaiting says who must act next on c: the organ, level and roles of the
// pending step, so that hosts can build to-do lists. A case that has ended
// awaits no one (zero Pending).
func (s *Service) Awaiting(c *Case) kit.Pending {
	if c == nil || c.Ended() {
		return kit.Pending{}
	}
	pol, ok := s.engine.Policies().Get(c.Policy)
	if !ok {
		return kit.Pending{}
	}
	p := kit.Pending{Step: c.DueStep, OrganID: c.Organ.ID, Level: c.Organ.Level, Due: c.Due}
	switch c.State {
	case Opened, Approved:
		p.Roles = slices.Clone(pol.ProposeRoles)
	case DeclinePending:
		p.Roles = slices.Clone(pol.DeclineApprovers)
	case InReview:
		chain := pol.chainFor(c.Organ.Level)
		i, roles := c.pendingStep(chain)
		if i >= len(chain) {
			return p
		}
		p.Step, p.Roles = chain[i].Name, roles
		if o, ok := s.signingOrgan(c, chain[i]); ok {
			p.OrganID, p.Level = o.ID, o.Level
		}
	}
	return p
}

// signingOrgan returns the organ that signs st for c: the handling organ,
// or its superior st.Above levels up in the directory (XC07).
func (s *Service) signingOrgan(c *Case, st ChainStep) (dandang.Organ, bool) {
	return s.engine.Directory().Above(c.Organ.ID, c.Organ.Level+dandang.Level(st.Above))
}

// now is the service's clock reading.
func (s *Service) now() time.Time { return s.engine.Clock().Now() }

// check runs, on a private copy of c, the checks cmd's Exec would run after
// loading c — version, state, authorization, input, guard — and changes
// nothing: an act on several cases checks all of them before changing any
// (CL23). actor is resolved already. cmd must have the InOrgan scope.
func check[I any](ctx context.Context, e *kit.Engine[State, *Case, Policy], op string, cmd *command[I], actor dandang.Actor, c *Case, in I) error {
	if v := cmd.Ref(in).Version; c.Version != v {
		return &dandang.Error{Code: dandang.Conflict, Op: op, Field: "Version",
			Message: fmt.Sprintf("case %s is at version %d, not %d: read it again", c.ID, c.Version, v)}
	}
	if !slices.ContainsFunc(cmd.Moves, func(m Move) bool { return slices.Contains(m.From, c.State) }) {
		return &dandang.Error{Code: dandang.Transition, Op: op, Rule: "XC09", State: string(c.State), Allowed: e.Allowed(c.State),
			Message: fmt.Sprintf("case %s: not allowed in state %s", c.ID, c.State)}
	}
	pol, ok := e.Policies().Get(c.Policy)
	if !ok {
		return &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("policy %s of case %s is not loaded", c.Policy, c.ID)}
	}
	now := e.Clock().Now().Truncate(time.Microsecond)
	r := &run{Ctx: ctx, Op: op, Actor: actor, Case: c.Clone(), Policy: pol, Now: now, Today: dandang.DayOf(now), From: c.State}
	var err error
	if cmd.Authorize != nil {
		err = cmd.Authorize(r, in)
	} else {
		err = r.Authorize(cmd.Roles, kit.InOrgan, cmd.Rule, cmd.OrganRule)
	}
	if err == nil {
		err = kit.ValidateInput(op, in, e.Limits())
	}
	if err == nil && cmd.Validate != nil {
		err = cmd.Validate(in)
	}
	if err == nil && cmd.Guard != nil {
		err = cmd.Guard(r, in)
	}
	return err
}
