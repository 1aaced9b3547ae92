package postgres_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/audit"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/internal/goldenrows"
	"github.com/dandang/dandang/internal/walk"
	"github.com/google/go-cmp/cmp"
)

// v0Rows are the golden clearance rows stored before the data contract
// (internal/schema/testdata/rows), as the tables held them.
type v0Rows = goldenrows.Rows

// Migration 9 turns the bytea payloads into json: clearance rows stored
// before it, in contract 0, read back and verify (XC11), their payloads
// are the bytes they were, and SQL reads them as JSON.
func TestMigrate_XC11_JSONPayloadsKeepEarlierRowsVerifying(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	name, url := schema(t)
	db := instance(t, url, name)
	if _, err := db.Pool().Exec(ctx, `CREATE TABLE dandang_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("migrations/000[1-8]_*.sql")
	if err != nil || len(files) != 8 {
		t.Fatalf("migrations 1 to 8: %v, %v", files, err)
	}
	for i, f := range files { // a database at migration 8, as deployed before the contract
		sql, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Pool().Exec(ctx, string(sql)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if _, err := db.Pool().Exec(ctx, `INSERT INTO dandang_migrations (version, name) VALUES ($1, $2)`, i+1, filepath.Base(f)); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile("../../internal/schema/testdata/rows/v0-clearance.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows v0Rows
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	var organs []string
	for _, gc := range rows.Cases {
		var c clearance.Case
		if err := json.Unmarshal([]byte(gc.Data), &c); err != nil {
			t.Fatal(err)
		}
		m := c.Meta()
		var due *int32
		if m.Due != 0 {
			d := int32(m.Due)
			due = &d
		}
		var closed *time.Time
		if !m.ClosedAt.IsZero() {
			closed = &m.ClosedAt
		}
		if _, err := db.Pool().Exec(ctx, `INSERT INTO cases (kind, id, version, state, subject_ids, organ_id, organ_region, due, provisional, closed_at, priority, data)
			VALUES ('clearance', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::json)`,
			m.ID, m.Version, m.State, m.SubjectIDs, m.OrganID, m.OrganRegion, due, m.Provisional && due != nil, closed, m.Priority, gc.Data); err != nil {
			t.Fatal(err)
		}
		for _, r := range gc.History {
			var payload []byte // bytea, as migration 7 kept it
			if r.Payload != nil {
				payload = []byte(*r.Payload)
			}
			if _, err := db.Pool().Exec(ctx, `INSERT INTO history (case_kind, case_id, seq, at, actor, command, from_state, to_state, reason, rules, payload, state_hash, prev_hash, hash)
				VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
				r.CaseKind, r.CaseID, r.Seq, r.At, string(r.Actor), r.Command, r.From, r.To, r.Reason, r.Rules, payload, r.StateHash, r.PrevHash, r.Hash); err != nil {
				t.Fatal(err)
			}
		}
		organs = append(organs, m.OrganID)
	}
	for _, ev := range rows.Events {
		if _, err := db.Pool().Exec(ctx, `INSERT INTO outbox (id, kind, case_kind, case_id, at, payload) VALUES ($1, $2, $3, $4, $5, $6)`,
			ev.ID, ev.Kind, ev.CaseKind, ev.CaseID, ev.At, []byte(ev.Payload)); err != nil {
			t.Fatal(err)
		}
	}

	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{9, 10, 11, 12, 13}, applied); diff != "" {
		t.Errorf("Migrate applied (-want +got):\n%s", diff)
	}

	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	svc, err := clearance.NewService(clearance.Config{Store: postgres.NewStore(db, clearance.Cases), Directory: dir, Clock: dandang.NewFixedClock(walk.Start)})
	if err != nil {
		t.Fatal(err)
	}
	for i, gc := range rows.Cases {
		actor := dandang.Actor{ID: "auditor", Name: "auditor", Organ: dandang.Organ{ID: organs[i]}}
		if err := svc.Verify(ctx, actor, gc.ID); err != nil {
			t.Errorf("%s: a row stored before migration 9 does not verify: %v", gc.ID, err)
		}
		recs, err := svc.History(ctx, actor, gc.ID)
		if err != nil {
			t.Fatal(err)
		}
		for j, r := range recs {
			if want := gc.History[j].Payload; want != nil && string(r.Payload) != *want {
				t.Errorf("%s record %d: payload %s, want the bytes stored, %s", gc.ID, r.Seq, r.Payload, *want)
			}
		}
	}
	// A reporting query reads the payloads as JSON.
	var n int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM outbox WHERE json_typeof(payload) = 'object'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(rows.Events) {
		t.Errorf("%d outbox payloads read as JSON objects, want %d", n, len(rows.Events))
	}
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM history WHERE json_typeof(payload) = 'object'`).Scan(&n); err != nil || n == 0 {
		t.Errorf("%d history payloads read as JSON objects, %v; want some", n, err)
	}
	// Migration 10 makes every record stored before it a leaf of the log.
	tree, err := db.Log().Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM history`).Scan(&n); err != nil || tree.N != int64(n) || n == 0 {
		t.Errorf("log of %d leaves over %d records (%v); want one each", tree.N, n, err)
	}
	if err := audit.Verify(ctx, db.Log(), audit.Checkpoint{Origin: "test", Size: tree.N, Hash: tree.Hash}); err != nil {
		t.Errorf("XC01: records stored before migration 10 do not verify against the log: %v", err)
	}
}
