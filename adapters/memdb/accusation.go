package memdb

import "github.com/dandang/dandang/accusation"

// AccusationStore is the accusation store on a DB: the generic [Store] for
// reports.
type AccusationStore = Store[*accusation.Case]

// Accusation returns the accusation store on db.
func (db *DB) Accusation() *AccusationStore {
	return NewStore[*accusation.Case](db, accusation.Kind)
}
