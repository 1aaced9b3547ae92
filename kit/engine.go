package kit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/looplab/fsm"
)

// Case is what the engine needs of a process's case type C, a pointer to a
// struct that embeds [Header]: the header (through the embedding), a deep
// copy, the store's index fields and the invariants.
type Case[S ~string, C any] interface {
	Stored[C]
	header() *Header[S]
}

// Move is one row of a process's transition table: an event of the state
// machine, the states it may fire in, and the state it leads to. A move
// that keeps the state has To equal to "" and fires from each of From back
// into the same state.
type Move[S ~string] struct {
	Event string
	From  []S
	To    S // "" keeps the state
}

// Scope is the organs whose staff may run a command, relative to the
// organ handling the case (XC02, XC07).
type Scope int

const (
	// InOrgan admits the staff of the handling organ only.
	InOrgan Scope = iota
	// InOrganOrAbove admits the staff of the handling organ and of the
	// organs above it in the directory (supervision, quality review).
	InOrganOrAbove
)

// Command declares one command of a process as data: the moves it may make
// (usually one), who may run it, and the rules it checks, in the order the
// engine calls them. S is the process's state type, C its case type, P its
// policy and I the command's input.
type Command[S ~string, C Case[S, C], P Versioned, I any] struct {
	// Name names the command in refusals; the history names the move.
	Name  string
	Moves []Move[S]
	// Choose picks the move to fire when there are several; nil fires the
	// first whose From holds the case's state.
	Choose func(r *Run[S, C, P], in I) string

	// Roles returns the roles that may run the command under the case's
	// policy; nil admits any role. Rule is the rule a refusal for a missing
	// role names (the command's own rule, or XC02), OrganRule the rule a
	// refusal for an organ outside Scope names (XC02 unless the process has
	// its own, such as CL15).
	Roles     func(p P) []dandang.Role
	Scope     Scope
	Rule      string
	OrganRule string
	// Authorize, when set, replaces the Roles and Scope check: an approval
	// chain decides who signs. It must set r.Role.
	Authorize func(r *Run[S, C, P], in I) error

	// Ref returns the case the input names.
	Ref func(in I) dandang.Ref
	// Validate checks the input alone (XC06), before the case is loaded:
	// what its struct tags cannot say (ValidateInput runs them first), such
	// as one field required by another's value, or an entry listed twice.
	Validate func(in I) error
	// Guard checks the rules on the loaded case; it runs as the state
	// machine's before-event callback, and its error cancels the event.
	Guard func(r *Run[S, C, P], in I) error
	// Apply makes the change on r.Case.
	Apply func(r *Run[S, C, P], in I) error
}

// Creation declares the command that opens a case of a process.
type Creation[S ~string, C Case[S, C], P Versioned, I any] struct {
	Name      string // "open"
	Roles     func(p P) []dandang.Role
	Rule      string // the rule a refusal for a missing role names
	Validate  func(in I) error
	Authorize func(r *Run[S, C, P], in I) error // after the role check: authority over the subject
	// New builds the case, with its ID, initial state and content, from the
	// input; the engine sets the version, organ, policy and times.
	New   func(r *Run[S, C, P], in I) (C, error)
	Apply func(r *Run[S, C, P], in I) error
}

// Engine runs the commands of one process: every command of every process
// in one fixed order (context, actor, reference, input, load, version,
// state, authorization, guards, apply, history record, outbox, save), on
// one state machine definition. It is safe for concurrent use.
type Engine[S ~string, C Case[S, C], P Versioned] struct {
	kind     string
	store    Store[C]
	clock    dandang.Clock
	dir      *dandang.Directory
	cal      atomic.Pointer[dandang.Calendar]
	policies *PolicySet[P]
	limits   Limits
	moves    []Move[S]
	machines sync.Pool
	buffers  sync.Pool // *[]byte: the buffers states are encoded into for their hash
	fsmDef   fsm.Events
	watch    watch
}

// EngineConfig configures an [Engine].
type EngineConfig[S ~string, C Case[S, C], P Versioned] struct {
	// Setup is what the host configured the process's service with.
	Setup[C, P]
	Kind    string    // the case kind, such as "clearance"
	Initial S         // the state a new case opens in
	Moves   []Move[S] // every move of every command
	// Active lists the states in which a case may owe a deadline — those
	// of a case in progress, and any ended state whose case keeps one owed
	// — the engine adds the redate move (XC10) in each of them.
	Active []S
	// Default returns the policy a Setup without Policies runs alone.
	Default func() P
}

// Setup is what every process's Config holds, in this order, so that a
// process's NewService converts its Config to it (kit.Setup[*Case,
// Policy](cfg)) and a host configures every process alike. Store and
// Directory are required; the rest have defaults.
type Setup[C Stored[C], P Versioned] struct {
	Store     Store[C]
	Directory *dandang.Directory // the host's organs (XC07)
	Clock     dandang.Clock      // default: the wall clock (time.Now)
	Calendar  *dandang.Calendar  // default: dandang.DefaultCalendar()
	Policies  *PolicySet[P]      // default: the process's default policy alone
	Limits    Limits             // caps on input text and lists; zero fields take DefaultLimits
	// Logger gets one line per command refused (Info, Warn when forbidden)
	// or failed (Error): IDs, codes, rules and fields, never an input; nil
	// logs nothing.
	Logger *slog.Logger
	// Observer watches every command, for metrics or tracing; nil: none.
	Observer dandang.Observer
}

