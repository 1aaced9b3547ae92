package audit

import (
	"context"

	"github.com/dandang/dandang"
	"golang.org/x/mod/sumdb/tlog"
)

// Log is the Merkle log of one store: memdb's DB.Log and postgres's DB.Log
// implement it. Every history record a store saves is a leaf of it,
// appended in the same transaction as the record: its [LeafHash], the hash
// of the record's hash, so that the log holds nothing of a case's content.
// Leaves are numbered 0, 1, … in the order the saves committed.
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
	// with id, oldest first: -1 for a record without a leaf. The error is
	// NotFound when there is no such case.
	CaseLeaves(ctx context.Context, kind, id string) ([]int64, error)
	// Records calls fn for every record the store holds, of every kind,
	// each case's in order, with its leaf index (-1 for none), and stops
	// at the first error fn returns, returning it.
	Records(ctx context.Context, fn func(leaf int64, r dandang.Record) error) error
}

// LeafHash returns the leaf the log keeps for r: the RFC 6962 leaf hash
// (SHA-256 of a zero byte and the data) of the record's Hash as its 64
// hex digits.
func LeafHash(r *dandang.Record) tlog.Hash {
	return tlog.RecordHash([]byte(r.Hash))
}
