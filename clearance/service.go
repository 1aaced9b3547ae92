package clearance

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dandang/dandang"
)

// Config configures a Service. Store is required; the rest have defaults.
type Config struct {
	Store    Store
	Clock    dandang.Clock              // default: dandang.SystemClock
	Calendar *dandang.Calendar          // default: dandang.DefaultCalendar()
	Policies *dandang.PolicySet[Policy] // default: DefaultPolicy() alone
}

// Service runs the clearance process. It is safe for concurrent use: it
// keeps no state of its own beyond its configuration, and the store's
// version check settles races between commands on one case.
type Service struct {
	store    Store
	clock    dandang.Clock
	cal      *dandang.Calendar
	policies *dandang.PolicySet[Policy]
}

// NewService returns a Service. It returns an Invalid error when the store
// is missing or a policy of the set does not validate.
func NewService(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, dandang.Invalidf("clearance.NewService", "", "Store", "required")
	}
	s := &Service{store: cfg.Store, clock: cfg.Clock, cal: cfg.Calendar, policies: cfg.Policies}
	if s.clock == nil {
		s.clock = dandang.SystemClock{}
	}
	if s.cal == nil {
		s.cal = dandang.DefaultCalendar()
	}
	if s.policies == nil {
		s.policies = dandang.NewPolicySet(DefaultPolicy())
	}
	if err := s.policies.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// Ref names a case and the version the caller last read. A command on a
// case whose version moved on is refused with a Conflict error.
type Ref struct {
	CaseID  string
	Version int
}

func (r Ref) validate(op string) error {
	if strings.TrimSpace(r.CaseID) == "" {
		return dandang.Invalidf(op, "XC06", "CaseID", "required")
	}
	if r.Version < 1 {
		return dandang.Invalidf(op, "XC06", "Version", "the version last read is required")
	}
	return nil
}

// run is one command in progress: the case as loaded (a private copy), the
// policy it is judged under, and what the command adds.
type run struct {
	ctx    context.Context
	op     string
	s      *Service
	actor  dandang.Actor
	c      *Case
	pol    Policy
	now    time.Time
	today  dandang.Day
	from   State
	role   dandang.Role
	rules  []string
	reason string
	events []dandang.Payload
}

// command is the part of a command that differs: authorization, guards,
// transition and change, on r.c.
type command func(r *run) error

// exec runs the pipeline of DESIGN.md for a command on an existing case:
// context, input, load, version, command (authorize, fire, apply), record,
// save. A refused command changes nothing.
func (s *Service) exec(ctx context.Context, op string, actor dandang.Actor, ref Ref, name string, input any, validate func() error, cmd command) (*Case, error) {
	if err := ctx.Err(); err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: op, Err: err}
	}
	if err := actor.Validate(op); err != nil {
		return nil, err
	}
	if err := ref.validate(op); err != nil {
		return nil, err
	}
	if validate != nil {
		if err := validate(); err != nil {
			return nil, err
		}
	}
	c, err := s.store.Get(ctx, ref.CaseID)
	if err != nil {
		return nil, wrapStore(op, err)
	}
	if c.Version != ref.Version {
		return nil, &dandang.Error{Code: dandang.Conflict, Op: op, Field: "Version",
			Message: fmt.Sprintf("case %s is at version %d, not %d: read it again", c.ID, c.Version, ref.Version)}
	}
	pol, ok := s.policies.Get(c.Policy)
	if !ok {
		return nil, &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("policy %s of case %s is not loaded", c.Policy, c.ID)}
	}
	r := s.newRun(ctx, op, actor, c, pol)
	if err := cmd(r); err != nil {
		return nil, err
	}
	return r.save(name, input, ref.Version)
}

func (s *Service) newRun(ctx context.Context, op string, actor dandang.Actor, c *Case, pol Policy) *run {
	// Stored times keep microseconds, as databases do, so that what a store
	// reads back equals what was saved.
	now := s.clock.Now().Truncate(time.Microsecond)
	return &run{ctx: ctx, op: op, s: s, actor: actor, c: c, pol: pol, now: now, today: dandang.DayOf(now), from: c.State}
}

