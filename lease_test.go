package dandang_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
)

// leasedOutbox is a fakeOutbox whose claims run out after lease.
type leasedOutbox struct {
	*fakeOutbox
	lease time.Duration
}

func (o leasedOutbox) Lease() time.Duration { return o.lease }

// A handler that outlives its event's lease is told: its context ends with
// ErrLeaseExpired as the cause, and the event, whose claim another
// dispatcher may hold by then, is not marked delivered but tried again.
func TestDispatcher_HandlerOutlivingItsLeaseIsTold(t *testing.T) {
	box := leasedOutbox{fakeOutbox: newBox(t, event.KindReportConcluded, "r1"), lease: 20 * time.Millisecond}
	d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: dandang.NewFixedClock(dispatchAt)})
	var cause error
	d.Handle(event.KindReportConcluded, func(ctx context.Context, e dandang.Event) error {
		<-ctx.Done() // a handler stuck on a slow call
		cause = context.Cause(ctx)
		return nil // and one that ignores it
	})
	n, err := d.Dispatch(context.Background())
	if !errors.Is(cause, dandang.ErrLeaseExpired) {
		t.Errorf("the handler's context ended with %v, want ErrLeaseExpired", cause)
	}
	if n != 0 || !errors.Is(err, dandang.ErrLeaseExpired) {
		t.Errorf("Dispatch = %d, %v; want nothing delivered and ErrLeaseExpired", n, err)
	}
	if ev := box.event(t, "r1"); !ev.DeliveredAt.IsZero() || ev.Attempts != 1 {
		t.Errorf("event after the lease ran out: delivered %v, attempts %d; want pending, one attempt", ev.DeliveredAt, ev.Attempts)
	}
}
