package memdb_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
)

// BenchmarkStoreSave saves one record on one of 1,000 open cases: the
// store's share of a command.
func BenchmarkStoreSave(b *testing.B) {
	ctx := context.Background()
	store := memdb.NewStore(memdb.New(), storetest.Toys)
	cs := make([]*storetest.Toy, 1000)
	heads := make([]dandang.Record, len(cs))
	for k := range cs {
		c, rec := storetest.NewToy(storetest.ToyKind, fmt.Sprintf("c%d", k), "o1", "330102", "s1", "s2")
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

// BenchmarkHeapClosedCases reports the heap in use, after GC, per closed
// case with a full history of 13 records (opened, 11 commands, closed),
// 10,000 of them on one DB.
func BenchmarkHeapClosedCases(b *testing.B) {
	const n, steps = 10000, 12
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		db := memdb.New()
		store := memdb.NewStore(db, storetest.Toys)
		for j := 0; j < n; j++ {
			c, rec := storetest.NewToy(storetest.ToyKind, fmt.Sprintf("r%d/s%d", j, j), "o1", "330102", fmt.Sprintf("s%d", j))
			if err := store.Save(ctx, c, 0, []dandang.Record{rec}, nil); err != nil {
				b.Fatal(err)
			}
			prev := rec
			for k := 0; k < steps; k++ {
				v := c.Version
				if k == steps-1 {
					c.State, c.ClosedAt, c.Due = storetest.ToyClosed, prev.At, 0
				}
				r := storetest.Next(storetest.ToyKind, c, &prev, fmt.Sprintf("step%d", k))
				if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
					b.Fatal(err)
				}
				prev = r
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B-live/case")
		runtime.KeepAlive(db)
	}
}
