package memdb_test

import (
	"context"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// Run delivers events written after it started at once — by a store's save
// and by Publish — woken by the outbox: its poll is an hour away. It stops
// when its context is canceled.
func TestDispatcherRun_WokenByWrite(t *testing.T) {
	db := memdb.New()
	store := memdb.NewStore(db, storetest.Toys)
	at := time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)
	d := dandang.NewDispatcher(db.Outbox(), dandang.DispatcherConfig{Clock: dandang.NewFixedClock(at), PollInterval: time.Hour})
	got := make(chan string, 10)
	d.Handle(event.KindReportConcluded, func(_ context.Context, e dandang.Event) error { got <- e.ID; return nil })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	defer cancel()
	wait := func(want string) {
		t.Helper()
		select {
		case id := <-got:
			if id != want {
				t.Fatalf("delivered %s, want %s", id, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s not delivered within 5s: Run was not woken", want)
		}
	}
	event := func(id string) dandang.Event {
		ev, err := kit.NewEvent(id, storetest.ToyKind, id, at, event.ReportConcluded{ReportID: id})
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	if err := db.Outbox().Publish(ctx, event("published")); err != nil {
		t.Fatal(err)
	}
	wait("published")
	time.Sleep(50 * time.Millisecond) // Run ends its pass and waits: only a wake-up delivers the next
	c, rec := storetest.NewToy(storetest.ToyKind, "c1", "wuyi", "330723")
	if err := store.Save(ctx, c, 0, []dandang.Record{rec}, []dandang.Event{event("saved")}); err != nil {
		t.Fatal(err)
	}
	wait("saved")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
}