// save appends the history record and events and saves, conditional on prev.
func (r *run) save(name string, input any, prev int) (*Case, error) {
	c := r.c
	payload, err := json.Marshal(input)
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: r.op, Err: err}
	}
	rec := dandang.Record{CaseKind: Kind, CaseID: c.ID, Seq: prev + 1, At: r.now,
		Actor: dandang.RefOf(r.actor, r.role), Command: name, From: string(r.from), To: string(c.State),
		Reason: r.reason, Rules: r.rules, Payload: payload, PrevHash: c.Head}
	rec.Hash = rec.ComputeHash()
	c.Version = rec.Seq
	c.Head = rec.Hash
	c.UpdatedAt = r.now
	var evs []dandang.Event
	for i, p := range r.events {
		ev, err := dandang.NewEvent(fmt.Sprintf("%s#%d.%d", c.ID, rec.Seq, i), Kind, c.ID, r.now, p)
		if err != nil {
			return nil, err
		}
		evs = append(evs, ev)
	}
	if err := r.s.store.Save(r.ctx, c, prev, []dandang.Record{rec}, evs); err != nil {
		return nil, wrapStore(r.op, err)
	}
	return c, nil
}

// wrapStore passes a store's *dandang.Error through with the operation
// named, and makes any other error Internal.
func wrapStore(op string, err error) error {
	code := dandang.ErrorCode(err)
	return &dandang.Error{Code: code, Op: op, Rule: dandang.ErrorRule(err), Field: dandang.ErrorField(err), Err: err}
}

// allow refuses the command unless the case is in one of states.
func (r *run) allow(states ...State) error {
	for _, s := range states {
		if r.c.State == s {
			return nil
		}
	}
	return &dandang.Error{Code: dandang.Transition, Op: r.op, Rule: "XC01",
		Message: fmt.Sprintf("not allowed in state %s", r.c.State)}
}

// fire changes state through the fsm with g as the before_<event> guard.
func (r *run) fire(ev Event, g guard) error {
	to, err := fire(r.ctx, r.op, r.c.State, ev, g)
	if err != nil {
		return err
	}
	r.c.State = to
	return nil
}

// apply records the rules applied.
func (r *run) apply(rules ...string) { r.rules = append(r.rules, rules...) }

// inOrgan authorizes an actor of the handling organ holding one of roles
// (CL15, XC02).
func (r *run) inOrgan(rule string, roles []dandang.Role) error {
	if r.actor.Organ.ID != r.c.Organ.ID {
		return dandang.Forbiddenf(r.op, "CL15", fmt.Sprintf("only %s, which verified the report, clears it", r.c.Organ.ID))
	}
	role, ok := r.actor.Has(roles...)
	if !ok {
		return dandang.Forbiddenf(r.op, rule, fmt.Sprintf("needs one of the roles %v", roles))
	}
	r.role = role
	return nil
}

// overOrgan authorizes an actor of the handling organ or an organ above that
// covers it, holding one of roles (CL10, CL09, XC02).
func (r *run) overOrgan(rule string, roles []dandang.Role) error {
	o := r.actor.Organ
	if o.ID != r.c.Organ.ID && (o.Level <= r.c.Organ.Level || !o.Covers(r.c.Organ.Region)) {
		return dandang.Forbiddenf(r.op, "XC02", fmt.Sprintf("%s has no authority over %s", o.ID, r.c.Organ.ID))
	}
	role, ok := r.actor.Has(roles...)
	if !ok {
		return dandang.Forbiddenf(r.op, rule, fmt.Sprintf("needs one of the roles %v", roles))
	}
	r.role = role
	return nil
}

// due sets the deadline of the next step, in working days from today (CL11).
func (r *run) due(step string, days int) {
	r.c.DueStep = step
	r.c.Due = r.s.cal.AddWorkdays(r.today, days)
}

func (r *run) step(note string) Step {
	return Step{At: r.now, By: dandang.RefOf(r.actor, r.role), Note: note}
}

func required(op, rule, field, v string) error {
	if strings.TrimSpace(v) == "" {
		return dandang.Invalidf(op, rule, field, "required")
	}
	return nil
}
