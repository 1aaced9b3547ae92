package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
)

// BenchmarkPair runs each of the store's paths and its bare-pgx floor
// (bareStore, the same rows and bytes in the same round trips) op by op,
// alternately, the order swapped every op, and reports each one's time
// and their ratio (target: at most 1.15). On a shared machine the time a
// commit takes drifts by a factor of two within seconds; pairing ops
// keeps the drift out of the ratio, where benchmarks run one after the
// other (StoreSave then BareSave) do not.
//
//	go test ./adapters/postgres -run '^$' -bench '^BenchmarkPair$' -benchtime 300x
func BenchmarkPair(b *testing.B) {
	ctx := context.Background()
	b.Run("Save", func(b *testing.B) {
		db := fresh(b)
		store := postgres.NewStore(db, storetest.Toys)
		cs, heads := toys(b, store)
		c := cs[0]
		next := *c
		r := storetest.Next(storetest.ToyKind, &next, &heads[0], "grade")
		sh := shape{data: mustJSON(b, &next), records: [][]byte{mustJSON(b, r)}}
		bare := newBare(b, db)
		versions := make([]int, len(cs))
		for k := range cs {
			bare.save(b, bare.pool, fmt.Sprintf("c%d", k), 0, sh)
			versions[k] = 1
		}
		pair(b, func(i int) {
			k := i % len(cs)
			c := cs[k]
			v := c.Version
			r := storetest.Next(storetest.ToyKind, c, &heads[k], "grade")
			if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
				b.Fatal(err)
			}
			heads[k] = r
		}, func(i int) {
			k := i % len(cs)
			bare.save(b, bare.pool, fmt.Sprintf("c%d", k), versions[k], sh)
			versions[k]++
		})
	})
	b.Run("Command", func(b *testing.B) {
		shapes, bare := bareShapes(b)
		e := newEnv(b, fresh(b))
		c := e.planned("bench")
		bare.save(b, bare.pool, "bench", 0, shapes[0])
		pair(b, func(int) {
			var err error
			if c, err = e.svc.Grade(ctx, office, clearance.GradeInput{Ref: ref(c), Grade: clearance.Key}); err != nil {
				b.Fatal(err)
			}
		}, func(i int) {
			bare.save(b, bare.pool, "bench", i+1, shapes[len(shapes)-1])
		})
	})
	b.Run("Lifecycle", func(b *testing.B) {
		shapes, bare := bareShapes(b)
		e := newEnv(b, fresh(b))
		pair(b, func(i int) {
			e.closed(fmt.Sprintf("r%d", i))
		}, func(i int) {
			id := fmt.Sprintf("r%d", i)
			v := 0
			for _, sh := range shapes[:len(shapes)-1] {
				bare.save(b, bare.pool, id, v, sh)
				v += len(sh.records)
			}
		})
	})
}

// pair runs store and bare b.N times each, alternately, and reports their
// times per op and the ratio of their sums.
func pair(b *testing.B, store, bare func(i int)) {
	var s, f time.Duration
	b.ResetTimer()
	for i := range b.N {
		if i%2 == 0 {
			t := time.Now()
			store(i)
			s += time.Since(t)
			t = time.Now()
			bare(i)
			f += time.Since(t)
		} else {
			t := time.Now()
			bare(i)
			f += time.Since(t)
			t = time.Now()
			store(i)
			s += time.Since(t)
		}
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(s.Nanoseconds())/float64(b.N), "store-ns/op")
	b.ReportMetric(float64(f.Nanoseconds())/float64(b.N), "bare-ns/op")
	b.ReportMetric(float64(s)/float64(f), "ratio")
}
