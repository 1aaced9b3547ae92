package memdb_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/dandang/dandang/adapters/memdb"
)

// Keys hold numbers as 16 hex digits that sort as the numbers do, the
// negative before the positive.
func TestNumber(t *testing.T) {
	ns := []int64{math.MinInt64, -1 << 40, -2, -1, 0, 1, 2, 20260101, 1 << 40, math.MaxInt64}
	for i, n := range ns {
		got, want := memdb.Number(n), fmt.Sprintf("%016x", uint64(n)^1<<63)
		if got != want {
			t.Errorf("number(%d) = %q, want %q", n, got, want)
		}
		if i > 0 && memdb.Number(ns[i-1]) >= got {
			t.Errorf("number(%d) = %q does not sort after number(%d) = %q", n, got, ns[i-1], memdb.Number(ns[i-1]))
		}
	}
}
