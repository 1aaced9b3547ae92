package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The store's paths beside a hand-rolled store on bare pgx that writes the
// same rows with the same bytes in the same round trips (bareStore), in
// the same run:
//
//	BenchmarkStoreSave      Store.Save of one record on a case of 100:         1 round trip
//	BenchmarkBareSave       the same case row and record, bare:                 1 round trip
//	BenchmarkCommand        clearance Grade on a case the store saved last:     1 round trip
//	BenchmarkBareCommand    the same rows as Grade's save, bare:                1 round trip
//	BenchmarkBareRead       a SELECT of the case, then BareCommand's save:      2 round trips
//	BenchmarkLifecycle      a clearance case open to closed, 11 commands:     11 round trips
//	BenchmarkBareLifecycle  the same 11 saves' rows, bare:                     11 round trips
//
// The store's round trips are counted by TestRoundTrips_Lifecycle (a
// command on a case another instance saved reads it first: 2 round trips,
// as BareRead). Each bare save is one batch, one implicit transaction:
// the case row inserted, or updated by primary key where its version is
// the one read (a row not updated fails the save), one row a record and
// one an event, each table with its primary key only. The bytes are the
// store's own: the case's JSON and each record's and event's JSON as the
// store's save wrote them (bareShapes). What the store writes beyond that
// floor is its own cost: the index columns and indexes of cases, the
// record's columns and the log's queue, the case's keys, the outbox's
// notification.

func BenchmarkStoreSave(b *testing.B) {
	ctx := context.Background()
	store := postgres.NewStore(fresh(b), storetest.Toys)
	cs, heads := toys(b, store)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(cs)
		c := cs[k]
		v := c.Version
		r := storetest.Next(storetest.ToyKind, c, &heads[k], "grade")
		if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
			b.Fatal(err)
		}
		heads[k] = r
	}
}

var blob = strings.Repeat("x", 2048)

// toys saves 100 toy cases of about a clearance case's size.
func toys(b *testing.B, store *postgres.Store[*storetest.Toy]) ([]*storetest.Toy, []dandang.Record) {
	ctx := context.Background()
	cs := make([]*storetest.Toy, 100)
	heads := make([]dandang.Record, len(cs))
	for k := range cs {
		c, rec := storetest.NewToy(storetest.ToyKind, fmt.Sprintf("c%d", k), "o1", "330102", "s1", "s2")
		c.Notes = []string{blob[:1500]} // about a case's JSON
		if err := store.Save(ctx, c, 0, []dandang.Record{rec}, nil); err != nil {
			b.Fatal(err)
		}
		cs[k], heads[k] = c, rec
	}
	return cs, heads
}

func BenchmarkBareSave(b *testing.B) {
	db := fresh(b)
	store := postgres.NewStore(db, storetest.Toys)
	cs, heads := toys(b, store)
	// The bytes of StoreSave's save: the case at its next version, and its record.
	c := cs[0]
	r := storetest.Next(storetest.ToyKind, c, &heads[0], "grade")
	sh := shape{data: mustJSON(b, c), records: [][]byte{mustJSON(b, r)}}
	bare := newBare(b, db)
	versions := make([]int, len(cs))
	for k := range cs {
		bare.save(b, bare.pool, fmt.Sprintf("c%d", k), 0, sh)
		versions[k] = 1
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(cs)
		bare.save(b, bare.pool, fmt.Sprintf("c%d", k), versions[k], sh)
		versions[k]++
	}
}

func BenchmarkCommand(b *testing.B) {
	ctx := context.Background()
	e := newEnv(b, fresh(b))
	c := e.planned("bench")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		if c, err = e.svc.Grade(ctx, office, clearance.GradeInput{Ref: ref(c), Grade: clearance.Key}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBareCommand writes the rows of BenchmarkCommand's save, bare.
func BenchmarkBareCommand(b *testing.B) {
	shapes, bare := bareShapes(b)
	sh := shapes[len(shapes)-1] // Grade's
	bare.save(b, bare.pool, "bench", 0, shapes[0])
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bare.save(b, bare.pool, "bench", i+1, sh)
	}
}

// BenchmarkBareRead is BenchmarkBareCommand with the case read first, as
// a command on a case another instance saved reads it.
func BenchmarkBareRead(b *testing.B) {
	ctx := context.Background()
	shapes, bare := bareShapes(b)
	sh := shapes[len(shapes)-1]
	bare.save(b, bare.pool, "bench", 0, shapes[0])
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var data []byte
		if err := bare.pool.QueryRow(ctx, "SELECT data FROM bare_cases WHERE kind = 'clearance' AND id = 'bench'").Scan(&data); err != nil {
			b.Fatal(err)
		}
		bare.save(b, bare.pool, "bench", i+1, sh)
	}
}

// BenchmarkLifecycle takes one case from open to closed: 11 commands in 11
// round trips (the store saved the case at the version each command names,
// so it reads nothing first).
func BenchmarkLifecycle(b *testing.B) {
	e := newEnv(b, fresh(b))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.closed(fmt.Sprintf("r%d", i))
	}
}

