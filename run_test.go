package dandang_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/google/go-cmp/cmp"
)

// deliveries is an Observer that keeps the delivery ends it is told.
type deliveries struct {
	mu   sync.Mutex
	ends []dandang.DeliveryInfo
	errs []error
}

func (*deliveries) CommandStart(ctx context.Context, _ dandang.CommandInfo) context.Context {
	return ctx
}
func (*deliveries) CommandEnd(context.Context, dandang.CommandInfo, error) {}
func (*deliveries) DeliveryStart(ctx context.Context, _ dandang.DeliveryInfo) context.Context {
	return ctx
}

func (o *deliveries) DeliveryEnd(_ context.Context, info dandang.DeliveryInfo, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	info.Duration = 0
	o.ends = append(o.ends, info)
	o.errs = append(o.errs, err)
}

// A handler that panics fails its attempt like any other failure: the
// panic is recovered, counted, kept as the event's last error, backed off,
// and after MaxAttempts the event is a dead letter. The log has a line per
// failure and one for the dead letter; the observer sees each attempt.
func TestDispatcher_PanicCountsAsFailedAttempt(t *testing.T) {
	ctx := context.Background()
	box := newBox(t, event.KindReportConcluded, "r1")
	clock := dandang.NewFixedClock(dispatchAt)
	var log bytes.Buffer
	obs := &deliveries{}
	d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: clock, RetryDelay: time.Minute, MaxAttempts: 3,
		Logger: slog.New(slog.NewTextHandler(&log, nil)), Observer: obs})
	d.Handle(event.KindReportConcluded, func(context.Context, dandang.Event) error { panic("boom") })
	for i := 1; i <= 3; i++ {
		_, err := d.Dispatch(ctx)
		var p *dandang.PanicError
		if !errors.As(err, &p) || p.Value != "boom" || len(p.Stack) == 0 {
			t.Fatalf("attempt %d: Dispatch = %v, want a *PanicError with the value and stack", i, err)
		}
		e := box.event(t, "r1")
		if e.Attempts != i || e.LastError != "handler panicked: boom" {
			t.Fatalf("after attempt %d: attempts %d, last error %q", i, e.Attempts, e.LastError)
		}
		if i < 3 {
			if e.State != dandang.EventPending {
				t.Fatalf("after attempt %d: %s, want pending", i, e.State)
			}
			clock.Set(e.NextAttempt)
		}
	}
	if e := box.event(t, "r1"); e.State != dandang.EventDead || !e.DeadAt.Equal(clock.Now()) {
		t.Errorf("after 3 panics: %+v, want dead now", e)
	}
	if n, err := d.Dispatch(ctx); n != 0 || err != nil {
		t.Errorf("Dispatch after the dead letter = %d, %v; want nothing tried", n, err)
	}
	if got := strings.Count(log.String(), `msg="event delivery failed"`); got != 2 {
		t.Errorf("%d failure lines, want 2:\n%s", got, log.String())
	}
	if got := strings.Count(log.String(), `msg="event dead-lettered"`); got != 1 {
		t.Errorf("%d dead-letter lines, want 1:\n%s", got, log.String())
	}
	info := func(attempt int, dead bool) dandang.DeliveryInfo {
		return dandang.DeliveryInfo{EventID: "r1", Kind: event.KindReportConcluded, CaseKind: "report", CaseID: "r1",
			Attempt: attempt, Code: dandang.Internal, Dead: dead}
	}
	if diff := cmp.Diff([]dandang.DeliveryInfo{info(1, false), info(2, false), info(3, true)}, obs.ends); diff != "" {
		t.Errorf("deliveries observed (-want +got):\n%s", diff)
	}
}

// runDispatcher starts d.Run on ctx and returns the channel its result
// comes on.
func runDispatcher(ctx context.Context, d *dandang.Dispatcher) <-chan error {
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	return done
}

func await(t testing.TB, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
		return nil
	}
}

// Run delivers what is pending at once and stops when its context ends:
// nil for a plain cancel, the cause otherwise.
func TestDispatcher_RunStopsOnCancel(t *testing.T) {
	for _, tt := range []struct {
		name string
		stop func(context.Context) (context.Context, func())
		want error
	}{
		{"cancel", func(ctx context.Context) (context.Context, func()) {
			ctx, cancel := context.WithCancel(ctx)
			return ctx, cancel
		}, nil},
		{"cause", func(ctx context.Context) (context.Context, func()) {
			ctx, cancel := context.WithCancelCause(ctx)
			return ctx, func() { cancel(errShutdown) }
		}, errShutdown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			box := newBox(t, event.KindReportConcluded, "r1", "r2")
			d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: dandang.NewFixedClock(dispatchAt.Add(time.Hour)), PollInterval: time.Hour})
			got := make(chan string, 2)
			d.Handle(event.KindReportConcluded, func(_ context.Context, e dandang.Event) error { got <- e.ID; return nil })
			ctx, stop := tt.stop(context.Background())
			done := runDispatcher(ctx, d)
			for _, want := range []string{"r1", "r2"} {
				select {
				case id := <-got:
					if id != want {
						t.Errorf("delivered %s, want %s", id, want)
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("%s not delivered", want)
				}
			}
			stop()
			if err := await(t, done); !errors.Is(err, tt.want) {
				t.Errorf("Run = %v, want %v", err, tt.want)
			}
		})
	}
}

var errShutdown = errors.New("shutting down")

// When Run stops under a handler, the attempt is not counted and every
// event it claimed and did not settle is released at once, not left to its
// lease.
func TestDispatcher_RunReleasesClaimsOnStop(t *testing.T) {
	box := newBox(t, event.KindReportConcluded, "r1", "r2", "r3")
	d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: dandang.NewFixedClock(dispatchAt.Add(time.Hour)), PollInterval: time.Hour})
	started := make(chan struct{})
	d.Handle(event.KindReportConcluded, func(ctx context.Context, e dandang.Event) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := runDispatcher(ctx, d)
	<-started
	cancel()
	if err := await(t, done); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	for _, id := range []string{"r1", "r2", "r3"} {
		if e := box.event(t, id); e.State != dandang.EventPending || e.Attempts != 0 || e.LastError != "" {
			t.Errorf("event %s after the stop = %+v, want pending, no attempt counted", id, e)
		}
	}
	box.mu.Lock()
	released := append([]string(nil), box.released...)
	box.mu.Unlock()
	if diff := cmp.Diff([]string{"r1", "r2", "r3"}, released); diff != "" {
		t.Errorf("released (-want +got):\n%s", diff)
	}
}
