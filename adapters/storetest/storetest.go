package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Env is a fresh, empty database as the suite sees it.
type Env struct {
	Store  kit.Store[*Toy] // cases of kind ToyKind
	Other  kit.Store[*Toy] // cases of kind OtherKind, on the same database
	Outbox dandang.Outbox  // the outbox both stores write to
	// Events returns every event of the outbox, delivered or not, without
	// claiming any.
	Events func(ctx context.Context) ([]dandang.Event, error)
}

var t0 = time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)

// NewToy returns a valid opened case of kind with one record, ready to save
// at version 0: its deadline is ten days after its opening.
func NewToy(kind, id, organ, region string, subjects ...string) (*Toy, dandang.Record) {
	c := &Toy{
		Header: kit.Header[ToyState]{
			ID: id, State: ToyOpened, Policy: kit.PolicyRef{ID: "zhejiang", Version: 1},
			Organ: dandang.Organ{ID: organ, Name: organ, Level: dandang.County, Region: region},
			Due:   dandang.DayOf(t0) + 10, DueStep: "propose", DueFrom: dandang.DayOf(t0), DueDays: 10,
			OpenedAt: t0, UpdatedAt: t0,
		},
		SubjectIDs: subjects,
		Notes:      []string{"拖延办案"},
		Tags:       map[string]string{"source": "report"},
	}
	return c, Next(kind, c, nil, "open")
}

// Next seals the record that takes c one version further after prev (nil
// for the first record) and updates c's version and head.
func Next(kind string, c *Toy, prev *dandang.Record, cmd string) dandang.Record {
	state, _ := kit.StateHash(fmt.Sprintf("%s/%d", c.ID, c.Version+1)) // a string always encodes
	r := dandang.Record{CaseKind: kind, CaseID: c.ID, At: t0.Add(time.Duration(c.Version) * time.Minute),
		Actor:   dandang.ActorRef{ID: "u1", OrganID: c.Organ.ID, Level: c.Organ.Level, Role: dandang.PetitionOffice},
		Command: cmd, From: string(c.State), To: string(c.State), Rules: []string{"CL01"}, Payload: []byte(`{}`),
		StateHash: state}
	r.Seal(prev)
	c.Version, c.Head = r.Seq, r.Hash
	return r
}

func mustSave(t testing.TB, s kit.Store[*Toy], c *Toy, prev int, recs []dandang.Record, evs []dandang.Event) {
	t.Helper()
	if err := s.Save(context.Background(), c, prev, recs, evs); err != nil {
		t.Fatalf("Save(%s, prev %d) = %v", c.ID, prev, err)
	}
}

func mustGet(t testing.TB, s kit.Store[*Toy], id string) *Toy {
	t.Helper()
	c, err := s.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%s) = %v", id, err)
	}
	return c
}

