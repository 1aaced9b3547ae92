package tolerance_test

import (
	"fmt"
	"testing"

	"github.com/dandang/dandang/tolerance"
)

// BenchmarkDistinguish runs one command that keeps the state, on memdb.
func BenchmarkDistinguish(b *testing.B) {
	e := newEnv(b)
	c := e.opened("q1")
	in := tolerance.DistinguishInput{Distinctions: distinctions(true), Answers: answers(nil)}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		in.Ref = ref(c)
		var err error
		if c, err = e.svc.Distinguish(ctx, jnSuper, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecide runs the decision, with its guard and two outbox events,
// on a fresh proposed case each time.
func BenchmarkDecide(b *testing.B) {
	e := newEnv(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		b.StopTimer()
		c := e.proposed(fmt.Sprintf("q%d", i))
		i++
		b.StartTimer()
		if _, err := e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}); err != nil {
			b.Fatal(err)
		}
	}
}
