package memdb

import (
	"context"
	"fmt"
	"math"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/clearance"
	"github.com/hashicorp/go-memdb"
)

// clearanceRow is a clearance case as stored: the indexed fields beside a
// private copy of the case.
type clearanceRow struct {
	ID        string
	SubjectID string
	OrganID   string
	State     string
	OpenDue   uint64 // the deadline day of an open case; MaxUint64 when closed
	ClosedAt  uint64
	c         *clearance.Case
}

func newClearanceRow(c *clearance.Case) *clearanceRow {
	due := uint64(math.MaxUint64)
	if c.Open() && c.Due != 0 {
		due = uint64(c.Due)
	}
	return &clearanceRow{ID: c.ID, SubjectID: c.Subject.ID, OrganID: c.Organ.ID, State: string(c.State),
		OpenDue: due, ClosedAt: unixNano(c.ClosedAt), c: c.Clone()}
}

// ClearanceStore is the clearance.Store on a DB. It is safe for concurrent
// use.
type ClearanceStore struct {
	db *DB
}

var _ clearance.Store = (*ClearanceStore)(nil)

// Get returns a copy of the case with id, or a NotFound error.
func (s *ClearanceStore) Get(ctx context.Context, id string) (*clearance.Case, error) {
	if err := ctxErr(ctx, "memdb.Clearance.Get"); err != nil {
		return nil, err
	}
	obj, err := s.db.db.Txn(false).First(tableClearance, "id", id)
	if err != nil {
		return nil, internal("memdb.Clearance.Get", err)
	}
	if obj == nil {
		return nil, &dandang.Error{Code: dandang.NotFound, Op: "memdb.Clearance.Get", Message: "no case " + id}
	}
	return obj.(*clearanceRow).c.Clone(), nil
}

// Save writes the case, its records and events in one transaction if the
// stored version is prev (0: the case must be new); otherwise it returns a
// Conflict error and writes nothing.
func (s *ClearanceStore) Save(ctx context.Context, c *clearance.Case, prev int, records []dandang.Record, events []dandang.Event) error {
	const op = "memdb.Clearance.Save"
	if err := ctxErr(ctx, op); err != nil {
		return err
	}
	txn := s.db.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(tableClearance, "id", c.ID)
	if err != nil {
		return internal(op, err)
	}
	switch {
	case obj == nil && prev != 0:
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: "no case " + c.ID}
	case obj != nil && obj.(*clearanceRow).c.Version != prev:
		return &dandang.Error{Code: dandang.Conflict, Op: op,
			Message: fmt.Sprintf("case %s is at version %d, not %d", c.ID, obj.(*clearanceRow).c.Version, prev)}
	}
	if want := prev + len(records); c.Version != want {
		return &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("case version %d after %d records on %d", c.Version, len(records), prev)}
	}
	if err := txn.Insert(tableClearance, newClearanceRow(c)); err != nil {
		return internal(op, err)
	}
	if err := insertRecords(txn, records, events); err != nil {
		if dandang.ErrorCode(err) == dandang.Conflict {
			return err
		}
		return internal(op, err)
	}
	txn.Commit()
	return nil
}

// History returns the case's records in order, or NotFound.
func (s *ClearanceStore) History(ctx context.Context, id string) ([]dandang.Record, error) {
	if err := ctxErr(ctx, "memdb.Clearance.History"); err != nil {
		return nil, err
	}
	txn := s.db.db.Txn(false)
	if obj, err := txn.First(tableClearance, "id", id); err != nil {
		return nil, internal("memdb.Clearance.History", err)
	} else if obj == nil {
		return nil, &dandang.Error{Code: dandang.NotFound, Op: "memdb.Clearance.History", Message: "no case " + id}
	}
	return history(txn, clearance.Kind, id)
}

// Find returns the cases f selects, ordered by ID, through the most
// selective index f allows.
func (s *ClearanceStore) Find(ctx context.Context, f clearance.Filter) ([]*clearance.Case, error) {
	const op = "memdb.Clearance.Find"
	if err := ctxErr(ctx, op); err != nil {
		return nil, err
	}
	txn := s.db.db.Txn(false)
	var it memdb.ResultIterator
	var err error
	switch {
	case f.SubjectID != "":
		it, err = txn.Get(tableClearance, "subject", f.SubjectID)
	case f.OrganID != "":
		it, err = txn.Get(tableClearance, "organ", f.OrganID)
	case !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero():
		from := uint64(0)
		if !f.ClosedFrom.IsZero() {
			from = uint64(f.ClosedFrom.UnixNano())
		}
		it, err = txn.LowerBound(tableClearance, "closed", from)
	case f.State != "":
		it, err = txn.Get(tableClearance, "state", string(f.State))
	default:
		it, err = txn.Get(tableClearance, "id")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	var out []*clearance.Case
	for obj := it.Next(); obj != nil; obj = it.Next() {
		row := obj.(*clearanceRow)
		if !f.ClosedTo.IsZero() && f.SubjectID == "" && f.OrganID == "" && row.ClosedAt >= uint64(f.ClosedTo.UnixNano()) {
			break // the closed index is ordered: nothing further is in range
		}
		if !f.Match(row.c) {
			continue
		}
		out = append(out, row.c.Clone())
	}
	sortByID(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// Overdue returns the open cases due before day, earliest first, from the
// deadline index.
func (s *ClearanceStore) Overdue(ctx context.Context, day dandang.Day) ([]*clearance.Case, error) {
	const op = "memdb.Clearance.Overdue"
	if err := ctxErr(ctx, op); err != nil {
		return nil, err
	}
	it, err := s.db.db.Txn(false).LowerBound(tableClearance, "due", uint64(0))
	if err != nil {
		return nil, internal(op, err)
	}
	var out []*clearance.Case
	for obj := it.Next(); obj != nil; obj = it.Next() {
		row := obj.(*clearanceRow)
		if row.OpenDue >= uint64(day) {
			break
		}
		out = append(out, row.c.Clone())
	}
	return out, nil
}
