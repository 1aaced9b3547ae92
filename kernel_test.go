package dandang_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

func TestError_IsAndHelpers(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", kit.Invalidf("clearance.Propose", "CL06", "Consent", "missing"))
	if !errors.Is(err, dandang.Invalid) {
		t.Errorf("errors.Is(err, Invalid) = false")
	}
	if errors.Is(err, dandang.Conflict) {
		t.Errorf("errors.Is(err, Conflict) = true")
	}
	if !errors.Is(err, &dandang.Error{Rule: "CL06"}) {
		t.Errorf("errors.Is by rule = false")
	}
	if got, want := dandang.ErrorRule(err), "CL06"; got != want {
		t.Errorf("ErrorRule = %q, want %q", got, want)
	}
	if got, want := dandang.ErrorField(err), "Consent"; got != want {
		t.Errorf("ErrorField = %q, want %q", got, want)
	}
	if got, want := dandang.ErrorCode(errors.New("plain")), dandang.Internal; got != want {
		t.Errorf("ErrorCode(plain) = %q, want %q", got, want)
	}
	if got, want := err.Error(), "wrapped: clearance.Propose: invalid [CL06] Consent: missing"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

type testPolicy struct {
	Ref  kit.PolicyRef
	Days int `validate:"min=1,max=30"`
}

func (p testPolicy) PolicyRef() kit.PolicyRef { return p.Ref }

func (p testPolicy) Validate() error { return kit.ValidatePolicy("test", "CL11", p) }

func TestValidatePolicy_NamesField(t *testing.T) {
	good := testPolicy{Ref: kit.PolicyRef{ID: "zj", Version: 1}, Days: 5}
	if err := kit.ValidatePolicy("test", "CL11", good); err != nil {
		t.Fatalf("ValidatePolicy(good) = %v", err)
	}
	bad := good
	bad.Days = 0
	err := kit.ValidatePolicy("test", "CL11", bad)
	if dandang.ErrorCode(err) != dandang.Invalid || dandang.ErrorField(err) != "Days" || dandang.ErrorRule(err) != "CL11" {
		t.Errorf("ValidatePolicy(bad) = %v, want invalid Days [CL11]", err)
	}
	bad = good
	bad.Ref.Version = 0
	if err := kit.ValidatePolicy("test", "CL11", bad); dandang.ErrorField(err) != "Ref.Version" {
		t.Errorf("ValidatePolicy(no version) field = %q, want Ref.Version", dandang.ErrorField(err))
	}
}

func TestPolicySet_OpenCasesKeepTheirPolicy(t *testing.T) {
	v1 := testPolicy{Ref: kit.PolicyRef{ID: "zj", Version: 1}, Days: 5}
	v2 := testPolicy{Ref: kit.PolicyRef{ID: "zj", Version: 2}, Days: 3}
	set := kit.NewPolicySet(v1)
	if err := set.Adopt(v2); err != nil {
		t.Fatal(err)
	}
	if got := set.Current().Days; got != 3 {
		t.Errorf("Current().Days = %d, want 3", got)
	}
	if p, ok := set.Get(v1.Ref); !ok || p.Days != 5 {
		t.Errorf("Get(v1) = %v, %v; want the old policy kept", p, ok)
	}
	if err := set.Adopt(testPolicy{Ref: v1.Ref, Days: 9}); !errors.Is(err, dandang.Conflict) {
		t.Errorf("Adopt(rewritten v1) = %v, want conflict", err)
	}
	if err := set.Adopt(testPolicy{Ref: kit.PolicyRef{ID: "zj", Version: 3}, Days: 0}); dandang.ErrorField(err) != "Days" {
		t.Errorf("Adopt(invalid) = %v, want invalid Days", err)
	}
	if got := set.Current().Ref.Version; got != 2 {
		t.Errorf("current version %d after a refused Adopt, want 2", got)
	}
	if p, _ := set.Get(v1.Ref); p.Days != 5 {
		t.Errorf("v1 changed to %d by a refused Adopt", p.Days)
	}
}

// fakeOutbox is a minimal Outbox for the dispatcher tests. With allKinds
// it hands out every kind whatever it is asked for, as a careless
// implementation might; released lists what was released.
type fakeOutbox struct {
	mu       sync.Mutex
	evs      []dandang.Event
	allKinds bool
	released []string
}

func (o *fakeOutbox) Pending(_ context.Context, now time.Time, kinds []dandang.EventKind, limit int) ([]dandang.Event, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []dandang.Event
	for _, e := range o.evs {
		asked := kinds == nil || o.allKinds || slices.Contains(kinds, e.Kind)
		if e.State == dandang.EventPending && asked && !e.NextAttempt.After(now) && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (o *fakeOutbox) update(id string, f func(*dandang.Event)) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := range o.evs {
		if o.evs[i].ID == id {
			f(&o.evs[i])
			return nil
		}
	}
	return dandang.NotFound
}

func (o *fakeOutbox) MarkDelivered(_ context.Context, id string, at time.Time) error {
	return o.update(id, func(e *dandang.Event) { e.Attempts++; e.State, e.DeliveredAt = dandang.EventDelivered, at })
}

func (o *fakeOutbox) MarkFailed(_ context.Context, id, reason string, retryAt time.Time) error {
	return o.update(id, func(e *dandang.Event) { e.Attempts++; e.LastError, e.NextAttempt = reason, retryAt })
}

func (o *fakeOutbox) MarkDead(_ context.Context, id, reason string, at time.Time) error {
	return o.update(id, func(e *dandang.Event) { e.Attempts++; e.State, e.LastError, e.DeadAt = dandang.EventDead, reason, at })
}

func (o *fakeOutbox) Release(_ context.Context, ids ...string) error {
	o.mu.Lock()
	o.released = append(o.released, ids...)
	o.mu.Unlock()
	return nil
}

func (o *fakeOutbox) DeadLetters(context.Context, int) ([]dandang.Event, error) { return nil, nil }

func (o *fakeOutbox) Retry(context.Context, string) error { return nil }

func TestDispatcher_AtLeastOnce(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2023, 6, 1, 9, 0, 0, 0, dandang.China)
	clock := dandang.NewFixedClock(at)
	box := &fakeOutbox{}
	for i, id := range []string{"r1", "r2"} {
		ev, err := kit.NewEvent("e"+id, "report", id, at.Add(time.Duration(i)*time.Minute), event.ReportConcluded{ReportID: id, Named: true})
		if err != nil {
			t.Fatal(err)
		}
		box.evs = append(box.evs, ev)
	}
	var seen []string
	failR1 := true
	d := dandang.NewDispatcher(box, dandang.DispatcherConfig{Clock: clock})
	d.Handle(event.KindReportConcluded, func(_ context.Context, e dandang.Event) error {
		p, err := event.Decode(e)
		if err != nil {
			return err
		}
		rc := p.(event.ReportConcluded)
		seen = append(seen, rc.ReportID)
		if rc.ReportID == "r1" && failR1 {
			return errors.New("store down")
		}
		return nil
	})
	n, err := d.Dispatch(ctx)
	if n != 1 || err == nil {
		t.Fatalf("first Dispatch = %d, %v; want 1 delivered and r1's error", n, err)
	}
	failR1 = false
	if n, err := d.Dispatch(ctx); n != 0 || err != nil {
		t.Fatalf("Dispatch before r1's retry is due = %d, %v; want nothing tried", n, err)
	}
	clock.Advance(10 * time.Second)
	n, err = d.Dispatch(ctx)
	if n != 1 || err != nil {
		t.Fatalf("second Dispatch = %d, %v; want r1 delivered on retry", n, err)
	}
	if diff := cmp.Diff([]string{"r1", "r2", "r1"}, seen); diff != "" {
		t.Errorf("deliveries (-want +got):\n%s", diff)
	}
	if box.evs[0].Attempts != 2 || box.evs[0].DeliveredAt.IsZero() || !box.evs[1].DeliveredAt.Equal(at) {
		t.Errorf("outbox after dispatch = %+v", box.evs)
	}
	if n, err := d.Dispatch(ctx); n != 0 || err != nil {
		t.Errorf("third Dispatch = %d, %v; want nothing pending", n, err)
	}
}
