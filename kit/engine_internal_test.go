package kit

import (
	"context"
	"testing"

	"github.com/looplab/fsm"
)

type benchState string

type benchCase struct {
	Header[benchState]
}

func (c *benchCase) Meta() Meta            { return c.Header.Meta() }
func (c *benchCase) Clone() *benchCase     { n := *c; return &n }
func (c *benchCase) Validate() error       { return nil }
func (benchPolicy) Validate() error        { return nil }
func (p benchPolicy) PolicyRef() PolicyRef { return p.Ref }

type benchPolicy struct{ Ref PolicyRef }

// benchMoves is a table the size of clearance's.
var benchMoves = []Move[benchState]{
	{Event: "propose", From: []benchState{"opened"}, To: "in_review"},
	{Event: "approve", From: []benchState{"in_review"}, To: "approved"},
	{Event: "reject", From: []benchState{"in_review"}, To: "opened"},
	{Event: "propose_decline", From: []benchState{"opened", "in_review"}, To: "decline_pending"},
	{Event: "approve_decline", From: []benchState{"decline_pending"}, To: "declined"},
	{Event: "reject_decline", From: []benchState{"decline_pending"}, To: "opened"},
	{Event: "close", From: []benchState{"approved"}, To: "closed"},
	{Event: "grade", From: []benchState{"opened", "in_review"}},
	{Event: "plan", From: []benchState{"opened"}},
}

// BenchmarkFire_PooledMachine is the engine's way: one machine definition,
// machines reused from a pool, the guard passed as the event's argument.
func BenchmarkFire_PooledMachine(b *testing.B) {
	e := &Engine[benchState, *benchCase, benchPolicy]{moves: Table(benchMoves, []benchState{"opened"})}
	e.fsmDef = fsmEvents(e.moves)
	e.machines.New = func() any { return fsm.NewFSM("opened", e.fsmDef, guardCallbacks) }
	ctx := context.Background()
	guard := func() error { return nil }
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		h := &Header[benchState]{State: "opened"}
		if err := e.fire(ctx, "bench", h, "propose", guard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFire_MachinePerCommand is what the engine replaced: a machine
// and its callback map built for every command.
func BenchmarkFire_MachinePerCommand(b *testing.B) {
	def := fsmEvents(Table(benchMoves, []benchState{"opened"}))
	ctx := context.Background()
	guard := func() error { return nil }
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		f := fsm.NewFSM("opened", def, fsm.Callbacks{"before_propose": func(_ context.Context, e *fsm.Event) {
			if err := guard(); err != nil {
				e.Cancel(err)
			}
		}})
		if err := f.Event(ctx, "propose"); err != nil {
			b.Fatal(err)
		}
	}
}
