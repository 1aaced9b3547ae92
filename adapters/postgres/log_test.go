package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/audit"
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

// XC01: a save queues its records; the log's next read gives each its
// leaf, in the order of the case's records, and the history's trigger lets
// a record's leaf be written once and nothing else of it, even by the
// tables' owner.
func TestLog_XC01_QueuedRecordsTakeTheirLeafOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := fresh(t)
	store := postgres.NewStore(db, storetest.Toys)
	c, rec := storetest.NewToy(storetest.ToyKind, "q", "o1", "330102", "s1")
	if err := store.Save(ctx, c, 0, []dandang.Record{rec}, nil); err != nil {
		t.Fatal(err)
	}
	head := rec
	for range 3 {
		v := c.Version
		r := storetest.Next(storetest.ToyKind, c, &head, "grade")
		if err := store.Save(ctx, c, v, []dandang.Record{r}, nil); err != nil {
			t.Fatal(err)
		}
		head = r
	}
	var unsealed int
	if err := db.Pool().QueryRow(ctx, "SELECT count(*) FROM history WHERE leaf IS NULL AND queued IS NOT NULL").Scan(&unsealed); err != nil || unsealed != 4 {
		t.Fatalf("records queued after 4 saves: %d, %v; want 4", unsealed, err)
	}
	// A queued record's other columns stay as written.
	if _, err := db.Pool().Exec(ctx, "UPDATE history SET reason = 'rewritten', leaf = 7 WHERE case_id = 'q' AND seq = 1"); err == nil {
		t.Error("a queued record's reason rewritten with its leaf")
	}
	leaves, err := db.Log().CaseLeaves(ctx, storetest.ToyKind, "q")
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{0, 1, 2, 3}; !slices.Equal(leaves, want) {
		t.Errorf("CaseLeaves = %v, want %v", leaves, want)
	}
	for _, sql := range []string{
		"UPDATE history SET leaf = 9 WHERE case_id = 'q' AND seq = 1",
		"UPDATE history SET leaf = NULL WHERE case_id = 'q' AND seq = 1",
		"DELETE FROM history WHERE case_id = 'q'",
	} {
		if _, err := db.Pool().Exec(ctx, sql); err == nil {
			t.Errorf("%q: not refused", sql)
		}
	}
	tree, err := db.Log().Tree(ctx)
	if err != nil || tree.N != 4 {
		t.Fatalf("Tree = %d leaves, %v; want 4", tree.N, err)
	}
	got, err := db.Log().Leaves(ctx, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := store.History(ctx, "q")
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if got[i] != audit.LeafHash(&recs[i]) {
			t.Errorf("leaf %d is not record %d's", i, recs[i].Seq)
		}
	}
}

// XC01: a role that may only read the tables (an auditor's) reads the log
// as it stands: records still queued have no leaf (-1), nothing fails, and
// a writer's next read numbers them.
func TestLog_XC01_ReaderSeesQueuedRecordsWithoutLeaf(t *testing.T) {
	ctx := context.Background()
	name, url := schema(t)
	owner := instance(t, url, name)
	if _, err := owner.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	role := "dandang_reader_" + hex.EncodeToString(b[:])
	if _, err := owner.Pool().Exec(ctx, "CREATE ROLE "+role+" LOGIN; GRANT USAGE ON SCHEMA "+name+" TO "+role+
		"; GRANT SELECT ON ALL TABLES IN SCHEMA "+name+" TO "+role); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c := context.Background()
		_, _ = owner.Pool().Exec(c, "DROP OWNED BY "+role)
		_, _ = owner.Pool().Exec(c, "DROP ROLE "+role)
	})
	reader := instance(t, withUser(t, url, role), name)
	store := postgres.NewStore(owner, storetest.Toys)
	c, rec := storetest.NewToy(storetest.ToyKind, "r", "o1", "330102", "s1")
	if err := store.Save(ctx, c, 0, []dandang.Record{rec}, nil); err != nil {
		t.Fatal(err)
	}
	leaves, err := reader.Log().CaseLeaves(ctx, storetest.ToyKind, "r")
	if err != nil || !slices.Equal(leaves, []int64{audit.Queued}) {
		t.Errorf("CaseLeaves as a reader = %v, %v; want [%d]: queued, not missing", leaves, err, audit.Queued)
	}
	if leaves, err = owner.Log().CaseLeaves(ctx, storetest.ToyKind, "r"); err != nil || !slices.Equal(leaves, []int64{0}) {
		t.Errorf("CaseLeaves as the owner = %v, %v; want [0]", leaves, err)
	}
	// An auditor checks the log against a checkpoint with a role that may
	// only read, while the application goes on saving: a record queued
	// since is later than the checkpoint, not a forgery.
	signer, key := storetest.TestKey(t, "test.log")
	signed, err := (&audit.Checkpointer{Log: owner.Log(), Origin: "test.log", Signer: signer}).Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cp, _ := audit.Open(signed, key)
	c2, rec2 := storetest.NewToy(storetest.ToyKind, "r2", "o1", "330102", "s2")
	if err := store.Save(ctx, c2, 0, []dandang.Record{rec2}, nil); err != nil {
		t.Fatal(err)
	}
	if tree, err := reader.Log().Tree(ctx); err != nil || tree.N != 1 {
		t.Errorf("Tree as a reader = %v, %v; want the log of 1 leaf as it stands", tree, err)
	}
	if err := audit.Verify(ctx, reader.Log(), cp); err != nil {
		t.Errorf("Verify as a reader with a record queued = %v", err)
	}
}
