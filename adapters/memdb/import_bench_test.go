package memdb_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/backfill"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

type collect[C kit.Stored[C]] struct{ got []kit.Imported[C] }

func (c *collect[C]) Import(_ context.Context, cases []kit.Imported[C]) ([]kit.ImportOutcome, error) {
	c.got = append(c.got, cases...)
	out := make([]kit.ImportOutcome, len(cases))
	for i := range out {
		out[i] = kit.ImportWritten
	}
	return out, nil
}

// BenchmarkImport writes the same 3,000 replayed historical cases into a
// fresh DB: "batch" by Import, 1,000 cases of a process a transaction;
// "save" by Save, a transaction a case, as a command's save does. Each
// reports cases/s.
func BenchmarkImport(b *testing.B) {
	const n, batch = 3000, 1000
	ctx := context.Background()
	var file bytes.Buffer
	if err := backfill.Generate(&file, n, 13); err != nil {
		b.Fatal(err)
	}
	dir, err := walk.Directory()
	if err != nil {
		b.Fatal(err)
	}
	acc, clr, tol, fu := &collect[*accusation.Case]{}, &collect[*clearance.Case]{}, &collect[*tolerance.Case]{}, &collect[*followup.Case]{}
	if sum, err := backfill.Run(ctx, backfill.Config{Directory: dir, Keys: accusation.RandomKeys(), Target: backfill.Target{Accusation: acc, Clearance: clr, Tolerance: tol, FollowUp: fu}}, &file); err != nil || sum.Imported != n {
		b.Fatalf("replay: %v", err)
	}
	rate := func(b *testing.B) { b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "cases/s") }
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			db := memdb.New()
			importAll(b, memdb.NewStore(db, accusation.Cases), acc.got, batch)
			importAll(b, memdb.NewStore(db, clearance.Cases), clr.got, batch)
			importAll(b, memdb.NewStore(db, tolerance.Cases), tol.got, batch)
			importAll(b, memdb.NewStore(db, followup.Cases), fu.got, batch)
		}
		rate(b)
	})
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			db := memdb.New()
			saveAll(b, memdb.NewStore(db, accusation.Cases), acc.got)
			saveAll(b, memdb.NewStore(db, clearance.Cases), clr.got)
			saveAll(b, memdb.NewStore(db, tolerance.Cases), tol.got)
			saveAll(b, memdb.NewStore(db, followup.Cases), fu.got)
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