// RedateEvent is the move every process has in its active states: a
// provisional deadline counted again on a newer calendar (XC10).
const RedateEvent = "redate"

// NewEngine returns an engine. A nil clock is the system clock and a nil
// calendar DefaultCalendar. It returns an Invalid error when the store, the
// directory or the policies are missing, a policy does not validate, or a
// move names an empty event or no state.
func NewEngine[S ~string, C Case[S, C], P Versioned](cfg EngineConfig[S, C, P]) (*Engine[S, C, P], error) {
	op := cfg.Kind + ".NewService"
	if cfg.Policies == nil && cfg.Default != nil {
		cfg.Policies = NewPolicySet(cfg.Default())
	}
	switch {
	case cfg.Store == nil:
		return nil, Invalidf(op, "XC06", "Store", "required")
	case cfg.Directory == nil:
		return nil, Invalidf(op, "XC07", "Directory", "required: organs come from the host's directory")
	case cfg.Policies == nil:
		return nil, Invalidf(op, "XC06", "Policies", "required")
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.Calendar == nil {
		cfg.Calendar = dandang.DefaultCalendar()
	}
	if err := cfg.Policies.Validate(); err != nil {
		return nil, err
	}
	e := &Engine[S, C, P]{kind: cfg.Kind, store: cfg.Store, clock: cfg.Clock, dir: cfg.Directory, policies: cfg.Policies,
		limits: cfg.Limits.withDefaults(), watch: newWatch(cfg.Kind, cfg.Logger, cfg.Observer)}
	e.cal.Store(cfg.Calendar)
	e.moves = Table(cfg.Moves, cfg.Active)
	for _, m := range e.moves {
		if m.Event == "" || len(m.From) == 0 {
			return nil, Invalidf(op, "XC09", "Moves", fmt.Sprintf("move %q needs an event and the states it fires in", m.Event))
		}
	}
	e.fsmDef = fsmEvents(e.moves)
	initial := string(cfg.Initial)
	e.machines.New = func() any { return fsm.NewFSM(initial, e.fsmDef, guardCallbacks) }
	e.buffers.New = func() any { b := make([]byte, 0, 4<<10); return &b }
	return e, nil
}

// Table returns a process's transition table: its moves and the redate
// move (XC10) in each of the active states.
func Table[S ~string](moves []Move[S], active []S) []Move[S] {
	out := make([]Move[S], 0, len(moves)+1)
	for _, m := range moves {
		out = append(out, Move[S]{Event: m.Event, From: slices.Clone(m.From), To: m.To})
	}
	return append(out, Move[S]{Event: RedateEvent, From: slices.Clone(active)})
}

// fsmEvents is the state machine definition of a table: a move that keeps
// the state is a loop from each of its states.
func fsmEvents[S ~string](moves []Move[S]) fsm.Events {
	var evs fsm.Events
	for _, m := range moves {
		if m.To != "" {
			evs = append(evs, fsm.EventDesc{Name: m.Event, Src: names(m.From), Dst: string(m.To)})
			continue
		}
		for _, s := range m.From {
			evs = append(evs, fsm.EventDesc{Name: m.Event, Src: []string{string(s)}, Dst: string(s)})
		}
	}
	return evs
}

// Diagram returns the state diagram of a transition table in Mermaid, as
// looplab/fsm draws it, starting in initial.
func Diagram[S ~string](initial S, table []Move[S]) string {
	out, _ := fsm.VisualizeWithType(fsm.NewFSM(string(initial), fsmEvents(table), nil), fsm.MermaidStateDiagram)
	return out
}

func names[S ~string](states []S) []string {
	out := make([]string, len(states))
	for i, s := range states {
		out[i] = string(s)
	}
	return out
}

// guardCallbacks is the one callback every machine has: before any event,
// run the guard passed as the event's argument; its error cancels the
// event.
var guardCallbacks = fsm.Callbacks{
	"before_event": func(_ context.Context, e *fsm.Event) {
		if len(e.Args) == 0 {
			return
		}
		if g, ok := e.Args[0].(func() error); ok && g != nil {
			if err := g(); err != nil {
				e.Cancel(err)
			}
		}
	},
}

// Moves returns the transition table, with the redate move.
func (e *Engine[S, C, P]) Moves() []Move[S] {
	out := make([]Move[S], len(e.moves))
	for i, m := range e.moves {
		out[i] = Move[S]{Event: m.Event, From: slices.Clone(m.From), To: m.To}
	}
	return out
}

// Directory returns the directory the engine resolves actors in.
func (e *Engine[S, C, P]) Directory() *dandang.Directory { return e.dir }

// Calendar returns the calendar deadlines are counted on.
func (e *Engine[S, C, P]) Calendar() *dandang.Calendar { return e.cal.Load() }

// Clock returns the engine's clock.
func (e *Engine[S, C, P]) Clock() dandang.Clock { return e.clock }

// Store returns the engine's store.
func (e *Engine[S, C, P]) Store() Store[C] { return e.store }

// Policies returns the policy set.
func (e *Engine[S, C, P]) Policies() *PolicySet[P] { return e.policies }

// Limits returns the caps on input text and lists the engine checks.
func (e *Engine[S, C, P]) Limits() Limits { return e.limits }

// Kind returns the case kind.
func (e *Engine[S, C, P]) Kind() string { return e.kind }

// Run is one command in progress: the actor as the directory has it, the
// case as loaded (a private copy), the policy it is judged under, and what
// the command adds.
type Run[S ~string, C Case[S, C], P Versioned] struct {
	Ctx    context.Context
	Op     string        // such as "clearance.Propose"
	Actor  dandang.Actor // resolved in the directory
	Role   dandang.Role  // the role the actor acts under; recorded in the history
	Case   C
	Policy P
	Now    time.Time // truncated to microseconds, as databases keep it
	Today  dandang.Day
	From   S      // the state before
	Reason string // recorded in the history

	engine *Engine[S, C, P]
	rules  []string
	events []event.Payload
	move   string
}

// Apply records rules as applied by the command (XC01).
func (r *Run[S, C, P]) Apply(rules ...string) {
	for _, id := range rules {
		if !slices.Contains(r.rules, id) {
			r.rules = append(r.rules, id)
		}
	}
}

// Emit adds an event the save writes to the outbox with the case.
func (r *Run[S, C, P]) Emit(p event.Payload) { r.events = append(r.events, p) }

// Due sets the deadline of the next step, days working days from today on
// the engine's calendar (CL11, XC03). Counted past the official holiday
// schedule, the deadline is marked provisional (XC10). The step's record
// names XC03, and XC10 when the deadline is provisional.
func (r *Run[S, C, P]) Due(step string, days int) {
	h := r.Case.header()
	h.DueStep, h.DueFrom, h.DueDays = step, r.Today, days
	h.Due, h.Provisional = r.engine.Calendar().Deadline(r.Today, days)
	r.Counted(h.Provisional)
}

// Term returns a deadline owed beside the step's, days working days from
// today on the engine's calendar, provisional past the official holiday
// schedule (XC10); see [Term]. The step's record names XC03, and XC10
// when the deadline is provisional.
func (r *Run[S, C, P]) Term(days int) Term {
	t := TermOn(r.engine.Calendar(), r.Today, days)
	r.Counted(t.Provisional)
	return t
}

// Counted records that a deadline was counted in working days on the
// calendar (XC03) and, when provisional, marked so (XC10): Due and Term
// call it, and a process calls it for a deadline it counts from another
// day than today.
func (r *Run[S, C, P]) Counted(provisional bool) {
	r.Apply("XC03")
	if provisional {
		r.Apply("XC10")
	}
}

// End ends the case now: its closing time is set and its deadline cleared.
func (r *Run[S, C, P]) End() {
	h := r.Case.header()
	h.ClosedAt = r.Now
	h.Due, h.DueStep, h.DueFrom, h.DueDays, h.Provisional = 0, "", 0, 0, false
}

// Step returns a recorded step by the actor now, with a note.
func (r *Run[S, C, P]) Step(note string) Step {
	return Step{At: r.Now, By: RefOf(r.Actor, r.Role), Note: note}
}

// Invalid returns an Invalid error for the command naming rule and field.
func (r *Run[S, C, P]) Invalid(rule, field, msg string) error {
	return Invalidf(r.Op, rule, field, msg)
}

// WrongState refuses, from a guard, what the input asks for in the case's
// current state when it needs another (XC09): the error is a Transition
// naming the state, the commands allowed there, and field.
func (r *Run[S, C, P]) WrongState(field, msg string) error {
	state := r.Case.header().State
	return &dandang.Error{Code: dandang.Transition, Op: r.Op, Rule: "XC09", Field: field, State: string(state),
		Allowed: r.engine.Allowed(state), Message: msg}
}

// Forbidden returns a Forbidden error for the command naming rule.
func (r *Run[S, C, P]) Forbidden(rule, msg string) error { return Forbiddenf(r.Op, rule, msg) }

// Directory returns the directory.
func (r *Run[S, C, P]) Directory() *dandang.Directory { return r.engine.dir }

// Step is a recorded step of a case: who did it, when, and a note.
type Step struct {
	At   time.Time        `json:"at"`
	By   dandang.ActorRef `json:"by"`
	Note string           `json:"note"`
}

// begin checks the context and resolves the actor: the first two steps of
// every command and read.
func (e *Engine[S, C, P]) begin(ctx context.Context, op string, actor dandang.Actor) (dandang.Actor, error) {
	if err := ContextError(ctx, op); err != nil {
		return dandang.Actor{}, err
	}
	return e.Resolve(op, actor)
}

// Resolve checks an actor and returns it with its organ as the directory
// has it (XC06, XC07).
func (e *Engine[S, C, P]) Resolve(op string, actor dandang.Actor) (dandang.Actor, error) {
	if err := actor.Validate(op); err != nil {
		return dandang.Actor{}, err
	}
	if err := CheckInput(op, "Actor", actor, e.limits); err != nil {
		return dandang.Actor{}, err
	}
	return e.dir.Resolve(op, actor)
}

// Exec runs cmd on the case in.Ref names, in the engine's fixed order, and
// returns the case as saved. A refused command returns an *Error and
// changes nothing: no case, no history record, no event. The engine's
// logger and observer see it.
func Exec[S ~string, C Case[S, C], P Versioned, I any](ctx context.Context, e *Engine[S, C, P], op string, cmd *Command[S, C, P, I], actor dandang.Actor, in I) (_ C, err error) {
	var zero C
	ctx, done := e.watch.command(ctx, op, cmd.Name, cmd.Ref(in).CaseID)
	defer func() { done("", err) }()
	// 1–2. context, actor
	actor, err = e.begin(ctx, op, actor)
	if err != nil {
		return zero, err
	}
	// 3. reference
	ref := cmd.Ref(in)
	if err := CheckID(op, "CaseID", ref.CaseID); err != nil {
		return zero, err
	}
	if ref.Version < 1 {
		return zero, Invalidf(op, "XC06", "Version", "the version last read is required")
	}
	// 4. input: its declared shape, and text the store keeps is text we
	// checked (XC06)
	if err := ValidateInput(op, in, e.limits); err != nil {
		return zero, err
	}
	if err := CheckInput(op, "", in, e.limits); err != nil {
		return zero, err
	}
	if cmd.Validate != nil {
		if err := cmd.Validate(in); err != nil {
			return zero, err
		}
	}
	// 5. load. Nothing of a case outside the actor's reach is told: not
	// that it exists, not its organ, version or state (XC07).
	c, err := e.lookupAt(ctx, op, actor, ref.CaseID, ref.Version)
	if err != nil {
		return zero, err
	}
	h := c.header()
	// 6. version
	if h.Version != ref.Version {
		return zero, &dandang.Error{Code: dandang.Conflict, Op: op, Field: "Version",
			Message: fmt.Sprintf("case %s is at version %d, not %d: read it again", h.ID, h.Version, ref.Version)}
	}
	pol, ok := e.policies.Get(h.Policy)
	if !ok {
		return zero, &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("policy %s of case %s is not loaded", h.Policy, h.ID)}
	}
	r := e.newRun(ctx, op, actor, c, pol)
	// 7. state (XC09): the move that fires in it, looked up once
	move, ok := cmd.moveFrom(h.State)
	if !ok {
		return zero, e.checkState(op, cmd, h.State)
	}
	// 8. authorization (XC02, XC07, XC08)
	if cmd.Authorize != nil {
		err = cmd.Authorize(r, in)
	} else {
		err = r.Authorize(cmd.Roles, cmd.Scope, cmd.Rule, cmd.OrganRule)
	}
	if err != nil {
		return zero, err
	}
	// 9. guards, on the state machine
	if cmd.Choose != nil {
		move = cmd.Choose(r, in)
	}
	var guard func() error
	if cmd.Guard != nil {
		guard = func() error { return cmd.Guard(r, in) }
	}
	if err := e.fire(ctx, op, h, move, guard); err != nil {
		return zero, err
	}
	r.move = move
	// 10. apply
	if cmd.Apply != nil {
		if err := cmd.Apply(r, in); err != nil {
			return zero, err
		}
	}
	// 11–13. record, outbox, save
	return e.save(r, in, ref.Version)
}

