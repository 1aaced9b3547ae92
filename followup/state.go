package followup

import (
	"github.com/dandang/dandang/kit"
)

// State is where a follow-up stands.
type State string

// The states.
const (
	Opened      State = "opened"      // opened from a decision or clearance; awaits the plan (FU04)
	Following   State = "following"   // planned; visits made and reported (FU03–FU05, FU08)
	Lifted      State = "lifted"      // the discipline period ran out and the sanction lifted (FU07)
	Recommended State = "recommended" // recommended for promotion (FU06)
	Closed      State = "closed"      // the follow-up concluded
	Stopped     State = "stopped"     // stopped: the clearance it followed was revoked (CL20), or the person left
)

var stateEnum = kit.StringEnum[State]("State", "XC06", Opened, Following, Lifted, Recommended, Closed, Stopped)

// active are the states of a case in progress.
var active = []State{Opened, Following, Lifted, Recommended}

// Move is one row of the transition table: an event, the states it fires
// in, and the state it leads to ("" keeps the state).
type Move = kit.Move[State]

// Transitions returns the transition table every command runs on, the
// redate move (XC10) included.
func Transitions() []Move { return kit.Table(moves(), active) }

// Diagram returns the state diagram in Mermaid, generated from the
// transition table: commands that keep the state are loops.
func Diagram() string { return kit.Diagram(Opened, Transitions()) }
