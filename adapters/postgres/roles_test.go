package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/kit"
	"github.com/jackc/pgx/v5"

	"github.com/dandang/dandang/adapters/postgres"
)

// The application's role inserts and reads history and cannot update,
// delete, truncate, alter or un-trigger it; migrations run as the owner.
func TestAppRole_XC01_HistoryOutOfReach(t *testing.T) {
	ctx := context.Background()
	name, url := schema(t)
	owner := instance(t, url, name)
	if _, err := owner.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	role := "dandang_app_" + hex.EncodeToString(b[:])
	if _, err := owner.Pool().Exec(ctx, "CREATE ROLE "+role+" LOGIN"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c := context.Background()
		_, _ = owner.Pool().Exec(c, "DROP OWNED BY "+role)
		_, _ = owner.Pool().Exec(c, "DROP ROLE "+role)
	})
	if err := owner.GrantApp(ctx, role); err != nil {
		t.Fatal(err)
	}
	appURL := withUser(t, url, role)
	app := instance(t, appURL, name)

	// The application works as its role: a case opens and verifies.
	e := newEnv(t, app)
	c := e.planned("r-role")
	if err := e.svc.Verify(ctx, office, c.ID); err != nil {
		t.Fatalf("Verify as the application role: %v", err)
	}
	// Its saves write the case's secondary keys and drop those it no longer
	// holds.
	toys := postgres.NewStore(app, storetest.Toys)
	toy, rec := storetest.NewToy(storetest.ToyKind, "t1", "o1", "330102", "s1")
	toy.Keys = map[string][]string{"hash": {"h1", "h2"}}
	if err := toys.Save(ctx, toy, 0, []dandang.Record{rec}, nil); err != nil {
		t.Fatalf("Save with keys as the application role: %v", err)
	}
	toy.Keys = map[string][]string{"hash": {"h2"}}
	if err := toys.Save(ctx, toy, 1, []dandang.Record{storetest.Next(storetest.ToyKind, toy, &rec, "drop")}, nil); err != nil {
		t.Fatalf("Save dropping a key as the application role: %v", err)
	}
	if got, err := toys.Find(ctx, kit.Filter{Keys: map[string][]string{"hash": {"h1"}}}); err != nil || len(got) != 0 {
		t.Errorf("Find by a dropped key as the application role = %d cases, %v; want none", len(got), err)
	}
	// Its saves queue their records, and its log reads number them (XC01).
	tree, err := app.Log().Tree(ctx)
	if err != nil {
		t.Fatalf("Tree as the application role: %v", err)
	}
	var records int64
	if err := owner.Pool().QueryRow(ctx, "SELECT count(*) FROM history WHERE leaf IS NOT NULL").Scan(&records); err != nil || tree.N != records || records == 0 {
		t.Errorf("Tree as the application role: %d leaves, %d records with one (%v)", tree.N, records, err)
	}
	if _, err := app.Pool().Exec(ctx, "UPDATE history SET leaf = leaf + 1"); err == nil {
		t.Error("the application role moved a record's leaf")
	}
	var recs []dandang.Record
	// Delivery works on the outbox's delivery columns alone.
	if err := app.Outbox().Publish(ctx, dandang.Event{ID: "role-ev", Kind: "toy.happened", CaseKind: storetest.ToyKind, CaseID: "t1",
		At: time.Now(), Payload: []byte(`{}`)}); err != nil {
		t.Fatalf("Publish as the application role: %v", err)
	}
	evs, err := app.Outbox().Pending(ctx, time.Now(), nil, 100)
	if err != nil || len(evs) == 0 {
		t.Fatalf("Pending as the application role: %d events, %v", len(evs), err)
	}
	for i, ev := range evs {
		mark := app.Outbox().MarkDelivered
		if i%2 == 1 {
			mark = func(ctx context.Context, id string, at time.Time) error {
				return app.Outbox().MarkFailed(ctx, id, "later", at.Add(time.Hour))
			}
		}
		if err := mark(ctx, ev.ID, time.Now()); err != nil {
			t.Errorf("marking %s as the application role: %v", ev.ID, err)
		}
	}
	for _, sql := range []string{
		"UPDATE history SET reason = 'rewritten'",
		"DELETE FROM history",
		"TRUNCATE history",
		"DELETE FROM cases",
		"UPDATE cases SET id = 'stolen'",
		"UPDATE cases SET kind = 'other'",
		"UPDATE outbox SET payload = '{}'::json",
		"UPDATE outbox SET case_id = 'other'",
		"UPDATE outbox SET kind = 'forged'",
		"DELETE FROM outbox",
		"DELETE FROM case_unique",
		"UPDATE case_unique SET case_id = 'other'",
		"INSERT INTO dandang_migrations (version, name) VALUES (999, 'forged')",
		"ALTER TABLE history DISABLE TRIGGER history_no_update_delete",
		"ALTER TABLE history ADD COLUMN note text",
		"DROP TABLE history",
	} {
		if _, err := app.Pool().Exec(ctx, sql); err == nil {
			t.Errorf("the application role ran %q", sql)
		} else if !strings.Contains(err.Error(), "permission denied") && !strings.Contains(err.Error(), "must be owner") {
			t.Errorf("%q refused for another reason: %v", sql, err)
		}
	}
	recs, err = e.svc.History(ctx, office, c.ID)
	if err != nil || len(recs) != c.Version {
		t.Errorf("history after the attempts: %d records, %v; want %d", len(recs), err, c.Version)
	}
	if _, err := postgres.AppGrants(name, "x; DROP TABLE cases"); err == nil {
		t.Errorf("AppGrants accepted a role name that is not plain")
	}
}

