package postgres_test

import (
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
)

func TestImport(t *testing.T) {
	storetest.Import(t, func(t *testing.T) storetest.ImportEnv {
		db := fresh(t)
		return storetest.ImportEnv{
			Accusation: postgres.NewStore(db, accusation.Cases),
			Clearance:  postgres.NewStore(db, clearance.Cases),
			Tolerance:  postgres.NewStore(db, tolerance.Cases),
			FollowUp:   postgres.NewStore(db, followup.Cases),
			Log:        db.Log(),
			Events:     db.Outbox().All,
		}
	})
}
