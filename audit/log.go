package audit

import (
	"context"

	"github.com/dandang/dandang"
	"golang.org/x/mod/sumdb/tlog"
)

// Log is the Merkle log of one store: memdb's DB.Log and postgres's DB.Log
// implement it. Every history record a store saves is a leaf of it: its
// [LeafHash], the hash of the record's hash, so that the log holds nothing
// of a case's content. Leaves are numbered 0, 1, … without gaps. memdb
// appends a record's leaf in the transaction that saves it; PostgreSQL
// queues the record there and gives it its leaf at the log's next read by
// the application (Tree, CaseLeaves, Records), so that saves do not wait on
// each other's commits. A record saved but not yet given its leaf is
// reported with the leaf [Queued].
//
// Implementations are safe for concurrent use.
type Log interface {
	// Tree returns the log's size and root hash as they stand.
	Tree(ctx context.Context) (tlog.Tree, error)
	// ReadHashes returns the hashes the log keeps at the given indexes,
	// in tlog's layout ([tlog.StoredHashIndex]), each index below
	// tlog.StoredHashCount of a size Tree returned.
	ReadHashes(ctx context.Context, indexes []int64) ([]tlog.Hash, error)
	// Leaves returns the leaf hashes from index from up to to (exclusive),
	// as stored.
	Leaves(ctx context.Context, from, to int64) ([]tlog.Hash, error)
	// CaseLeaves returns the leaf index of each record of the case of kind
	// with id, oldest first: -1 for a record without a leaf, [Queued] for
	// one awaiting its leaf. The error is NotFound when there is no such
	// case.
	CaseLeaves(ctx context.Context, kind, id string) ([]int64, error)
	// Records calls fn for every record the store holds, of every kind,
	// each case's in order, with its leaf index (-1 for none, [Queued] for
	// one awaiting it), and stops at the first error fn returns, returning
	// it.
	Records(ctx context.Context, fn func(leaf int64, r dandang.Record) error) error
}

// Queued is the leaf a [Log] reports for a record saved but not yet given
// its leaf: one committed after the log's last read by the application, or
// read by a role that may not append to the log (an auditor's). It is
// later than any checkpoint already taken, as a record with a leaf at or
// past the checkpoint's size is. -1 is a record with no leaf at all, which
// the library never writes.
const Queued int64 = -2

// LeafHash returns the leaf the log keeps for r: the RFC 6962 leaf hash
// (SHA-256 of a zero byte and the data) of the record's Hash as its 64
// hex digits.
func LeafHash(r *dandang.Record) tlog.Hash {
	return tlog.RecordHash([]byte(r.Hash))
}
