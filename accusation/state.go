package accusation

import (
	"slices"

	"github.com/dandang/dandang/kit"
)

// State is where a report stands.
type State string

// The states.
const (
	Registered  State = "registered"    // received and registered; awaiting disposal (AC15)
	Filed       State = "filed"         // a repeat report, kept with the first (AC15)
	PassedUp    State = "passed_up"     // passed up to the organ it belongs to (AC14)
	Verifying   State = "verifying"     // disposed for verification; findings per allegation (AC02)
	Shelved     State = "shelved"       // shelved pending (AC15)
	Settled     State = "settled"       // closed (予以了结) without verification; the named reporter is owed the result (AC14)
	Concluded   State = "concluded"     // every allegation has a finding (AC02)
	Inquiry     State = "inquiry"       // a false-accusation inquiry is open (AC17)
	Deciding    State = "determination" // malicious false accusation proposed; awaiting approval (AC07, AC17)
	Established State = "established"   // malicious false accusation established; the accuser is handled (AC09–AC13)
	Closed      State = "closed"        // closed (予以了结, or concluded and done)
)

var stateEnum = kit.StringEnum[State]("State", "XC06", Registered, Filed, PassedUp, Verifying, Shelved, Settled,
	Concluded, Inquiry, Deciding, Established, Closed)

// active are the states of a report in progress.
var active = []State{Registered, Verifying, Shelved, Settled, Concluded, Inquiry, Deciding, Established}

func terminal(s State) bool { return s == Filed || s == PassedUp || s == Closed }

// Move is one row of the transition table: an event, the states it fires
// in, and the state it leads to ("" keeps the state).
type Move = kit.Move[State]

// Transitions returns the transition table every command runs on, the
// redate move (XC10) included.
func Transitions() []Move { return kit.Table(moves(), withClosed()) }

// Diagram returns the state diagram in Mermaid, generated from the
// transition table: commands that keep the state are loops.
func Diagram() string { return kit.Diagram(Registered, Transitions()) }

// withClosed is the active states and Closed: reads of the sealed identity
// stay possible after closing (AC04).
func withClosed() []State { return append(slices.Clone(active), Closed) }
