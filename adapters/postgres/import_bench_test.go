package postgres_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/backfill"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
)

// BenchmarkImport compares, on the same generated historical cases
// (DANDANG_IMPORT_N of them, 1000 by default), in batches of 1000 cases
// of a process, as backfill.Run writes them:
//
//   - copy: a raw COPY of the rows Import writes, built beforehand, into
//     the same tables (the floor);
//   - import: postgres.Store.Import of the cases already replayed (what
//     each case is checked against in the store, the leaves, COPY);
//   - run: the whole import of the file (backfill.Run: decode, replay
//     through the services, Store.Import).
//
// Each reports cases/s; the ratio of import and run to copy is what the
// issue asks to keep at 0.5 or above.
func BenchmarkImport(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("DANDANG_IMPORT_N")); err == nil && v > 0 {
		n = v
	}
	const batch = 1000
	ctx := context.Background()
	keys, err := accusation.NewMemoryKeys("k1", bytes.Repeat([]byte{9}, 32))
	if err != nil {
		b.Fatal(err)
	}
	r := storetest.Replay(b, n, 11, keys)
	acc, clr, tol, fu := r.Accusation, r.Clearance, r.Tolerance, r.FollowUp
	// Batches of each process, as Run writes them.
	type chunk struct {
		accs []kit.Imported[*accusation.Case]
		clrs []kit.Imported[*clearance.Case]
		tols []kit.Imported[*tolerance.Case]
		fus  []kit.Imported[*followup.Case]
	}
	var chunks []chunk
	{
		cut := func(n, i int) (int, int) { return min(i, n), min(i+batch, n) }
		for i := 0; i < max(len(acc), len(clr), len(tol), len(fu)); i += batch {
			a0, a1 := cut(len(acc), i)
			c0, c1 := cut(len(clr), i)
			t0, t1 := cut(len(tol), i)
			f0, f1 := cut(len(fu), i)
			chunks = append(chunks, chunk{acc[a0:a1], clr[c0:c1], tol[t0:t1], fu[f0:f1]})
		}
	}
	rate := func(b *testing.B) { b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "cases/s") }

	b.Run("copy", func(b *testing.B) {
		var rows []*postgres.Rows
		leaf := int64(0)
		for _, ch := range chunks {
			accs, clrs, tols := ch.accs, ch.clrs, ch.tols
			ra, err := postgres.RowsOf(accusation.Kind, accs, leaf)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range accs {
				leaf += int64(len(c.Records))
			}
			rc, err := postgres.RowsOf(clearance.Kind, clrs, leaf)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range clrs {
				leaf += int64(len(c.Records))
			}
			rt, err := postgres.RowsOf(tolerance.Kind, tols, leaf)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range tols {
				leaf += int64(len(c.Records))
			}
			rf, err := postgres.RowsOf(followup.Kind, ch.fus, leaf)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range ch.fus {
				leaf += int64(len(c.Records))
			}
			rows = append(rows, ra, rc, rt, rf)
		}
		for b.Loop() {
			b.StopTimer()
			db := fresh(b)
			b.StartTimer()
			for _, r := range rows {
				if err := postgres.RawCopy(ctx, db, r); err != nil {
					b.Fatal(err)
				}
			}
		}
		rate(b)
	})
	b.Run("import", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := fresh(b)
			as, cs, ts, fs := postgres.NewStore(db, accusation.Cases), postgres.NewStore(db, clearance.Cases), postgres.NewStore(db, tolerance.Cases), postgres.NewStore(db, followup.Cases)
			b.StartTimer()
			for _, ch := range chunks {
				accs, clrs, tols := ch.accs, ch.clrs, ch.tols
				if _, err := as.Import(ctx, accs); err != nil {
					b.Fatal(err)
				}
				if _, err := cs.Import(ctx, clrs); err != nil {
					b.Fatal(err)
				}
				if _, err := ts.Import(ctx, tols); err != nil {
					b.Fatal(err)
				}
				if _, err := fs.Import(ctx, ch.fus); err != nil {
					b.Fatal(err)
				}
			}
		}
		rate(b)
	})
	b.Run("run", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := fresh(b)
			target := backfill.Target{Accusation: postgres.NewStore(db, accusation.Cases), Clearance: postgres.NewStore(db, clearance.Cases), Tolerance: postgres.NewStore(db, tolerance.Cases), FollowUp: postgres.NewStore(db, followup.Cases)}
			b.StartTimer()
			sum, err := backfill.Run(ctx, backfill.Config{Directory: r.Directory, Keys: keys, Target: target, Batch: batch}, bytes.NewReader(r.File))
			if err != nil || sum.Imported != n {
				b.Fatalf("%v: %d of %d", err, sum.Imported, n)
			}
		}
		rate(b)
	})
}
