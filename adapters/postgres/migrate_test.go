package postgres_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Migration 2 moves the clearance cases of migration 1's table into cases,
// keeping every column and taking the priority from the case's data.
func TestMigrate_MovesClearanceCases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name, url := schema(t)
	db := instance(t, url, name)
	initSQL, err := os.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	// A database at migration 1, as deployed before migration 2.
	if _, err := db.Pool().Exec(ctx, string(initSQL)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool().Exec(ctx, `CREATE TABLE dandang_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
		INSERT INTO dandang_migrations (version, name) VALUES (1, '0001_init.sql');
		INSERT INTO clearance_cases (id, version, state, subject_id, organ_id, organ_region, due, closed_at, data) VALUES
			('r1/s1', 3, 'opened', 's1', 'o1', '330723', 19500, NULL, '{"ID": "r1/s1", "Priority": true, "Provisional": true}'),
			('r2/s2', 9, 'closed', 's2', 'o2', '330781', NULL, '2023-07-01T10:00:00+08:00', '{"ID": "r2/s2"}');
		INSERT INTO history (case_kind, case_id, seq, at, actor, command, from_state, to_state, reason, prev_hash, hash)
			VALUES ('clearance', 'r1/s1', 1, now(), '{}', 'open', '', 'opened', '', '', 'h1')`); err != nil {
		t.Fatal(err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, applied); diff != "" {
		t.Errorf("Migrate applied (-want +got):\n%s", diff)
	}
	type row struct {
		Kind, ID, State, Organ, Region string
		Version                        int
		Subjects                       []string
		Due                            *int32
		Provisional, Closed, Priority  bool
		Data                           string
	}
	rows, err := db.Pool().Query(ctx, `SELECT kind, id, state, organ_id, organ_region, version, subject_ids, due, provisional,
		closed_at IS NOT NULL, priority, data::text FROM cases ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.Kind, &r.ID, &r.State, &r.Organ, &r.Region, &r.Version, &r.Subjects, &r.Due, &r.Provisional,
			&r.Closed, &r.Priority, &r.Data); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	due := int32(19500)
	want := []row{
		{Kind: "clearance", ID: "r1/s1", State: "opened", Organ: "o1", Region: "330723", Version: 3, Subjects: []string{"s1"},
			Due: &due, Provisional: true, Priority: true, Data: `{"ID": "r1/s1", "Priority": true, "Provisional": true}`},
		{Kind: "clearance", ID: "r2/s2", State: "closed", Organ: "o2", Region: "330781", Version: 9, Subjects: []string{"s2"},
			Closed: true, Data: `{"ID": "r2/s2"}`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cases after migration 2 (-want +got):\n%s", diff)
	}
	var stateHash string
	if err := db.Pool().QueryRow(ctx, "SELECT state_hash FROM history WHERE case_id = 'r1/s1'").Scan(&stateHash); err != nil || stateHash != "" {
		t.Errorf("state_hash of an old record = %q, %v; want empty", stateHash, err)
	}
	var old *string
	if err := db.Pool().QueryRow(ctx, "SELECT to_regclass('clearance_cases')::text").Scan(&old); err != nil || old != nil {
		t.Errorf("clearance_cases after migration 2: %v, %v; want dropped", old, err)
	}
}

// Migration 3 gives every outbox event a state: delivered when it has a
// delivery time, pending otherwise.
func TestMigrate_OutboxStates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name, url := schema(t)
	db := instance(t, url, name)
	if _, err := db.Pool().Exec(ctx, `CREATE TABLE dandang_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	// A database at migration 2, as deployed before migration 3.
	for i, f := range []string{"0001_init.sql", "0002_cases.sql"} {
		sql, err := os.ReadFile("migrations/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Pool().Exec(ctx, string(sql)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Pool().Exec(ctx, "INSERT INTO dandang_migrations (version, name) VALUES ($1, $2)", i+1, f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Pool().Exec(ctx, `INSERT INTO outbox (id, kind, case_kind, case_id, at, payload, attempts, last_error, delivered_at) VALUES
		('done', 'report.concluded', 'report', 'r1', now(), '{}', 1, '', now()),
		('waiting', 'report.concluded', 'report', 'r2', now(), '{}', 2, 'down', NULL)`); err != nil {
		t.Fatal(err)
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, applied); diff != "" {
		t.Errorf("Migrate applied (-want +got):\n%s", diff)
	}
	evs, err := db.Outbox().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range evs {
		got[e.ID] = fmt.Sprintf("%s, %d attempts, %q", e.State, e.Attempts, e.LastError)
	}
	want := map[string]string{"done": `delivered, 1 attempts, ""`, "waiting": `pending, 2 attempts, "down"`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events after migration 3 (-want +got):\n%s", diff)
	}
}

// Migration 13 has the server compress a case's JSON with lz4 when it was
// built with it (and leaves pglz otherwise).
func TestMigrate_CaseDataCompressedWithLZ4(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	if _, err := db.Pool().Exec(ctx, "CREATE TEMP TABLE lz4_probe (d text COMPRESSION lz4)"); err != nil {
		t.Skipf("the server has no lz4: %v", err)
	}
	var method string
	if err := db.Pool().QueryRow(ctx, `SELECT attcompression::text FROM pg_attribute
		WHERE attrelid = 'cases'::regclass AND attname = 'data'`).Scan(&method); err != nil {
		t.Fatal(err)
	}
	if method != "l" {
		t.Errorf("cases.data compression = %q, want l (lz4)", method)
	}
}
