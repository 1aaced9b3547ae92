package postgres

import "github.com/dandang/dandang/clearance"

// ClearanceStore is the clearance store on a DB: the generic [Store] for
// clearance cases.
type ClearanceStore = Store[*clearance.Case]

// Clearance returns the clearance store on db.
func (db *DB) Clearance() *ClearanceStore {
	return NewStore(db, clearance.Kind, func() *clearance.Case { return new(clearance.Case) })
}
