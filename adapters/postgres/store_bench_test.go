package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/jackc/pgx/v5"
)

// The store's save beside bare pgx doing the same round trip with plain
// INSERTs, in the same run:
//
//	BenchmarkStoreSave  one batch (history INSERT + case UPDATE), implicit transaction: 1 round trip
//	BenchmarkBare1      one batch of two plain INSERTs, implicit transaction:           1 round trip
//	BenchmarkBare2      a SELECT, then a batch of two plain INSERTs:                    2 round trips

var blob = strings.Repeat("x", 2048) // about a case's JSON
var small = strings.Repeat("y", 512) // about a history record

func BenchmarkStoreSave(b *testing.B) {
	ctx := context.Background()
	store := postgres.NewStore(fresh(b), storetest.Toys)
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
