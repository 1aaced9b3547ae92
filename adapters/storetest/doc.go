// Package storetest is the conformance suite every store adapter runs: the
// [kit.Store] contract and the outbox written once, so that memdb and
// postgres are held to the same behaviour.
//
// The suite stores [Toy] cases, a case kind of its own, so that it depends
// on no process package. An adapter's test calls it with a constructor that
// returns fresh, empty stores on one database:
//
//	func TestStore(t *testing.T) {
//		storetest.Cases(t, func(t *testing.T) storetest.Env {
//			db := memdb.New()
//			return storetest.Env{
//				Store:  memdb.NewStore(db, storetest.Toys),
//				Other:  memdb.NewStore(db, storetest.Others),
//				Outbox: db.Outbox(),
//				Events: db.Outbox().All,
//			}
//		})
//	}
package storetest
