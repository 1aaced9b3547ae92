package postgres_test

import (
	"context"
	"sync"
	"testing"

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
func countedEnv(t *testing.T) (*env, *trips) {
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
	return newEnv(t, postgres.New(pool)), tr
}

// TestRoundTrips_Lifecycle counts the round trips of a case's lifecycle,
// open to closed in 10 commands, once the connection has prepared its
// statements: the open saves in one, and each later command reads the case
// once and saves it in one.
func TestRoundTrips_Lifecycle(t *testing.T) {
	e, tr := countedEnv(t)
	e.closed("warm")
	tr.take()
	e.closed("counted")
	n, by := tr.take()
	if want := 19; n != want {
		t.Errorf("a lifecycle took %d round trips, want %d: %v", n, want, by)
	}
	c := e.planned("one")
	tr.take()
	if _, err := e.svc.Propose(context.Background(), office, clearance.ProposeInput{Ref: ref(c)}); err != nil {
		t.Fatal(err)
	}
	if n, by := tr.take(); n != 2 {
		t.Errorf("a command took %d round trips, want 2: %v", n, by)
	}
}