// Observe reports a command a process runs around [Exec] or [Create] (one
// that checks or prepares its input first) to the engine's logger and
// observer, as those report theirs: it returns the context to run the
// command on, on which Exec and Create report nothing of their own, and the
// function to call once at its end with the case's ID (when known) and the
// command's error.
func (e *Engine[S, C, P]) Observe(ctx context.Context, op, command, caseID string) (context.Context, func(caseID string, err error)) {
	return e.watch.command(ctx, op, command, caseID)
}

// Create runs a creation command: context, actor, input, build, authorize,
// apply, record, outbox, save (the case must not exist yet). The engine's
// logger and observer see it.
func Create[S ~string, C Case[S, C], P Versioned, I any](ctx context.Context, e *Engine[S, C, P], op string, cmd *Creation[S, C, P, I], actor dandang.Actor, in I) (out C, err error) {
	var zero C
	ctx, done := e.watch.command(ctx, op, cmd.Name, "")
	defer func() {
		id := ""
		if err == nil {
			id = out.header().ID
		}
		done(id, err)
	}()
	actor, err = e.begin(ctx, op, actor)
	if err != nil {
		return zero, err
	}
	if err := ValidateInput(op, in, e.limits); err != nil {
		return zero, err
	}
	if err := CheckInput(op, "", in, e.limits); err != nil {
		return zero, err
	}
	if cmd.Validate != nil {
		if err := cmd.Validate(in); err != nil {
			return zero, err
		}
	}
	pol := e.policies.Current()
	r := e.newRun(ctx, op, actor, zero, pol)
	c, err := cmd.New(r, in)
	if err != nil {
		return zero, err
	}
	h := c.header()
	h.Policy, h.Organ, h.OpenedAt = pol.PolicyRef(), actor.Organ, r.Now
	r.Case, r.From = c, ""
	if err := r.Authorize(cmd.Roles, InOrgan, cmd.Rule, "XC02"); err != nil {
		return zero, err
	}
	if cmd.Authorize != nil {
		if err := cmd.Authorize(r, in); err != nil {
			return zero, err
		}
	}
	r.move = cmd.Name
	if cmd.Apply != nil {
		if err := cmd.Apply(r, in); err != nil {
			return zero, err
		}
	}
	return e.save(r, in, 0)
}

