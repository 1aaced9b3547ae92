package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

var t0 = time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)

var _ kit.Store[*storetest.Toy] = (*postgres.Store[*storetest.Toy])(nil)

// The same conformance suite as memdb, unchanged.
func TestStore(t *testing.T) {
	t.Parallel()
	storetest.Cases(t, func(t *testing.T) storetest.Env {
		db := fresh(t)
		return storetest.Env{
			Store:  postgres.NewStore(db, storetest.Toys),
			Other:  postgres.NewStore(db, storetest.Others),
			Outbox: db.Outbox(),
			Events: db.Outbox().All,
		}
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
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) < 5 {
		t.Fatalf("migration files %v, %v", files, err)
	}
	if total != len(files) {
		t.Errorf("migrations applied %d times across instances, want each of the %d once: %v", total, len(files), applied)
	}
	again, err := instance(t, url, name).Migrate(ctx)
	if err != nil || len(again) != 0 {
		t.Errorf("Migrate again = %v, %v; want a no-op", again, err)
	}
}

// saved saves a toy case of kind toy with id at version 3 and returns it.
func saved(t testing.TB, db *postgres.DB, id string) *storetest.Toy {
	t.Helper()
	ctx := context.Background()
	store := postgres.NewStore(db, storetest.Toys)
	c, rec := storetest.NewToy(storetest.ToyKind, id, "o1", "330723", "s1")
	if err := store.Save(ctx, c, 0, []dandang.Record{rec}, nil); err != nil {
		t.Fatal(err)
	}
	r2 := storetest.Next(storetest.ToyKind, c, &rec, "grade")
	r3 := storetest.Next(storetest.ToyKind, c, &r2, "plan")
	if err := store.Save(ctx, c, 1, []dandang.Record{r2, r3}, nil); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHistory_AppendOnlyInTheServer(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	c := saved(t, db, "c1")
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
	recs, err := postgres.NewStore(db, storetest.Toys).History(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := kit.Verify(storetest.ToyKind, c.ID, recs); err != nil || len(recs) != 3 {
		t.Errorf("history after refused rewrites: %d records, %v; want 3 that verify", len(recs), err)
	}
}

func TestBadRow_ReportedNamingTheCase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	c := saved(t, db, "c1")
	store := postgres.NewStore(db, storetest.Toys)
	tests := []struct {
		name string
		sql  string
	}{
		{"unknown state", `UPDATE cases SET data = jsonb_set(data::jsonb, '{state}', '"lost"')::json WHERE id = $1`},
		{"organ emptied", `UPDATE cases SET data = jsonb_set(data::jsonb, '{organ,id}', '""')::json WHERE id = $1`},
		{"subjects emptied", `UPDATE cases SET data = jsonb_set(data::jsonb, '{SubjectIDs}', '[]')::json WHERE id = $1`},
		{"column disagrees", `UPDATE cases SET version = 2 WHERE id = $1`},
		{"ID disagrees", `UPDATE cases SET data = jsonb_set(data::jsonb, '{id}', '"c2"')::json WHERE id = $1`},
		{"unknown field", `UPDATE cases SET data = (data::jsonb || '{"Injected": 1}')::json WHERE id = $1`},
		{"not an object", `UPDATE cases SET data = '[]' WHERE id = $1`},
	}
	for _, tt := range tests {
		if _, err := db.Pool().Exec(ctx, "UPDATE cases SET data = $2, version = 3 WHERE id = $1", c.ID, mustJSON(t, c)); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Get(ctx, c.ID); err != nil {
			t.Fatalf("%s: Get of the restored row = %v", tt.name, err)
		}
		if _, err := db.Pool().Exec(ctx, tt.sql, c.ID); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		_, err := store.Get(ctx, c.ID)
		if dandang.ErrorCode(err) != dandang.Internal || !strings.Contains(err.Error(), c.ID) {
			t.Errorf("%s: Get = %v, want an internal error naming %s", tt.name, err, c.ID)
		}
		if _, _, err := store.Load(ctx, c.ID); dandang.ErrorCode(err) != dandang.Internal {
			t.Errorf("%s: Load = %v, want an internal error", tt.name, err)
		}
		if _, err := store.Find(ctx, kit.Filter{}); dandang.ErrorCode(err) != dandang.Internal {
			t.Errorf("%s: Find = %v, want an internal error", tt.name, err)
		}
	}
}

// XC11: a key row added behind the library's back finds no case for it;
// the lookup reports the case it named, never returns it.
func TestBadKeyRow_ReportedNamingTheCase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	c := saved(t, db, "c1")
	store := postgres.NewStore(db, storetest.Toys)
	if _, err := db.Pool().Exec(ctx, `INSERT INTO case_keys (kind, case_id, name, value) VALUES ($1, $2, 'hash', 'forged')`,
		storetest.ToyKind, c.ID); err != nil {
		t.Fatal(err)
	}
	// The bad row is left out, and the error beside the result (which the
	// engine logs for the host, never shows a reader) names it.
	got, err := store.Find(ctx, kit.Filter{Keys: map[string][]string{"hash": {"forged"}}})
	var de *dandang.Error
	if !errors.As(err, &de) || de.Code != dandang.Internal || de.Rule != "XC11" || !strings.Contains(err.Error(), `"c1"`) {
		t.Errorf("Find by a forged key = %v, want an internal error [XC11] naming c1", err)
	}
	if got == nil || len(got) != 0 {
		t.Errorf("Find by a forged key = %v, want the cases read (none), the bad row left out", got)
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFind_ServedByIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	// Many closed cases and a few open ones, as a real table has, in two kinds.
	if _, err := db.Pool().Exec(ctx, `INSERT INTO cases (kind, id, version, state, subject_ids, organ_id, organ_region, due, provisional, closed_at, priority, data)
		SELECT CASE WHEN g % 2 = 0 THEN 'toy' ELSE 'toy2' END, 'c' || g, 1, CASE WHEN g % 50 = 0 THEN 'opened' ELSE 'closed' END,
			ARRAY['s' || g, 's' || (g + 1)], 'o' || (g % 20), '3307' || (g % 100),
			CASE WHEN g % 50 = 0 THEN 19000 + g % 300 END, g % 1000 = 0, CASE WHEN g % 50 <> 0 THEN now() - g * interval '1 hour' END,
			g % 7 = 0, '{}'
		FROM generate_series(1, 40000) g`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, "ANALYZE cases"); err != nil {
		t.Fatal(err)
	}
	day := dandang.Day(19010)
	now := time.Now()
	tests := []struct {
		name  string
		f     kit.Filter
		index string
	}{
		{"overdue", kit.Filter{DueBefore: day}, "cases_due"},
		{"overdue, first ten", kit.Filter{DueBefore: day, Limit: 10}, "cases_due"},
		{"provisional", kit.Filter{Provisional: true}, "cases_provisional"},
		{"subject", kit.Filter{SubjectID: "s123"}, "cases_subjects"},
		{"first page", kit.Filter{Limit: 20}, "cases_order"},
		{"overdue within reach", kit.Filter{DueBefore: day, OrganIDs: []string{"o0", "o10"}}, "cases_due"},
		// Stats: by closing time, then reach.
		{"closed in a period", kit.Filter{ClosedFrom: now.Add(-30 * time.Hour), ClosedTo: now.Add(-20 * time.Hour)}, "cases_closed"},
		{"closed in a period within reach", kit.Filter{ClosedFrom: now.Add(-30 * time.Hour), ClosedTo: now.Add(-20 * time.Hour), OrganIDs: []string{"o1", "o3"}}, "cases_closed"},
		{"closed in a period in a region", kit.Filter{ClosedFrom: now.Add(-30 * time.Hour), ClosedTo: now.Add(-20 * time.Hour), Region: "33071"}, "cases_closed"},
		{"closed since", kit.Filter{ClosedFrom: now.Add(-30 * time.Hour), Region: "3307"}, "cases_closed"},
	}
	for _, tt := range tests {
		sql, args := postgres.FindSQL(storetest.ToyKind, tt.f)
		rows, err := db.Pool().Query(ctx, "EXPLAIN "+sql, args...)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(plan, "\n"); !strings.Contains(got, tt.index) {
			t.Errorf("%s: the query does not use %s:\n%s\n%s", tt.name, tt.index, sql, got)
		}
	}
}

// A lookup by a secondary key reads the few key rows of its values through
// case_keys_lookup and each of their cases by its primary key, never a
// scan, with the planner's statistics current or not yet gathered (a table
// grown in bulk before autovacuum ran), whatever the other conditions.
func TestFind_KeysServedByIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	if _, err := db.Pool().Exec(ctx, `INSERT INTO cases (kind, id, version, state, subject_ids, organ_id, organ_region, due, provisional, closed_at, priority, data)
		SELECT CASE WHEN g % 2 = 0 THEN 'toy' ELSE 'toy2' END, 'c' || g, 1, CASE WHEN g % 50 = 0 THEN 'opened' ELSE 'closed' END,
			ARRAY['s' || g], 'o' || (g % 20), '3307' || (g % 100),
			CASE WHEN g % 50 = 0 THEN 19000 + g % 300 END, false, CASE WHEN g % 50 <> 0 THEN now() - g * interval '1 hour' END,
			g % 7 = 0, '{}'
		FROM generate_series(1, 40000) g;
		INSERT INTO case_keys (kind, case_id, name, value)
		SELECT CASE WHEN g % 2 = 0 THEN 'toy' ELSE 'toy2' END, 'c' || g, k.name, k.value
		FROM generate_series(1, 40000) g,
			LATERAL (VALUES ('hash', 'h' || g), ('month', to_char(date '2020-01-01' + (g % 60) * interval '1 month', 'YYYY-MM'))) AS k(name, value)`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		f    kit.Filter
	}{
		{"one value", kit.Filter{Keys: map[string][]string{"hash": {"h124"}}}},
		{"several values, organs", kit.Filter{Keys: map[string][]string{"hash": {"h124", "h126"}}, OrganIDs: []string{"o4", "o6"}}},
		{"a month, organs", kit.Filter{Keys: map[string][]string{"month": {"2021-01"}}, OrganIDs: []string{"o4"}}},
		{"two names, state", kit.Filter{Keys: map[string][]string{"hash": {"h124"}, "month": {"2020-05"}}, State: "opened"}},
		{"and subject, limit", kit.Filter{Keys: map[string][]string{"hash": {"h124"}}, SubjectID: "s124", Limit: 1}},
	}
	for _, analyzed := range []bool{false, true} {
		if analyzed {
			if _, err := db.Pool().Exec(ctx, "ANALYZE cases; ANALYZE case_keys"); err != nil {
				t.Fatal(err)
			}
		}
		for _, tt := range tests {
			sql, args := postgres.FindSQL(storetest.ToyKind, tt.f)
			rows, err := db.Pool().Query(ctx, "EXPLAIN "+sql, args...)
			if err != nil {
				t.Fatal(err)
			}
			plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(plan, "\n")
			// A value filtered rather than looked up means a scan of every
			// key of the name.
			if !strings.Contains(got, "case_keys_lookup") || !strings.Contains(got, "cases_pkey") ||
				strings.Contains(got, "Seq Scan") || strings.Contains(got, "value = ANY") {
				t.Errorf("%s (analyzed %v): the query does not look each value up in case_keys_lookup, then each case in cases_pkey:\n%s\n%s",
					tt.name, analyzed, sql, got)
			}
		}
	}
}

func TestOutbox_InstancesNeverShareAClaim(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := twoInstances(t)
	var evs []dandang.Event
	for i := 0; i < 200; i++ {
		ev, _ := kit.NewEvent(string(rune('A'+i%26))+strings.Repeat("x", i/26), "report", "r", t0, event.ReportConcluded{ReportID: "r"})
		evs = append(evs, ev)
	}
	if err := a.Outbox().Publish(ctx, evs...); err != nil {
		t.Fatal(err)
	}
	if err := a.Outbox().Publish(ctx, evs[0]); !errors.Is(err, dandang.Conflict) {
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
		d := dandang.NewDispatcher(db.Outbox(), dandang.DispatcherConfig{})
		d.Handle(event.KindReportConcluded, handler)
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
	if pend, _ := b.Outbox().Pending(ctx, t0, nil, 10); len(pend) != 0 {
		t.Errorf("pending after delivery: %v", pend)
	}
}

func TestOutbox_ClaimIsExclusiveUntilItsLeaseEnds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := twoInstances(t)
	ev, _ := kit.NewEvent("e1", "report", "r", t0, event.ReportConcluded{ReportID: "r"})
	if err := a.Outbox().Publish(ctx, ev); err != nil {
		t.Fatal(err)
	}
	a.SetLease(0) // a's claims lapse at once, as if the instance died
	got, _ := a.Outbox().Pending(ctx, t0, nil, 10)
	if len(got) != 1 {
		t.Fatalf("a claimed %d, want 1", len(got))
	}
	got, _ = b.Outbox().Pending(ctx, t0, nil, 10) // b's claim lasts the default lease
	if len(got) != 1 {
		t.Fatalf("after a's lease ran out b claimed %d, want 1 (at least once)", len(got))
	}
	if again, _ := a.Outbox().Pending(ctx, t0, nil, 10); len(again) != 0 {
		t.Errorf("a claimed an event b holds: %v", again)
	}
	if diff := cmp.Diff("e1", got[0].ID); diff != "" {
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

// Load and History read a case's records through history's primary key,
// never a scan of every case's records: they stay flat as the store grows
// (a join on the case row alone, whose key columns collate otherwise, kept
// the planner off that key).
func TestLoad_ServedByIndexes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	if _, err := db.Pool().Exec(ctx, `INSERT INTO cases (kind, id, version, state, subject_ids, organ_id, organ_region, priority, data)
			SELECT 'toy', 'c' || g, 4, 'opened', ARRAY['s' || g], 'o1', '330723', false, '{}' FROM generate_series(1, 5000) g;
		INSERT INTO history (case_kind, case_id, seq, at, actor, command, from_state, to_state, reason, rules, payload, state_hash, prev_hash, hash)
			SELECT 'toy', 'c' || g, s, now(), '{}', 'x', 'a', 'b', '', '{}', '{}', 'h', 'p', md5(g || '.' || s)
			FROM generate_series(1, 5000) g, generate_series(1, 4) s;
		ANALYZE cases; ANALYZE history`); err != nil {
		t.Fatal(err)
	}
	for name, sql := range map[string]string{"Load": postgres.LoadSQL, "History": postgres.HistorySQL} {
		rows, err := db.Pool().Query(ctx, "EXPLAIN "+sql, storetest.ToyKind, "c42")
		if err != nil {
			t.Fatal(err)
		}
		plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(plan, "\n"); strings.Contains(got, "Seq Scan on history") || !strings.Contains(got, "history_pkey") {
			t.Errorf("%s does not read history by its primary key:\n%s", name, got)
		}
	}
}