// withUser returns url with its user replaced by user.
func withUser(t testing.TB, url, user string) string {
	t.Helper()
	rest, ok := strings.CutPrefix(url, "postgres://")
	if !ok {
		t.Skipf("DANDANG_POSTGRES_URL %q is not a postgres:// URL", url)
	}
	if at := strings.IndexByte(rest, '@'); at >= 0 {
		rest = rest[at+1:]
	}
	return "postgres://" + user + "@" + rest
}

// A read that meets a connection killed under it is read again on a fresh
// connection: no Internal error a retry would have avoided.
func TestRead_ConnectionKilledIsReadAgain(t *testing.T) {
	ctx := context.Background()
	name, url := schema(t)
	db := instance(t, url, name)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	killer, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close(ctx)
	e := newEnv(t, db)
	c := e.planned("r-kill")
	for i := 0; i < 5; i++ {
		// Every idle connection of the pool is killed; the next read meets one.
		var pids []uint32
		for _, conn := range db.Pool().AcquireAllIdle(ctx) {
			pids = append(pids, conn.Conn().PgConn().PID())
			conn.Release()
		}
		if len(pids) == 0 {
			t.Fatal("no idle connection to kill")
		}
		if _, err := killer.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", pids); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Get(ctx, office, c.ID); err != nil {
			t.Fatalf("Get after the connections were killed: %v", err)
		}
		if _, err := e.svc.History(ctx, office, c.ID); err != nil {
			t.Fatalf("History after the connections were killed: %v", err)
		}
	}
}

// A command whose connections were killed under it neither fails with an
// Internal error nor saves twice: the read is read again, and a save whose
// connection was lost is checked by version before it is sent again.
func TestCommand_ConnectionsKilledNoInternalNoDouble(t *testing.T) {
	ctx := context.Background()
	name, url := schema(t)
	db := instance(t, url, name)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	killer, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close(ctx)
	e := newEnv(t, db)
	c := e.planned("r-kill2")
	for i := 0; i < 10; i++ {
		var pids []uint32
		for _, conn := range db.Pool().AcquireAllIdle(ctx) {
			pids = append(pids, conn.Conn().PgConn().PID())
			conn.Release()
		}
		if _, err := killer.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", pids); err != nil {
			t.Fatal(err)
		}
		next, err := e.svc.Grade(ctx, office, clearance.GradeInput{Ref: ref(c), Grade: clearance.Key, Note: fmt.Sprint(i)})
		if err != nil {
			t.Fatalf("command %d after the connections were killed: %v", i, err)
		}
		c = next
	}
	recs, err := e.svc.History(ctx, office, c.ID)
	if err != nil || len(recs) != c.Version {
		t.Fatalf("history: %d records, %v; want %d", len(recs), err, c.Version)
	}
	if err := e.svc.Verify(ctx, office, c.ID); err != nil {
		t.Errorf("Verify: %v", err)
	}
}
