package memdb_test

import (
	"testing"

	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
)

func logEnv(db *memdb.DB) storetest.LogEnv {
	return storetest.LogEnv{Env: storetest.Env{
		Store:  memdb.NewStore(db, storetest.Toys),
		Other:  memdb.NewStore(db, storetest.Others),
		Outbox: db.Outbox(),
		Events: db.Outbox().All,
	}, Log: db.Log()}
}

func TestLog(t *testing.T) {
	storetest.Log(t, func(t *testing.T) storetest.LogEnv { return logEnv(memdb.New()) })
}

func TestLog_Tampers(t *testing.T) {
	storetest.Tampers(t, func(t *testing.T) (storetest.LogEnv, storetest.Superuser) {
		db := memdb.New()
		return logEnv(db), memdb.Superuser{DB: db}
	})
}
