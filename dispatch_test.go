package dandang_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var dispatchAt = time.Date(2023, 6, 1, 9, 0, 0, 0, dandang.China)

// newBox returns a fakeOutbox holding one event of kind per ID, a minute
// apart, oldest first.
func newBox(t testing.TB, kind dandang.EventKind, ids ...string) *fakeOutbox {
	t.Helper()
	box := &fakeOutbox{}
	box.add(t, kind, ids...)
	return box
}

func (o *fakeOutbox) add(t testing.TB, kind dandang.EventKind, ids ...string) {
	t.Helper()
	for _, id := range ids {
		var p event.Payload = event.ReportConcluded{ReportID: id}
		if kind == event.KindClearanceCompleted {
			p = event.ClearanceCompleted{CaseID: id}
		}
		ev, err := kit.NewEvent(id, "report", id, dispatchAt.Add(time.Duration(len(o.evs))*time.Minute), p)
		if err != nil {
			t.Fatal(err)
		}
		o.evs = append(o.evs, ev)
	}
}

func (o *fakeOutbox) event(t testing.TB, id string) dandang.Event {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, e := range o.evs {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no event %s", id)
	return dandang.Event{}
}

// An outbox that hands out a kind the dispatcher has no handler for does
// not get it marked delivered or failed: the event stays pending and
// untouched, its claim released, and Dispatch does not loop on it.
func TestDispatcher_NoHandlerNeverMarksDelivered(t *testing.T) {
	ctx := context.Background()
	box := newBox(t, event.KindReportConcluded, "r1", "r2")
	box.add(t, event.KindClearanceCompleted, "c1")
	box.allKinds = true
	d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: dandang.NewFixedClock(dispatchAt.Add(time.Hour))})
	var seen []string
	d.Handle(event.KindClearanceCompleted, func(_ context.Context, e dandang.Event) error {
		seen = append(seen, e.ID)
		return nil
	})
	if n, err := d.Dispatch(ctx); n != 1 || err != nil {
		t.Fatalf("Dispatch = %d, %v; want c1 delivered alone", n, err)
	}
	if diff := cmp.Diff([]string{"c1"}, seen); diff != "" {
		t.Errorf("handled (-want +got):\n%s", diff)
	}
	for _, id := range []string{"r1", "r2"} {
		e := box.event(t, id)
		if e.State != dandang.EventPending || e.Attempts != 0 || e.LastError != "" || !e.DeliveredAt.IsZero() {
			t.Errorf("event %s without a handler = %+v, want pending and untouched", id, e)
		}
	}
	released := slices.Compact(slices.Sorted(slices.Values(box.released)))
	if diff := cmp.Diff([]string{"r1", "r2"}, released); diff != "" {
		t.Errorf("released (-want +got):\n%s", diff)
	}
}

// A dispatcher with no handler at all asks for nothing: a nil kinds list
// would mean every kind.
func TestDispatcher_NoHandlersTakesNothing(t *testing.T) {
	box := newBox(t, event.KindReportConcluded, "r1")
	d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: dandang.NewFixedClock(dispatchAt)})
	if n, err := d.Dispatch(context.Background()); n != 0 || err != nil {
		t.Errorf("Dispatch = %d, %v; want 0, nil", n, err)
	}
	if e := box.event(t, "r1"); e.State != dandang.EventPending || e.Attempts != 0 {
		t.Errorf("event = %+v, want pending and untouched", e)
	}
}

