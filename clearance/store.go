package clearance

import (
	"context"
	"strings"
	"time"

	"github.com/dandang/dandang"
)

// Filter selects cases. Empty fields select all; set fields must all match.
type Filter struct {
	SubjectID string
	OrganID   string
	Region    string // organ region code prefix: "3307" is every organ in Jinhua
	State     State
	// ClosedFrom and ClosedTo bound ClosedAt (from inclusive, to exclusive);
	// either set selects closed and declined cases only.
	ClosedFrom time.Time
	ClosedTo   time.Time
	Limit      int // 0: no limit
}

// Match reports whether c passes the filter.
func (f Filter) Match(c *Case) bool {
	switch {
	case f.SubjectID != "" && c.Subject.ID != f.SubjectID,
		f.OrganID != "" && c.Organ.ID != f.OrganID,
		f.Region != "" && !strings.HasPrefix(c.Organ.Region, f.Region),
		f.State != "" && c.State != f.State:
		return false
	}
	if !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero() {
		if c.ClosedAt.IsZero() || c.ClosedAt.Before(f.ClosedFrom) || (!f.ClosedTo.IsZero() && !c.ClosedAt.Before(f.ClosedTo)) {
			return false
		}
	}
	return true
}

// Store is what the Service needs of a store. Every method is atomic and
// safe for concurrent use, and shares no memory with its caller: a returned
// case is the caller's to change, and a saved one is copied.
type Store interface {
	// Get returns the case with id, or an error with code NotFound.
	Get(ctx context.Context, id string) (*Case, error)
	// Save writes c, its new history records and its outbox events in one
	// transaction, if the stored version is still prev (0: the case must not
	// exist yet). Otherwise it returns an error with code Conflict and
	// writes nothing.
	Save(ctx context.Context, c *Case, prev int, records []dandang.Record, events []dandang.Event) error
	// History returns the case's records in order, or NotFound.
	History(ctx context.Context, id string) ([]dandang.Record, error)
	// Find returns the cases f selects, ordered by ID, through an index on
	// subject, organ, state or closing time.
	Find(ctx context.Context, f Filter) ([]*Case, error)
	// Overdue returns the open cases whose deadline is before day, earliest
	// first, through an index on the deadline.
	Overdue(ctx context.Context, day dandang.Day) ([]*Case, error)
}
