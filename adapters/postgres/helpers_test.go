package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"

	"github.com/dandang/dandang/adapters/postgres"
	"github.com/jackc/pgx/v5/pgxpool"
)

// schema creates a fresh schema for t on the server at DANDANG_POSTGRES_URL
// (skipping t when it is unset), drops it when t ends, and returns its name
// and the URL.
func schema(t testing.TB) (string, string) {
	t.Helper()
	url := os.Getenv("DANDANG_POSTGRES_URL")
	if url == "" {
		t.Skip("DANDANG_POSTGRES_URL is not set")
	}
	ctx := context.Background()
	admin, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "dandang_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
		admin.Close()
	})
	return name, url
}

// instance opens a pool of its own on schema, as one application instance
// would, and closes it when t ends (before the schema is dropped).
func instance(t testing.TB, url, schema string) *postgres.DB {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return postgres.New(pool)
}

// fresh returns a migrated DB on a schema of its own.
func fresh(t testing.TB) *postgres.DB {
	t.Helper()
	name, url := schema(t)
	db := instance(t, url, name)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}
