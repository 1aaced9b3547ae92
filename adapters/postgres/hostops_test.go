package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// named opens, on a fresh migrated schema, an instance whose connections
// carry the schema's name as their application name, so that the test can
// find its own listener among the server's backends.
func named(t testing.TB) (*postgres.DB, string) {
	t.Helper()
	name, url := schema(t)
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = name
	cfg.ConnConfig.RuntimeParams["application_name"] = name
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	db := postgres.New(pool)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, name
}

// listener waits until the outbox listener of the instance named app
// listens, other than the backend not, and returns its backend's PID.
func listener(t testing.TB, db *postgres.DB, app string, not int) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var pid int
		err := db.Pool().QueryRow(context.Background(), `SELECT pid FROM pg_stat_activity
			WHERE application_name = $1 AND query LIKE 'LISTEN%' AND pid <> $2`, app+" (outbox listener)", not).Scan(&pid)
		if err == nil {
			return pid
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no outbox listener of %s", app)
	return 0
}

// delivery records the events a handler got and tells each as it comes.
type delivery struct {
	mu  sync.Mutex
	got map[string]bool
	ch  chan string
}

func newDelivery() *delivery { return &delivery{got: map[string]bool{}, ch: make(chan string, 100)} }

func (d *delivery) handle(_ context.Context, e dandang.Event) error {
	d.mu.Lock()
	d.got[e.ID] = true
	d.mu.Unlock()
	d.ch <- e.ID
	return nil
}

// wait waits up to within for the event id to be delivered.
func (d *delivery) wait(t testing.TB, id string, within time.Duration) {
	t.Helper()
	timeout := time.After(within)
	for {
		d.mu.Lock()
		ok := d.got[id]
		d.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-d.ch:
		case <-timeout:
			t.Fatalf("event %s not delivered within %v", id, within)
		}
	}
}

func publish(t testing.TB, db *postgres.DB, id string) {
	t.Helper()
	ev, err := kit.NewEvent(id, "report", id, t0, event.ReportConcluded{ReportID: id})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Outbox().Publish(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
}

// run starts d.Run and returns the function that stops it and returns
// Run's error.
func run(t testing.TB, d *dandang.Dispatcher) func() error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	stop := sync.OnceValue(func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("Run did not return after its context was canceled")
		}
	})
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	return stop
}

// Run delivers an event written after it started at once, woken by the
// NOTIFY the write sent in its transaction: its poll is an hour away.
func TestDispatcherRun_WokenByNotify(t *testing.T) {
	t.Parallel()
	db, app := named(t)
	got := newDelivery()
	d := dandang.NewDispatcher(db.Outbox(), dandang.DispatcherConfig{PollInterval: time.Hour})
	d.Handle(event.KindReportConcluded, got.handle)
	stop := run(t, d)
	listener(t, db, app, 0)
	publish(t, db, "e1")
	got.wait(t, "e1", 5*time.Second)
	publish(t, db, "e2")
	got.wait(t, "e2", 5*time.Second)
	if err := stop(); err != nil {
		t.Errorf("Run after cancel = %v, want nil", err)
	}
}

// When the listening connection is killed, polling goes on delivering, and
// the listener connects again and wakes Run as before.
func TestDispatcherRun_ListenerKilledRecovers(t *testing.T) {
	t.Parallel()
	db, app := named(t)
	got := newDelivery()
	d := dandang.NewDispatcher(db.Outbox(), dandang.DispatcherConfig{PollInterval: 200 * time.Millisecond})
	d.Handle(event.KindReportConcluded, got.handle)
	run(t, d)
	pid := listener(t, db, app, 0)
	var killed bool
	if err := db.Pool().QueryRow(context.Background(), "SELECT pg_terminate_backend($1)", pid).Scan(&killed); err != nil || !killed {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", pid, killed, err)
	}
	publish(t, db, "while-down")
	got.wait(t, "while-down", 5*time.Second)
	again := listener(t, db, app, pid)
	if again == pid {
		t.Fatalf("listener still on the killed backend %d", pid)
	}
	publish(t, db, "after")
	got.wait(t, "after", 5*time.Second)
}

