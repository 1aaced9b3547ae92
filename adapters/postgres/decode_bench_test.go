package postgres_test

import (
	"context"
	"testing"

	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
)

// Reading a closed clearance case (its whole lifecycle's content) by ID,
// in halves: BenchmarkGetSQL runs Get's query and scans the row, as bare
// pgx would; BenchmarkGetDecode decodes that row as Get does (strict JSON,
// each column checked against the data, the case validated). Target:
// decoding costs at most twice the SQL. BenchmarkGet is both.
func BenchmarkGetSQL(b *testing.B) {
	ctx := context.Background()
	store, id := closedCase(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := store.ReadRow(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGetDecode(b *testing.B) {
	ctx := context.Background()
	store, id := closedCase(b)
	row, err := store.ReadRow(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := store.DecodeRow(row); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	store, id := closedCase(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := store.Get(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

func closedCase(b *testing.B) (*postgres.Store[*clearance.Case], string) {
	db := fresh(b)
	c := newEnv(b, db).closed("read")
	return postgres.NewStore(db, clearance.Cases), c.ID
}
