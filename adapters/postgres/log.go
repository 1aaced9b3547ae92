package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/audit"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"golang.org/x/mod/sumdb/tlog"
)

// Log returns the Merkle log of every store on db ([audit.Log]).
func (db *DB) Log() *Log { return &Log{db: db} }

// Log is the Merkle log of a DB: every history record of every store on
// it is a leaf in log_leaves. A save queues its records; the log's first
// read after the save commits (Tree, CaseLeaves, Records) appends every
// queued record as a leaf, in queue order, without gaps, and writes the
// leaf's index into the record's row, so that no save waits on another's
// commit for a leaf number. The hashes of the tree over the leaves are
// derived into log_hashes when Tree is called. It implements [audit.Log]
// and is safe for concurrent use, by any number of instances sharing the
// database.
type Log struct{ db *DB }

// logLock is the advisory lock under which leaves are appended and tree
// hashes derived, one instance at a time.
const logLock = "SELECT pg_advisory_xact_lock(hashtext('dandang.log:' || coalesce(current_schema(), '')))"

// sealQueued appends a leaf for each queued record, $1 being the log's
// size, in queue order, and writes each record's leaf.
const sealQueued = `WITH q AS (
		SELECT case_kind, case_id, seq, hash, $1::bigint + row_number() OVER (ORDER BY queued) - 1 AS idx
		FROM history WHERE leaf IS NULL AND queued IS NOT NULL),
	h AS (UPDATE history SET leaf = q.idx FROM q
		WHERE history.case_kind = q.case_kind AND history.case_id = q.case_id AND history.seq = q.seq),
	l AS (INSERT INTO log_leaves (idx, hash) SELECT idx, sha256('\x00'::bytea || convert_to(hash, 'UTF8')) FROM q)
	UPDATE log_size SET size = size + (SELECT count(*) FROM q)`

// seal appends the leaves of the records queued, in tx, which holds the
// log's advisory lock.
func seal(ctx context.Context, tx pgx.Tx) error {
	var size int64
	// The size row is locked before the queue is read: a statement after
	// it sees every save committed before, and a writer that raises the
	// size itself (holding the row) has committed.
	if err := tx.QueryRow(ctx, "SELECT size FROM log_size FOR UPDATE").Scan(&size); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, sealQueued, size)
	return err
}

// sealed appends the leaves of the records queued, if any, in a
// transaction of its own. A role that may not write the log (a reader's)
// reads it as it stands: the records queued have no leaf yet
// ([audit.Queued]) until a writer reads the log.
func (l *Log) sealed(ctx context.Context) error {
	var queued bool
	err := l.db.readAgain(ctx, func() error {
		return l.db.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM history WHERE leaf IS NULL AND queued IS NOT NULL)").Scan(&queued)
	})
	if err != nil || !queued {
		return err
	}
	err = pgx.BeginFunc(ctx, l.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, logLock); err != nil {
			return err
		}
		return seal(ctx, tx)
	})
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42501" { // insufficient_privilege
		return nil
	}
	return err
}

var _ audit.Log = (*Log)(nil)

// Tree appends the leaves of the records queued (a role that may only read
// leaves them queued), brings log_hashes up to the log's size and returns
// the size and root hash. Instances doing so at once take turns on an
// advisory lock.
// The error is Internal when a leaf is missing, and Canceled when ctx is
// done.
func (l *Log) Tree(ctx context.Context) (tlog.Tree, error) {
	const op = "postgres.Log.Tree"
	var n int64
	// The records queued get their leaves first, in a transaction of its
	// own that a reader's role skips: it reads the log as it stands.
	if err := l.sealed(ctx); err != nil {
		return tlog.Tree{}, fail(ctx, op, err)
	}
	err := pgx.BeginFunc(ctx, l.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, logLock); err != nil {
			return err
		}
		var stored int64
		if err := tx.QueryRow(ctx, "SELECT (SELECT size FROM log_size), (SELECT coalesce(max(idx) + 1, 0) FROM log_hashes)").
			Scan(&n, &stored); err != nil {
			return err
		}
		return integrate(ctx, tx, integrated(stored), n)
	})
	if err != nil {
		return tlog.Tree{}, fail(ctx, op, err)
	}
	h, err := tlog.TreeHash(n, l.reader(ctx))
	if err != nil {
		return tlog.Tree{}, fail(ctx, op, err)
	}
	return tlog.Tree{N: n, Hash: h}, nil
}

