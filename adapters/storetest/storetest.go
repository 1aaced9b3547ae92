package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/clearance"
	"github.com/google/go-cmp/cmp"
)

// ClearanceEnv is a fresh clearance store and the outbox it writes to.
type ClearanceEnv struct {
	Store  clearance.Store
	Outbox dandang.Outbox
}

var t0 = time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)

// newCase returns a valid opened case with one record, ready to save at
// version 0.
func newCase(id, subject, organ, region string) (*clearance.Case, dandang.Record) {
	c := &clearance.Case{
		ID: id, State: clearance.Opened, Policy: dandang.PolicyRef{ID: "zhejiang", Version: 1},
		Source:      clearance.FromReport,
		Report:      clearance.Report{ID: "r-" + id, Named: true, ConcludedAt: t0},
		Subject:     dandang.Subject{ID: subject, Kind: dandang.Person, Name: "史强", ManagedAt: dandang.County, Region: region},
		Organ:       dandang.Organ{ID: organ, Name: organ, Level: dandang.County, Region: region},
		Allegations: []dandang.Allegation{{ID: "a1", SubjectID: subject, Summary: "拖延办案", Finding: dandang.Unfounded}},
		Forms:       []clearance.Form{clearance.Written, clearance.FaceToFace},
		Filed:       map[clearance.Filing]clearance.Step{},
		Due:         dandang.DayOf(t0) + 10, DueStep: "propose", OpenedAt: t0, UpdatedAt: t0,
	}
	return c, next(c, nil, "open")
}

// next seals the record that takes c one version further and updates c.
func next(c *clearance.Case, prev *dandang.Record, cmd string) dandang.Record {
	r := dandang.Record{CaseKind: clearance.Kind, CaseID: c.ID, At: t0.Add(time.Duration(c.Version) * time.Minute),
		Actor:   dandang.ActorRef{ID: "u1", OrganID: c.Organ.ID, Level: c.Organ.Level, Role: dandang.PetitionOffice},
		Command: cmd, From: string(c.State), To: string(c.State), Rules: []string{"CL01"}, Payload: []byte(`{}`)}
	r.Seal(prev)
	c.Version, c.Head = r.Seq, r.Hash
	return r
}

func mustSave(t *testing.T, s clearance.Store, c *clearance.Case, prev int, recs []dandang.Record, evs []dandang.Event) {
	t.Helper()
	if err := s.Save(context.Background(), c, prev, recs, evs); err != nil {
		t.Fatalf("Save(%s, prev %d) = %v", c.ID, prev, err)
	}
}

