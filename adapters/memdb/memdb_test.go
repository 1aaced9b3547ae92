package memdb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

var _ kit.Store[*storetest.Toy] = (*memdb.Store[*storetest.Toy])(nil)

func TestStore(t *testing.T) {
	storetest.Cases(t, func(t *testing.T) storetest.Env {
		db := memdb.New()
		return storetest.Env{
			Store:  memdb.NewStore(db, storetest.Toys),
			Other:  memdb.NewStore(db, storetest.Others),
			Outbox: db.Outbox(),
			Events: db.Outbox().All,
		}
	})
}

func TestNewStore_BadKindPanics(t *testing.T) {
	for _, kind := range []string{"", "a\x00b"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewStore(%q) did not panic", kind)
				}
			}()
			memdb.NewStore(memdb.New(), kit.Kind[*storetest.Toy]{Name: kind, New: storetest.Toys.New})
		}()
	}
}

func TestOutbox_Publish(t *testing.T) {
	ctx := context.Background()
	db := memdb.New()
	at := time.Date(2023, 3, 20, 9, 0, 0, 0, dandang.China)
	ev, err := kit.NewEvent("r1", "report", "r1", at, event.ReportConcluded{ReportID: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Outbox().Publish(ctx, ev); err != nil {
		t.Fatal(err)
	}
	other, _ := kit.NewEvent("r2", "report", "r2", at, event.ReportConcluded{ReportID: "r2"})
	if err := db.Outbox().Publish(ctx, other, ev); !errors.Is(err, dandang.Conflict) {
		t.Errorf("Publish(existing) = %v, want conflict", err)
	}
	pend, err := db.Outbox().Pending(ctx, at, nil, 10)
	if err != nil || len(pend) != 1 || pend[0].ID != "r1" {
		t.Errorf("Pending = %v, %v; want only r1 (a refused Publish adds nothing)", pend, err)
	}
}
