package postgres_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/google/go-cmp/cmp"
)

// The same conformance suite as memdb, unchanged.
func TestClearanceStore(t *testing.T) {
	t.Parallel()
	storetest.Clearance(t, func(t *testing.T) storetest.ClearanceEnv {
		db := fresh(t)
		return storetest.ClearanceEnv{Store: db.Clearance(), Outbox: db.Outbox()}
	})
}

func TestMigrate_ConcurrentOnceThenNoOp(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name, url := schema(t)
	const n = 4
	applied := make([][]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		db := instance(t, url, name) // each its own pool, as instances starting at once
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			applied[i], errs[i] = db.Migrate(ctx)
		}(i)
	}
	wg.Wait()
	total := 0
	for i := range errs {
		if errs[i] != nil {
			t.Fatalf("Migrate %d: %v", i, errs[i])
		}
		total += len(applied[i])
	}
	if total != 1 {
		t.Errorf("migration 1 applied %d times across instances, want once: %v", total, applied)
	}
	again, err := instance(t, url, name).Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Errorf("Migrate again = %v, %v; want a no-op", again, err)
	}
}

func TestHistory_AppendOnlyInTheServer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	e := newEnv(t, db)
	c := e.closed("r1")
	for _, sql := range []string{
		"UPDATE history SET reason = 'rewritten' WHERE case_id = $1",
		"DELETE FROM history WHERE case_id = $1",
	} {
		_, err := db.Pool().Exec(ctx, sql, c.ID)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want the server to refuse", sql, err)
		}
	}
	if _, err := db.Pool().Exec(ctx, "TRUNCATE history"); err == nil {
		t.Errorf("TRUNCATE history succeeded")
	}
	if err := e.svc.Verify(ctx, c.ID); err != nil {
		t.Errorf("history after refused rewrites: %v", err)
	}
}

func TestBadRow_ReportedNamingTheCase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	e := newEnv(t, db)
	c := e.closed("r1")
	tests := []struct {
		name string
		sql  string
	}{
		{"unknown state", `UPDATE clearance_cases SET data = jsonb_set(data::jsonb, '{State}', '"lost"')::json WHERE id = $1`},
		{"subject emptied", `UPDATE clearance_cases SET data = jsonb_set(data::jsonb, '{Subject,Kind}', '""')::json WHERE id = $1`},
		{"column disagrees", `UPDATE clearance_cases SET state = 'opened' WHERE id = $1`},
		{"unknown field", `UPDATE clearance_cases SET data = (data::jsonb || '{"Injected": 1}')::json WHERE id = $1`},
		{"not an object", `UPDATE clearance_cases SET data = '[]' WHERE id = $1`},
	}
	for _, tt := range tests {
		if _, err := db.Pool().Exec(ctx, tt.sql, c.ID); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		_, err := db.Clearance().Get(ctx, c.ID)
		if dandang.ErrorCode(err) != dandang.Internal || !strings.Contains(err.Error(), c.ID) {
			t.Errorf("%s: Get = %v, want an internal error naming %s", tt.name, err, c.ID)
		}
		if _, err := e.svc.Find(ctx, clearanceFilterAll); err == nil {
			t.Errorf("%s: Find returned the bad row without an error", tt.name)
		}
		restore(t, db, c)
	}
}

func TestOverdue_ServedByIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	// Many closed cases and a few open ones, as a real table has.
	if _, err := db.Pool().Exec(ctx, `INSERT INTO clearance_cases (id, version, state, subject_id, organ_id, organ_region, due, closed_at, data)
		SELECT 'c' || g, 1, CASE WHEN g % 50 = 0 THEN 'opened' ELSE 'closed' END, 's' || g, 'o' || (g % 20), '3307',
			CASE WHEN g % 50 = 0 THEN 19000 + g % 300 END, CASE WHEN g % 50 <> 0 THEN now() END, '{}'
		FROM generate_series(1, 20000) g`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, "ANALYZE clearance_cases"); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Pool().Query(ctx, "EXPLAIN "+postgres.OverdueQuery, 19010)
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	rows.Close()
	t.Logf("EXPLAIN overdue:\n%s", strings.Join(plan, "\n"))
	if !strings.Contains(strings.Join(plan, "\n"), "clearance_cases_due") {
		t.Errorf("the overdue query does not use clearance_cases_due:\n%s", strings.Join(plan, "\n"))
	}
}

func TestOutbox_InstancesNeverShareAClaim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := twoInstances(t)
	var evs []dandang.Event
	for i := 0; i < 200; i++ {
		ev, _ := dandang.NewEvent(string(rune('A'+i%26))+strings.Repeat("x", i/26), "report", "r", t0, dandang.ReportConcluded{ReportID: "r"})
		evs = append(evs, ev)
	}
	if err := a.Outbox().Publish(ctx, evs...); err != nil {
		t.Fatal(err)
	}
	if err := a.Outbox().Publish(ctx, evs[0]); !errors.Is(err, dandang.ErrConflict) {
		t.Errorf("Publish(existing) = %v, want conflict", err)
	}
	// Two dispatchers, one per instance, deliver everything at once.
	var mu sync.Mutex
	seen := map[string]int{}
	handler := func(_ context.Context, e dandang.Event) error {
		mu.Lock()
		seen[e.ID]++
		mu.Unlock()
		return nil
	}
	var wg sync.WaitGroup
	for _, db := range []*postgres.DB{a, b} {
		d := dandang.NewDispatcher(db.Outbox(), dandang.SystemClock{})
		d.Handle(dandang.KindReportConcluded, handler)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.Dispatch(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(seen) != 200 {
		t.Errorf("%d events delivered, want 200", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s handed out %d times with no failure", id, n)
		}
	}
	if pend, _ := b.Outbox().Pending(ctx, 10); len(pend) != 0 {
		t.Errorf("pending after delivery: %v", pend)
	}
}

func TestOutbox_ClaimIsExclusiveUntilItsLeaseEnds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := twoInstances(t)
	ev, _ := dandang.NewEvent("e1", "report", "r", t0, dandang.ReportConcluded{ReportID: "r"})
	if err := a.Outbox().Publish(ctx, ev); err != nil {
		t.Fatal(err)
	}
	a.SetLease(0) // a's claims lapse at once, as if the instance died
	got, _ := a.Outbox().Pending(ctx, 10)
	if len(got) != 1 {
		t.Fatalf("a claimed %d, want 1", len(got))
	}
	got, _ = b.Outbox().Pending(ctx, 10) // b's claim lasts the default lease
	if len(got) != 1 {
		t.Fatalf("after a's lease ran out b claimed %d, want 1 (at least once)", len(got))
	}
	if again, _ := a.Outbox().Pending(ctx, 10); len(again) != 0 {
		t.Errorf("a claimed an event b holds: %v", again)
	}
	if diff := cmp.Diff([]string{"e1"}, ids(got)); diff != "" {
		t.Error(diff)
	}
}

// twoInstances returns two DBs, each with its own pool, on one migrated
// schema: two application instances sharing a database.
func twoInstances(t testing.TB) (*postgres.DB, *postgres.DB) {
	t.Helper()
	name, url := schema(t)
	a, b := instance(t, url, name), instance(t, url, name)
	if _, err := a.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a, b
}
