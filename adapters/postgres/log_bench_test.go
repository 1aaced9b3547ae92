package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
)

// BenchmarkSaveLog prices the Merkle log: BenchmarkStoreSave's save of one
// record, with the leaf appended in the same transaction and without, in
// one run (target: the log adds at most 15%).
func BenchmarkSaveLog(b *testing.B) {
	for _, v := range []struct {
		name string
		db   func(*postgres.DB) *postgres.DB
	}{{"log", func(db *postgres.DB) *postgres.DB { return db }}, {"nolog", postgres.WithoutLog}} {
		b.Run(v.name, func(b *testing.B) {
			ctx := context.Background()
			store := postgres.NewStore(v.db(fresh(b)), storetest.Toys)
			cs := make([]*storetest.Toy, 100)
			heads := make([]dandang.Record, len(cs))
			for k := range cs {
				c, rec := storetest.NewToy(storetest.ToyKind, fmt.Sprintf("c%d", k), "o1", "330102", "s1", "s2")
				c.Notes = []string{blob[:1500]}
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
				r := storetest.Next(storetest.ToyKind, c, &heads[k], "grade")
				if err := store.Save(ctx, c, c.Version-1, []dandang.Record{r}, nil); err != nil {
					b.Fatal(err)
				}
				heads[k] = r
			}
		})
	}
}
