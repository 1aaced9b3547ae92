package accusation_test

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
)

// BenchmarkReceive measures intake with screening on stores of two sizes:
// the lookups go through the index on the content hash and the pseudonym,
// so the time per report stays flat as the store grows.
func BenchmarkReceive(b *testing.B) {
	for _, size := range []int{1_000, 20_000} {
		b.Run(fmt.Sprintf("stored=%d", size), func(b *testing.B) {
			e := newEnv(b)
			for i := range size {
				in := report(fmt.Sprintf("s%07d", i), false)
				e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: fmt.Sprintf("第%d件", i)}))
			}
			n := 0
			b.ResetTimer()
			for i := range b.N {
				n++
				in := report(fmt.Sprintf("b%07d-%d", i, n), true)
				id := liu
				id.IDNumber = fmt.Sprint(n)
				if _, err := e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: id, Text: fmt.Sprintf("新举报%d", n)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFind measures one command on a verified report.
func BenchmarkFind(b *testing.B) {
	e := newEnv(b)
	c := e.verifying("r1")
	b.ResetTimer()
	for i := range b.N {
		f := dandang.Unfounded
		if i%2 == 1 {
			f = dandang.Substantiated
		}
		c = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: "a1", Finding: f}))
	}
}

// BenchmarkScreening screens one new report against a store of 10,000
// reports, then against the same store grown to 1,000,000, built once
// outside the timer (about two minutes and 14 GB on two quiet cores; set
// DANDANG_BENCH_REPORTS to a smaller size on a smaller machine). "receive"
// is the whole intake, screening included; "identical" is the screening
// lookup alone, through the index on the content hash, of a text three
// stored reports share. Both stay flat as the store grows (AC05).
func BenchmarkScreening(b *testing.B) {
	large := 1_000_000
	if v := os.Getenv("DANDANG_BENCH_REPORTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 10_000 {
			b.Fatalf("DANDANG_BENCH_REPORTS=%q: a number of at least 10000", v)
		}
		large = n
	}
	e := newEnv(b)
	stored := 0
	grow := func(to int) {
		start := time.Now()
		for ; stored < to; stored++ {
			in := report(fmt.Sprintf("s%08d", stored), stored%10 == 0)
			conf := accusation.Confidential{Text: fmt.Sprintf("第%d件", stored)}
			if stored < 3 {
				conf.Text = "三人同文"
			}
			if in.Named {
				conf.Reporter = accusation.Identity{Name: "举报人", IDNumber: fmt.Sprint(stored)}
			}
			if _, err := e.svc.Receive(ctx, cPetition, in, conf); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("store grown to %d reports in %s", stored, time.Since(start).Round(time.Millisecond))
	}
	shared, err := e.svc.Get(ctx, admin, "s00000000")
	if err == nil || dandang.ErrorCode(err) != dandang.NotFound {
		b.Fatalf("empty store: %v", err)
	}
	n := 0
	for _, size := range []int{10_000, large} {
		grow(size)
		if shared, err = e.svc.Get(ctx, admin, "s00000000"); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("stored=%d/receive", size), func(b *testing.B) {
			for range b.N {
				n++
				id := liu
				id.IDNumber = fmt.Sprint(n)
				if _, err := e.svc.Receive(ctx, cPetition, report(fmt.Sprintf("b%08d", n), true),
					accusation.Confidential{Reporter: id, Text: fmt.Sprintf("新举报%d", n)}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("stored=%d/identical", size), func(b *testing.B) {
			for range b.N {
				cs, err := e.svc.Identical(ctx, cPetition, shared.ID)
				if err != nil || len(cs) != 3 {
					b.Fatalf("identical: %d, %v; want 3", len(cs), err)
				}
			}
		})
	}
}

// BenchmarkStatistics counts one closed month of 200 reports on stores
// that hold 10,000 and 100,000 reports of other months, in one run: the
// month's reports are read through the index by the month received, so
// the time stays flat as the store grows (XC04).
func BenchmarkStatistics(b *testing.B) {
	e := newEnv(b)
	month := time.Date(2021, 2, 1, 0, 0, 0, 0, dandang.China)
	for i := range 200 {
		in := report(fmt.Sprintf("m%05d", i), false)
		in.ReceivedAt = month.Add(time.Duration(i) * time.Hour)
		e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: fmt.Sprintf("二月第%d件", i)}))
	}
	stored := 0
	for _, size := range []int{10_000, 100_000} {
		for ; stored < size; stored++ {
			in := report(fmt.Sprintf("s%07d", stored), false)
			in.ReceivedAt = month.AddDate(0, -1-stored%60, 0) // the five years before
			e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: fmt.Sprintf("第%d件", stored)}))
		}
		b.Run(fmt.Sprintf("stored=%d", size), func(b *testing.B) {
			for range b.N {
				st, err := e.svc.Stats(ctx, admin, dandang.Period{From: month, To: month.AddDate(0, 1, 0)})
				if err != nil || st.Reports != 200 {
					b.Fatalf("Statistics = %d reports, %v; want 200", st.Reports, err)
				}
			}
		})
	}
}