func ids(cs []*clearance.Case) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// Clearance runs the clearance.Store conformance suite; newEnv returns a
// fresh, empty store each call.
func Clearance(t *testing.T, newEnv func(t *testing.T) ClearanceEnv) {
	ctx := context.Background()

	t.Run("SaveGetRoundTrip", func(t *testing.T) {
		env := newEnv(t)
		c, rec := newCase("c1", "s1", "o1", "330102")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		got, err := env.Store.Get(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Errorf("Get after Save (-saved +got):\n%s", diff)
		}
	})

	t.Run("SharesNoMemory", func(t *testing.T) {
		env := newEnv(t)
		c, rec := newCase("c1", "s1", "o1", "330102")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		c.Allegations[0].Summary = "changed by the caller after Save"
		c.Forms[0] = clearance.Meeting
		got, err := env.Store.Get(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Allegations[0].Summary != "拖延办案" || got.Forms[0] != clearance.Written {
			t.Errorf("the store shares memory with the saved case: %+v", got)
		}
		got.Allegations[0].Summary = "changed by the caller after Get"
		again, _ := env.Store.Get(ctx, "c1")
		if again.Allegations[0].Summary != "拖延办案" {
			t.Errorf("the store shares memory with a returned case")
		}
	})

	t.Run("GetUnknownIsNotFound", func(t *testing.T) {
		env := newEnv(t)
		if _, err := env.Store.Get(ctx, "nope"); !errors.Is(err, dandang.ErrNotFound) {
			t.Errorf("Get(unknown) = %v, want not found", err)
		}
		if _, err := env.Store.History(ctx, "nope"); !errors.Is(err, dandang.ErrNotFound) {
			t.Errorf("History(unknown) = %v, want not found", err)
		}
	})

	t.Run("StaleSaveConflictsAndWritesNothing", func(t *testing.T) {
		env := newEnv(t)
		c, rec := newCase("c1", "s1", "o1", "330102")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		a, b := c.Clone(), c.Clone()
		ra := next(a, &rec, "grade")
		a.Grade = clearance.Key
		mustSave(t, env.Store, a, 1, []dandang.Record{ra}, nil)

		rb := next(b, &rec, "plan")
		b.Scope = "stale"
		ev, _ := dandang.NewEvent("c1#2.0", clearance.Kind, "c1", t0, dandang.ClearanceCompleted{CaseID: "c1"})
		err := env.Store.Save(ctx, b, 1, []dandang.Record{rb}, []dandang.Event{ev})
		if !errors.Is(err, dandang.ErrConflict) {
			t.Fatalf("stale Save = %v, want conflict", err)
		}
		got, err := env.Store.Get(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Scope == "stale" || got.Grade != clearance.Key || got.Version != 2 {
			t.Errorf("after a stale save the case is %+v, want the winner's", got)
		}
		recs, _ := env.Store.History(ctx, "c1")
		if len(recs) != 2 || recs[1].Command != "grade" {
			t.Errorf("history after a stale save = %v, want open, grade", recs)
		}
		if pend, _ := env.Outbox.Pending(ctx, 10); len(pend) != 0 {
			t.Errorf("a stale save left events %v", pend)
		}
		dup, rdup := newCase("c1", "s1", "o1", "330102")
		if err := env.Store.Save(ctx, dup, 0, []dandang.Record{rdup}, nil); !errors.Is(err, dandang.ErrConflict) {
			t.Errorf("creating an existing case = %v, want conflict", err)
		}
	})

	t.Run("HistoryInOrderAndVerifies", func(t *testing.T) {
		env := newEnv(t)
		c, rec := newCase("c1", "s1", "o1", "330102")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		other, orec := newCase("c10", "s2", "o1", "330102") // an ID that c1 prefixes
		mustSave(t, env.Store, other, 0, []dandang.Record{orec}, nil)
		prev := rec
		for i := 0; i < 12; i++ {
			v := c.Version
			r := next(c, &prev, fmt.Sprintf("step%d", i))
			mustSave(t, env.Store, c, v, []dandang.Record{r}, nil)
			prev = r
		}
		recs, err := env.Store.History(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 13 {
			t.Fatalf("History has %d records, want 13", len(recs))
		}
		if err := dandang.VerifyHead(recs, c.Head); err != nil {
			t.Errorf("stored history does not verify: %v", err)
		}
		recs[0].Reason = "changed by the caller"
		again, _ := env.Store.History(ctx, "c1")
		if again[0].Reason != "" {
			t.Errorf("History shares memory with the caller")
		}
	})

	t.Run("EventsSavedWithTheCase", func(t *testing.T) {
		env := newEnv(t)
		c, rec := newCase("c1", "s1", "o1", "330102")
		ev, _ := dandang.NewEvent("c1#1.0", clearance.Kind, "c1", t0, dandang.ClearanceCompleted{CaseID: "c1"})
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, []dandang.Event{ev})
		pend, err := env.Outbox.Pending(ctx, 10)
		if err != nil || len(pend) != 1 || pend[0].ID != "c1#1.0" {
			t.Fatalf("Pending = %v, %v; want the saved event", pend, err)
		}
		if err := env.Outbox.MarkFailed(ctx, ev.ID, "handler down"); err != nil {
			t.Fatal(err)
		}
		if pend, _ := env.Outbox.Pending(ctx, 10); len(pend) != 1 || pend[0].Attempts != 1 {
			t.Errorf("after MarkFailed Pending = %v, want it pending with 1 attempt", pend)
		}
		if err := env.Outbox.MarkDelivered(ctx, ev.ID, t0); err != nil {
			t.Fatal(err)
		}
		if pend, _ := env.Outbox.Pending(ctx, 10); len(pend) != 0 {
			t.Errorf("after MarkDelivered Pending = %v, want none", pend)
		}
		if err := env.Outbox.MarkDelivered(ctx, "nope", t0); !errors.Is(err, dandang.ErrNotFound) {
			t.Errorf("MarkDelivered(unknown) = %v, want not found", err)
		}
	})

	t.Run("FindByIndexes", func(t *testing.T) {
		env := newEnv(t)
		mk := func(id, subject, organ, region string, state clearance.State, closed time.Time) {
			c, rec := newCase(id, subject, organ, region)
			c.State, c.ClosedAt = state, closed
			if !closed.IsZero() {
				c.Due = 0
			}
			mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		}
		may, jun, jul := time.Date(2023, 5, 10, 0, 0, 0, 0, dandang.China), time.Date(2023, 6, 10, 0, 0, 0, 0, dandang.China), time.Date(2023, 7, 10, 0, 0, 0, 0, dandang.China)
		mk("a", "s1", "o1", "330102", clearance.Opened, time.Time{})
		mk("b", "s1", "o2", "330781", clearance.Closed, may)
		mk("c", "s2", "o2", "330781", clearance.Closed, jun)
		mk("d", "s3", "o3", "330110", clearance.Declined, jul)
		mk("e", "s4", "o1", "330102", clearance.InReview, time.Time{})
		tests := []struct {
			name string
			f    clearance.Filter
			want []string
		}{
			{"all", clearance.Filter{}, []string{"a", "b", "c", "d", "e"}},
			{"subject", clearance.Filter{SubjectID: "s1"}, []string{"a", "b"}},
			{"organ", clearance.Filter{OrganID: "o2"}, []string{"b", "c"}},
			{"state", clearance.Filter{State: clearance.Closed}, []string{"b", "c"}},
			{"region", clearance.Filter{Region: "3301"}, []string{"a", "d", "e"}},
			{"period", clearance.Filter{ClosedFrom: jun, ClosedTo: jul}, []string{"c"}},
			{"since", clearance.Filter{ClosedFrom: jun}, []string{"c", "d"}},
			{"until", clearance.Filter{ClosedTo: jun}, []string{"b"}},
			{"period and region", clearance.Filter{ClosedFrom: may, Region: "3307"}, []string{"b", "c"}},
			{"organ and state", clearance.Filter{OrganID: "o1", State: clearance.InReview}, []string{"e"}},
			{"limit", clearance.Filter{Limit: 2}, []string{"a", "b"}},
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

	t.Run("OverdueByDeadline", func(t *testing.T) {
		env := newEnv(t)
		base := dandang.DayOf(t0)
		for i, due := range []int{5, 1, 3, 0} {
			c, rec := newCase(fmt.Sprintf("c%d", i), "s", "o1", "330102")
			c.Due = base + dandang.Day(due)
			if due == 0 {
				c.State, c.ClosedAt, c.Due = clearance.Closed, t0, 0
			}
			mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		}
		got, err := env.Store.Overdue(ctx, base+4)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"c1", "c2"}, ids(got)); diff != "" {
			t.Errorf("Overdue (-want +got):\n%s", diff)
		}
	})

	t.Run("RacingSavesOneWins", func(t *testing.T) {
		env := newEnv(t)
		c, rec := newCase("c1", "s1", "o1", "330102")
		mustSave(t, env.Store, c, 0, []dandang.Record{rec}, nil)
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				mine := c.Clone()
				r := next(mine, &rec, fmt.Sprintf("racer%d", i))
				errs[i] = env.Store.Save(ctx, mine, 1, []dandang.Record{r}, nil)
			}(i)
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, dandang.ErrConflict):
				t.Errorf("racing Save = %v, want nil or conflict", err)
			}
		}
		recs, _ := env.Store.History(ctx, "c1")
		if wins != 1 || len(recs) != 2 {
			t.Errorf("%d saves won and history has %d records; want 1 and 2", wins, len(recs))
		}
	})
}
