package postgres

import "github.com/dandang/dandang/tolerance"

// ToleranceStore is the tolerance store on a DB: the generic [Store] for
// tolerance cases.
type ToleranceStore = Store[*tolerance.Case]

// Tolerance returns the tolerance store on db.
func (db *DB) Tolerance() *ToleranceStore {
	return NewStore(db, tolerance.Kind, func() *tolerance.Case { return new(tolerance.Case) })
}
