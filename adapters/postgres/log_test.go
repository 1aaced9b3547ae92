package postgres_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/jackc/pgx/v5"
)

func logEnv(db *postgres.DB) storetest.LogEnv {
	return storetest.LogEnv{Env: storetest.Env{
		Store:  postgres.NewStore(db, storetest.Toys),
		Other:  postgres.NewStore(db, storetest.Others),
		Outbox: db.Outbox(),
		Events: db.Outbox().All,
	}, Log: db.Log()}
}

// The same log suite as memdb, unchanged.
func TestLog(t *testing.T) {
	t.Parallel()
	storetest.Log(t, func(t *testing.T) storetest.LogEnv { return logEnv(fresh(t)) })
}

// Each tamper, as the database's superuser, on a real PostgreSQL.
func TestLog_Tampers(t *testing.T) {
	t.Parallel()
	storetest.Tampers(t, func(t *testing.T) (storetest.LogEnv, storetest.Superuser) {
		db := fresh(t)
		return logEnv(db), superuser{db}
	})
}

// superuser tampers as the tables' owner: it disables the append-only
// triggers, rewrites, and enables them again.
type superuser struct{ db *postgres.DB }

func (su superuser) exec(t testing.TB, f func(tx pgx.Tx) error) {
	t.Helper()
	ctx := context.Background()
	err := pgx.BeginFunc(ctx, su.db.Pool(), func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `ALTER TABLE history DISABLE TRIGGER USER; ALTER TABLE log_leaves DISABLE TRIGGER USER`); err != nil {
			return err
		}
		if err := f(tx); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `ALTER TABLE history ENABLE TRIGGER USER; ALTER TABLE log_leaves ENABLE TRIGGER USER`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (su superuser) Rewrite(t testing.TB, id string, f func(c *storetest.Toy, recs []dandang.Record) (*storetest.Toy, []dandang.Record)) {
	ctx := context.Background()
	c, recs, err := postgres.NewStore(su.db, storetest.Toys).Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	leaves, err := su.db.Log().CaseLeaves(ctx, storetest.ToyKind, id)
	if err != nil {
		t.Fatal(err)
	}
	c, recs = f(c, recs)
	data, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	su.exec(t, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM history WHERE case_kind = $1 AND case_id = $2", storetest.ToyKind, id); err != nil {
			return err
		}
		for i, r := range recs {
			var leaf *int64
			if i < len(leaves) {
				leaf = &leaves[i]
			}
			actor, _ := json.Marshal(r.Actor)
			if _, err := tx.Exec(ctx, `INSERT INTO history (case_kind, case_id, seq, at, actor, command, from_state, to_state, reason, rules, payload, state_hash, prev_hash, hash, leaf)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
				r.CaseKind, r.CaseID, r.Seq, r.At, actor, r.Command, r.From, r.To, r.Reason, r.Rules, r.Payload, r.StateHash, r.PrevHash, r.Hash, leaf); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, "UPDATE cases SET version = $3, data = $4 WHERE kind = $1 AND id = $2", storetest.ToyKind, id, c.Version, data)
		return err
	})
}

func (su superuser) Delete(t testing.TB, id string) {
	su.exec(t, func(tx pgx.Tx) error {
		ctx := context.Background()
		if _, err := tx.Exec(ctx, "DELETE FROM history WHERE case_kind = $1 AND case_id = $2", storetest.ToyKind, id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "DELETE FROM cases WHERE kind = $1 AND id = $2", storetest.ToyKind, id)
		return err
	})
}

func (su superuser) RewriteLeaf(t testing.TB, n int64) {
	su.exec(t, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), "UPDATE log_leaves SET hash = sha256('forged') WHERE idx = $1", n)
		return err
	})
}
