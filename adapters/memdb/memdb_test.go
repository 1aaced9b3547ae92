package memdb_test

import (
	"testing"

	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
)

func TestClearanceStore(t *testing.T) {
	storetest.Clearance(t, func(t *testing.T) storetest.ClearanceEnv {
		db := memdb.New()
		return storetest.ClearanceEnv{Store: db.Clearance(), Outbox: db.Outbox()}
	})
}
