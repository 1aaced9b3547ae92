package accusation_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// AC17: Awaiting tells a host who acts next on a report: the handling
// organ's staff while it is handled, the approvers of the organ at the
// approval level (a city, by default) once malice is proposed, and no one
// once it has ended owing nothing.
func TestAccusation_AC17_Awaiting(t *testing.T) {
	e := newEnv(t)
	pol := accusation.DefaultPolicy()

	got := e.svc.Awaiting(e.received("r1"))
	if got.OrganID != county.ID || got.Level != dandang.County || got.Due == 0 {
		t.Errorf("registered report awaits %+v, want the handling county with a due day", got)
	}
	if diff := cmp.Diff(pol.HandleRoles, got.Roles); diff != "" {
		t.Errorf("registered report awaits roles (-want +got):\n%s", diff)
	}

	d := e.determining("r2")
	got = e.svc.Awaiting(d)
	want := kit.Pending{Step: "approve_malice", OrganID: city.ID, Level: dandang.City, Roles: pol.ApproveRoles, Due: d.Earliest()}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("proposed determination awaits (-want +got):\n%s", diff)
	}

	if got := e.svc.Awaiting(nil); !cmp.Equal(got, kit.Pending{}) {
		t.Errorf("Awaiting(nil) = %+v, want nothing", got)
	}
}
