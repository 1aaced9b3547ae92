package memdb

import (
	"context"
	"fmt"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/audit"
	"github.com/dandang/dandang/kit"
	"github.com/hashicorp/go-memdb"
	"golang.org/x/mod/sumdb/tlog"
)

// logRow is the Merkle log as of a transaction: every hash tlog stores for
// its leaves, in tlog's layout. Rows share one backing array, grown by
// appending under go-memdb's single writer, as a case's history does: a
// row reads only up to its own length.
type logRow struct {
	leaves int64
	hashes []tlog.Hash
}

var logKey = rowKeyOf(rowLog)

func (*logRow) indexKey() []byte { return logKey }

// history is what the log reads of a case row of any kind: a copy of its
// records, and the leaf of each.
type history interface {
	records() []dandang.Record
	count() int
	leaves() []int64
}

func (r *caseRow[C]) count() int {
	if r.packed != nil {
		return r.packed.n
	}
	return len(r.history)
}

func (r *caseRow[C]) records() []dandang.Record { return r.copyRecords() }
func (r *caseRow[C]) leaves() []int64 {
	if r.packed != nil {
		return r.packed.leaves()
	}
	return r.leafIdx
}

// logOf returns the log as of txn.
func logOf(txn *memdb.Txn) (*logRow, error) {
	obj, err := txn.First(tableRows, "id", rowLog)
	if err != nil || obj == nil {
		return &logRow{}, err
	}
	return obj.(*logRow), nil
}

// appendLeaves appends the leaf of each record to the log inside txn and
// returns the leaf indexes, or nil when the DB keeps no log.
func (db *DB) appendLeaves(txn *memdb.Txn, records []dandang.Record) ([]int64, error) {
	if db.noLog || len(records) == 0 {
		return nil, nil
	}
	old, err := logOf(txn)
	if err != nil {
		return nil, err
	}
	row := &logRow{leaves: old.leaves, hashes: old.hashes}
	read := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = row.hashes[x]
		}
		return out, nil
	})
	idx := make([]int64, len(records))
	for i := range records {
		hs, err := tlog.StoredHashesForRecordHash(row.leaves, audit.LeafHash(&records[i]), read)
		if err != nil {
			return nil, err
		}
		row.hashes = append(row.hashes, hs...)
		idx[i] = row.leaves
		row.leaves++
	}
	return idx, txn.Insert(tableRows, row)
}

// Log returns the Merkle log of every store on db ([audit.Log]).
func (db *DB) Log() *Log { return &Log{db: db} }

// Log is the Merkle log of a DB: every history record of every store on
// it is a leaf, appended in the transaction that saves the record. It
// implements [audit.Log] and is safe for concurrent use.
type Log struct{ db *DB }

var _ audit.Log = (*Log)(nil)

func (l *Log) snapshot(ctx context.Context, op string) (*memdb.Txn, *logRow, error) {
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, nil, err
	}
	txn := l.db.db.Txn(false)
	row, err := logOf(txn)
	if err != nil {
		return nil, nil, internal(op, err)
	}
	return txn, row, nil
}

// Tree returns the log's size and root hash. The error is Canceled when
// ctx is done.
func (l *Log) Tree(ctx context.Context) (tlog.Tree, error) {
	const op = "memdb.Log.Tree"
	_, row, err := l.snapshot(ctx, op)
	if err != nil {
		return tlog.Tree{}, err
	}
	h, err := tlog.TreeHash(row.leaves, row.reader())
	if err != nil {
		return tlog.Tree{}, internal(op, err)
	}
	return tlog.Tree{N: row.leaves, Hash: h}, nil
}

func (row *logRow) reader() tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			if x < 0 || x >= int64(len(row.hashes)) {
				return nil, fmt.Errorf("no stored hash %d in a log of %d leaves", x, row.leaves)
			}
			out[i] = row.hashes[x]
		}
		return out, nil
	})
}

// ReadHashes returns the stored hashes at indexes. The error is Internal
// for an index past the log, and Canceled when ctx is done.
func (l *Log) ReadHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error) {
	const op = "memdb.Log.ReadHashes"
	_, row, err := l.snapshot(ctx, op)
	if err != nil {
		return nil, err
	}
	out, err := row.reader().ReadHashes(indexes)
	if err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}

// Leaves returns the leaf hashes from index from up to to. The error is
// Internal for a range past the log, and Canceled when ctx is done.
func (l *Log) Leaves(ctx context.Context, from, to int64) ([]tlog.Hash, error) {
	const op = "memdb.Log.Leaves"
	_, row, err := l.snapshot(ctx, op)
	if err != nil {
		return nil, err
	}
	if from < 0 || to < from || to > row.leaves {
		return nil, internal(op, fmt.Errorf("leaves %d to %d of a log of %d", from, to, row.leaves))
	}
	out := make([]tlog.Hash, 0, to-from)
	for n := from; n < to; n++ {
		out = append(out, row.hashes[tlog.StoredHashIndex(0, n)])
	}
	return out, nil
}

// CaseLeaves returns the leaf index of each record of the case. The error
// is NotFound when there is no such case, and Canceled when ctx is done.
func (l *Log) CaseLeaves(ctx context.Context, kind, id string) ([]int64, error) {
	const op = "memdb.Log.CaseLeaves"
	txn, _, err := l.snapshot(ctx, op)
	if err != nil {
		return nil, err
	}
	obj, err := txn.First(tableRows, "id", rowCase, kind, id)
	if err != nil {
		return nil, internal(op, err)
	}
	if obj == nil {
		return nil, &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no %s case %q", kind, id)}
	}
	h := obj.(history)
	return leavesOf(h.count(), h.leaves()), nil
}

// leavesOf returns a leaf index for each record: -1 for those saved
// without the log.
func leavesOf(n int, leaves []int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = -1
		if i < len(leaves) {
			out[i] = leaves[i]
		}
	}
	return out
}

// Records calls fn for every record of every case on the DB, in the order
// of kind and ID, each case's oldest first, with copies of the records.
// It returns fn's first error, or Canceled when ctx is done.
func (l *Log) Records(ctx context.Context, fn func(leaf int64, r dandang.Record) error) error {
	const op = "memdb.Log.Records"
	txn, _, err := l.snapshot(ctx, op)
	if err != nil {
		return err
	}
	it, err := txn.Get(tableRows, "id_prefix", rowCase, "")
	if err != nil {
		return internal(op, err)
	}
	for obj := it.Next(); obj != nil; obj = it.Next() {
		if err := kit.ContextError(ctx, op); err != nil {
			return err
		}
		h := obj.(history)
		recs := h.records()
		leaves := leavesOf(len(recs), h.leaves())
		for i, r := range recs {
			if err := fn(leaves[i], r); err != nil {
				return err
			}
		}
	}
	return nil
}