// BenchmarkBareLifecycle writes, bare, the rows of the 11 saves of
// BenchmarkLifecycle's case.
func BenchmarkBareLifecycle(b *testing.B) {
	shapes, bare := bareShapes(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := fmt.Sprintf("r%d", i)
		v := 0
		for _, sh := range shapes[:len(shapes)-1] {
			bare.save(b, bare.pool, id, v, sh)
			v += len(sh.records)
		}
	}
}

// shape is what one save writes: the case's JSON, each record's and each
// event's.
type shape struct {
	data            []byte
	records, events [][]byte
}

// bareShapes takes a clearance case through the store from open to closed,
// as BenchmarkLifecycle does, then grades another, and returns the rows
// each save wrote (the 11 of the lifecycle, then Grade's), with a bare
// store on the same database.
func bareShapes(b *testing.B) ([]shape, *bareStore) {
	b.Helper()
	ctx := context.Background()
	db := fresh(b)
	svc, err := clearance.NewService(clearance.Config{Store: postgres.NewStore(db, clearance.Cases),
		Clock: dandang.NewFixedClock(t0), Directory: directory})
	if err != nil {
		b.Fatal(err)
	}
	var shapes []shape
	seen := map[string]int{} // events of each case taken
	take := func(c *clearance.Case) {
		s := shape{data: mustJSON(b, c)}
		rows, err := db.Pool().Query(ctx, `SELECT row_to_json(h)::text FROM history h WHERE case_id = $1 AND seq = $2`, c.ID, c.Version)
		if err != nil {
			b.Fatal(err)
		}
		if s.records, err = pgx.CollectRows(rows, pgx.RowTo[[]byte]); err != nil {
			b.Fatal(err)
		}
		rows, err = db.Pool().Query(ctx, `SELECT payload::text FROM outbox WHERE case_id = $1 ORDER BY ctid OFFSET $2`, c.ID, seen[c.ID])
		if err != nil {
			b.Fatal(err)
		}
		if s.events, err = pgx.CollectRows(rows, pgx.RowTo[[]byte]); err != nil {
			b.Fatal(err)
		}
		seen[c.ID] += len(s.events)
		shapes = append(shapes, s)
	}
	var lat []time.Duration
	if err := lifecycle(ctx, svc, "shape", &lat, take); err != nil {
		b.Fatal(err)
	}
	if len(shapes) != 11 {
		b.Fatalf("a lifecycle of %d saves, want 11", len(shapes))
	}
	e := &env{t: b, svc: svc}
	c, err := svc.Grade(ctx, office, clearance.GradeInput{Ref: ref(e.planned("graded")), Grade: clearance.Key})
	if err != nil {
		b.Fatal(err)
	}
	take(c)
	return shapes, newBare(b, db)
}

// bareStore is the floor of a save: a hand-rolled store on bare pgx that
// writes the same rows in one batch.
type bareStore struct {
	pool *pgxpool.Pool
	n    int
}

func newBare(b *testing.B, db *postgres.DB) *bareStore {
	b.Helper()
	if _, err := db.Pool().Exec(context.Background(), `
		CREATE TABLE bare_cases (kind text, id text, version integer NOT NULL, data json NOT NULL, PRIMARY KEY (kind, id));
		CREATE TABLE bare_history (case_kind text, case_id text, seq integer, record json NOT NULL, PRIMARY KEY (case_kind, case_id, seq));
		CREATE TABLE bare_outbox (id text PRIMARY KEY, payload json NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	return &bareStore{pool: db.Pool()}
}

// save writes sh as the case id's save on prev (0: a new case) in one
// batch, and fails b unless the case row was at prev.
func (s *bareStore) save(b *testing.B, q *pgxpool.Pool, id string, prev int, sh shape) {
	ctx := context.Background()
	batch := &pgx.Batch{}
	if prev == 0 {
		batch.Queue("INSERT INTO bare_cases (kind, id, version, data) VALUES ('clearance', $1, $2, $3)", id, prev+len(sh.records), sh.data)
	} else {
		batch.Queue("UPDATE bare_cases SET version = $2, data = $3 WHERE kind = 'clearance' AND id = $1 AND version = $4", id, prev+len(sh.records), sh.data, prev)
	}
	for i, r := range sh.records {
		batch.Queue("INSERT INTO bare_history (case_kind, case_id, seq, record) VALUES ('clearance', $1, $2, $3)", id, prev+i+1, r)
	}
	for _, e := range sh.events {
		s.n++
		batch.Queue("INSERT INTO bare_outbox (id, payload) VALUES ($1, $2)", fmt.Sprintf("%s-%d", id, s.n), e)
	}
	br := q.SendBatch(ctx, batch)
	tag, err := br.Exec()
	if err == nil && tag.RowsAffected() != 1 {
		err = fmt.Errorf("case %s not at version %d", id, prev)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
}
