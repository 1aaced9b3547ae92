package clearance

import (
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
	Limit      int // 0: no limit; applied after the order (priority first)
}

func (f Filter) kit() dandang.Filter {
	k := dandang.Filter{SubjectID: f.SubjectID, Region: f.Region, State: string(f.State),
		ClosedFrom: f.ClosedFrom, ClosedTo: f.ClosedTo, Limit: f.Limit}
	if f.OrganID != "" {
		k.OrganIDs = []string{f.OrganID}
	}
	return k
}
