package clearance

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/dandang/dandang"
	"github.com/looplab/fsm"
)

// State is where a case stands.
type State string

// The states.
const (
	Opened         State = "opened"          // opened from a concluded report; graded, planned, consulted
	InReview       State = "in_review"       // proposed; going up the approval chain (CL07)
	Approved       State = "approved"        // approved; being carried out (CL18)
	Closed         State = "closed"          // cleared: forms carried out, notice served, filed (CL12)
	DeclinePending State = "decline_pending" // not clearing proposed; awaits a committee leader (CL02)
	Declined       State = "declined"        // not cleared, with the reason approved (CL02)
)

var states = []State{Opened, InReview, Approved, Closed, DeclinePending, Declined}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(states, s) }

// ParseState parses a state's name.
func ParseState(s string) (State, error) {
	if v := State(s); v.Valid() {
		return v, nil
	}
	return "", dandang.Invalidf("clearance.ParseState", "", "State", fmt.Sprintf("unknown state %q", s))
}

// MarshalText implements encoding.TextMarshaler.
func (s State) MarshalText() ([]byte, error) { return []byte(s), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *State) UnmarshalText(b []byte) error {
	v, err := ParseState(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Event is a state-changing event.
type Event string

// The events.
const (
	Propose        Event = "propose"
	Approve        Event = "approve" // the last signature of the chain
	Reject         Event = "reject"
	ProposeDecline Event = "propose_decline"
	ApproveDecline Event = "approve_decline"
	RejectDecline  Event = "reject_decline"
	Close          Event = "close"
)

// Transition is one row of the transition table.
type Transition struct {
	Event Event
	From  []State
	To    State
}

// transitions is the one transition table; every fsm is built from it.
var transitions = []Transition{
	{Propose, []State{Opened}, InReview},
	{Approve, []State{InReview}, Approved},
	{Reject, []State{InReview}, Opened},
	{ProposeDecline, []State{Opened, InReview}, DeclinePending},
	{ApproveDecline, []State{DeclinePending}, Declined},
	{RejectDecline, []State{DeclinePending}, Opened},
	{Close, []State{Approved}, Closed},
}

// Transitions returns a copy of the transition table.
func Transitions() []Transition {
	out := make([]Transition, len(transitions))
	for i, t := range transitions {
		out[i] = Transition{t.Event, slices.Clone(t.From), t.To}
	}
	return out
}

var fsmEvents = func() fsm.Events {
	var evs fsm.Events
	for _, t := range transitions {
		src := make([]string, len(t.From))
		for i, s := range t.From {
			src[i] = string(s)
		}
		evs = append(evs, fsm.EventDesc{Name: string(t.Event), Src: src, Dst: string(t.To)})
	}
	return evs
}()

// guard checks a rule before an event fires; a non-nil error cancels it.
type guard func() error

// callbacks returns the fsm callbacks: a before_<event> guard for ev.
func callbacks(ev Event, g guard) fsm.Callbacks {
	cb := fsm.Callbacks{}
	if g != nil {
		cb["before_"+string(ev)] = func(_ context.Context, e *fsm.Event) {
			if err := g(); err != nil {
				e.Cancel(err)
			}
		}
	}
	return cb
}

// fire runs ev on an fsm built from the saved state, with g as its guard,
// and returns the new state. A refused event is a Transition error; a guard's
// refusal is the guard's error.
func fire(ctx context.Context, op string, from State, ev Event, g guard) (State, error) {
	f := fsm.NewFSM(string(from), fsmEvents, callbacks(ev, g))
	err := f.Event(ctx, string(ev))
	if err == nil {
		return State(f.Current()), nil
	}
	var canceled fsm.CanceledError
	if errors.As(err, &canceled) && canceled.Err != nil {
		return from, canceled.Err
	}
	return from, &dandang.Error{Code: dandang.Transition, Op: op, Rule: "XC01",
		Message: fmt.Sprintf("%s is not allowed in state %s", ev, from), Err: err}
}

// Diagram returns the state diagram in Mermaid, generated from the
// transition table.
func Diagram() string {
	f := fsm.NewFSM(string(Opened), fsmEvents, nil)
	s, _ := fsm.VisualizeWithType(f, fsm.MermaidStateDiagram)
	return s
}
