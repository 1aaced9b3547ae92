//go:build ignore

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
//	BenchmarkStoreSave       one batch (history INSERT + case UPDATE), implicit transaction: 1 round trip
//	BenchmarkBare1      one batch of two plain INSERTs, implicit transaction:           1 round trip
//	BenchmarkCommand    a service command: the case read + its save:                    2 round trips
//	BenchmarkBare2      a SELECT, then a batch of two plain INSERTs:                    2 round trips
//	BenchmarkLifecycle  one case from open to closed, 12 commands:                     23 round trips
//	BenchmarkBareLifecycle  Bare2 eleven times and Bare1 once:                         23 round trips

// BenchmarkSave, blob, small, bare, BenchmarkBare1 and BenchmarkBare2 moved
// to store_bench_test.go.

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

func BenchmarkLifecycle(b *testing.B) {
	e := newEnv(b, fresh(b))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.closed(fmt.Sprintf("r%d", i))
	}
}

func BenchmarkBareLifecycle(b *testing.B) {
	run := bare(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < 12; k++ {
			run(ctx, i*12+k, k > 0)
		}
	}
}
