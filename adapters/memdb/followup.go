package memdb

import "github.com/dandang/dandang/followup"

// FollowUpStore is the follow-up store on a DB: the generic [Store] for
// follow-up cases.
type FollowUpStore = Store[*followup.Case]

// FollowUp returns the follow-up store on db.
func (db *DB) FollowUp() *FollowUpStore { return NewStore[*followup.Case](db, followup.Kind) }
