package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dandang/dandang/clearance"
)

// The library's PostgreSQL paths beside bare pgx doing the same round trips
// with plain INSERTs, in the same run:
//
//	BenchmarkStoreSave       one batch (history INSERT + case UPDATE), implicit transaction: 1 round trip
//	BenchmarkBare1      one batch of two plain INSERTs, implicit transaction:           1 round trip
//	BenchmarkCommand    a service command on a case the store saved last: its save:     1 round trip
//	BenchmarkBare2      a SELECT, then a batch of two plain INSERTs:                    2 round trips
//	BenchmarkLifecycle  one case from open to closed, 11 commands:                     11 round trips
//	BenchmarkBareLifecycle  Bare1 eleven times:                                        11 round trips
//
// The counts are held by TestRoundTrips_Lifecycle. A command on a case
// another instance saved reads it first: 2 round trips, as Bare2.
//
// BenchmarkStoreSave, BenchmarkBare1 and BenchmarkBare2 are in
// store_bench_test.go.

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

// BenchmarkLifecycle takes one case from open to closed: 10 commands in 10
// round trips (the store saved the case at the version each command names,
// so it reads nothing first).
func BenchmarkLifecycle(b *testing.B) {
	e := newEnv(b, fresh(b))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.closed(fmt.Sprintf("r%d", i))
	}
}

// BenchmarkBareLifecycle is BenchmarkLifecycle's floor: the same 10 round
// trips (10 saves) with bare pgx and plain INSERTs.
func BenchmarkBareLifecycle(b *testing.B) {
	run := bare(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := 0; k < 11; k++ {
			run(ctx, i*11+k, false)
		}
	}
}