func (e *Engine[S, C, P]) newRun(ctx context.Context, op string, actor dandang.Actor, c C, pol P) *Run[S, C, P] {
	now := e.clock.Now().Truncate(time.Microsecond)
	r := &Run[S, C, P]{Ctx: ctx, Op: op, Actor: actor, Case: c, Policy: pol, Now: now, Today: dandang.DayOf(now), engine: e}
	var zero C
	if any(c) != any(zero) {
		r.From = c.header().State
	}
	return r
}

// checkState refuses a command not allowed in state (XC09), naming the
// state and the commands allowed there.
func (e *Engine[S, C, P]) checkState(op string, cmd interface{ allows(S) bool }, state S) error {
	if cmd.allows(state) {
		return nil
	}
	allowed := e.Allowed(state)
	return &dandang.Error{Code: dandang.Transition, Op: op, Rule: "XC09", State: string(state), Allowed: allowed,
		Message: fmt.Sprintf("not allowed in state %s; allowed there: %s", state, strings.Join(allowed, ", "))}
}

// moveFrom returns the event of the first of the command's moves that
// fires in state, and whether there is one.
func (c *Command[S, C, P, I]) moveFrom(state S) (string, bool) {
	for _, m := range c.Moves {
		if slices.Contains(m.From, state) {
			return m.Event, true
		}
	}
	return "", false
}

