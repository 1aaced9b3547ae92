package memdb

import (
	"context"
	"fmt"
	"slices"
	"strings"

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

// partiesRow indexes a case by subject and organ.
type partiesRow struct {
	ID        string
	SubjectID string
	OrganID   string
}

// lifecycleRow indexes a case by state and, in the same key, its deadline
// while open or its closing time once closed: "state/number/id", the number
// zero-padded so that keys sort by it.
type lifecycleRow struct {
	ID  string
	Key string
}

func lifecycleKey(state clearance.State, n int64, id string) string {
	return fmt.Sprintf("%s/%020d/%s", state, n, id)
}

// lifecycle returns what a case's lifecycle key is made of.
func lifecycle(c *clearance.Case) (clearance.State, int64) {
	if !c.Open() {
		return c.State, c.ClosedAt.UnixNano()
	}
	return c.State, int64(c.Due)
}

func sameLifecycle(c *clearance.Case, state clearance.State, n int64) bool {
	s, m := lifecycle(c)
	return s == state && m == n
}

var openStates = []clearance.State{clearance.Opened, clearance.InReview, clearance.Approved, clearance.DeclinePending}
var closedStates = []clearance.State{clearance.Closed, clearance.Declined}

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
	if old == nil || old.c.Subject.ID != c.Subject.ID || old.c.Organ.ID != c.Organ.ID {
		if err := txn.Insert(tableClearanceParties, &partiesRow{ID: c.ID, SubjectID: c.Subject.ID, OrganID: c.Organ.ID}); err != nil {
			return internal(op, err)
		}
	}
	state, n := lifecycle(c)
	if old == nil || !sameLifecycle(old.c, state, n) {
		if old != nil {
			oldState, oldN := lifecycle(old.c)
			if err := txn.Delete(tableClearanceLifecycle, &lifecycleRow{ID: c.ID, Key: lifecycleKey(oldState, oldN, c.ID)}); err != nil {
				return internal(op, err)
			}
		}
		if err := txn.Insert(tableClearanceLifecycle, &lifecycleRow{ID: c.ID, Key: lifecycleKey(state, n, c.ID)}); err != nil {
			return internal(op, err)
		}
	}
	var history []dandang.Record
	if old != nil {
		history = old.history
	}
	if err := txn.Insert(tableClearance, &clearanceRow{ID: c.ID, c: c.Clone(), history: appendHistory(history, records)}); err != nil {
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

// scanLifecycle walks the lifecycle index of one state from number from
// (inclusive) while the number is below to, and collects the cases keep
// accepts.
func scanLifecycle(txn *memdb.Txn, op string, state clearance.State, from, to int64, keep func(*clearance.Case) bool, out []*clearance.Case) ([]*clearance.Case, error) {
	prefix := string(state) + "/"
	it, err := txn.LowerBound(tableClearanceLifecycle, "id", lifecycleKey(state, from, ""))
	if err != nil {
		return nil, internal(op, err)
	}
	limit := lifecycleKey(state, to, "")
	for obj := it.Next(); obj != nil; obj = it.Next() {
		lc := obj.(*lifecycleRow)
		if !strings.HasPrefix(lc.Key, prefix) || lc.Key >= limit {
			break
		}
		row, err := getRow(txn, op, lc.ID)
		if err != nil {
			return nil, err
		}
		if keep(row.c) {
			out = append(out, row.c.Clone())
		}
	}
	return out, nil
}

const maxNumber = int64(1)<<62 - 1 // beyond every deadline day and closing time

// Find returns the cases f selects, ordered by ID, through the most
// selective index f allows.
func (s *ClearanceStore) Find(ctx context.Context, f clearance.Filter) ([]*clearance.Case, error) {
	const op = "memdb.Clearance.Find"
	if err := ctxErr(ctx, op); err != nil {
		return nil, err
	}
	txn := s.db.db.Txn(false)
	var out []*clearance.Case
	var err error
	switch {
	case f.SubjectID != "" || f.OrganID != "":
		index, arg := "subject", f.SubjectID
		if f.SubjectID == "" {
			index, arg = "organ", f.OrganID
		}
		var it memdb.ResultIterator
		if it, err = txn.Get(tableClearanceParties, index, arg); err != nil {
			return nil, internal(op, err)
		}
		for obj := it.Next(); obj != nil; obj = it.Next() {
			row, err := getRow(txn, op, obj.(*partiesRow).ID)
			if err != nil {
				return nil, err
			}
			if f.Match(row.c) {
				out = append(out, row.c.Clone())
			}
		}
	case !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero():
		from, to := int64(0), maxNumber
		if !f.ClosedFrom.IsZero() {
			from = f.ClosedFrom.UnixNano()
		}
		if !f.ClosedTo.IsZero() {
			to = f.ClosedTo.UnixNano()
		}
		for _, st := range closedStates {
			if out, err = scanLifecycle(txn, op, st, from, to, f.Match, out); err != nil {
				return nil, err
			}
		}
	case f.State != "":
		if out, err = scanLifecycle(txn, op, f.State, 0, maxNumber, f.Match, out); err != nil {
			return nil, err
		}
	default:
		it, err := txn.Get(tableClearance, "id")
		if err != nil {
			return nil, internal(op, err)
		}
		for obj := it.Next(); obj != nil; obj = it.Next() {
			if c := obj.(*clearanceRow).c; f.Match(c) {
				out = append(out, c.Clone())
			}
		}
	}
	sortByID(out)
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// Overdue returns the open cases due before day, earliest first, from the
// lifecycle index.
func (s *ClearanceStore) Overdue(ctx context.Context, day dandang.Day) ([]*clearance.Case, error) {
	const op = "memdb.Clearance.Overdue"
	if err := ctxErr(ctx, op); err != nil {
		return nil, err
	}
	txn := s.db.db.Txn(false)
	var out []*clearance.Case
	var err error
	all := func(*clearance.Case) bool { return true }
	for _, st := range openStates {
		if out, err = scanLifecycle(txn, op, st, 1, int64(day), all, out); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b *clearance.Case) int {
		if a.Due != b.Due {
			return int(a.Due - b.Due)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}
