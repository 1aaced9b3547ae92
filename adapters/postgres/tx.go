package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

type txKey struct{}

// WithTx returns a context on which the stores and the outbox of a DB run
// every statement inside tx, the host's own transaction, rather than on a
// connection of the pool: a service command run on it reads the case, and
// writes the case, its history records and its outbox events, in tx, so
// that they commit or roll back with the host's own rows.
//
//	tx, err := db.Pool().Begin(ctx)
//	if err != nil { … }
//	defer tx.Rollback(ctx)
//	if _, err := tx.Exec(ctx, "INSERT INTO host_docs …"); err != nil { … }
//	c, err := svc.Plan(postgres.WithTx(ctx, tx), actor, in)
//	if err != nil { … } // tx is still usable: roll back, or go on
//	return tx.Commit(ctx)
//
// The host commits or rolls back; the library never does. Until then
// nothing the command wrote is seen by other connections, and the
// dispatcher is woken at the commit (the outbox notification is
// transactional too). The version check still applies: a command on a case
// someone else saved since it was read is a Conflict, and one that waits
// on a row another transaction holds waits for it. A save refused by the
// database (a conflict, a unique key) is rolled back to a savepoint taken
// before it, so the host's transaction stays usable and keeps what it did
// before. A connection lost under a statement is not tried again, as the
// transaction is lost with it: the error is returned, and tx must be
// rolled back.
//
// tx must be a transaction on the database of the DB the stores were made
// on, and must not be used by another goroutine while a command runs on it
// (a pgx.Tx is one connection).
func WithTx(ctx context.Context, tx pgx.Tx) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// txOf returns the host's transaction ctx carries, or nil.
func txOf(ctx context.Context) pgx.Tx {
	tx, _ := ctx.Value(txKey{}).(pgx.Tx)
	return tx
}

// querier is what the stores run statements on: the pool, or a host's
// transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// conn returns the host's transaction ctx carries ([WithTx]), or the pool.
func (db *DB) conn(ctx context.Context) querier {
	if tx := txOf(ctx); tx != nil {
		return tx
	}
	return db.pool
}

// sendBatch runs b as one transaction on the pool or, in a host's
// transaction, inside a savepoint, so that a batch the database refuses
// rolls back alone and leaves the host's transaction usable.
func (db *DB) sendBatch(ctx context.Context, b *pgx.Batch) error {
	tx := txOf(ctx)
	if tx == nil {
		return db.pool.SendBatch(ctx, b).Close()
	}
	sp, err := tx.Begin(ctx)
	if err != nil {
		return err
	}
	if err := sp.SendBatch(ctx, b).Close(); err != nil {
		_ = sp.Rollback(context.WithoutCancel(ctx))
		return err
	}
	return sp.Commit(ctx)
}
