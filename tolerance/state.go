package tolerance

import (
	"github.com/dandang/dandang/kit"
)

// State is where a tolerance assessment stands.
type State string

// The states.
const (
	Assessing  State = "assessing"  // opened alongside the accountability: questions, factors, consultation (FT05)
	Proposed   State = "proposed"   // a decision is proposed; the pursuing body approves it (XC08)
	Decided    State = "decided"    // the tolerance decision is made (FT07); the accountability decision may follow
	Foreclosed State = "foreclosed" // the accountability decision came first: no tolerance decision any more (FT05)
	Revoked    State = "revoked"    // the tolerance decision was revoked by a recorded decision; the accountability proceeds in full (XC11)
)

var stateEnum = kit.StringEnum[State]("State", "XC06", Assessing, Proposed, Decided, Foreclosed, Revoked)

// active are the states of a case in progress.
var active = []State{Assessing, Proposed}

// Move is one row of the transition table: an event, the states it fires
// in, and the state it leads to ("" keeps the state).
type Move = kit.Move[State]

// Transitions returns the transition table every command runs on, the
// redate move (XC10) included.
func Transitions() []Move { return kit.Table(moves(), active) }

// Diagram returns the state diagram in Mermaid, generated from the
// transition table: commands that keep the state are loops.
func Diagram() string { return kit.Diagram(Assessing, Transitions()) }
