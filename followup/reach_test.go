package followup_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/checks"
	"github.com/google/go-cmp/cmp"
)

// XC07: a follow-up outside the reader's reach reads exactly as one that
// does not exist, in every read and every command: the same code, rule,
// field and text byte for byte apart from the ID, on any version.
func TestFollowUp_XC07_OutsideTheReachReadsAsMissing(t *testing.T) {
	e := newEnv(t)
	c := e.planned("D-reach", followup.PartyWarning, t0.AddDate(0, -1, 0)) // Songyang's; Jinyun does not reach it
	const missing = "discipline/none/p"
	a := actor("jy-all", jinyun, dandang.SupervisionOffice, dandang.PrincipalLeader, dandang.OrganizationDept, dandang.CaseManagement)
	svc := e.svc
	type call func(r followup.Ref) error
	cmd := func(f func(followup.Ref) (*followup.Case, error)) call {
		return func(r followup.Ref) error { _, err := f(r); return err }
	}
	calls := map[string]call{
		"Get":     func(r followup.Ref) error { _, err := svc.Get(ctx, a, r.CaseID); return err },
		"History": func(r followup.Ref) error { _, err := svc.History(ctx, a, r.CaseID); return err },
		"Verify":  func(r followup.Ref) error { return svc.Verify(ctx, a, r.CaseID) },
		"Plan": cmd(func(r followup.Ref) (*followup.Case, error) {
			in := planInput(c)
			in.Ref = r
			return svc.Plan(ctx, a, in)
		}),
		"RevisePlan": cmd(func(r followup.Ref) (*followup.Case, error) {
			in := planInput(c)
			in.Ref = r
			return svc.RevisePlan(ctx, a, in)
		}),
		"Visit": cmd(func(r followup.Ref) (*followup.Case, error) {
			in := visitInput(c, followup.Good)
			in.Ref = r
			return svc.Visit(ctx, a, in)
		}),
		"Lift": cmd(func(r followup.Ref) (*followup.Case, error) { return svc.Lift(ctx, a, followup.LiftInput{Ref: r}) }),
		"Report": cmd(func(r followup.Ref) (*followup.Case, error) {
			return svc.Report(ctx, a, followup.ReportInput{Ref: r, Summary: "表现良好"})
		}),
		"Recommend": cmd(func(r followup.Ref) (*followup.Case, error) {
			return svc.Recommend(ctx, a, followup.RecommendInput{Ref: r, Reason: "表现突出"})
		}),
		"Promote": cmd(func(r followup.Ref) (*followup.Case, error) {
			return svc.Promote(ctx, a, followup.PromoteInput{Ref: r, Post: "副镇长"})
		}),
		"Close": cmd(func(r followup.Ref) (*followup.Case, error) { return svc.Close(ctx, a, followup.CloseInput{Ref: r}) }),
		"Stop": cmd(func(r followup.Ref) (*followup.Case, error) {
			return svc.Stop(ctx, a, followup.StopInput{Ref: r, Reason: "撤销处分"})
		}),
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			before := e.snap(c.ID)
			for _, version := range []int{c.Version, c.Version + 3} {
				unseen := call(followup.Ref{CaseID: c.ID, Version: version})
				none := call(followup.Ref{CaseID: missing, Version: version})
				checks.SameAsMissing(t, unseen, c.ID, none, missing)
			}
			if diff := cmp.Diff(before, e.snap(c.ID)); diff != "" {
				t.Errorf("the store changed (-before +after):\n%s", diff)
			}
		})
	}
}