func ids(cs []*Toy) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func newEvent(t testing.TB, id, kind, caseID string) dandang.Event {
	t.Helper()
	ev, err := kit.NewEvent(id, kind, caseID, t0, event.ClearanceCompleted{CaseID: caseID})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func eventIDs(t testing.TB, env Env) []string {
	t.Helper()
	evs, err := env.Events(context.Background())
	if err != nil {
		t.Fatalf("Events = %v", err)
	}
	out := []string{}
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

// closeToy ends c at at in state, as the engine does: no deadline left.
func closeToy(c *Toy, state ToyState, at time.Time) {
	c.State, c.ClosedAt = state, at
	c.Due, c.DueStep, c.Provisional = 0, "", false
}

// Cases runs the kit.Store conformance suite and the outbox suite;
// newEnv returns a fresh, empty database each call.
func Cases(t *testing.T, newEnv func(t *testing.T) Env) {
	ctx := context.Background()

	t.Run("SaveGetRoundTrip", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1", "s2")
		c.Priority, c.Provisional = true, true
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		got := mustGet(t, env.Store, "c1")
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("Get after Save (-saved +got):\n%s", diff)
		}
		loaded, recs, err := env.Store.Load(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, loaded); diff != "" {
			t.Errorf("Load after Save (-saved +got):\n%s", diff)
		}
		if diff := cmp.Diff([]dandang.Record{rec}, recs, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Load's history (-saved +got):\n%s", diff)
		}
	})

	t.Run("SharesNoMemory", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		want := c.Clone()
		c.Notes[0], c.Tags["source"], c.SubjectIDs[0] = "changed after Save", "changed", "s9"
		rec.Rules[0], rec.Payload[0] = "XX", 'X'
		if diff := cmp.Diff(want, mustGet(t, env.Store, "c1")); diff != "" {
			t.Errorf("the store shares memory with the saved case (-want +got):\n%s", diff)
		}
		mutate := func(c *Toy) { c.Notes[0], c.Tags["source"], c.SubjectIDs[0] = "changed", "changed", "s9" }
		mutate(mustGet(t, env.Store, "c1"))
		loaded, recs, err := env.Store.Load(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		mutate(loaded)
		recs[0].Rules[0], recs[0].Payload[0] = "YY", 'Y'
		found, err := env.Store.Find(ctx, kit.Filter{})
		if err != nil || len(found) != 1 {
			t.Fatalf("Find = %v, %v; want c1", ids(found), err)
		}
		mutate(found[0])
		hist, err := env.Store.History(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		hist[0].Rules[0] = "ZZ"
		if diff := cmp.Diff(want, mustGet(t, env.Store, "c1")); diff != "" {
			t.Errorf("the store shares memory with a returned case (-want +got):\n%s", diff)
		}
		again, _ := env.Store.History(ctx, "c1")
		if got, want := again[0].Rules[0]+string(again[0].Payload), "CL01{}"; got != want {
			t.Errorf("history after callers changed returned records = %q, want %q", got, want)
		}
	})

	t.Run("UnknownIsNotFound", func(t *testing.T) {
		env := newEnv(t)
		if _, err := env.Store.Get(ctx, "nope"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("Get(unknown) = %v, want not found", err)
		}
		if _, _, err := env.Store.Load(ctx, "nope"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("Load(unknown) = %v, want not found", err)
		}
		if _, err := env.Store.History(ctx, "nope"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("History(unknown) = %v, want not found", err)
		}
		c, rec := NewToy(ToyKind, "nope", "o1", "330102", "s1")
		c.Version = 0
		r := Next(ToyKind, c, &rec, "grade")
		if err := env.Store.Save(ctx, c, 1, []dandang.Record{r}, nil); !errors.Is(err, dandang.NotFound) {
			t.Errorf("Save(unknown, prev 1) = %v, want not found", err)
		}
	})

	t.Run("StaleSaveConflictsAndWritesNothing", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		a, b := c.Clone(), c.Clone()
		ra := Next(ToyKind, a, &rec, "grade")
		a.Notes = append(a.Notes, "graded")
		mustSave(t, env.Store, a, 1, []dandang.Record{ra}, nil)

		rb := Next(ToyKind, b, &rec, "plan")
		b.Notes = append(b.Notes, "stale")
		b.State, b.SubjectIDs, b.Keys = ToyReview, []string{"s7"}, map[string][]string{"hash": {"stale"}}
		err := env.Store.Save(ctx, b, 1, []dandang.Record{rb}, []dandang.Event{newEvent(t, "c1#2.0", ToyKind, "c1")})
		if !errors.Is(err, dandang.Conflict) {
			t.Fatalf("stale Save = %v, want conflict", err)
		}
		if diff := cmp.Diff(a, mustGet(t, env.Store, "c1")); diff != "" {
			t.Errorf("after a stale save the case is not the winner's (-want +got):\n%s", diff)
		}
		recs, _ := env.Store.History(ctx, "c1")
		if diff := cmp.Diff([]dandang.Record{rec, ra}, recs, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("history after a stale save (-want +got):\n%s", diff)
		}
		if got := eventIDs(t, env); len(got) != 0 {
			t.Errorf("a stale save left events %v", got)
		}
		for _, f := range []kit.Filter{{SubjectID: "s7"}, {State: string(ToyReview)}, {Keys: map[string][]string{"hash": {"stale"}}}} {
			if got, _ := env.Store.Find(ctx, f); len(got) != 0 {
				t.Errorf("a stale save indexed the case: Find(%+v) = %v", f, ids(got))
			}
		}
		dup, rdup := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		if err := env.Store.Save(ctx, dup, 0, []dandang.Record{rdup}, nil); !errors.Is(err, dandang.Conflict) {
			t.Errorf("creating an existing case = %v, want conflict", err)
		}
		if got, want := mustGet(t, env.Store, "c1").Version, 2; got != want {
			t.Errorf("version after a refused create = %d, want %d", got, want)
		}
	})

	t.Run("VersionNotAfterRecordsIsInternal", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		c.Version = 2
		if err := env.Store.Save(ctx, c, 0, []dandang.Record{rec}, nil); dandang.ErrorCode(err) != dandang.Internal {
			t.Errorf("Save(version 2 after 1 record on 0) = %v, want internal", err)
		}
		if _, err := env.Store.Get(ctx, "c1"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("Get after a refused save = %v, want not found", err)
		}
	})

	t.Run("HistoryInOrderAndVerifies", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		other, orec := NewToy(ToyKind, "c10", "o1", "330102", "s2") // an ID that c1 prefixes
		mustSave(t, env.Store, other, 0, []dandang.Record{orec}, nil)
		want := []dandang.Record{rec}
		for i := 0; i < 12; i++ {
			v := c.Version
			r := Next(ToyKind, c, &want[len(want)-1], fmt.Sprintf("step%d", i))
			recs := []dandang.Record{r}
			if i%4 == 3 { // two records in one save
				recs = append(recs, Next(ToyKind, c, &r, fmt.Sprintf("step%db", i)))
			}
			mustSave(t, env.Store, c, v, recs, nil)
			want = append(want, recs...)
		}
		recs, err := env.Store.History(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, recs, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("History (-saved +got):\n%s", diff)
		}
		if err := kit.Verify(ToyKind, "c1", recs); err != nil {
			t.Errorf("stored history does not verify: %v", err)
		}
		for _, r := range recs {
			if r.At.Location() != dandang.China {
				t.Errorf("record %d at %v, want China time", r.Seq, r.At)
				break
			}
		}
		if got, want := recs[len(recs)-1].Hash, c.Head; got != want {
			t.Errorf("last record's hash = %s, want the head %s", got, want)
		}
	})

	t.Run("EventsSavedWithTheCase", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		ev := newEvent(t, "c1#1.0", ToyKind, "c1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, []dandang.Event{ev})
		pend, err := env.Outbox.Pending(ctx, t0, nil, 10)
		if err != nil || len(pend) != 1 {
			t.Fatalf("Pending = %v, %v; want the saved event", pend, err)
		}
		if diff := cmp.Diff(ev, pend[0]); diff != "" {
			t.Errorf("pending event (-saved +got):\n%s", diff)
		}
		if err := env.Outbox.MarkFailed(ctx, ev.ID, "handler down", t0); err != nil {
			t.Fatal(err)
		}
		if pend, _ := env.Outbox.Pending(ctx, t0, nil, 10); len(pend) != 1 || pend[0].Attempts != 1 || pend[0].LastError != "handler down" {
			t.Errorf("after MarkFailed Pending = %v, want it pending with 1 attempt", pend)
		}
		if err := env.Outbox.MarkDelivered(ctx, ev.ID, t0); err != nil {
			t.Fatal(err)
		}
		if pend, _ := env.Outbox.Pending(ctx, t0, nil, 10); len(pend) != 0 {
			t.Errorf("after MarkDelivered Pending = %v, want none", pend)
		}
		if diff := cmp.Diff([]string{"c1#1.0"}, eventIDs(t, env)); diff != "" {
			t.Errorf("events after delivery (-want +got):\n%s", diff)
		}
		got := mustEvent(t, env, ev.ID)
		if got.State != dandang.EventDelivered || !got.DeliveredAt.Equal(t0) || got.Attempts != 2 {
			t.Errorf("delivered event = %+v, want delivered at %v after 2 attempts", got, t0)
		}
		for name, call := range map[string]func() error{
			"MarkDelivered": func() error { return env.Outbox.MarkDelivered(ctx, "nope", t0) },
			"MarkFailed":    func() error { return env.Outbox.MarkFailed(ctx, "nope", "x", t0) },
			"MarkDead":      func() error { return env.Outbox.MarkDead(ctx, "nope", "x", t0) },
			"Retry":         func() error { return env.Outbox.Retry(ctx, "nope") },
		} {
			if err := call(); !errors.Is(err, dandang.NotFound) {
				t.Errorf("%s(unknown) = %v, want not found", name, err)
			}
		}
		if err := env.Outbox.Release(ctx, "nope"); err != nil {
			t.Errorf("Release(unknown) = %v, want nil", err)
		}
	})

	t.Run("PendingOldestFirstUpToLimit", func(t *testing.T) {
		env := newEnv(t)
		for i, at := range []int{3, 1, 2} {
			c, rec := NewToy(ToyKind, fmt.Sprintf("c%d", i), "o1", "330102", "s1")
			ev := newEvent(t, fmt.Sprintf("e%d", i), ToyKind, c.ID)
			ev.At = t0.Add(time.Duration(at) * time.Hour)
			mustSave(t, env.Store, c, 0, []dandang.Record{rec}, []dandang.Event{ev})
		}
		pend, err := env.Outbox.Pending(ctx, t0, nil, 2)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"e1", "e2"}, evIDs(pend)); diff != "" {
			t.Errorf("Pending(2) (-want +got):\n%s", diff)
		}
	})

	outboxCases(t, newEnv)

	t.Run("EventIDsUniqueAcrossKinds", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, []dandang.Event{newEvent(t, "e1", ToyKind, "c1")})
		o, orec := NewToy(OtherKind, "c2", "o1", "330102", "s1")
		err := env.Other.Save(ctx, o, 0, []dandang.Record{orec}, []dandang.Event{newEvent(t, "e2", OtherKind, "c2"), newEvent(t, "e1", OtherKind, "c2")})
		if !errors.Is(err, dandang.Conflict) {
			t.Fatalf("Save with an existing event ID = %v, want conflict", err)
		}
		if _, err := env.Other.Get(ctx, "c2"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("a save refused for its event wrote the case: Get = %v", err)
		}
		if _, err := env.Other.History(ctx, "c2"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("a save refused for its event wrote history: History = %v", err)
		}
		if diff := cmp.Diff([]string{"e1"}, eventIDs(t, env)); diff != "" {
			t.Errorf("events after a refused save (-want +got):\n%s", diff)
		}
		mustSave(t, env.Other, o, 0, []dandang.Record{orec}, []dandang.Event{newEvent(t, "e2", OtherKind, "c2")})
	})

	t.Run("KindsApart", func(t *testing.T) {
		env := newEnv(t)
		a, ra := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		mustSave(t, env.Store, a, 0, []dandang.Record{ra}, nil)
		if _, err := env.Other.Get(ctx, "c1"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("another kind's Get(c1) = %v, want not found", err)
		}
		if _, err := env.Other.History(ctx, "c1"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("another kind's History(c1) = %v, want not found", err)
		}
		for _, f := range []kit.Filter{{}, {SubjectID: "s1"}, {OrganIDs: []string{"o1"}}, {State: string(ToyOpened)},
			{DueBefore: a.Due + 1}, {Region: "33"}} {
			if got, err := env.Other.Find(ctx, f); err != nil || len(got) != 0 {
				t.Errorf("another kind's Find(%+v) = %v, %v; want none", f, ids(got), err)
			}
		}
		b, rb := NewToy(OtherKind, "c1", "o2", "330781", "s2") // the same ID in another kind
		b.Notes = []string{"the other"}
		mustSave(t, env.Other, b, 0, []dandang.Record{rb}, nil)
		rb2 := Next(OtherKind, b, &rb, "grade")
		mustSave(t, env.Other, b, 1, []dandang.Record{rb2}, nil)
		if diff := cmp.Diff(a, mustGet(t, env.Store, "c1")); diff != "" {
			t.Errorf("Get(c1) of the first kind (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(b, mustGet(t, env.Other, "c1")); diff != "" {
			t.Errorf("Get(c1) of the other kind (-want +got):\n%s", diff)
		}
		ha, _ := env.Store.History(ctx, "c1")
		hb, _ := env.Other.History(ctx, "c1")
		if diff := cmp.Diff([]dandang.Record{ra}, ha, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("History(c1) of the first kind (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]dandang.Record{rb, rb2}, hb, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("History(c1) of the other kind (-want +got):\n%s", diff)
		}
		if got, _ := env.Store.Find(ctx, kit.Filter{SubjectID: "s2"}); len(got) != 0 {
			t.Errorf("Find(s2) of the first kind = %v, want none", ids(got))
		}
	})

	t.Run("FindByEachField", func(t *testing.T) {
		env := newEnv(t)
		may, jun, jul := time.Date(2023, 5, 10, 0, 0, 0, 0, dandang.China), time.Date(2023, 6, 10, 0, 0, 0, 0, dandang.China), time.Date(2023, 7, 10, 0, 0, 0, 0, dandang.China)
		base := dandang.DayOf(t0)
		mk := func(id, organ, region string, state ToyState, closed time.Time, due int, prov bool, subjects ...string) {
			c, rec := NewToy(ToyKind, id, organ, region, subjects...)
			c.State, c.Due, c.Provisional = state, base+dandang.Day(due), prov
			if due == 0 {
				c.Due = 0
			}
			if !closed.IsZero() {
				closeToy(c, state, closed)
			}
			mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		}
		mk("a", "o1", "330102", ToyOpened, time.Time{}, 5, false, "s1")
		mk("b", "o2", "330781", ToyClosed, may, 0, false, "s1", "s5")
		mk("c", "o2", "330781", ToyClosed, jun, 0, false, "s2")
		mk("d", "o3", "330110", ToyDenied, jul, 0, false, "s3")
		mk("e", "o1", "330102", ToyReview, time.Time{}, 2, true, "s4", "s5")
		mk("f", "o4", "33_1", ToyReview, time.Time{}, 0, false, "s6")
		tests := []struct {
			name string
			f    kit.Filter
			want []string
		}{
			{"all", kit.Filter{}, []string{"a", "b", "c", "d", "e", "f"}},
			{"subject", kit.Filter{SubjectID: "s1"}, []string{"a", "b"}},
			{"second subject", kit.Filter{SubjectID: "s5"}, []string{"b", "e"}},
			{"unknown subject", kit.Filter{SubjectID: "s"}, []string{}},
			{"organ", kit.Filter{OrganIDs: []string{"o2"}}, []string{"b", "c"}},
			{"organs", kit.Filter{OrganIDs: []string{"o3", "o1", "o9"}}, []string{"a", "d", "e"}},
			{"no organs", kit.Filter{OrganIDs: []string{}}, []string{}},
			{"state", kit.Filter{State: string(ToyClosed)}, []string{"b", "c"}},
			{"region", kit.Filter{Region: "3301"}, []string{"a", "d", "e"}},
			{"region is no pattern", kit.Filter{Region: "33_"}, []string{"f"}},
			{"period", kit.Filter{ClosedFrom: jun, ClosedTo: jul}, []string{"c"}},
			{"since", kit.Filter{ClosedFrom: jun}, []string{"c", "d"}},
			{"until", kit.Filter{ClosedTo: jun}, []string{"b"}},
			{"period and region", kit.Filter{ClosedFrom: may, Region: "3307"}, []string{"b", "c"}},
			{"organ and state", kit.Filter{OrganIDs: []string{"o1"}, State: string(ToyReview)}, []string{"e"}},
			{"due before", kit.Filter{DueBefore: base + 6}, []string{"e", "a"}},
			{"due before, tight", kit.Filter{DueBefore: base + 5}, []string{"e"}},
			{"provisional", kit.Filter{Provisional: true}, []string{"e"}},
			{"subject and organ", kit.Filter{SubjectID: "s5", OrganIDs: []string{"o2"}}, []string{"b"}},
			{"limit", kit.Filter{Limit: 2}, []string{"a", "b"}},
			{"far future", kit.Filter{ClosedFrom: may, ClosedTo: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"b", "c", "d"}},
			{"far past", kit.Filter{ClosedFrom: time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), ClosedTo: jun}, []string{"b"}},
		}
		for _, tt := range tests {
			got, err := env.Store.Find(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("Find %s (-want +got):\n%s", tt.name, diff)
			}
		}
	})

	t.Run("FindPriorityFirstThenIDLimitAfter", func(t *testing.T) {
		env := newEnv(t)
		for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
			c, rec := NewToy(ToyKind, id, "o1", "330102", "s1")
			c.Priority = id == "e" || id == "c"
			mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		}
		for _, tt := range []struct {
			f    kit.Filter
			want []string
		}{
			{kit.Filter{}, []string{"c", "e", "a", "b", "d", "f"}},
			{kit.Filter{Limit: 3}, []string{"c", "e", "a"}},
			{kit.Filter{SubjectID: "s1", Limit: 1}, []string{"c"}},
			{kit.Filter{OrganIDs: []string{"o1"}, Limit: 4}, []string{"c", "e", "a", "b"}},
			{kit.Filter{State: string(ToyOpened), Limit: 2}, []string{"c", "e"}},
		} {
			got, err := env.Store.Find(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("Find(%+v) (-want +got):\n%s", tt.f, diff)
			}
		}
	})

	t.Run("OverdueByDeadline", func(t *testing.T) {
		env := newEnv(t)
		base := dandang.DayOf(t0)
		for i, due := range []int{5, 1, 3, 0, 1, 9} {
			c, rec := NewToy(ToyKind, fmt.Sprintf("c%d", i), "o1", "330102", "s")
			c.Due = base + dandang.Day(due)
			c.Priority = i == 2
			if due == 0 {
				closeToy(c, ToyClosed, t0)
			}
			mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		}
		for _, tt := range []struct {
			f    kit.Filter
			want []string
		}{
			{kit.Filter{DueBefore: base + 4}, []string{"c1", "c4", "c2"}},
			{kit.Filter{DueBefore: base + 4, Limit: 2}, []string{"c1", "c4"}},
			{kit.Filter{DueBefore: base + 100}, []string{"c1", "c4", "c2", "c0", "c5"}},
			{kit.Filter{DueBefore: base + 1}, []string{}},
		} {
			got, err := env.Store.Find(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("Find(%+v) (-want +got):\n%s", tt.f, diff)
			}
		}
	})

	t.Run("IndexesFollowChanges", func(t *testing.T) {
		env := newEnv(t)
		base := dandang.DayOf(t0)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1", "s2")
		c.Provisional = true
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		find := func(f kit.Filter) []string {
			t.Helper()
			got, err := env.Store.Find(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return ids(got)
		}
		prev := rec
		step := func(change func()) {
			t.Helper()
			v := c.Version
			change()
			prev = Next(ToyKind, c, &prev, "change")
			mustSave(t, env.Store, c, v, []dandang.Record{prev}, nil)
		}
		step(func() {
			c.State, c.SubjectIDs, c.Organ.ID, c.Organ.Region = ToyReview, []string{"s2", "s3"}, "o2", "330781"
		})
		step(func() { c.Due, c.Provisional = base+2, false })
		one, none := []string{"c1"}, []string{}
		for _, tt := range []struct {
			f    kit.Filter
			want []string
		}{
			{kit.Filter{SubjectID: "s1"}, none},
			{kit.Filter{SubjectID: "s3"}, one},
			{kit.Filter{OrganIDs: []string{"o1"}}, none},
			{kit.Filter{OrganIDs: []string{"o2"}}, one},
			{kit.Filter{Region: "330781"}, one},
			{kit.Filter{State: string(ToyOpened)}, none},
			{kit.Filter{State: string(ToyReview)}, one},
			{kit.Filter{Provisional: true}, none},
			{kit.Filter{DueBefore: base + 3}, one},
			{kit.Filter{ClosedFrom: t0}, none},
		} {
			if diff := cmp.Diff(tt.want, find(tt.f)); diff != "" {
				t.Errorf("open: Find(%+v) (-want +got):\n%s", tt.f, diff)
			}
		}
		step(func() { closeToy(c, ToyClosed, t0.Add(time.Hour)) })
		for _, tt := range []struct {
			f    kit.Filter
			want []string
		}{
			{kit.Filter{State: string(ToyReview)}, none},
			{kit.Filter{State: string(ToyClosed)}, one},
			{kit.Filter{DueBefore: base + 3}, none},
			{kit.Filter{ClosedFrom: t0, ClosedTo: t0.Add(2 * time.Hour)}, one},
			{kit.Filter{SubjectID: "s2"}, one},
		} {
			if diff := cmp.Diff(tt.want, find(tt.f)); diff != "" {
				t.Errorf("closed: Find(%+v) (-want +got):\n%s", tt.f, diff)
			}
		}
	})

	t.Run("FindByKeys", func(t *testing.T) {
		env := newEnv(t)
		mk := func(s kit.Store[*Toy], kind, id, organ string, state ToyState, priority bool, keys map[string][]string, subjects ...string) {
			c, rec := NewToy(kind, id, organ, "330102", subjects...)
			c.State, c.Priority, c.Keys = state, priority, keys
			mustSave(t, s, c, 0, []dandang.Record{rec}, nil)
		}
		type keys = map[string][]string
		mk(env.Store, ToyKind, "a", "o1", ToyOpened, false, keys{"hash": {"h1"}, "month": {"2023-05"}}, "s1")
		mk(env.Store, ToyKind, "b", "o2", ToyReview, false, keys{"hash": {"h1", "h2"}, "month": {"2023-06"}}, "s2")
		mk(env.Store, ToyKind, "c", "o1", ToyReview, true, keys{"month": {"2023-06"}}, "s2")
		mk(env.Store, ToyKind, "d", "o1", ToyOpened, false, nil, "s1")
		mk(env.Other, OtherKind, "e", "o1", ToyOpened, false, keys{"hash": {"h1"}, "month": {"2023-05"}}, "s1")
		tests := []struct {
			name string
			f    kit.Filter
			want []string
		}{
			{"one value", kit.Filter{Keys: keys{"hash": {"h1"}}}, []string{"a", "b"}},
			{"a second value of a case", kit.Filter{Keys: keys{"hash": {"h2"}}}, []string{"b"}},
			{"several values", kit.Filter{Keys: keys{"month": {"2023-05", "2023-06"}}}, []string{"c", "a", "b"}},
			{"a case holding several of the values, once", kit.Filter{Keys: keys{"hash": {"h2", "h1"}}}, []string{"a", "b"}},
			{"a value listed twice", kit.Filter{Keys: keys{"hash": {"h2", "h2"}}}, []string{"b"}},
			{"unknown value", kit.Filter{Keys: keys{"hash": {"h9"}}}, []string{}},
			{"unknown name", kit.Filter{Keys: keys{"nope": {"h1"}}}, []string{}},
			{"a value under another name", kit.Filter{Keys: keys{"month": {"h1"}}}, []string{}},
			{"a name with no value", kit.Filter{Keys: keys{"hash": {}}}, []string{}},
			{"two names", kit.Filter{Keys: keys{"hash": {"h1"}, "month": {"2023-06"}}}, []string{"b"}},
			{"two names, one with no value", kit.Filter{Keys: keys{"hash": {"h1"}, "month": nil}}, []string{}},
			{"and organs", kit.Filter{Keys: keys{"month": {"2023-05", "2023-06"}}, OrganIDs: []string{"o1"}}, []string{"c", "a"}},
			{"and no organs", kit.Filter{Keys: keys{"month": {"2023-06"}}, OrganIDs: []string{}}, []string{}},
			{"and state", kit.Filter{Keys: keys{"hash": {"h1"}}, State: string(ToyReview)}, []string{"b"}},
			{"and subject", kit.Filter{Keys: keys{"month": {"2023-05", "2023-06"}}, SubjectID: "s2"}, []string{"c", "b"}},
			{"and region", kit.Filter{Keys: keys{"hash": {"h1"}}, Region: "3307"}, []string{}},
			{"priority first, then limit", kit.Filter{Keys: keys{"month": {"2023-05", "2023-06"}}, Limit: 2}, []string{"c", "a"}},
			{"by deadline", kit.Filter{Keys: keys{"month": {"2023-06"}}, DueBefore: dandang.DayOf(t0) + 11}, []string{"b", "c"}},
		}
		for _, tt := range tests {
			got, err := env.Store.Find(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if diff := cmp.Diff(tt.want, ids(got)); diff != "" {
				t.Errorf("Find %s (-want +got):\n%s", tt.name, diff)
			}
		}
		// A key of one kind is not found for another.
		got, err := env.Other.Find(ctx, kit.Filter{Keys: keys{"hash": {"h1", "h2"}}})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"e"}, ids(got)); diff != "" {
			t.Errorf("another kind's Find by key (-want +got):\n%s", diff)
		}
		// Keys round-trip with the case.
		if diff := cmp.Diff(keys{"hash": {"h1", "h2"}, "month": {"2023-06"}}, mustGet(t, env.Store, "b").Keys); diff != "" {
			t.Errorf("keys read back (-saved +got):\n%s", diff)
		}
	})

	t.Run("KeysReplacedOnSave", func(t *testing.T) {
		env := newEnv(t)
		type keys = map[string][]string
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		c.Keys = keys{"hash": {"h1", "h2"}, "month": {"2023-05"}}
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		other, orec := NewToy(ToyKind, "c2", "o1", "330102", "s1")
		other.Keys = keys{"hash": {"h1"}}
		mustSave(t, env.Store, other, 0, []dandang.Record{orec}, nil)
		find := func(f kit.Filter) []string {
			t.Helper()
			got, err := env.Store.Find(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return ids(got)
		}
		prev := rec
		step := func(k keys) {
			t.Helper()
			v := c.Version
			c.Keys = k
			prev = Next(ToyKind, c, &prev, "change")
			mustSave(t, env.Store, c, v, []dandang.Record{prev}, nil)
		}
		// A value dropped, a name dropped, a value and a name added.
		step(keys{"hash": {"h2", "h3"}, "established": {"2023-07"}})
		one, none := []string{"c1"}, []string{}
		for _, tt := range []struct {
			f    kit.Filter
			want []string
		}{
			{kit.Filter{Keys: keys{"hash": {"h1"}}}, []string{"c2"}},
			{kit.Filter{Keys: keys{"hash": {"h2"}}}, one},
			{kit.Filter{Keys: keys{"hash": {"h3"}}}, one},
			{kit.Filter{Keys: keys{"month": {"2023-05"}}}, none},
			{kit.Filter{Keys: keys{"established": {"2023-07"}}}, one},
		} {
			if diff := cmp.Diff(tt.want, find(tt.f)); diff != "" {
				t.Errorf("after a change: Find(%+v) (-want +got):\n%s", tt.f, diff)
			}
		}
		// Every key dropped; a save that changes no key keeps them.
		step(nil)
		step(nil)
		if got := find(kit.Filter{Keys: keys{"hash": {"h1", "h2", "h3"}, "established": {"2023-07"}}}); len(got) != 0 {
			t.Errorf("after every key was dropped, Find by key = %v, want none", got)
		}
		step(keys{"hash": {"h1"}})
		step(keys{"hash": {"h1"}})
		if diff := cmp.Diff([]string{"c1", "c2"}, find(kit.Filter{Keys: keys{"hash": {"h1"}}})); diff != "" {
			t.Errorf("after saves that kept the key (-want +got):\n%s", diff)
		}
	})

	t.Run("MalformedKeyIsInternal", func(t *testing.T) {
		env := newEnv(t)
		for _, k := range []map[string][]string{{"": {"v"}}, {"a\x00b": {"v"}}, {"hash": {"h\x001"}}} {
			c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
			c.Keys = k
			if err := env.Store.Save(ctx, c, 0, []dandang.Record{rec}, nil); dandang.ErrorCode(err) != dandang.Internal {
				t.Errorf("Save with keys %q = %v, want internal", k, err)
			}
			if _, err := env.Store.Get(ctx, "c1"); !errors.Is(err, dandang.NotFound) {
				t.Errorf("Get after a refused save = %v, want not found", err)
			}
		}
	})

	t.Run("RacingSavesOneWins", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				mine := c.Clone()
				r := Next(ToyKind, mine, &rec, fmt.Sprintf("racer%d", i))
				ev := newEvent(t, fmt.Sprintf("e%d", i), ToyKind, "c1")
				errs[i] = env.Store.Save(ctx, mine, 1, []dandang.Record{r}, []dandang.Event{ev})
			}(i)
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, dandang.Conflict):
				t.Errorf("racing Save = %v, want nil or conflict", err)
			}
		}
		recs, _ := env.Store.History(ctx, "c1")
		if wins != 1 || len(recs) != 2 || len(eventIDs(t, env)) != 1 {
			t.Errorf("%d saves won, history has %d records and the outbox %v; want 1, 2 and one event", wins, len(recs), eventIDs(t, env))
		}
	})

	t.Run("UniqueKeysClaimedAtCreation", func(t *testing.T) {
		env := newEnv(t)
		a, ra := NewToy(ToyKind, "a", "o1", "330102", "s1")
		a.Unique = []string{"k1", "k2"}
		mustSave(t, env.Store, a, 0, []dandang.Record{ra}, nil)
		// Another case claiming a held key is refused whole: no case, no
		// record, no event, no key of its own.
		b, rb := NewToy(ToyKind, "b", "o1", "330102", "s1")
		b.Unique = []string{"k3", "k2"}
		err := env.Store.Save(ctx, b, 0, []dandang.Record{rb}, []dandang.Event{newEvent(t, "eb", ToyKind, "b")})
		var de *dandang.Error
		if !errors.As(err, &de) || de.Code != dandang.Conflict || de.Field != "Unique" {
			t.Fatalf("a second claim of k2 = %v, want a conflict on Unique", err)
		}
		if _, err := env.Store.Get(ctx, "b"); !errors.Is(err, dandang.NotFound) {
			t.Errorf("the refused case was stored: %v", err)
		}
		if got := eventIDs(t, env); len(got) != 0 {
			t.Errorf("the refused case's event was stored: %v", got)
		}
		c, rc := NewToy(ToyKind, "c", "o1", "330102", "s1")
		c.Unique = []string{"k3"}
		mustSave(t, env.Store, c, 0, []dandang.Record{rc}, nil) // k3 was not kept by the refusal
		// Another kind's keys are its own; later saves claim nothing.
		o, ro := NewToy(OtherKind, "o", "o1", "330102", "s1")
		o.Unique = []string{"k1"}
		mustSave(t, env.Other, o, 0, []dandang.Record{ro}, nil)
		a2 := a.Clone()
		a2.Unique = []string{"k3"}
		mustSave(t, env.Store, a2, 1, []dandang.Record{Next(ToyKind, a2, &ra, "touch")}, nil)
	})

	t.Run("LoadIsOneSnapshot", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		done := make(chan struct{})
		go func() {
			defer close(done)
			prev := rec
			for i := 0; i < 40; i++ {
				v := c.Version
				r := Next(ToyKind, c, &prev, "step")
				if err := env.Store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
					t.Errorf("Save = %v", err)
					return
				}
				prev = r
			}
		}()
		for loads := 0; ; loads++ {
			select {
			case <-done:
				if loads == 0 {
					t.Log("no Load ran alongside the saves")
				}
				return
			default:
			}
			got, recs, err := env.Store.Load(ctx, "c1")
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != got.Version || recs[len(recs)-1].Hash != got.Head {
				t.Fatalf("Load gave a case at version %d (head %s) with %d records (last %s)", got.Version, got.Head, len(recs), recs[len(recs)-1].Hash)
			}
		}
	})

	t.Run("CanceledContext", func(t *testing.T) {
		env := newEnv(t)
		c, rec := NewToy(ToyKind, "c1", "o1", "330102", "s1")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, []dandang.Event{newEvent(t, "e1", ToyKind, "c1")})
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		r := Next(ToyKind, c, &rec, "grade")
		calls := map[string]func() error{
			"Get":     func() error { _, err := env.Store.Get(canceled, "c1"); return err },
			"Load":    func() error { _, _, err := env.Store.Load(canceled, "c1"); return err },
			"History": func() error { _, err := env.Store.History(canceled, "c1"); return err },
			"Find":    func() error { _, err := env.Store.Find(canceled, kit.Filter{}); return err },
			"Save":    func() error { return env.Store.Save(canceled, c, 1, []dandang.Record{r}, nil) },
			"Pending": func() error { _, err := env.Outbox.Pending(canceled, t0, nil, 10); return err },
			"MarkDelivered": func() error {
				return env.Outbox.MarkDelivered(canceled, "e1", t0)
			},
			"MarkFailed":  func() error { return env.Outbox.MarkFailed(canceled, "e1", "x", t0) },
			"MarkDead":    func() error { return env.Outbox.MarkDead(canceled, "e1", "x", t0) },
			"Release":     func() error { return env.Outbox.Release(canceled, "e1") },
			"Retry":       func() error { return env.Outbox.Retry(canceled, "e1") },
			"DeadLetters": func() error { _, err := env.Outbox.DeadLetters(canceled, 10); return err },
		}
		for name, call := range calls {
			err := call()
			if !errors.Is(err, context.Canceled) || dandang.ErrorCode(err) != dandang.Canceled {
				t.Errorf("%s(canceled) = %v (code %q), want context.Canceled with code %q", name, err, dandang.ErrorCode(err), dandang.Canceled)
			}
		}
		if got, want := mustGet(t, env.Store, "c1").Version, 1; got != want {
			t.Errorf("version after a canceled save = %d, want %d", got, want)
		}
	})
}
