package memdb

import (
	"context"
	"fmt"
	"math"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/clearance"
	"github.com/hashicorp/go-memdb"
)

// clearanceRow is a clearance case as stored: a private copy of the case and
// its history.
type clearanceRow struct {
	ID      string
	c       *clearance.Case
	history []dandang.Record
}

// clearanceIndexRow holds the fields queries select on. It is rewritten only
// when one of them changes, which most commands do not: their save touches
// one index instead of six.
type clearanceIndexRow struct {
	ID        string
	SubjectID string
	OrganID   string
	State     string
	OpenDue   uint64 // the deadline day of an open case; MaxUint64 when closed or none
	ClosedAt  uint64 // nanoseconds; MaxUint64 while open
}

func newIndexRow(c *clearance.Case) clearanceIndexRow {
	due := uint64(math.MaxUint64)
	if c.Open() && c.Due != 0 {
		due = uint64(c.Due)
	}
	return clearanceIndexRow{ID: c.ID, SubjectID: c.Subject.ID, OrganID: c.Organ.ID, State: string(c.State),
		OpenDue: due, ClosedAt: unixNano(c.ClosedAt)}
}

// ClearanceStore is the clearance.Store on a DB. It is safe for concurrent
// use.
type ClearanceStore struct {
	db *DB
}

var _ clearance.Store = (*ClearanceStore)(nil)

func getRow(txn *memdb.Txn, op, id string) (*clearanceRow, error) {
	obj, err := txn.First(tableClearance, "id", id)
	if err != nil {
		return nil, internal(op, err)
	}
	if obj == nil {
		return nil, &dandang.Error{Code: dandang.NotFound, Op: op, Message: "no case " + id}
	}
	return obj.(*clearanceRow), nil
}

// Get returns a copy of the case with id, or a NotFound error.
func (s *ClearanceStore) Get(ctx context.Context, id string) (*clearance.Case, error) {
	const op = "memdb.Clearance.Get"
	if err := ctxErr(ctx, op); err != nil {
		return nil, err
	}
	row, err := getRow(s.db.db.Txn(false), op, id)
	if err != nil {
		return nil, err
	}
	return row.c.Clone(), nil
}

// Save writes the case, its records and events in one transaction if the
// stored version is prev (0: the case must be new); otherwise it returns a
// Conflict error and writes nothing.
func (s *ClearanceStore) Save(ctx context.Context, c *clearance.Case, prev int, records []dandang.Record, events []dandang.Event) error {
	const op = "memdb.Clearance.Save"
	if err := ctxErr(ctx, op); err != nil {
		return err
	}
	if want := prev + len(records); c.Version != want {
		return &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("case version %d after %d records on %d", c.Version, len(records), prev)}
	}
	txn := s.db.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(tableClearance, "id", c.ID)
	if err != nil {
		return internal(op, err)
	}
	var old *clearanceRow
	switch {
	case obj == nil && prev != 0:
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: "no case " + c.ID}
	case obj != nil:
		old = obj.(*clearanceRow)
		if old.c.Version != prev {
			return &dandang.Error{Code: dandang.Conflict, Op: op,
				Message: fmt.Sprintf("case %s is at version %d, not %d", c.ID, old.c.Version, prev)}
		}
	}
	idx := newIndexRow(c)
	var history []dandang.Record
	if old == nil || newIndexRow(old.c) != idx {
		if err := txn.Insert(tableClearanceIndex, &idx); err != nil {
			return internal(op, err)
		}
	}
	if old != nil {
		history = old.history
	}
	row := &clearanceRow{ID: c.ID, c: c.Clone(), history: appendHistory(history, records)}
	if err := txn.Insert(tableClearance, row); err != nil {
		return internal(op, err)
	}
	if err := insertEvents(txn, op, events); err != nil {
		return err
	}
	txn.Commit()
	return nil
}

// History returns the case's records in order, or NotFound.
func (s *ClearanceStore) History(ctx context.Context, id string) ([]dandang.Record, error) {
	const op = "memdb.Clearance.History"
	if err := ctxErr(ctx, op); err != nil {
		return nil, err
	}
	row, err := getRow(s.db.db.Txn(false), op, id)
	if err != nil {
		return nil, err
	}
	return copyHistory(row.history), nil
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
	byClosed := false
	switch {
	case f.SubjectID != "":
		it, err = txn.Get(tableClearanceIndex, "subject", f.SubjectID)
	case f.OrganID != "":
		it, err = txn.Get(tableClearanceIndex, "organ", f.OrganID)
	case !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero():
		from := uint64(0)
		if !f.ClosedFrom.IsZero() {
			from = uint64(f.ClosedFrom.UnixNano())
		}
		it, err = txn.LowerBound(tableClearanceIndex, "closed", from)
		byClosed = true
	case f.State != "":
		it, err = txn.Get(tableClearanceIndex, "state", string(f.State))
	default:
		it, err = txn.Get(tableClearanceIndex, "id")
	}
	if err != nil {
		return nil, internal(op, err)
	}
	var out []*clearance.Case
	for obj := it.Next(); obj != nil; obj = it.Next() {
		idx := obj.(*clearanceIndexRow)
		if byClosed && !f.ClosedTo.IsZero() && idx.ClosedAt >= uint64(f.ClosedTo.UnixNano()) {
			break // the closed index is ordered: nothing further is in range
		}
		row, err := getRow(txn, op, idx.ID)
		if err != nil {
			return nil, err
		}
		if f.Match(row.c) {
			out = append(out, row.c.Clone())
		}
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
	txn := s.db.db.Txn(false)
	it, err := txn.LowerBound(tableClearanceIndex, "due", uint64(0))
	if err != nil {
		return nil, internal(op, err)
	}
	var out []*clearance.Case
	for obj := it.Next(); obj != nil; obj = it.Next() {
		idx := obj.(*clearanceIndexRow)
		if idx.OpenDue >= uint64(day) {
			break
		}
		row, err := getRow(txn, op, idx.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, row.c.Clone())
	}
	return out, nil
}
