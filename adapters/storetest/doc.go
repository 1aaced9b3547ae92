// Package storetest is the conformance suite every store adapter runs: the
// behaviour of a store written once, so that memdb and postgres are held to
// the same contract.
//
// An adapter's test calls the suite with a constructor that returns a fresh,
// empty store:
//
//	func TestClearanceStore(t *testing.T) {
//		storetest.Clearance(t, func(t *testing.T) storetest.ClearanceEnv {
//			db := memdb.New()
//			return storetest.ClearanceEnv{Store: db.Clearance(), Outbox: db.Outbox()}
//		})
//	}
package storetest
