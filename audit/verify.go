package audit

import (
	"context"
	"fmt"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// reader adapts log to tlog's HashReader on ctx.
func reader(ctx context.Context, log Log) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) { return log.ReadHashes(ctx, indexes) })
}

// ProveRecord returns the proof that leaf is in the log of checkpoint c:
// the hashes that, with the leaf's, give c's root. The error is Invalid
// (XC01) for a leaf the checkpoint does not cover, Internal when the log
// fails, and Canceled when ctx is done.
func ProveRecord(ctx context.Context, log Log, c Checkpoint, leaf int64) (tlog.RecordProof, error) {
	if leaf < 0 || leaf >= c.Size {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: "audit.ProveRecord", Rule: "XC01", Field: "leaf",
			Message: fmt.Sprintf("leaf %d is not in a checkpoint of %d", leaf, c.Size)}
	}
	p, err := tlog.ProveRecord(c.Size, leaf, reader(ctx, log))
	if err != nil {
		return nil, kit.StoreError("audit.ProveRecord", err)
	}
	return p, nil
}

// CheckRecord reports whether p proves that r is leaf of checkpoint c.
func CheckRecord(c Checkpoint, leaf int64, r *dandang.Record, p tlog.RecordProof) bool {
	return leaf >= 0 && leaf < c.Size && tlog.CheckRecord(p, c.Size, c.Hash, leaf, LeafHash(r)) == nil
}

// ProveConsistency returns the proof that the log of checkpoint newer
// extends that of older: every leaf of older is in newer, unchanged. The
// error is Invalid (XC01) when older is the larger, Internal when the log
// fails, and Canceled when ctx is done.
func ProveConsistency(ctx context.Context, log Log, older, newer Checkpoint) (tlog.TreeProof, error) {
	if older.Size > newer.Size {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: "audit.ProveConsistency", Rule: "XC01", Field: "older",
			Message: fmt.Sprintf("a checkpoint of %d is not older than one of %d", older.Size, newer.Size)}
	}
	p, err := tlog.ProveTree(newer.Size, older.Size, reader(ctx, log))
	if err != nil {
		return nil, kit.StoreError("audit.ProveConsistency", err)
	}
	return p, nil
}

// CheckConsistency reports whether p proves that newer extends older.
func CheckConsistency(older, newer Checkpoint, p tlog.TreeProof) bool {
	return older.Origin == newer.Origin && older.Size <= newer.Size &&
		tlog.CheckTree(p, newer.Size, newer.Hash, older.Size, older.Hash) == nil
}

// Finding is what Verify, Consistent and a bundle's check found wrong:
// wrapped in an *Error with code Internal (Invalid for a bundle) and rule
// XC01.
type Finding struct {
	Checkpoint int    // the checkpoint not reached, counted from 0 in the order given; -1 for none
	Leaf       int64  // the leaf concerned; -1 for none
	CaseKind   string // the case concerned, if any
	CaseID     string
	Seq        int // the record concerned; 0 for none
	Reason     string
}

// Error implements the error interface.
func (f *Finding) Error() string {
	s := ""
	if f.Checkpoint >= 0 {
		s += fmt.Sprintf("checkpoint %d: ", f.Checkpoint)
	}
	if f.CaseID != "" {
		s += fmt.Sprintf("%s case %q ", f.CaseKind, f.CaseID)
		if f.Seq > 0 {
			s += fmt.Sprintf("record %d ", f.Seq)
		}
	}
	if f.Leaf >= 0 {
		s += fmt.Sprintf("(leaf %d) ", f.Leaf)
	}
	return s + f.Reason
}

func found(op string, f Finding) error {
	return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC01", Message: "the history does not verify against the log", Err: &f}
}

// Consistent checks that the log as it stands extends each of
// checkpoints, signed notes the log's key signed (oldest first, as an
// auditor kept them): that no leaf any of them covers was changed or
// removed. It returns nil, or an error wrapping a *Finding naming the
// first checkpoint it cannot reach (Finding.Checkpoint): one that does not
// open with key, of another origin, larger than the log, or not a prefix
// of it. It does not trust the tree hashes the log keeps: it proves each
// checkpoint against the tree of the leaves as stored.
func Consistent(ctx context.Context, log Log, key note.Verifier, checkpoints ...[]byte) error {
	const op = "audit.Consistent"
	t, err := log.Tree(ctx)
	if err != nil {
		return err
	}
	hashes, err := rebuild(ctx, log, t.N)
	if err != nil {
		return err
	}
	for i, signed := range checkpoints {
		c, err := Open(signed, key)
		if err != nil {
			return found(op, Finding{Checkpoint: i, Leaf: -1, Reason: "the checkpoint does not open with the log's key: " + err.Error()})
		}
		if c.Size > t.N {
			return found(op, Finding{Checkpoint: i, Leaf: -1, Reason: fmt.Sprintf("the log holds %d leaves, fewer than the %d the checkpoint covers: leaves were removed", t.N, c.Size)})
		}
		if h, err := tlog.TreeHash(c.Size, hashes); err != nil || h != c.Hash {
			return found(op, Finding{Checkpoint: i, Leaf: -1, Reason: "the leaves the checkpoint covers are not those it signed: a leaf was changed or removed"})
		}
	}
	return nil
}

