package floor_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dandang/dandang/internal/floor"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// BenchmarkPropose is the floor: one Propose on a fresh opened case, spread
// like clearance's BenchmarkCommand_Propose over batches of 256 cases
// prepared outside the timer.
func BenchmarkPropose(b *testing.B) {
	var s *floor.Store
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		k := i % 256
		if k == 0 {
			b.StopTimer()
			s = floor.NewStore()
			for j := range 256 {
				s.Open(fmt.Sprintf("r%d", j), t0)
			}
			b.StartTimer()
		}
		if _, err := s.Propose(floor.ProposeInput{CaseID: fmt.Sprintf("r%d", k), Version: 1}, "t1", t0); err != nil {
			b.Fatal(err)
		}
	}
}

func TestProposeMovesOnceAndChains(t *testing.T) {
	s := floor.NewStore()
	s.Open("r", t0)
	c, err := s.Propose(floor.ProposeInput{CaseID: "r", Version: 1}, "t1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.State, "in_review"; got != want {
		t.Errorf("state = %q, want %q", got, want)
	}
	if _, err := s.Propose(floor.ProposeInput{CaseID: "r", Version: 2}, "t1", t0); !errors.Is(err, floor.ErrState) {
		t.Errorf("second Propose: %v, want %v", err, floor.ErrState)
	}
}
