package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// Two instances dispatch at once, in rounds, on one clock: the newer
// handles both kinds, the older only report-concluded (a rolling deploy).
// Every seventh event fails its first attempt. At the end each event was
// delivered by exactly one handler success, none is marked delivered
// without one, clearance-completed events reached only the newer instance,
// and nothing is left pending or dead.
func TestOutbox_TwoDispatchersDeliverEachEventOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := twoInstances(t)
	const nA, nB = 200, 60
	var evs []dandang.Event
	for i := 0; i < nA+nB; i++ {
		var p event.Payload = event.ReportConcluded{ReportID: "r"}
		if i >= nA {
			p = event.ClearanceCompleted{CaseID: "c"}
		}
		ev, err := kit.NewEvent(fmt.Sprintf("e%03d", i), "report", "r", t0.Add(time.Duration(i)*time.Second), p)
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	if err := a.Outbox().Publish(ctx, evs...); err != nil {
		t.Fatal(err)
	}
	clock := dandang.NewFixedClock(t0.Add(time.Hour))
	cfg := dandang.DispatcherConfig{Clock: clock, RetryDelay: time.Minute, MaxAttempts: 3}
	var mu sync.Mutex
	tried := map[string]int{}
	succeeded := map[string]int{}
	byOlder := 0
	handler := func(older bool) func(context.Context, dandang.Event) error {
		return func(_ context.Context, e dandang.Event) error {
			mu.Lock()
			defer mu.Unlock()
			tried[e.ID]++
			i, err := strconv.Atoi(e.ID[1:])
			if err != nil {
				return err
			}
			if i%7 == 0 && tried[e.ID] == 1 {
				return errors.New("first attempt fails")
			}
			succeeded[e.ID]++
			if older && e.Kind == event.KindClearanceCompleted {
				byOlder++
			}
			return nil
		}
	}
	newer := dandang.NewDispatcher(a.Outbox(), cfg)
	newer.Handle(event.KindReportConcluded, handler(false))
	newer.Handle(event.KindClearanceCompleted, handler(false))
	older := dandang.NewDispatcher(b.Outbox(), cfg)
	older.Handle(event.KindReportConcluded, handler(true))
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		for _, d := range []*dandang.Dispatcher{newer, older} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// The first attempts of every seventh event fail by design.
				if _, err := d.Dispatch(ctx); err != nil && !strings.Contains(err.Error(), "first attempt fails") {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		clock.Advance(cfg.RetryDelay)
	}
	all, err := a.Outbox().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var pending, dead, doubled, unearned int
	for _, e := range all {
		switch {
		case e.State == dandang.EventPending:
			pending++
		case e.State == dandang.EventDead:
			dead++
		case e.State == dandang.EventDelivered && succeeded[e.ID] == 0:
			unearned++
		}
		if succeeded[e.ID] > 1 {
			doubled++
		}
	}
	t.Logf("%d events: %d delivered, %d pending, %d dead, %d delivered twice, %d marked delivered without a success",
		len(all), len(succeeded), pending, dead, doubled, unearned)
	if len(all) != nA+nB || len(succeeded) != nA+nB || pending != 0 || dead != 0 || doubled != 0 || unearned != 0 || byOlder != 0 {
		t.Errorf("%d events, %d delivered, %d pending, %d dead, %d doubled, %d unearned, %d clearance-completed events by the older instance; want %d delivered and zeros",
			len(all), len(succeeded), pending, dead, doubled, unearned, byOlder, nA+nB)
	}
}

var _ dandang.Outbox = (*postgres.Outbox)(nil)