// A command run on postgres.WithTx commits or rolls back with the host's
// own row: rolled back, neither the host's row nor the case's change, its
// history record or its event exist; committed, all of them do and the
// history verifies (XC11).
func TestWithTx_CommandCommitsWithHostRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	if _, err := db.Pool().Exec(ctx, "CREATE TABLE host_docs (id text PRIMARY KEY, case_id text NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, db)
	for _, commit := range []bool{false, true} {
		t.Run(fmt.Sprintf("commit=%v", commit), func(t *testing.T) {
			e := &env{t: t, svc: e.svc}
			c := e.ready(fmt.Sprintf("tx-%v", commit))
			before, err := e.svc.History(ctx, office, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			tx, err := db.Pool().Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
			if _, err := tx.Exec(ctx, "INSERT INTO host_docs VALUES ($1, $2)", "doc-"+c.ID, c.ID); err != nil {
				t.Fatal(err)
			}
			closed, err := e.svc.Close(postgres.WithTx(ctx, tx), office, clearance.CloseInput{Ref: ref(c)})
			if err != nil {
				t.Fatal(err)
			}
			// Not seen outside the transaction before it commits.
			if outside, err := e.svc.Get(ctx, office, c.ID); err != nil || outside.Version != c.Version {
				t.Fatalf("outside the tx: version %v, %v; want %d", outside.Version, err, c.Version)
			}
			if commit {
				if err := tx.Commit(ctx); err != nil {
					t.Fatal(err)
				}
			} else if err := tx.Rollback(ctx); err != nil {
				t.Fatal(err)
			}

			var docs int
			if err := db.Pool().QueryRow(ctx, "SELECT count(*) FROM host_docs WHERE case_id = $1", c.ID).Scan(&docs); err != nil {
				t.Fatal(err)
			}
			got, err := e.svc.Get(ctx, office, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := e.svc.History(ctx, office, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var events int
			if err := db.Pool().QueryRow(ctx, "SELECT count(*) FROM outbox WHERE case_id = $1 AND kind = $2",
				c.ID, string(event.KindClearanceCompleted)).Scan(&events); err != nil {
				t.Fatal(err)
			}
			want := struct{ docs, version, records, events int }{0, c.Version, len(before), 0}
			if commit {
				want = struct{ docs, version, records, events int }{1, closed.Version, len(before) + 1, 1}
			}
			if have := (struct{ docs, version, records, events int }{docs, got.Version, len(recs), events}); have != want {
				t.Errorf("after the tx: %+v, want %+v", have, want)
			}
			if err := e.svc.Verify(ctx, office, c.ID); err != nil {
				t.Errorf("history does not verify: %v", err)
			}
		})
	}
}

// Two host transactions run the same command on one case version: the
// version check still applies inside them. The second waits for the
// first's row and, once the first commits, is refused with a Conflict by
// the database; the refused save is rolled back to its savepoint alone, so
// the host's transaction stays usable and commits its own row.
func TestWithTx_VersionCheckKeepsHostTx(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	if _, err := db.Pool().Exec(ctx, "CREATE TABLE host_docs (id text PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, db)
	c := e.ready("tx-race")
	begin := func(doc string) pgx.Tx {
		tx, err := db.Pool().Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = tx.Rollback(ctx) })
		if _, err := tx.Exec(ctx, "INSERT INTO host_docs VALUES ($1)", doc); err != nil {
			t.Fatal(err)
		}
		return tx
	}
	first, second := begin("first"), begin("second")
	if _, err := e.svc.Close(postgres.WithTx(ctx, first), office, clearance.CloseInput{Ref: ref(c)}); err != nil {
		t.Fatal(err)
	}
	refused := make(chan error, 1)
	go func() {
		_, err := e.svc.Close(postgres.WithTx(ctx, second), office, clearance.CloseInput{Ref: ref(c)})
		refused <- err
	}()
	select {
	case err := <-refused:
		t.Fatalf("the second Close returned before the first committed: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	if err := first.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-refused; dandang.ErrorCode(err) != dandang.Conflict {
		t.Fatalf("second Close = %v, want Conflict", err)
	}
	if err := second.Commit(ctx); err != nil {
		t.Fatalf("commit after the refusal: %v", err)
	}
	var docs []string
	rows, err := db.Pool().Query(ctx, "SELECT id FROM host_docs ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	docs, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(docs) != "[first second]" {
		t.Errorf("host rows = %v, want [first second]", docs)
	}
	recs, err := e.svc.History(ctx, office, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(recs); recs[n-1].Seq != c.Version+1 || recs[n-1].Command != "close" {
		t.Errorf("last record = %d %s, want the one close at %d", recs[n-1].Seq, recs[n-1].Command, c.Version+1)
	}
	if err := e.svc.Verify(ctx, office, c.ID); err != nil {
		t.Errorf("history does not verify: %v", err)
	}
}
