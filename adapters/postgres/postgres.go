package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a PostgreSQL database holding every process store and the outbox.
// It is safe for concurrent use.
type DB struct {
	pool  *pgxpool.Pool
	lease time.Duration
	noLog bool // saves append no leaf: for the benchmark that prices the log
}

// New returns a DB on pool. The pool's search_path names the schema the
// stores use.
func New(pool *pgxpool.Pool) *DB { return &DB{pool: pool, lease: 30 * time.Second} }

// Open connects to the database at url (a PostgreSQL URL or key=value
// string) and checks that it answers. The error says which server could not
// be reached and why.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: "postgres.Open", Field: "url", Message: "not a PostgreSQL connection string", Err: err}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: "postgres.Open", Err: err}
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, &dandang.Error{Code: dandang.Internal, Op: "postgres.Open",
			Message: fmt.Sprintf("cannot connect to %s:%d as %s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.User), Err: err}
	}
	return New(pool), nil
}

// Pool returns the connection pool.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Close closes the pool.
func (db *DB) Close() { db.pool.Close() }

// SetLease sets how long an outbox claim lasts before the event may be
// handed out again (default 30 seconds).
func (db *DB) SetLease(d time.Duration) { db.lease = d }

// Outbox returns the outbox of every process store on db.
func (db *DB) Outbox() *Outbox { return &Outbox{db: db} }

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: no version prefix", base)
		}
		b, err := migrations.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate applies the embedded schema migrations that the schema of the
// connection's search_path does not have yet, each in its own transaction
// and recorded in dandang_migrations. It holds an advisory lock while it
// works, so that instances starting at once apply each migration once; it
// does nothing when all are applied. It returns the versions it applied;
// when it applied any, run [DB.GrantApp] again for the application's role,
// since a migration may add what the application writes.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	const op = "postgres.Migrate"
	ms, err := loadMigrations()
	if err != nil {
		return nil, internal(op, err)
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, internal(op, err)
	}
	defer conn.Release()
	const key = "hashtext('dandang.migrate:' || coalesce(current_schema(), ''))"
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock("+key+")"); err != nil {
		return nil, internal(op, err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock("+key+")") //nolint:errcheck // released with the session anyway
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS dandang_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, internal(op, err)
	}
	rows, err := conn.Query(ctx, "SELECT version FROM dandang_migrations")
	if err != nil {
		return nil, internal(op, err)
	}
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return nil, internal(op, err)
		}
		done[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	var applied []int
	for _, m := range ms {
		if done[m.version] {
			continue
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return applied, internal(op, err)
		}
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			_ = tx.Rollback(ctx)
			return applied, internal(op, fmt.Errorf("migration %s: %w", m.name, err))
		}
		if _, err := tx.Exec(ctx, "INSERT INTO dandang_migrations (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
			_ = tx.Rollback(ctx)
			return applied, internal(op, err)
		}
		if err := tx.Commit(ctx); err != nil {
			return applied, internal(op, err)
		}
		applied = append(applied, m.version)
	}
	return applied, nil
}

func internal(op string, err error) error {
	return &dandang.Error{Code: dandang.Internal, Op: op, Err: err}
}

// isUnique reports a unique-key violation: someone else wrote first.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