// rebuild reads the first n leaves of log and returns tlog's hashes of
// their tree, computed here.
func rebuild(ctx context.Context, log Log, n int64) (tlog.HashReaderFunc, error) {
	leaves, err := log.Leaves(ctx, 0, n)
	if err != nil {
		return nil, err
	}
	hashes := make([]tlog.Hash, 0, tlog.StoredHashCount(n))
	read := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = hashes[x]
		}
		return out, nil
	})
	for i, leaf := range leaves {
		hs, err := tlog.StoredHashesForRecordHash(int64(i), leaf, read)
		if err != nil {
			return nil, err
		}
		hashes = append(hashes, hs...)
	}
	return read, nil
}

// Verify checks a store's history against c, a checkpoint of its log
// taken earlier (the latest the host or an auditor holds): that the log
// still holds every leaf c covers, unchanged; that every case's chain
// verifies ([kit.Verify]); that every record is a leaf of the log whose
// hash is the record's, no two the same leaf; and that every leaf is a
// record's. It returns nil, or an error with code Internal and rule XC01
// wrapping a *Finding for the first thing wrong, in that order.
//
// It finds a record edited, re-hashed or forged, a case's chain rewritten
// and re-hashed end to end, records removed from the end with the case's
// head set back, a whole case deleted, and a leaf rewritten. It does not
// check a case's row against its last record: the services' Verify does
// (XC11). What it cannot find: a forged record given a leaf of its own
// after c, with the log's size raised, is what a save after c looks like;
// and before the first checkpoint, a superuser who rewrites records, leaves
// and tree hashes alike leaves nothing to compare them with.
func Verify(ctx context.Context, log Log, c Checkpoint) error {
	const op = "audit.Verify"
	t, err := log.Tree(ctx)
	if err != nil {
		return err
	}
	if c.Size > t.N {
		return found(op, Finding{Checkpoint: -1, Leaf: t.N, Reason: fmt.Sprintf("the log holds %d leaves, fewer than the %d the checkpoint covers: leaves were removed", t.N, c.Size)})
	}
	hashes, err := rebuild(ctx, log, t.N)
	if err != nil {
		return err
	}
	if h, err := tlog.TreeHash(c.Size, hashes); err != nil || h != c.Hash {
		return found(op, Finding{Checkpoint: -1, Leaf: -1, Reason: "the leaves the checkpoint covers are not those it signed: a leaf was changed or removed"})
	}
	claimed := make([]bool, t.N)
	var late []Finding // records given their leaves after t
	var lateHash []tlog.Hash
	var chain []dandang.Record
	var first error
	flush := func() {
		if len(chain) > 0 && first == nil {
			if err := kit.Verify(chain[0].CaseKind, chain[0].CaseID, chain); err != nil {
				first = err
			}
		}
		chain = chain[:0]
	}
	err = log.Records(ctx, func(leaf int64, r dandang.Record) error {
		if len(chain) > 0 && (chain[0].CaseKind != r.CaseKind || chain[0].CaseID != r.CaseID) {
			flush()
		}
		chain = append(chain, r)
		if first != nil {
			return nil
		}
		at := Finding{Checkpoint: -1, Leaf: leaf, CaseKind: r.CaseKind, CaseID: r.CaseID, Seq: r.Seq}
		switch {
		case leaf == Queued:
			// Saved after the log's last read by the application, by a
			// save running beside this check: a later checkpoint covers
			// it. Its chain is verified all the same.
			return nil
		case leaf >= t.N:
			// Given its leaf after the tree read above: checked below
			// against the log as it then stands.
			late = append(late, at)
			lateHash = append(lateHash, LeafHash(&r))
			return nil
		case leaf < 0:
			at.Reason = "the record is not in the log: it was forged, or saved around the library"
		case claimed[leaf]:
			at.Reason = "another record claims the same leaf: one of them was forged"
		default:
			want, err := hashes.ReadHashes([]int64{tlog.StoredHashIndex(0, leaf)})
			if err != nil {
				return err
			}
			if want[0] != LeafHash(&r) {
				at.Reason = "the record is not the one logged: it was changed, or its case's chain rewritten and re-hashed"
			}
			claimed[leaf] = true
		}
		if at.Reason != "" {
			first = found(op, at)
		}
		return nil
	})
	if err != nil {
		return err
	}
	flush()
	if first != nil {
		return first
	}
	if len(late) > 0 {
		// The log grew while the records were read: each late record must
		// be the leaf it names in the log as it stands now.
		t2, err := log.Tree(ctx)
		if err != nil {
			return err
		}
		for i, at := range late {
			if at.Leaf < t2.N {
				got, err := log.Leaves(ctx, at.Leaf, at.Leaf+1)
				if err != nil {
					return err
				}
				if len(got) == 1 && got[0] == lateHash[i] {
					continue
				}
			}
			at.Reason = "the record is not in the log: it was forged, or saved around the library"
			return found(op, at)
		}
	}
	for i, ok := range claimed {
		if !ok {
			return found(op, Finding{Checkpoint: -1, Leaf: int64(i), Reason: "no record is this leaf's: a record, or a whole case, was deleted"})
		}
	}
	return nil
}
