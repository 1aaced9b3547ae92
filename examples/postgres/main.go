// Command postgres replays the walkthrough's clearance cases on the
// PostgreSQL store.
//
//	DANDANG_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test go run ./examples/postgres
//	go run ./examples/postgres -url 'postgres://…' -schema dandang_walkthrough
//
// It works in a schema of its own, which it drops and creates anew on every
// run and leaves afterwards for a look with psql (-keep=false drops it at
// the end), migrates it, and
// runs the cases with the same output as the in-memory walkthrough.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"time"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/tolerance"
	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	url := flag.String("url", os.Getenv("DANDANG_POSTGRES_URL"), "PostgreSQL connection string (default $DANDANG_POSTGRES_URL)")
	schema := flag.String("schema", "dandang_walkthrough", "schema to run in; dropped and created anew")
	keep := flag.Bool("keep", true, "keep the schema after the run for a look with psql; -keep=false drops it")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout, *url, *schema, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "postgres example:", err)
		os.Exit(1)
	}
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func run(ctx context.Context, out io.Writer, url, schema string, keep bool) error {
	if url == "" {
		return fmt.Errorf("no database: set DANDANG_POSTGRES_URL or pass -url, e.g. postgres://postgres@127.0.0.1:5432/test")
	}
	if !schemaName.MatchString(schema) {
		return fmt.Errorf("schema %q: use lower-case letters, digits and _", schema)
	}
	admin, err := postgres.Open(ctx, url)
	if err != nil {
		return fmt.Errorf("%w\n(is PostgreSQL running, and does the URL name a database you may use?)", err)
	}
	defer admin.Close()
	if _, err := admin.Pool().Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE; CREATE SCHEMA "+schema); err != nil {
		return err
	}
	if !keep {
		defer admin.Pool().Exec(context.WithoutCancel(ctx), "DROP SCHEMA IF EXISTS "+schema+" CASCADE") //nolint:errcheck
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return err
	}
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	db := postgres.New(pool)
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "store: PostgreSQL, schema %s (migrations applied: %v)\n", schema, applied)
	return walk.All(ctx, out, walk.Stores{Clearance: postgres.NewStore(db, clearance.Cases), FollowUp: postgres.NewStore(db, followup.Cases), Tolerance: postgres.NewStore(db, tolerance.Cases),
		Accusation: postgres.NewStore(db, accusation.Cases), Outbox: db.Outbox()})
}