// integrated returns the number of leaves whose tree hashes make up the
// first stored of tlog's layout.
func integrated(stored int64) int64 {
	lo, hi := int64(0), stored
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if tlog.StoredHashCount(mid) <= stored {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// integrate adds to log_hashes the tree hashes of leaves from up to to.
func integrate(ctx context.Context, tx pgx.Tx, from, to int64) error {
	if from >= to {
		return nil
	}
	rows, err := tx.Query(ctx, "SELECT idx, hash FROM log_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx", from, to)
	if err != nil {
		return err
	}
	leaves, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (tlog.Hash, error) {
		var idx int64
		var b []byte
		if err := row.Scan(&idx, &b); err != nil {
			return tlog.Hash{}, err
		}
		return hashOf(b)
	})
	if err != nil {
		return err
	}
	if int64(len(leaves)) != to-from {
		return fmt.Errorf("log of %d leaves holds %d from leaf %d", to, len(leaves), from)
	}
	base := tlog.StoredHashCount(from)
	var added []tlog.Hash
	read := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		var old []int64
		for i, x := range indexes {
			if x >= base {
				out[i] = added[x-base]
			} else {
				old = append(old, x)
			}
		}
		if len(old) > 0 {
			got, err := readHashes(ctx, tx, old)
			if err != nil {
				return nil, err
			}
			j := 0
			for i, x := range indexes {
				if x < base {
					out[i] = got[j]
					j++
				}
			}
		}
		return out, nil
	})
	for i, leaf := range leaves {
		hs, err := tlog.StoredHashesForRecordHash(from+int64(i), leaf, read)
		if err != nil {
			return err
		}
		added = append(added, hs...)
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"log_hashes"}, []string{"idx", "hash"},
		pgx.CopyFromSlice(len(added), func(i int) ([]any, error) { return []any{base + int64(i), added[i][:]}, nil }))
	return err
}

func hashOf(b []byte) (tlog.Hash, error) {
	var h tlog.Hash
	if len(b) != len(h) {
		return h, fmt.Errorf("a hash of %d bytes", len(b))
	}
	copy(h[:], b)
	return h, nil
}

// readHashes reads the stored hashes at indexes from log_hashes.
func readHashes(ctx context.Context, q querier, indexes []int64) ([]tlog.Hash, error) {
	rows, err := q.Query(ctx, "SELECT idx, hash FROM log_hashes WHERE idx = ANY($1)", indexes)
	if err != nil {
		return nil, err
	}
	got := make(map[int64]tlog.Hash, len(indexes))
	var idx int64
	var b []byte
	_, err = pgx.ForEachRow(rows, []any{&idx, &b}, func() error {
		h, err := hashOf(b)
		got[idx] = h
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		h, ok := got[x]
		if !ok {
			return nil, fmt.Errorf("no stored hash %d in the log", x)
		}
		out[i] = h
	}
	return out, nil
}

func (l *Log) reader(ctx context.Context) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		return readHashes(ctx, l.db.pool, indexes)
	})
}

// ReadHashes returns the stored hashes at indexes, each below
// tlog.StoredHashCount of a size Tree returned. The error is Internal for
// an index not stored, and Canceled when ctx is done.
func (l *Log) ReadHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error) {
	out, err := readHashes(ctx, l.db.pool, indexes)
	if err != nil {
		return nil, fail(ctx, "postgres.Log.ReadHashes", err)
	}
	return out, nil
}

