package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// Kinds of the outbox suite's events: a dispatcher handles one, the other or
// both.
const (
	kindA = event.KindReportConcluded
	kindB = event.KindClearanceCompleted
)

// kindEvent returns an event of kind (kindA or kindB) at at, for case
// caseID of ToyKind.
func kindEvent(t testing.TB, id string, kind dandang.EventKind, caseID string, at time.Time) dandang.Event {
	t.Helper()
	var p event.Payload = event.ClearanceCompleted{CaseID: caseID}
	if kind == kindA {
		p = event.ReportConcluded{ReportID: caseID}
	}
	ev, err := kit.NewEvent(id, ToyKind, caseID, at, p)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// saveEvents writes each event with a case of its own, named after it.
func saveEvents(t testing.TB, env Env, evs ...dandang.Event) {
	t.Helper()
	for _, ev := range evs {
		c, rec := NewToy(ToyKind, "c-"+ev.ID, "o1", "330102", "s1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, []dandang.Event{ev})
	}
}

// mustEvent returns the event id as Env.Events lists it.
func mustEvent(t testing.TB, env Env, id string) dandang.Event {
	t.Helper()
	evs, err := env.Events(context.Background())
	if err != nil {
		t.Fatalf("Events = %v", err)
	}
	for _, e := range evs {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no event %s in the outbox", id)
	return dandang.Event{}
}

func evIDs(evs []dandang.Event) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func mustPending(t testing.TB, o dandang.Outbox, now time.Time, kinds []dandang.EventKind, limit int) []string {
	t.Helper()
	evs, err := o.Pending(context.Background(), now, kinds, limit)
	if err != nil {
		t.Fatalf("Pending(%v, %v, %d) = %v", now, kinds, limit, err)
	}
	return evIDs(evs)
}

// outboxCases is the outbox part of the suite: delivery states, kinds,
// backoff and dead letters, through the Outbox and through a Dispatcher on
// it, with a fixed clock.
func outboxCases(t *testing.T, newEnv func(t *testing.T) Env) {
	ctx := context.Background()

	t.Run("PendingOnlyTheKindsAskedFor", func(t *testing.T) {
		env := newEnv(t)
		// Three events of kind A before one of kind B: a limit of 1 still
		// finds B when only B is asked for.
		saveEvents(t, env, kindEvent(t, "a1", kindA, "x", t0), kindEvent(t, "a2", kindA, "x", t0.Add(time.Minute)),
			kindEvent(t, "a3", kindA, "x", t0.Add(2*time.Minute)), kindEvent(t, "b1", kindB, "x", t0.Add(3*time.Minute)))
		if diff := cmp.Diff([]string{"b1"}, mustPending(t, env.Outbox, t0, []dandang.EventKind{kindB}, 1)); diff != "" {
			t.Errorf("Pending(B, 1) (-want +got):\n%s", diff)
		}
		// What B's dispatcher took leaves A's events unclaimed.
		if diff := cmp.Diff([]string{"a1", "a2"}, mustPending(t, env.Outbox, t0, []dandang.EventKind{kindA, kindA}, 2)); diff != "" {
			t.Errorf("Pending(A, 2) after B's (-want +got):\n%s", diff)
		}
		if got := mustPending(t, env.Outbox, t0, []dandang.EventKind{"no.such.kind"}, 10); len(got) != 0 {
			t.Errorf("Pending(unknown kind) = %v, want none", got)
		}
		if err := env.Outbox.Release(ctx, "a1", "a2", "b1"); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"a1", "a2", "a3", "b1"}, mustPending(t, env.Outbox, t0, []dandang.EventKind{kindB, kindA}, 10)); diff != "" {
			t.Errorf("Pending(B, A) after Release (-want +got):\n%s", diff)
		}
		for _, id := range []string{"a1", "b1"} {
			if e := mustEvent(t, env, id); e.State != dandang.EventPending || e.Attempts != 0 {
				t.Errorf("event %s handed out and released = %s with %d attempts, want pending with 0", id, e.State, e.Attempts)
			}
		}
	})

	t.Run("PendingWaitsForTheNextAttempt", func(t *testing.T) {
		env := newEnv(t)
		saveEvents(t, env, kindEvent(t, "e1", kindA, "x", t0), kindEvent(t, "e2", kindA, "x", t0.Add(time.Minute)))
		mustPending(t, env.Outbox, t0, nil, 10)
		retry := t0.Add(time.Hour)
		if err := env.Outbox.MarkFailed(ctx, "e1", "handler down", retry); err != nil {
			t.Fatal(err)
		}
		if err := env.Outbox.Release(ctx, "e2"); err != nil {
			t.Fatal(err)
		}
		got := mustEvent(t, env, "e1")
		if got.State != dandang.EventPending || got.Attempts != 1 || got.LastError != "handler down" || !got.NextAttempt.Equal(retry) {
			t.Errorf("failed event = %+v, want pending, 1 attempt, next at %v", got, retry)
		}
		if diff := cmp.Diff([]string{"e2"}, mustPending(t, env.Outbox, retry.Add(-time.Microsecond), nil, 10)); diff != "" {
			t.Errorf("Pending before the next attempt (-want +got):\n%s", diff)
		}
		if err := env.Outbox.Release(ctx, "e2"); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"e1", "e2"}, mustPending(t, env.Outbox, retry, []dandang.EventKind{kindA}, 10)); diff != "" {
			t.Errorf("Pending at the next attempt (-want +got):\n%s", diff)
		}
	})

	t.Run("DeadLettersListedAndRetried", func(t *testing.T) {
		env := newEnv(t)
		saveEvents(t, env, kindEvent(t, "e1", kindA, "x", t0), kindEvent(t, "e2", kindA, "x", t0), kindEvent(t, "e3", kindB, "x", t0))
		mustPending(t, env.Outbox, t0, nil, 10)
		for _, d := range []struct {
			id string
			at time.Time
		}{{"e2", t0.Add(2 * time.Hour)}, {"e1", t0.Add(3 * time.Hour)}} {
			if err := env.Outbox.MarkFailed(ctx, d.id, "first", t0.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			if err := env.Outbox.MarkDead(ctx, d.id, "poison "+d.id, d.at); err != nil {
				t.Fatal(err)
			}
		}
		if err := env.Outbox.MarkDelivered(ctx, "e3", t0); err != nil {
			t.Fatal(err)
		}
		// Neither a failure nor a death changes a delivered event.
		if err := env.Outbox.MarkFailed(ctx, "e3", "late", t0); err != nil {
			t.Errorf("MarkFailed(delivered) = %v", err)
		}
		if err := env.Outbox.MarkDead(ctx, "e3", "late", t0); err != nil {
			t.Errorf("MarkDead(delivered) = %v", err)
		}
		if e := mustEvent(t, env, "e3"); e.State != dandang.EventDelivered || e.Attempts != 1 || e.LastError != "" {
			t.Errorf("delivered event after late failures = %+v, want delivered, 1 attempt, no error", e)
		}
		if got := mustPending(t, env.Outbox, t0.Add(1000*time.Hour), nil, 10); len(got) != 0 {
			t.Errorf("Pending with dead letters only = %v, want none", got)
		}
		dead, err := env.Outbox.DeadLetters(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"e2", "e1"}, evIDs(dead)); diff != "" {
			t.Fatalf("DeadLetters, the earliest dead first (-want +got):\n%s", diff)
		}
		if e := dead[0]; e.State != dandang.EventDead || e.Attempts != 2 || e.LastError != "poison e2" ||
			!e.DeadAt.Equal(t0.Add(2*time.Hour)) || !e.NextAttempt.IsZero() || !e.DeliveredAt.IsZero() {
			t.Errorf("dead letter = %+v, want dead at %v after 2 attempts with its last error", e, t0.Add(2*time.Hour))
		}
		if one, _ := env.Outbox.DeadLetters(ctx, 1); len(one) != 1 {
			t.Errorf("DeadLetters(1) = %v, want one", one)
		}
		if err := env.Outbox.Retry(ctx, "e2"); err != nil {
			t.Fatal(err)
		}
		if e := mustEvent(t, env, "e2"); e.State != dandang.EventPending || e.Attempts != 0 || e.LastError != "poison e2" ||
			!e.DeadAt.IsZero() || !e.NextAttempt.IsZero() {
			t.Errorf("retried event = %+v, want pending with no attempts, due at once, its last error kept", e)
		}
		if diff := cmp.Diff([]string{"e2"}, mustPending(t, env.Outbox, t0, nil, 10)); diff != "" {
			t.Errorf("Pending after Retry (-want +got):\n%s", diff)
		}
		for _, id := range []string{"e2", "e3"} {
			if err := env.Outbox.Retry(ctx, id); !errors.Is(err, dandang.Conflict) {
				t.Errorf("Retry(%s, not dead) = %v, want conflict", id, err)
			}
		}
		if dead, _ := env.Outbox.DeadLetters(ctx, 10); len(dead) != 1 || dead[0].ID != "e1" {
			t.Errorf("DeadLetters after Retry = %v, want e1 alone", evIDs(dead))
		}
	})

	// A dispatcher with no handler for a kind leaves its events pending and
	// untouched, however many there are ahead of the events it can handle;
	// a dispatcher with the handler then delivers them at once.
	t.Run("DispatcherWithoutHandlerLeavesEventsPending", func(t *testing.T) {
		env := newEnv(t)
		var evs []dandang.Event
		for i := 0; i < 150; i++ { // more than a Dispatch batch
			evs = append(evs, kindEvent(t, fmt.Sprintf("a%03d", i), kindA, "x", t0))
		}
		evs = append(evs, kindEvent(t, "b1", kindB, "x", t0.Add(time.Hour)))
		saveEvents(t, env, evs...)
		clock := dandang.NewFixedClock(t0.Add(2 * time.Hour))
		old := dandang.NewDispatcher(env.Outbox, dandang.DispatcherConfig{Clock: clock}) // an instance without the handler for A
		var seenB []string
		old.Handle(kindB, func(_ context.Context, e dandang.Event) error { seenB = append(seenB, e.ID); return nil })
		for i := 0; i < 2; i++ {
			if n, err := old.Dispatch(ctx); n != 1-i || err != nil {
				t.Fatalf("Dispatch %d without A's handler = %d, %v; want %d, nil", i+1, n, err, 1-i)
			}
		}
		if diff := cmp.Diff([]string{"b1"}, seenB); diff != "" {
			t.Errorf("B's handler saw (-want +got):\n%s", diff)
		}
		a := mustEvent(t, env, "a000")
		if a.State != dandang.EventPending || a.Attempts != 0 || a.LastError != "" || !a.NextAttempt.IsZero() || !a.DeliveredAt.IsZero() {
			t.Errorf("event without a handler = %+v, want pending and untouched", a)
		}
		// The claims of the first dispatcher's instance do not hold A's
		// events back: its outbox never handed them out.
		upgraded := dandang.NewDispatcher(env.Outbox, dandang.DispatcherConfig{Clock: clock})
		seenA := map[string]int{}
		upgraded.Handle(kindA, func(_ context.Context, e dandang.Event) error { seenA[e.ID]++; return nil })
		if n, err := upgraded.Dispatch(ctx); n != 150 || err != nil {
			t.Fatalf("Dispatch with A's handler = %d, %v; want 150, nil", n, err)
		}
		if len(seenA) != 150 {
			t.Errorf("A's handler saw %d events, want 150", len(seenA))
		}
		for id, n := range seenA {
			if n != 1 {
				t.Errorf("event %s handed to A's handler %d times, want once", id, n)
			}
		}
		if got := mustPending(t, env.Outbox, clock.Now(), nil, 10); len(got) != 0 {
			t.Errorf("Pending after both dispatchers = %v, want none", got)
		}
	})

	// A poison event is retried after 1, 2, 4, 4 minutes (the cap), dead at
	// its fifth failure with its last error, listed, retried by hand and
	// delivered once its handler works; an event behind it is delivered
	// all along.
	t.Run("DispatcherBacksOffThenDeadLetters", func(t *testing.T) {
		env := newEnv(t)
		saveEvents(t, env, kindEvent(t, "poison", kindA, "x", t0), kindEvent(t, "fine", kindA, "y", t0.Add(time.Minute)))
		start := t0.Add(time.Hour)
		clock := dandang.NewFixedClock(start)
		d := dandang.NewDispatcher(env.Outbox, dandang.DispatcherConfig{Clock: clock,
			RetryDelay: time.Minute, MaxRetryDelay: 4 * time.Minute, MaxAttempts: 5})
		broken := true
		var tries []time.Duration // when, after start, the poison event was tried
		d.Handle(kindA, func(_ context.Context, e dandang.Event) error {
			if e.ID != "poison" {
				return nil
			}
			tries = append(tries, clock.Now().Sub(start))
			if broken {
				return fmt.Errorf("attempt %d: bad payload", len(tries))
			}
			return nil
		})
		var errs int
		for step := 0; step <= 40; step++ { // every 30 seconds for 20 minutes
			n, err := d.Dispatch(ctx)
			if err != nil {
				errs++
				if !strings.Contains(err.Error(), "poison") || !strings.Contains(err.Error(), "bad payload") {
					t.Errorf("Dispatch error = %v, want the poison event's", err)
				}
			}
			if want := map[bool]int{true: 1, false: 0}[step == 0]; n != want {
				t.Errorf("Dispatch at +%v delivered %d, want %d", clock.Now().Sub(start), n, want)
			}
			if step == 0 {
				if e := mustEvent(t, env, "poison"); !e.NextAttempt.Equal(start.Add(time.Minute)) {
					t.Errorf("after the first failure NextAttempt = %v, want %v", e.NextAttempt, start.Add(time.Minute))
				}
			}
			clock.Advance(30 * time.Second)
		}
		want := []time.Duration{0, time.Minute, 3 * time.Minute, 7 * time.Minute, 11 * time.Minute}
		if diff := cmp.Diff(want, tries); diff != "" {
			t.Errorf("poison event tried at (-want +got):\n%s", diff)
		}
		if errs != len(want) {
			t.Errorf("%d Dispatch calls returned an error, want %d (one per attempt)", errs, len(want))
		}
		dead, err := env.Outbox.DeadLetters(ctx, 10)
		if err != nil || len(dead) != 1 {
			t.Fatalf("DeadLetters = %v, %v; want the poison event", evIDs(dead), err)
		}
		if e := dead[0]; e.ID != "poison" || e.Attempts != 5 || e.LastError != "attempt 5: bad payload" || !e.DeadAt.Equal(start.Add(11*time.Minute)) {
			t.Errorf("dead letter = %+v, want poison dead at +11m after 5 attempts with the last error", e)
		}
		if e := mustEvent(t, env, "fine"); e.State != dandang.EventDelivered || !e.DeliveredAt.Equal(start) {
			t.Errorf("event behind the poison one = %+v, want delivered at %v", e, start)
		}
		broken = false
		if err := env.Outbox.Retry(ctx, "poison"); err != nil {
			t.Fatal(err)
		}
		if n, err := d.Dispatch(ctx); n != 1 || err != nil {
			t.Fatalf("Dispatch after Retry = %d, %v; want 1, nil", n, err)
		}
		if e := mustEvent(t, env, "poison"); e.State != dandang.EventDelivered || e.Attempts != 1 {
			t.Errorf("retried event = %+v, want delivered at its first attempt since the retry", e)
		}
		if dead, _ := env.Outbox.DeadLetters(ctx, 10); len(dead) != 0 {
			t.Errorf("DeadLetters after delivery = %v, want none", evIDs(dead))
		}
	})
}
