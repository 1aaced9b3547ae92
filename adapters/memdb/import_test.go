package memdb_test

import (
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
)

func TestImport(t *testing.T) {
	storetest.Import(t, func(t *testing.T) storetest.ImportEnv {
		db := memdb.New()
		return storetest.ImportEnv{
			Accusation: memdb.NewStore(db, accusation.Cases),
			Clearance:  memdb.NewStore(db, clearance.Cases),
			Tolerance:  memdb.NewStore(db, tolerance.Cases),
			FollowUp:   memdb.NewStore(db, followup.Cases),
			Log:        db.Log(),
			Events:     db.Outbox().All,
		}
	})
}
