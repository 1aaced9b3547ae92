package memdb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dandang/dandang"

	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
)

func TestClearanceStore(t *testing.T) {
	storetest.Clearance(t, func(t *testing.T) storetest.ClearanceEnv {
		db := memdb.New()
		return storetest.ClearanceEnv{Store: db.Clearance(), Outbox: db.Outbox()}
	})
}

func TestOutbox_Publish(t *testing.T) {
	ctx := context.Background()
	db := memdb.New()
	at := time.Date(2023, 3, 20, 9, 0, 0, 0, dandang.China)
	ev, err := dandang.NewEvent("r1", "report", "r1", at, dandang.ReportConcluded{ReportID: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Outbox().Publish(ctx, ev); err != nil {
		t.Fatal(err)
	}
	other, _ := dandang.NewEvent("r2", "report", "r2", at, dandang.ReportConcluded{ReportID: "r2"})
	if err := db.Outbox().Publish(ctx, other, ev); !errors.Is(err, dandang.ErrConflict) {
		t.Errorf("Publish(existing) = %v, want conflict", err)
	}
	pend, err := db.Outbox().Pending(ctx, 10)
	if err != nil || len(pend) != 1 || pend[0].ID != "r1" {
		t.Errorf("Pending = %v, %v; want only r1 (a refused Publish adds nothing)", pend, err)
	}
}