// allows reports whether one of the command's moves fires in state.
func (c *Command[S, C, P, I]) allows(state S) bool {
	for _, m := range c.Moves {
		if slices.Contains(m.From, state) {
			return true
		}
	}
	return false
}

// Allowed returns the events allowed in state, in table order, without the
// redate move.
func (e *Engine[S, C, P]) Allowed(state S) []string {
	var out []string
	for _, m := range e.moves {
		if m.Event != RedateEvent && slices.Contains(m.From, state) && !slices.Contains(out, m.Event) {
			out = append(out, m.Event)
		}
	}
	return out
}

// Authorize admits an actor holding one of roles (any role when roles is
// nil) in an organ within scope of the handling organ, and sets r.Role.
// rule is the rule a missing role names, organRule the rule an organ out of
// scope names (both XC02 when empty). The errors are Forbidden.
func (r *Run[S, C, P]) Authorize(rolesOf func(P) []dandang.Role, scope Scope, rule, organRule string) error {
	if organRule == "" {
		organRule = "XC02"
	}
	if rule == "" {
		rule = "XC02"
	}
	h := r.Case.header()
	o := r.Actor.Organ
	switch scope {
	case InOrgan:
		if o.ID != h.Organ.ID {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: organRule, Field: "Actor.Organ",
				Message: fmt.Sprintf("only %s, which handles the case, does this; %s does not", h.Organ.ID, o.ID)}
		}
	case InOrganOrAbove:
		if !r.engine.dir.Reaches(o.ID, h.Organ.ID) {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: organRule, Field: "Actor.Organ",
				Message: fmt.Sprintf("%s is neither %s nor above it", o.ID, h.Organ.ID)}
		}
	}
	if rolesOf == nil {
		if len(r.Actor.Roles) > 0 {
			r.Role = r.Actor.Roles[0]
		}
		return nil
	}
	roles := rolesOf(r.Policy)
	role, ok := r.Actor.Has(roles...)
	if !ok {
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: rule, Field: "Actor.Roles", Awaiting: slices.Clone(roles),
			Message: fmt.Sprintf("needs one of the roles %v", roles)}
	}
	r.Role = role
	return nil
}

// fire fires move on a pooled machine set to the case's state, with guard
// as the before-event callback, and sets the case's new state. A guard's
// refusal is the guard's error; a move the table does not allow in the
// state is a Transition error (XC09).
func (e *Engine[S, C, P]) fire(ctx context.Context, op string, h *Header[S], move string, guard func() error) error {
	f := e.machines.Get().(*fsm.FSM)
	f.SetState(string(h.State))
	// The machine runs on a context that is never canceled: looplab/fsm
	// leaves a machine mid-transition when its context ends between the
	// guard and the transition, and a pooled machine must never be left so.
	// Cancellation is checked here, before and after.
	if err := ContextError(ctx, op); err != nil {
		e.machines.Put(f)
		return err
	}
	err := f.Event(context.WithoutCancel(ctx), move, guard)
	var noTransition fsm.NoTransitionError
	var canceled fsm.CanceledError
	var invalid fsm.InvalidEventError
	switch {
	case err == nil, errors.As(err, &noTransition) && noTransition.Err == nil:
		h.State = S(f.Current())
		e.machines.Put(f)
		return ContextError(ctx, op)
	case errors.As(err, &canceled) && canceled.Err != nil:
		e.machines.Put(f)
		return canceled.Err
	case errors.As(err, &invalid):
		e.machines.Put(f)
		allowed := e.Allowed(h.State)
		return &dandang.Error{Code: dandang.Transition, Op: op, Rule: "XC09", State: string(h.State), Allowed: allowed,
			Message: fmt.Sprintf("%s is not allowed in state %s; allowed there: %s", move, h.State, strings.Join(allowed, ", ")), Err: err}
	}
	// Anything else leaves the machine in a state we do not know: drop it.
	return &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("state machine refused %s in state %s", move, h.State), Err: err}
}

