package memdb_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

var _ kit.Store[*storetest.Toy] = (*memdb.Store[*storetest.Toy])(nil)

func TestStore(t *testing.T) {
	storetest.Cases(t, func(t *testing.T) storetest.Env {
		db := memdb.New()
		return storetest.Env{
			Store:  memdb.NewStore(db, storetest.Toys),
			Other:  memdb.NewStore(db, storetest.Others),
			Outbox: db.Outbox(),
			Events: db.Outbox().All,
		}
	})
}

func TestNewStore_BadKindPanics(t *testing.T) {
	for _, kind := range []string{"", "a\x00b"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewStore(%q) did not panic", kind)
				}
			}()
			memdb.NewStore(memdb.New(), kit.Kind[*storetest.Toy]{Name: kind, New: storetest.Toys.New})
		}()
	}
}

func TestOutbox_Publish(t *testing.T) {
	ctx := context.Background()
	db := memdb.New()
	at := time.Date(2023, 3, 20, 9, 0, 0, 0, dandang.China)
	ev, err := kit.NewEvent("r1", "report", "r1", at, event.ReportConcluded{ReportID: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Outbox().Publish(ctx, ev); err != nil {
		t.Fatal(err)
	}
	other, _ := kit.NewEvent("r2", "report", "r2", at, event.ReportConcluded{ReportID: "r2"})
	if err := db.Outbox().Publish(ctx, other, ev); !errors.Is(err, dandang.Conflict) {
		t.Errorf("Publish(existing) = %v, want conflict", err)
	}
	pend, err := db.Outbox().Pending(ctx, at, nil, 10)
	if err != nil || len(pend) != 1 || pend[0].ID != "r1" {
		t.Errorf("Pending = %v, %v; want only r1 (a refused Publish adds nothing)", pend, err)
	}
}

// Deadlines are kept in the state keys: the cases due before a day are
// found in every state, earliest first, then by ID, and the cap applies
// after that order (CL11). States that extend one another ("open",
// "opened") are walked apart.
func TestOverdueAcrossStatesCL11(t *testing.T) {
	ctx := context.Background()
	store := memdb.NewStore(memdb.New(), storetest.Toys)
	base := dandang.DayOf(time.Date(2026, 3, 2, 9, 0, 0, 0, dandang.China))
	type toy struct {
		id, state string
		due       int
	}
	toys := []toy{{"a", "opened", 5}, {"b", "open", 1}, {"c", "review", 3}, {"d", "opened", 0}, {"e", "open", 3},
		{"f", "review", 9}, {"g", "opened", 1}, {"h", "zz", 2}}
	for _, ty := range toys {
		c, rec := storetest.NewToy(storetest.ToyKind, ty.id, "o1", "330102", "s")
		c.State, c.Due = storetest.ToyState(ty.state), base+dandang.Day(ty.due)
		if ty.due == 0 {
			c.Due = 0
		}
		if err := store.Save(ctx, c, 0, []dandang.Record{rec}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// A case moved on to another state and deadline is found under its new ones.
	c, err := store.Get(ctx, "h")
	if err != nil {
		t.Fatal(err)
	}
	hist, _ := store.History(ctx, "h")
	v := c.Version
	c.State, c.Due = "opened", base+4
	r := storetest.Next(storetest.ToyKind, c, &hist[len(hist)-1], "move")
	if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		f    kit.Filter
		want []string
	}{
		{kit.Filter{DueBefore: base + 4}, []string{"b", "g", "c", "e"}},
		{kit.Filter{DueBefore: base + 5}, []string{"b", "g", "c", "e", "h"}},
		{kit.Filter{DueBefore: base + 4, Limit: 3}, []string{"b", "g", "c"}},
		{kit.Filter{DueBefore: base + 100}, []string{"b", "g", "c", "e", "h", "a", "f"}},
		{kit.Filter{DueBefore: base + 6, State: "opened"}, []string{"g", "h", "a"}},
		{kit.Filter{DueBefore: base + 6, State: "opened", Limit: 1}, []string{"g"}},
		{kit.Filter{DueBefore: base + 6, State: "open"}, []string{"b", "e"}},
		{kit.Filter{State: "opened"}, []string{"a", "d", "g", "h"}},
		{kit.Filter{DueBefore: base + 1}, nil},
	} {
		got, err := store.Find(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range got {
			ids = append(ids, c.ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("Find(%+v) = %v, want %v", tt.f, ids, tt.want)
		}
	}
}

// Pending events of every kind are handed out oldest first, whatever
// their kind, up to the limit; kinds whose names extend one another are
// read apart, and a delivered event is no longer pending.
func TestOutbox_PendingAcrossKinds(t *testing.T) {
	ctx := context.Background()
	db := memdb.New()
	at := time.Date(2023, 3, 20, 9, 0, 0, 0, dandang.China)
	for i, e := range []struct {
		id, kind string
		hours    int
	}{{"a", "report", 5}, {"b", "report.x", 1}, {"c", "decision", 3}, {"d", "report", 2}, {"e", "decision", 4}, {"f", "zz", 6}} {
		ev := dandang.Event{ID: e.id, Kind: dandang.EventKind(e.kind), CaseKind: "toy", CaseID: fmt.Sprint(i), At: at.Add(time.Duration(e.hours) * time.Hour), Payload: []byte(`{}`)}
		if err := db.Outbox().Publish(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(limit int, kinds ...dandang.EventKind) []string {
		pend, err := db.Outbox().Pending(ctx, at, kinds, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range pend {
			out = append(out, e.ID)
		}
		return out
	}
	for _, tt := range []struct {
		got, want []string
	}{
		{ids(10), []string{"b", "d", "c", "e", "a", "f"}},
		{ids(3), []string{"b", "d", "c"}},
		{ids(10, "report"), []string{"d", "a"}},
		{ids(10, "report", "zz"), []string{"d", "a", "f"}},
	} {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("Pending = %v, want %v", tt.got, tt.want)
		}
	}
	if err := db.Outbox().MarkDelivered(ctx, "b", at); err != nil {
		t.Fatal(err)
	}
	if got, want := ids(2), []string{"d", "c"}; !slices.Equal(got, want) {
		t.Errorf("Pending after b was delivered = %v, want %v", got, want)
	}
}