// Leaves returns the leaf hashes from index from up to to, as stored. The
// error is Internal when one is missing, and Canceled when ctx is done.
func (l *Log) Leaves(ctx context.Context, from, to int64) ([]tlog.Hash, error) {
	const op = "postgres.Log.Leaves"
	rows, err := l.db.pool.Query(ctx, "SELECT idx, hash FROM log_leaves WHERE idx >= $1 AND idx < $2 ORDER BY idx", from, to)
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	out := make([]tlog.Hash, 0, max(to-from, 0))
	var idx int64
	var b []byte
	_, err = pgx.ForEachRow(rows, []any{&idx, &b}, func() error {
		if idx != from+int64(len(out)) {
			return fmt.Errorf("no leaf %d", from+int64(len(out)))
		}
		h, err := hashOf(b)
		out = append(out, h)
		return err
	})
	if err == nil && int64(len(out)) != to-from {
		err = fmt.Errorf("leaves %d to %d of the log: %d found", from, to, len(out))
	}
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	return out, nil
}

// CaseLeaves returns the leaf index of each record of the case, -1 for a
// record without one, once the records queued have their leaves. The
// error is NotFound when there is no such case, and Canceled when ctx is
// done.
func (l *Log) CaseLeaves(ctx context.Context, kind, id string) ([]int64, error) {
	const op = "postgres.Log.CaseLeaves"
	if err := l.sealed(ctx); err != nil {
		return nil, fail(ctx, op, err)
	}
	var out []int64
	var found bool
	err := l.db.readAgain(ctx, func() error {
		return l.db.conn(ctx).QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM cases WHERE kind = $1 AND id = $2),
			ARRAY(SELECT coalesce(leaf, CASE WHEN queued IS NULL THEN -1 ELSE -2 END) FROM history WHERE case_kind = $1 AND case_id = $2 ORDER BY seq)`, kind, id).Scan(&found, &out)
	})
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	if !found {
		return nil, &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no %s case %q", kind, id)}
	}
	return out, nil
}

// Records calls fn for every record of the history, of every kind, each
// case's in order, with its leaf index (-1 for none), once the records
// queued have their leaves. It returns fn's first error, Internal when a
// record does not decode, and Canceled when ctx is done.
func (l *Log) Records(ctx context.Context, fn func(leaf int64, r dandang.Record) error) error {
	const op = "postgres.Log.Records"
	if err := l.sealed(ctx); err != nil {
		return fail(ctx, op, err)
	}
	rows, err := l.db.pool.Query(ctx, `SELECT coalesce(leaf, CASE WHEN queued IS NULL THEN -1 ELSE -2 END), case_kind, case_id, seq, at, actor, command, from_state, to_state,
		reason, rules, payload, state_hash, prev_hash, hash FROM history ORDER BY case_kind, case_id, seq`)
	if err != nil {
		return fail(ctx, op, err)
	}
	var (
		leaf  int64
		r     dandang.Record
		at    time.Time
		actor []byte
	)
	var fnErr error
	_, err = pgx.ForEachRow(rows, []any{&leaf, &r.CaseKind, &r.CaseID, &r.Seq, &at, &actor, &r.Command, &r.From, &r.To,
		&r.Reason, &r.Rules, &r.Payload, &r.StateHash, &r.PrevHash, &r.Hash}, func() error {
		rec := r
		rec.At = at.In(dandang.China)
		rec.Actor = dandang.ActorRef{}
		if err := json.Unmarshal(actor, &rec.Actor); err != nil {
			return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC01",
				Message: fmt.Sprintf("%s case %q record %d: bad actor", r.CaseKind, r.CaseID, r.Seq), Err: err}
		}
		rec.Payload = append([]byte(nil), r.Payload...)
		if r.Payload == nil {
			rec.Payload = nil
		}
		rec.Rules = append([]string(nil), r.Rules...)
		if err := fn(leaf, rec); err != nil {
			fnErr = err
			return err
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	if err != nil {
		var de *dandang.Error
		if errors.As(err, &de) {
			return err
		}
		return fail(ctx, op, err)
	}
	return nil
}
