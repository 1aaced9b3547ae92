package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// trips counts the round trips a pool's connections make: each query,
// each batch (its statements travel together) and each statement prepared
// on its own.
type trips struct {
	mu sync.Mutex
	n  int
	by map[string]int
}

func (tr *trips) add(what string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.n++
	tr.by[what]++
}

func (tr *trips) take() (int, map[string]int) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	n, by := tr.n, tr.by
	tr.n, tr.by = 0, map[string]int{}
	return n, by
}

func (tr *trips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	tr.add("query: " + d.SQL)
	return ctx
}
func (tr *trips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (tr *trips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	tr.add("batch")
	return ctx
}
func (tr *trips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (tr *trips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}
func (tr *trips) TracePrepareStart(ctx context.Context, _ *pgx.Conn, d pgx.TracePrepareStartData) context.Context {
	tr.add("prepare: " + d.SQL)
	return ctx
}
func (tr *trips) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}

// countedEnv is a clearance service on one connection whose round trips
// are counted.
// The DB returned is a second instance on the same schema.
func countedEnv(t *testing.T) (*env, *trips, *postgres.DB) {
	t.Helper()
	db := fresh(t)
	cfg := db.Pool().Config()
	tr := &trips{by: map[string]int{}}
	cfg.ConnConfig.Tracer = tr
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return newEnv(t, postgres.New(pool)), tr, db
}

// TestRoundTrips_Lifecycle counts the round trips of a case's lifecycle,
// open to closed in 11 commands (the subject consulted before the proposal,
// CL17), once the connection has prepared its
// statements: one batch each. The store saved the case at the version each
// command names, so it reads nothing first; a command on a case it did not
// save reads it once.
func TestRoundTrips_Lifecycle(t *testing.T) {
	e, tr, db := countedEnv(t)
	warm := e.closed("warm")
	if _, err := e.svc.Get(context.Background(), office, warm.ID); err != nil {
		t.Fatal(err)
	}
	tr.take()
	e.closed("counted")
	n, by := tr.take()
	if want := 11; n != want {
		t.Errorf("a lifecycle took %d round trips, want %d: %v", n, want, by)
	}
	c := e.planned("one")
	tr.take()
	if _, err := e.svc.Propose(context.Background(), office, clearance.ProposeInput{Ref: ref(c)}); err != nil {
		t.Fatal(err)
	}
	if n, by := tr.take(); n != 1 {
		t.Errorf("a command took %d round trips, want 1: %v", n, by)
	}

	other := newEnv(t, db)
	c = other.planned("other")
	tr.take()
	if _, err := e.svc.Propose(context.Background(), office, clearance.ProposeInput{Ref: ref(c)}); err != nil {
		t.Fatal(err)
	}
	if n, by := tr.take(); n != 2 {
		t.Errorf("a command on a case another instance saved took %d round trips, want 2: %v", n, by)
	}
}

// TestTwoInstances_SavedCopyNeverWinsOverANewerSave: instance A saved a
// case at version 3; instance B moves it on to 4. A command through A that
// names version 3 starts from A's copy, but its save is conditional on
// version 3 and is refused with Conflict, writing nothing; named at 4 it
// runs on the case as B left it.
func TestTwoInstances_SavedCopyNeverWinsOverANewerSave(t *testing.T) {
	ctx := context.Background()
	dbA, dbB := twoInstances(t)
	a, b := newEnv(t, dbA), newEnv(t, dbB)
	c := a.planned("stale")
	moved := b.must(b.svc.Grade(ctx, office, clearance.GradeInput{Ref: ref(c), Grade: clearance.Key}))
	if _, err := a.svc.Propose(ctx, office, clearance.ProposeInput{Ref: ref(c)}); dandang.ErrorCode(err) != dandang.Conflict {
		t.Fatalf("Propose on the version A saved, after B moved on: %v, want Conflict", err)
	}
	recs, err := a.svc.History(ctx, office, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(recs), moved.Version; got != want {
		t.Errorf("history holds %d records after the refused command, want %d", got, want)
	}
	got := a.must(a.svc.Propose(ctx, office, clearance.ProposeInput{Ref: ref(moved)}))
	if got.Grade != clearance.Key || got.State != clearance.InReview {
		t.Errorf("Propose through A at B's version: grade %q, state %s; want %q, %s", got.Grade, got.State, clearance.Key, clearance.InReview)
	}
	if err := b.svc.Verify(ctx, office, c.ID); err != nil {
		t.Error(err)
	}
}