// With the defaults a failing event is retried 10s, 20s, 40s… after each
// failure, at most an hour apart, and dead at its 20th failure.
func TestDispatcher_DefaultBackoff(t *testing.T) {
	ctx := context.Background()
	box := newBox(t, event.KindReportConcluded, "r1")
	clock := dandang.NewFixedClock(dispatchAt)
	d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: clock})
	want := dandang.DispatcherConfig{Clock: clock, RetryDelay: 10 * time.Second, MaxRetryDelay: time.Hour, MaxAttempts: 20, PollInterval: 5 * time.Second}
	if diff := cmp.Diff(want, d.Config(), cmp.AllowUnexported(dandang.FixedClock{}), cmpopts.IgnoreTypes(sync.Mutex{})); diff != "" {
		t.Errorf("default config (-want +got):\n%s", diff)
	}
	d.Handle(event.KindReportConcluded, func(context.Context, dandang.Event) error { return errors.New("down") })
	var gaps []time.Duration
	for i := 0; i < 25; i++ {
		if _, err := d.Dispatch(ctx); err == nil {
			break
		}
		e := box.event(t, "r1")
		if e.State == dandang.EventDead {
			if e.Attempts != 20 || !e.DeadAt.Equal(clock.Now()) || e.LastError != "down" {
				t.Errorf("dead letter = %+v, want dead now after 20 attempts", e)
			}
			break
		}
		gaps = append(gaps, e.NextAttempt.Sub(clock.Now()))
		clock.Set(e.NextAttempt)
	}
	wantGaps := []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, 80 * time.Second,
		160 * time.Second, 320 * time.Second, 640 * time.Second, 1280 * time.Second, 2560 * time.Second}
	for len(wantGaps) < 19 {
		wantGaps = append(wantGaps, time.Hour)
	}
	if diff := cmp.Diff(wantGaps, gaps); diff != "" {
		t.Errorf("gaps between attempts (-want +got):\n%s", diff)
	}
	if e := box.event(t, "r1"); e.State != dandang.EventDead {
		t.Errorf("event after 20 failures = %s, want dead", e.State)
	}
}

// A host's config: zero fields take the defaults; a cap below the first
// delay is raised to it.
func TestDispatcher_Config(t *testing.T) {
	for _, tt := range []struct {
		in, want dandang.DispatcherConfig
	}{
		{dandang.DispatcherConfig{MaxAttempts: 3}, dandang.DispatcherConfig{RetryDelay: 10 * time.Second, MaxRetryDelay: time.Hour, MaxAttempts: 3, PollInterval: 5 * time.Second}},
		{dandang.DispatcherConfig{RetryDelay: 2 * time.Hour}, dandang.DispatcherConfig{RetryDelay: 2 * time.Hour, MaxRetryDelay: 2 * time.Hour, MaxAttempts: 20, PollInterval: 5 * time.Second}},
		{dandang.DispatcherConfig{RetryDelay: -1, MaxRetryDelay: time.Minute, MaxAttempts: -1}, dandang.DispatcherConfig{RetryDelay: 10 * time.Second, MaxRetryDelay: time.Minute, MaxAttempts: 20, PollInterval: 5 * time.Second}},
	} {
		got := dandang.NewDispatcher(&fakeOutbox{}, tt.in).Config()
		if got.Clock == nil {
			t.Errorf("config of %+v has no clock, want the wall clock", tt.in)
		}
		got.Clock = nil
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("config of %+v (-want +got):\n%s", tt.in, diff)
		}
	}
}

// Dispatch tries every event, then returns the first handler error, which
// names the event and wraps what the handler returned.
func TestDispatcher_ReturnsFirstHandlerError(t *testing.T) {
	box := newBox(t, event.KindReportConcluded, "r1", "r2", "r3")
	d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: dandang.NewFixedClock(dispatchAt)})
	errDown := errors.New("down")
	var seen []string
	d.Handle(event.KindReportConcluded, func(_ context.Context, e dandang.Event) error {
		seen = append(seen, e.ID)
		if e.ID == "r2" {
			return nil
		}
		return fmt.Errorf("%s: %w", e.ID, errDown)
	})
	n, err := d.Dispatch(context.Background())
	if n != 1 || !errors.Is(err, errDown) {
		t.Fatalf("Dispatch = %d, %v; want 1 delivered and the handler's error", n, err)
	}
	if got, want := err.Error(), "dandang: event r1 (report.concluded): r1: down"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	if diff := cmp.Diff([]string{"r1", "r2", "r3"}, seen); diff != "" {
		t.Errorf("tried (-want +got):\n%s", diff)
	}
}
