package memdb_test

import (
	"context"
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// BenchmarkImport writes the same 3,000 replayed historical cases into a
// fresh DB: "batch" by Import, 1,000 cases of a process a transaction;
// "save" by Save, a transaction a case, as a command's save does. Each
// reports cases/s.
func BenchmarkImport(b *testing.B) {
	const n, batch = 3000, 1000
	r := storetest.Replay(b, n, 13, accusation.RandomKeys())
	acc, clr, tol, fu := r.Accusation, r.Clearance, r.Tolerance, r.FollowUp
	rate := func(b *testing.B) { b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "cases/s") }
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			db := memdb.New()
			importAll(b, memdb.NewStore(db, accusation.Cases), acc, batch)
			importAll(b, memdb.NewStore(db, clearance.Cases), clr, batch)
			importAll(b, memdb.NewStore(db, tolerance.Cases), tol, batch)
			importAll(b, memdb.NewStore(db, followup.Cases), fu, batch)
		}
		rate(b)
	})
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			db := memdb.New()
			saveAll(b, memdb.NewStore(db, accusation.Cases), acc)
			saveAll(b, memdb.NewStore(db, clearance.Cases), clr)
			saveAll(b, memdb.NewStore(db, tolerance.Cases), tol)
			saveAll(b, memdb.NewStore(db, followup.Cases), fu)
		}
		rate(b)
	})
}

func importAll[C kit.Stored[C]](b *testing.B, s *memdb.Store[C], cases []kit.Imported[C], batch int) {
	for i := 0; i < len(cases); i += batch {
		if _, err := s.Import(context.Background(), cases[i:min(i+batch, len(cases))]); err != nil {
			b.Fatal(err)
		}
	}
}

func saveAll[C kit.Stored[C]](b *testing.B, s *memdb.Store[C], cases []kit.Imported[C]) {
	for _, c := range cases {
		if err := s.Save(context.Background(), c.Case, 0, c.Records, nil); err != nil {
			b.Fatal(err)
		}
	}
}
