package clearance

import (
	"github.com/dandang/dandang/kit"
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
	Declined       State = "declined"        // not cleared, with the reason approved (CL02); may be reconsidered (CL19)
	Revoked        State = "revoked"         // cleared, then revoked on a later finding (CL20)
)

var stateEnum = kit.StringEnum[State]("State", "XC06", Opened, InReview, Approved, Closed, DeclinePending, Declined, Revoked)

// active are the states of a case in progress.
var active = []State{Opened, InReview, Approved, DeclinePending}

// Move is one row of the transition table: an event, the states it fires
// in, and the state it leads to ("" keeps the state).
type Move = kit.Move[State]

// Transitions returns the transition table every command runs on, the
// redate move (XC10) included.
func Transitions() []Move { return kit.Table(moves(), active) }

// Diagram returns the state diagram in Mermaid, generated from the
// transition table: commands that keep the state are loops.
func Diagram() string { return kit.Diagram(Opened, Transitions()) }