// save appends the history record bound to the case's new state and the
// run's events, and saves all of it, conditional on prev.
func (e *Engine[S, C, P]) save(r *Run[S, C, P], input any, prev int) (C, error) {
	var zero C
	c := r.Case
	h := c.header()
	payload, err := json.Marshal(input)
	if err != nil {
		return zero, &dandang.Error{Code: dandang.Internal, Op: r.Op, Err: err}
	}
	// Every change is recorded (XC01), bound to the case's new state (XC11).
	r.Apply("XC01", "XC11")
	prevHead := h.Head
	h.Version, h.UpdatedAt, h.Head, h.Contract = prev+1, r.Now, "", Contract
	bp := e.buffers.Get().(*[]byte)
	state, buf, err := stateHash(c, *bp)
	if cap(buf) <= 1<<20 { // a buffer grown by a huge case is left to the collector
		*bp = buf
		e.buffers.Put(bp)
	}
	if err != nil {
		return zero, &dandang.Error{Code: dandang.Internal, Op: r.Op, Err: err}
	}
	rec := dandang.Record{CaseKind: e.kind, CaseID: h.ID, Seq: prev + 1, At: r.Now,
		Actor: RefOf(r.Actor, r.Role), Command: r.move, From: string(r.From), To: string(h.State),
		Reason: r.Reason, Rules: r.rules, Payload: payload, StateHash: state, PrevHash: prevHead}
	rec.Hash = rec.ComputeHash()
	h.Head = rec.Hash
	var evs []dandang.Event
	for i, p := range r.events {
		ev, err := NewEvent(fmt.Sprintf("%s:%s#%d.%d", e.kind, h.ID, rec.Seq, i), e.kind, h.ID, r.Now, p)
		if err != nil {
			return zero, err
		}
		evs = append(evs, ev)
	}
	if err := e.store.Save(r.Ctx, c, prev, []dandang.Record{rec}, evs); err != nil {
		return zero, StoreError(r.Op, err)
	}
	return c, nil
}

// Reach checks that actor, resolved in the directory, may read the case:
// its handling organ is the actor's organ or under it (XC07). The error is
// the one [Engine.NotFound] gives for a case that does not exist, so that a
// case outside the reach reads exactly as one that is not there.
func (e *Engine[S, C, P]) Reach(op string, actor dandang.Actor, c C) error {
	h := c.header()
	if !e.dir.Reaches(actor.Organ.ID, h.Organ.ID) {
		return e.NotFound(op, h.ID)
	}
	return nil
}

// NotFound returns the one error for a case with id that does not exist or
// lies outside the reader's reach: NotFound (XC07) naming the field CaseID,
// the same byte for byte apart from the ID, so that it tells neither that
// the case exists nor which organ handles it.
func (e *Engine[S, C, P]) NotFound(op, id string) error {
	return &dandang.Error{Code: dandang.NotFound, Op: op, Rule: "XC07", Field: "CaseID",
		Message: fmt.Sprintf("no %s case %q within reach", e.kind, id)}
}

// ReadError turns the error of a store's read of the case with id into the
// one actor is told. NotFound becomes [Engine.NotFound]. A stored row that
// does not read back (Internal wrapping a *[RowError], or Internal with rule
// XC01 or XC11 from a store that does not say whose row it is) is logged
// whole for the host; the reader gets [Engine.NotFound] unless the row's
// organ lies within its reach, and then an Internal (XC11) error naming
// the case and nothing else of the row: no organ, no other case. Anything
// else is [StoreError]. actor must be resolved.
func (e *Engine[S, C, P]) ReadError(ctx context.Context, op string, actor dandang.Actor, id string, err error) error {
	if err == nil {
		return nil
	}
	if dandang.ErrorCode(err) == dandang.NotFound {
		return e.NotFound(op, id)
	}
	var row *RowError
	isRow := errors.As(err, &row)
	if !isRow && (dandang.ErrorCode(err) != dandang.Internal || (dandang.ErrorRule(err) != "XC11" && dandang.ErrorRule(err) != "XC01")) {
		return StoreError(op, err)
	}
	e.watch.log.LogAttrs(ctx, slog.LevelError, "stored case does not read back",
		append([]slog.Attr{slog.String("op", op), slog.String("kind", e.kind)}, dandang.LogAttrs(err)...)...)
	if !isRow || row.OrganID == "" || !e.dir.Reaches(actor.Organ.ID, row.OrganID) {
		return e.NotFound(op, id)
	}
	return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC11", Field: "CaseID",
		Message: fmt.Sprintf("stored %s case %q does not read back: the host's log has the fault", e.kind, id)}
}

// lookup reads the case with id for actor: a missing case and one outside
// the actor's reach give the same [Engine.NotFound] error.
func (e *Engine[S, C, P]) lookup(ctx context.Context, op string, actor dandang.Actor, id string) (C, error) {
	var zero C
	c, err := e.store.Get(ctx, id)
	if err != nil {
		return zero, e.ReadError(ctx, op, actor, id, err)
	}
	if err := e.Reach(op, actor, c); err != nil {
		return zero, err
	}
	return c, nil
}

// versionedGetter is a store that may answer, without a read, a command
// naming the version it last saved a case at (postgres.Store.GetAt).
type versionedGetter[C any] interface {
	GetAt(ctx context.Context, id string, version int) (C, error)
}

