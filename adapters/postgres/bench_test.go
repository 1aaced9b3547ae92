package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/clearance"
	"github.com/jackc/pgx/v5"
)

// The library's PostgreSQL paths beside bare pgx doing the same round trips
// with plain INSERTs, in the same run:
//
//	BenchmarkSave       one batch (history INSERT + case UPDATE), implicit transaction: 1 round trip
//	BenchmarkBare1      one batch of two plain INSERTs, implicit transaction:           1 round trip
//	BenchmarkCommand    a service command: the case read + its save:                    2 round trips
//	BenchmarkBare2      a SELECT, then a batch of two plain INSERTs:                    2 round trips
//	BenchmarkLifecycle  one case from open to closed, 12 commands:                     23 round trips
//	BenchmarkBareLifecycle  Bare2 eleven times and Bare1 once:                         23 round trips

var blob = strings.Repeat("x", 2048) // about a case's JSON
var small = strings.Repeat("y", 512) // about a history record

func BenchmarkSave(b *testing.B) {
	ctx := context.Background()
	db := fresh(b)
	e := newEnv(b, db)
	c := e.planned("bench")
	recs, _ := e.svc.History(ctx, office, c.ID)
	prev := recs[len(recs)-1]
	store := db.Clearance()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := dandang.Record{CaseKind: clearance.Kind, CaseID: c.ID, At: t0, Command: "grade", From: "opened", To: "opened", Payload: []byte(`{}`)}
		r.Seal(&prev)
		v := c.Version
		c.Version, c.Head = r.Seq, r.Hash
		if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
			b.Fatal(err)
		}
		prev = r
	}
}

func bare(b *testing.B) func(ctx context.Context, i int, read bool) {
	ctx := context.Background()
	db := fresh(b)
	if _, err := db.Pool().Exec(ctx, `CREATE TABLE bare_a (id bigint PRIMARY KEY, v text); CREATE TABLE bare_b (id bigint PRIMARY KEY, v text);
		INSERT INTO bare_a VALUES (-1, 'seed')`); err != nil {
		b.Fatal(err)
	}
	pool := db.Pool()
	return func(ctx context.Context, i int, read bool) {
		if read {
			var v string
			if err := pool.QueryRow(ctx, "SELECT v FROM bare_a WHERE id = -1").Scan(&v); err != nil {
				b.Fatal(err)
			}
		}
		batch := &pgx.Batch{}
		batch.Queue("INSERT INTO bare_a (id, v) VALUES ($1, $2)", i, blob)
		batch.Queue("INSERT INTO bare_b (id, v) VALUES ($1, $2)", i, small)
		if err := pool.SendBatch(ctx, batch).Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBare1(b *testing.B) {
	run := bare(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run(ctx, i, false)
	}
}

func BenchmarkBare2(b *testing.B) {
	run := bare(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run(ctx, i, true)
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

// BenchmarkLifecycle takes one case from open to closed: 10 commands in 19
// round trips (open saves only; each later command reads the case and saves).
func BenchmarkLifecycle(b *testing.B) {
	e := newEnv(b, fresh(b))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.closed(fmt.Sprintf("r%d", i))
	}
}

// BenchmarkBareLifecycle is BenchmarkLifecycle's floor: the same 19 round
// trips (10 saves, 9 of them after a read) with bare pgx and plain INSERTs.
func BenchmarkBareLifecycle(b *testing.B) {
	run := bare(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < 10; k++ {
			run(ctx, i*10+k, k > 0)
		}
	}
}
