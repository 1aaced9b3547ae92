package followup_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/followup"
)

// BenchmarkVisit is one visit recorded on memdb: the whole command path
// (actor resolved, case loaded, guards on the state machine, record, save).
func BenchmarkVisit(b *testing.B) {
	e := newEnv(b)
	c := e.planned("D-1", followup.PartySeriousWarning, t0.AddDate(0, -1, 0))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		// A real file holds a few visits: the saved state, hashed on every
		// save, grows with them. Start a new case every ten.
		if len(c.Visits) == 10 {
			b.StopTimer()
			n++
			c = e.planned("D-1-"+time.Duration(n).String(), followup.PartySeriousWarning, t0.AddDate(0, -1, 0))
			b.StartTimer()
		}
		var err error
		c, err = e.svc.Visit(ctx, office, visitInput(c, followup.Average))
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenAndPlan opens and plans a follow-up.
func BenchmarkOpenAndPlan(b *testing.B) {
	e := newEnv(b)
	in := discipline("", followup.PartyWarning, t0.AddDate(0, -1, 0))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		d := *in.Decision
		d.ID = "D-" + time.Duration(i).String()
		in.Decision = &d
		in.Subject.ID = meng.ID + "-" + d.ID // one plan per person (FU04)
		c, err := e.svc.Open(ctx, office, in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.svc.Plan(ctx, office, planInput(c)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAddMonths is the period arithmetic alone.
func BenchmarkAddMonths(b *testing.B) {
	d := dandang.DayOf(t0)
	for b.Loop() {
		_ = followup.AddMonths(d, 18)
	}
}