// lookupAt is lookup for a command naming version: through the store's
// GetAt when it has one. The save that follows is conditional on version,
// so a case that moved on since is refused there.
func (e *Engine[S, C, P]) lookupAt(ctx context.Context, op string, actor dandang.Actor, id string, version int) (C, error) {
	g, ok := e.store.(versionedGetter[C])
	if !ok {
		return e.lookup(ctx, op, actor, id)
	}
	var zero C
	c, err := g.GetAt(ctx, id, version)
	if err != nil {
		return zero, e.ReadError(ctx, op, actor, id, err)
	}
	if err := e.Reach(op, actor, c); err != nil {
		return zero, err
	}
	return c, nil
}

// Lookup returns the case with id if it lies within actor's reach, for a
// process's own reads and checks: a case outside the reach gives the same
// NotFound error as a missing one ([Engine.NotFound]). actor must be
// resolved.
func (e *Engine[S, C, P]) Lookup(ctx context.Context, op string, actor dandang.Actor, id string) (C, error) {
	return e.lookup(ctx, op, actor, id)
}

// Get returns the case with id, for actor: within its organ's reach (XC07).
//
// Errors: Invalid for an empty id or a bad actor; NotFound (XC07) for a
// case that does not exist or lies outside the actor's reach, alike;
// Internal (XC11) naming only the case for a stored row in reach that does
// not read back ([Engine.ReadError]); Canceled.
func (e *Engine[S, C, P]) Get(ctx context.Context, op string, actor dandang.Actor, id string) (C, error) {
	var zero C
	actor, err := e.begin(ctx, op, actor)
	if err != nil {
		return zero, err
	}
	if strings.TrimSpace(id) == "" {
		return zero, Invalidf(op, "XC06", "CaseID", "required")
	}
	return e.lookup(ctx, op, actor, id)
}

// Load returns the case with id and its history, read in one snapshot, for
// actor; errors as for [Engine.Get].
func (e *Engine[S, C, P]) Load(ctx context.Context, op string, actor dandang.Actor, id string) (C, []dandang.Record, error) {
	var zero C
	actor, err := e.begin(ctx, op, actor)
	if err != nil {
		return zero, nil, err
	}
	if strings.TrimSpace(id) == "" {
		return zero, nil, Invalidf(op, "XC06", "CaseID", "required")
	}
	c, recs, err := e.store.Load(ctx, id)
	if err != nil {
		return zero, nil, e.ReadError(ctx, op, actor, id, err)
	}
	if err := e.Reach(op, actor, c); err != nil {
		return zero, nil, err
	}
	return c, recs, nil
}

// Verify checks that the case's history verifies end to end, ends at the
// case's head, and binds the case as stored (XC01, XC11). It returns nil,
// or an error wrapping a *ChainError that names the first broken link.
func (e *Engine[S, C, P]) Verify(ctx context.Context, op string, actor dandang.Actor, id string) error {
	c, recs, err := e.Load(ctx, op, actor, id)
	if err != nil {
		return err
	}
	return e.VerifyLoaded(c, recs)
}

// VerifyLoaded verifies a case and its history read together.
func (e *Engine[S, C, P]) VerifyLoaded(c C, recs []dandang.Record) error {
	h := c.header()
	bare := c.Clone()
	bare.header().Head = ""
	// A case last saved before the data contract was hashed over its
	// encoding then, with Go field names (contract 0); it is hashed over
	// the contract 1 names from its next command on.
	hash := StateHash
	if h.Contract == 0 {
		hash = LegacyStateHash
	}
	state, err := hash(bare)
	if err != nil {
		return &dandang.Error{Code: dandang.Internal, Op: "kit.Verify", Err: err}
	}
	return VerifyCase(e.kind, h.ID, recs, h.Version, h.Head, state)
}

// Find returns the cases f selects within actor's reach (XC07): f.OrganIDs
// is narrowed to the organs at or under the actor's. A closing time outside
// the years [FirstYear] to [LastYear] is Invalid (XC06) naming its field.
func (e *Engine[S, C, P]) Find(ctx context.Context, op string, actor dandang.Actor, f Filter) ([]C, error) {
	actor, err := e.begin(ctx, op, actor)
	if err != nil {
		return nil, err
	}
	if err := CheckTime(op, "ClosedFrom", f.ClosedFrom); err != nil {
		return nil, err
	}
	if err := CheckTime(op, "ClosedTo", f.ClosedTo); err != nil {
		return nil, err
	}
	reach := e.dir.Subtree(actor.Organ.ID)
	if f.OrganIDs == nil {
		f.OrganIDs = reach
	} else {
		var in []string
		for _, id := range f.OrganIDs {
			if slices.Contains(reach, id) {
				in = append(in, id)
			}
		}
		if len(in) == 0 {
			return nil, nil
		}
		f.OrganIDs = in
	}
	cs, err := e.store.Find(ctx, f)
	if err != nil && cs != nil && dandang.ErrorCode(err) == dandang.Internal {
		// Rows that do not validate were left out (XC11): the host's log
		// names them, the reader gets the cases that do, and nothing of a
		// row that may belong to another organ.
		e.watch.log.LogAttrs(ctx, slog.LevelError, "stored cases left out of a find",
			append([]slog.Attr{slog.String("op", op), slog.String("kind", e.kind)}, dandang.LogAttrs(err)...)...)
		err = nil
	}
	if err != nil {
		return nil, StoreError(op, err)
	}
	// The store selected on its index; the cases themselves must agree.
	return slices.DeleteFunc(cs, func(c C) bool { return !e.dir.Reaches(actor.Organ.ID, c.header().Organ.ID) }), nil
}

// LoadCalendar makes cal the calendar deadlines are counted on from now,
// for a newer official holiday schedule (XC10): a host operation, not a
// user's. It refuses, with an Invalid error (XC10), a nil calendar and one
// that drops a year the current calendar holds an official schedule for.
// Provisional deadlines keep their dates until [Engine.Redate] counts them
// again.
func (e *Engine[S, C, P]) LoadCalendar(op string, cal *dandang.Calendar) error {
	if cal == nil {
		return Invalidf(op, "XC10", "Calendar", "required")
	}
	cur := e.Calendar()
	for y := 1949; y <= 2200; y++ {
		if cur.Covers(y) && !cal.Covers(y) {
			return Invalidf(op, "XC10", "Calendar", fmt.Sprintf("the new calendar drops the official schedule of %d", y))
		}
	}
	e.cal.Store(cal)
	return nil
}

// redatable reports whether the redate move fires in state.
func (e *Engine[S, C, P]) redatable(state S) bool {
	for _, m := range e.moves {
		if m.Event == RedateEvent && slices.Contains(m.From, state) {
			return true
		}
	}
	return false
}

// redated is the input a redate step records: the step's deadline before
// and after, and each term that changed (by its index in the case's
// Terms), left out when none did.
type redated struct {
	From, To dandang.Day
	Terms    []redatedTerm `json:",omitempty"`
}

type redatedTerm struct {
	Index    int
	From, To dandang.Day
}

// Redate counts every provisional deadline within actor's reach again on
// the engine's calendar (XC10) — the step's and, for a [Termed] case, each
// owed [Term] — and records each case's changes as one redate step in its
// history, under the role the actor holds of roles. Cases whose deadlines
// stay the same and stay provisional are left alone. It returns the cases
// changed.
//
// Errors: Invalid for a bad actor; Forbidden (XC07) for an organ not in the
// directory, (XC02) for an actor without one of roles; Canceled; a case
// that cannot be saved stops the run with its error, the cases before it
// re-dated.
func (e *Engine[S, C, P]) Redate(ctx context.Context, op string, actor dandang.Actor, roles []dandang.Role) ([]C, error) {
	actor, err := e.begin(ctx, op, actor)
	if err != nil {
		return nil, err
	}
	role, ok := actor.Has(roles...)
	if !ok {
		return nil, &dandang.Error{Code: dandang.Forbidden, Op: op, Rule: "XC02", Field: "Actor.Roles", Awaiting: slices.Clone(roles),
			Message: fmt.Sprintf("re-dating needs one of the roles %v", roles)}
	}
	cs, err := e.Find(ctx, op, actor, Filter{Provisional: true})
	if err != nil {
		return nil, err
	}
	var out []C
	cal := e.Calendar()
	for _, c := range cs {
		h := c.header()
		change := redated{From: h.Due, To: h.Due}
		var reasons []string
		due, prov := h.Due, h.Provisional
		if h.Due != 0 {
			due, prov = cal.Deadline(h.DueFrom, h.DueDays)
			change.To = due
			if due != h.Due {
				reasons = append(reasons, fmt.Sprintf("%s re-dated from %s to %s", h.DueStep, h.Due, due))
			}
		}
		var terms []*Term
		if t, ok := any(c).(Termed); ok {
			terms = t.Terms()
		}
		recount := make([]Term, len(terms))
		for i, t := range terms {
			recount[i] = *t
			if !t.Owed() || !t.Provisional {
				continue
			}
			recount[i] = TermOn(cal, t.From, t.Days)
			if recount[i] != *t {
				change.Terms = append(change.Terms, redatedTerm{Index: i, From: t.Due, To: recount[i].Due})
				if recount[i].Due != t.Due {
					reasons = append(reasons, fmt.Sprintf("a term counted from %s re-dated from %s to %s", t.From, t.Due, recount[i].Due))
				}
			}
		}
		if due == h.Due && prov == h.Provisional && len(change.Terms) == 0 {
			continue
		}
		if !e.redatable(h.State) {
			// A case whose state the process never re-dates in: its
			// deadline stays listed as provisional, and the others are
			// still re-dated.
			continue
		}
		pol, ok := e.policies.Get(h.Policy)
		if !ok {
			return out, &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("policy %s of case %s is not loaded", h.Policy, h.ID)}
		}
		r := e.newRun(ctx, op, actor, c, pol)
		r.Role = role
		prev := h.Version
		if err := e.fire(ctx, op, h, RedateEvent, nil); err != nil {
			return out, err
		}
		h.Due, h.Provisional = due, prov
		for i, t := range terms {
			*t = recount[i]
		}
		r.move = RedateEvent
		if len(reasons) == 0 {
			reasons = append(reasons, "the deadlines are no longer provisional")
		}
		r.Reason = strings.Join(reasons, "; ")
		r.Apply("XC10", "XC03")
		saved, err := e.save(r, change, prev)
		if err != nil {
			return out, err
		}
		out = append(out, saved)
	}
	return out, nil
}

// wallClock is the Clock a Setup without one runs on: time.Now.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
