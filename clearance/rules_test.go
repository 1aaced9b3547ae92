package clearance_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

func TestClearance_CL01_OpensFromConcludedReportEvent(t *testing.T) {
	e := newEnv(t)
	ev, err := kit.NewEvent("r1#1", "report", "r1", t0, event.ReportConcluded{
		ReportID: "r1", Named: true, Organ: township, By: tPetition, ConcludedAt: t0.Add(-time.Hour),
		Subjects: []dandang.Subject{secretary, branch},
		Allegations: []dandang.Allegation{
			{ID: "a1", SubjectID: secretary.ID, Summary: "优亲厚友", Finding: dandang.Unfounded},
			{ID: "a2", SubjectID: secretary.ID, Summary: "收受红包", Finding: dandang.Substantiated},
			{ID: "a3", SubjectID: branch.ID, Summary: "账目不清", Finding: dandang.PartlySubstantiated},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // delivered twice: the handler is idempotent
		if err := e.svc.HandleReportConcluded(ctx, ev); err != nil {
			t.Fatalf("delivery %d: %v", i+1, err)
		}
	}
	c, err := e.svc.Get(ctx, admin, clearance.CaseID("r1", secretary.ID))
	if err != nil {
		t.Fatal(err)
	}
	// CL04: only the unfounded allegation is taken up.
	if diff := cmp.Diff([]string{"a1"}, []string{c.Allegations[0].ID}); diff != "" || len(c.Allegations) != 1 {
		t.Errorf("allegations = %+v, want only a1", c.Allegations)
	}
	if c.State != clearance.Opened || c.Version != 1 || c.Organ.ID != township.ID {
		t.Errorf("case = %s v%d by %s, want opened v1 by the township", c.State, c.Version, c.Organ.ID)
	}
	// The branch had no unfounded allegation: no case.
	if _, err := e.svc.Get(ctx, admin, clearance.CaseID("r1", branch.ID)); !errors.Is(err, dandang.NotFound) {
		t.Errorf("branch case: %v, want not found", err)
	}
	// Opening directly once more is a conflict under CL01.
	_, err = e.svc.Open(ctx, tPetition, newCase("r1", secretary, true))
	wantErr(t, err, dandang.Conflict, "CL01")
}

// CL01 through the outbox: the report-concluded fact is delivered at least
// once; a second handler that fails makes the dispatcher deliver it again,
// and the clearance handler, being idempotent, opens one case all the same.
func TestClearance_CL01_ViaDispatcher(t *testing.T) {
	e := newEnv(t)
	ev, err := kit.NewEvent("report/r1", "report", "r1", t0, event.ReportConcluded{
		ReportID: "r1", Named: true, Organ: township, By: tPetition, ConcludedAt: t0.Add(-time.Hour),
		Subjects:    []dandang.Subject{secretary},
		Allegations: []dandang.Allegation{{ID: "a1", SubjectID: secretary.ID, Summary: "优亲厚友", Finding: dandang.Unfounded}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.Outbox().Publish(ctx, ev); err != nil {
		t.Fatal(err)
	}
	d := dandang.NewDispatcher(e.db.Outbox(), dandang.DispatcherConfig{Clock: e.clock})
	d.Handle(event.KindReportConcluded, e.svc.HandleReportConcluded)
	failing := true
	d.Handle(event.KindReportConcluded, func(context.Context, dandang.Event) error {
		if failing {
			return errors.New("statistics service down")
		}
		return nil
	})
	if n, err := d.Dispatch(ctx); n != 0 || err == nil {
		t.Fatalf("first Dispatch = %d, %v; want the failure reported and nothing delivered", n, err)
	}
	failing = false
	if n, err := d.Dispatch(ctx); n != 0 || err != nil {
		t.Fatalf("Dispatch before the retry is due = %d, %v; want nothing tried", n, err)
	}
	e.clock.Advance(d.Config().RetryDelay)
	if n, err := d.Dispatch(ctx); n != 1 || err != nil {
		t.Fatalf("second Dispatch = %d, %v; want the event delivered", n, err)
	}
	cs, err := e.svc.Find(ctx, admin, clearance.Filter{SubjectID: secretary.ID})
	if err != nil || len(cs) != 1 || cs[0].Version != 1 {
		t.Fatalf("cases after two deliveries = %v, %v; want one case at version 1", cs, err)
	}
	if n, _ := d.Dispatch(ctx); n != 0 {
		t.Errorf("third Dispatch delivered %d, want 0", n)
	}
}

func TestClearance_CL01_ReportMustBeConcluded(t *testing.T) {
	e := newEnv(t)
	in := newCase("r1", secretary, true)
	in.Report.ConcludedAt = time.Time{}
	_, err := e.svc.Open(ctx, tPetition, in)
	wantErr(t, err, dandang.Invalid, "CL01")
	in.Report.ConcludedAt = t0.Add(time.Hour)
	_, err = e.svc.Open(ctx, tPetition, in)
	wantErr(t, err, dandang.Invalid, "CL01")
}

func TestClearance_CL02_DeclineNeedsReasonAndCommitteeLeader(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	_, err := e.svc.Decline(ctx, tPetition, clearance.DeclineInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL02")
	c = e.must(e.svc.Decline(ctx, tPetition, clearance.DeclineInput{Ref: ref(c), Reason: "本人不愿公开，且举报未造成不良影响"}))
	if c.State != clearance.DeclinePending {
		t.Fatalf("state = %s, want decline_pending", c.State)
	}
	_, err = e.svc.DecideDecline(ctx, tPetition, clearance.DeclineDecisionInput{Ref: ref(c), Approve: true})
	wantErr(t, err, dandang.Forbidden, "CL02")
	_, err = e.svc.DecideDecline(ctx, cLeader, clearance.DeclineDecisionInput{Ref: ref(c), Approve: true})
	wantErr(t, err, dandang.Forbidden, "CL15") // another organ's leader
	c = e.must(e.svc.DecideDecline(ctx, tDeputy, clearance.DeclineDecisionInput{Ref: ref(c), Approve: true, Comment: "同意"}))
	if c.State != clearance.Declined || c.ClosedAt.IsZero() || c.Open() {
		t.Errorf("case = %s closed %v, want declined and closed", c.State, c.ClosedAt)
	}
	// CL18: the subject is told why.
	if txt := c.DeclineText(language.SimplifiedChinese); !strings.Contains(txt, "本人不愿公开") || !strings.Contains(txt, "周某某") {
		t.Errorf("DeclineText = %q, want the reason and the masked name", txt)
	}
}

func TestClearance_CL02_RefusedDeclineGoesBack(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	c = e.must(e.svc.Decline(ctx, tPetition, clearance.DeclineInput{Ref: ref(c), Reason: "理由"}))
	_, err := e.svc.DecideDecline(ctx, tLeader, clearance.DeclineDecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL02")
	c = e.must(e.svc.DecideDecline(ctx, tLeader, clearance.DeclineDecisionInput{Ref: ref(c), Comment: "应予澄清"}))
	if c.State != clearance.Opened || c.Decline != nil {
		t.Errorf("after a refused decline: %s %+v, want opened without decline", c.State, c.Decline)
	}
}

func TestClearance_CL03_OneSubjectPerCase(t *testing.T) {
	e := newEnv(t)
	in := newCase("r1", secretary, true)
	in.Allegations[0].SubjectID = cadre.ID
	_, err := e.svc.Open(ctx, tPetition, in)
	wantErr(t, err, dandang.Invalid, "CL03")
	if got := dandang.ErrorField(err); got != "Allegations[0].SubjectID" {
		t.Errorf("field = %q, want Allegations[0].SubjectID", got)
	}
	// A case opened for one subject's allegations records that it is
	// weighed on its own.
	c := e.must(e.svc.Open(ctx, tPetition, newCase("r1", secretary, true)))
	recs, err := e.svc.History(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[0].Rules; !slices.Contains(got, "CL03") {
		t.Errorf("opening records rules %v, want CL03 among them", got)
	}
}

func TestClearance_CL04_SubstantiatedNeverCleared(t *testing.T) {
	for _, f := range []dandang.Finding{dandang.Substantiated, dandang.PartlySubstantiated} {
		e := newEnv(t)
		in := newCase("r1", secretary, true, "优亲厚友", "收受红包")
		in.Allegations[1].Finding = f
		_, err := e.svc.Open(ctx, tPetition, in)
		wantErr(t, err, dandang.Invalid, "CL04")
		if got := dandang.ErrorField(err); got != "Allegations[1].Finding" {
			t.Errorf("%s: field = %q", f, got)
		}
		if _, err := e.svc.Get(ctx, admin, clearance.CaseID("r1", secretary.ID)); !errors.Is(err, dandang.NotFound) {
			t.Errorf("%s: a refused Open left a case: %v", f, err)
		}
	}
}

func TestClearance_CL05_Forms(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, tPetition, newCase("r1", secretary, true)))
	tests := []struct {
		name  string
		forms []clearance.Form
		scope string
		rule  string
	}{
		{"none", nil, "", "CL05"},
		{"unknown", []clearance.Form{clearance.Written, "rumour"}, "", "CL05"},
		{"twice", []clearance.Form{clearance.Written, clearance.Written}, "", "CL05"},
		{"meeting without scope", []clearance.Form{clearance.Written, clearance.Meeting}, "", "CL05"},
		{"no written", []clearance.Form{clearance.FaceToFace}, "", "CL16"},
	}
	for _, tt := range tests {
		_, err := e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: tt.forms, Scope: tt.scope, Effects: []clearance.Effect{clearance.OnElection}})
		if dandang.ErrorRule(err) != tt.rule || dandang.ErrorCode(err) != dandang.Invalid {
			t.Errorf("%s: Plan = %v, want invalid [%s]", tt.name, err, tt.rule)
		}
	}
	// Approved, only planned forms are carried out, each once.
	a := e.approved("r2", true)
	_, err := e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(a), Form: clearance.Circular})
	wantErr(t, err, dandang.Invalid, "CL05")
	_, err = e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(a), Form: clearance.Written})
	wantErr(t, err, dandang.Invalid, "CL05")
	a = e.must(e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(a), Form: clearance.FaceToFace}))
	_, err = e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(a), Form: clearance.FaceToFace})
	wantErr(t, err, dandang.Invalid, "CL05")
}

func TestClearance_CL06_PublicFormNeedsConsent(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, tPetition, newCase("r1", secretary, true)))
	c = e.must(e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written, clearance.Meeting},
		Scope: "全村党员和村民代表", Effects: []clearance.Effect{clearance.OnElection}}))
	_, err := e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL06")

	c = e.must(e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(c), Agreed: false, Opinion: "不希望公开"}))
	_, err = e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL06")

	c = e.must(e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(c), Agreed: true, Forms: []clearance.Form{clearance.Written}, Opinion: "只要书面"}))
	_, err = e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL21") // consent covers the forms it names (CL21 extends CL06)

	c = e.must(e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(c), Agreed: true,
		Forms: []clearance.Form{clearance.Written, clearance.Meeting}, Opinion: "同意在村民代表大会上澄清"}))
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	if c.State != clearance.InReview {
		t.Errorf("state = %s, want in_review once the subject agreed", c.State)
	}
	_, err = e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(c), Opinion: ""})
	wantErr(t, err, dandang.Invalid, "CL06")
}

func TestClearance_CL07_ZhejiangChain(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	// The county cannot approve before the township's principal leader reviews.
	_, err := e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL07")
	_, err = e.svc.Approve(ctx, actor("t-pet2", township, dandang.PetitionOffice), clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL07") // the review is the principal leader's
	_, err = e.svc.Approve(ctx, tPetition, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "XC08") // the proposer never signs
	c = e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c), Comment: "同意"}))
	if c.State != clearance.InReview {
		t.Fatalf("state after review = %s, want in_review", c.State)
	}
	// Approval is the county petition and reporting department's.
	_, err = e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL07")
	_, err = e.svc.Approve(ctx, cLeader, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL07")
	_, err = e.svc.Approve(ctx, oPetition, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.NotFound, "XC07") // another county: not the township's superior in the directory, the case unseen
	_, err = e.svc.Approve(ctx, actor("city-pet", city, dandang.PetitionOffice), clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL07") // wrong level
	c = e.must(e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c), Comment: "同意澄清"}))
	if c.State != clearance.Approved {
		t.Fatalf("state = %s, want approved", c.State)
	}
	var names []string
	for _, a := range c.Approvals {
		names = append(names, a.StepName+":"+a.By.OrganID)
	}
	if diff := cmp.Diff([]string{"review:wuyi-lx", "approve:wuyi"}, names); diff != "" {
		t.Errorf("approvals (-want +got):\n%s", diff)
	}
}

func TestClearance_CL07_CountyCaseEndsAtPrincipalLeader(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, cPetition, newCase("r1", cadre, true)))
	c = e.must(e.svc.Plan(ctx, cPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written}, Effects: []clearance.Effect{clearance.OnRights}}))
	c = e.consulted(c, cPetition)
	c = e.must(e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cLeader, clearance.DecisionInput{Ref: ref(c)}))
	if c.State != clearance.Approved {
		t.Errorf("state = %s, want approved by the county's principal leader (CL15)", c.State)
	}
}

func TestClearance_CL07_RejectSendsBackAndStartsNewRound(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	_, err := e.svc.Reject(ctx, tLeader, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL07")
	c = e.must(e.svc.Reject(ctx, tLeader, clearance.DecisionInput{Ref: ref(c), Comment: "补充材料"}))
	if c.State != clearance.Opened {
		t.Fatalf("state = %s, want opened", c.State)
	}
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	// The new round starts at the first step again.
	_, err = e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL07")
	c = e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c)}))
	if c.State != clearance.Approved || c.Round != 2 {
		t.Errorf("state %s round %d, want approved in round 2", c.State, c.Round)
	}
}

// yuhang is the self / joint / final review chain (CL07) with a
// three-office joint step (CL08).
func yuhang() clearance.Policy {
	p := clearance.DefaultPolicy()
	p.Ref = kit.PolicyRef{ID: "yuhang", Version: 1}
	p.Name = "余杭区澄清正名三审制"
	p.Chain = []clearance.ChainStep{
		{Name: "self", Roles: []dandang.Role{dandang.SupervisionOffice}},
		{Name: "joint", Roles: []dandang.Role{dandang.PetitionOffice, dandang.SupervisionOffice, dandang.TrialOffice}, Joint: true},
		{Name: "final", Roles: []dandang.Role{dandang.LeaderInCharge}},
		{Name: "sign_off", Roles: []dandang.Role{dandang.PrincipalLeader}}, // CL15: the principal leader approves
	}
	return p
}

func TestClearance_CL07_CL08_SelfJointFinalChain(t *testing.T) {
	e := newEnv(t, yuhang())
	cDeputy := actor("c-dep", county, dandang.LeaderInCharge)
	c := e.must(e.svc.Open(ctx, cPetition, newCase("r1", cadre, true)))
	if c.Policy.ID != "yuhang" {
		t.Fatalf("policy = %s", c.Policy)
	}
	c = e.must(e.svc.Plan(ctx, cPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written}, Effects: []clearance.Effect{clearance.OnHonours}}))
	c = e.consulted(c, cPetition)
	c = e.must(e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cSuper, clearance.DecisionInput{Ref: ref(c)})) // self
	_, err := e.svc.Approve(ctx, cDeputy, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL07") // final before joint
	_, err = e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "XC08") // the proposer does not sign
	cPetition2 := actor("c-pet2", county, dandang.PetitionOffice)
	c = e.must(e.svc.Approve(ctx, cPetition2, clearance.DecisionInput{Ref: ref(c)}))
	_, err = e.svc.Approve(ctx, cPetition2, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "XC08") // signed already in this chain
	_, err = e.svc.Approve(ctx, cSuper, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "XC08") // signed the self review: a joint step needs distinct signers
	c = e.must(e.svc.Approve(ctx, actor("c-sup2", county, dandang.SupervisionOffice), clearance.DecisionInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cTrial, clearance.DecisionInput{Ref: ref(c)}))
	if c.State != clearance.InReview {
		t.Fatalf("state after joint = %s, want in_review awaiting final", c.State)
	}
	c = e.must(e.svc.Approve(ctx, cDeputy, clearance.DecisionInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cLeader, clearance.DecisionInput{Ref: ref(c)}))
	if c.State != clearance.Approved || len(c.Approvals) != 6 {
		t.Errorf("state %s with %d signatures, want approved with 6", c.State, len(c.Approvals))
	}
}

func TestClearance_CL08_GradeAndPriority(t *testing.T) {
	e := newEnv(t)
	a := e.opened("r1", true)
	b := e.opened("r2", true)
	_, err := e.svc.Grade(ctx, tPetition, clearance.GradeInput{Ref: ref(a), Grade: "urgent"})
	wantErr(t, err, dandang.Invalid, "CL08")
	e.must(e.svc.Grade(ctx, tPetition, clearance.GradeInput{Ref: ref(b), Grade: clearance.Key, Priority: true}))
	cs, err := e.svc.Find(ctx, admin, clearance.Filter{OrganID: township.ID})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.ID)
	}
	if diff := cmp.Diff([]string{b.ID, a.ID}, got); diff != "" {
		t.Errorf("Find order (-want +got):\n%s", diff)
	}
	top, err := e.svc.Find(ctx, admin, clearance.Filter{OrganID: township.ID, Limit: 1})
	if err != nil || len(top) != 1 || top[0].ID != b.ID {
		t.Errorf("Find with Limit 1 = %v, %v; want the priority case", top, err)
	}
}

// CL09, XC08: the quality review is done by a joint group of the offices
// the policy names (Huangyan: petition, trial, supervision): each office
// scores once, by a distinct signer; the review is complete when every
// office has scored, and the case's score is the mean of theirs.
func TestClearance_CL09_QualityReview(t *testing.T) {
	e := newEnv(t)
	if got, want := clearance.DefaultPolicy().ReviewRoles, []dandang.Role{dandang.PetitionOffice, dandang.TrialOffice, dandang.SupervisionOffice}; !slices.Equal(got, want) {
		t.Errorf("default ReviewRoles = %v, want the offices of seed 000 %v", got, want)
	}
	open := e.opened("r0", true)
	_, err := e.svc.Review(ctx, cTrial, clearance.ReviewInput{Ref: ref(open), Thoroughness: 90, Precision: 90, Regularity: 90})
	wantErr(t, err, dandang.Transition, "")
	c := e.closed("r1", true)
	_, err = e.svc.Review(ctx, cTrial, clearance.ReviewInput{Ref: ref(c), Thoroughness: 101})
	wantErr(t, err, dandang.Invalid, "CL09")
	_, err = e.svc.Review(ctx, cCaseMgmt, clearance.ReviewInput{Ref: ref(c), Thoroughness: 90})
	wantErr(t, err, dandang.Forbidden, "CL09") // not an office of the group
	_, err = e.svc.Review(ctx, cTrial, clearance.ReviewInput{Ref: ref(c), Office: dandang.CaseManagement, Thoroughness: 90})
	wantErr(t, err, dandang.Invalid, "CL09")
	_, err = e.svc.Review(ctx, cTrial, clearance.ReviewInput{Ref: ref(c), Office: dandang.PetitionOffice, Thoroughness: 90})
	wantErr(t, err, dandang.Forbidden, "CL09") // an office the actor does not hold

	c = e.must(e.svc.Review(ctx, cPetition, clearance.ReviewInput{Ref: ref(c), Thoroughness: 90, Precision: 84, Regularity: 96, Note: "程序规范"}))
	if c.Review.Complete() || c.Review.Score() != 90 {
		t.Errorf("after one office: complete %v score %v; want incomplete, 90 so far", c.Review.Complete(), c.Review.Score())
	}
	if diff := cmp.Diff([]dandang.Role{dandang.TrialOffice, dandang.SupervisionOffice}, c.Review.Missing()); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	// One score per office: another signer of the petition office is refused.
	cPetition2 := actor("c-pet2", county, dandang.PetitionOffice)
	before := e.snap(c.ID)
	_, err = e.svc.Review(ctx, cPetition2, clearance.ReviewInput{Ref: ref(c), Thoroughness: 50})
	wantErr(t, err, dandang.Forbidden, "XC08")
	_, err = e.svc.Review(ctx, cPetition2, clearance.ReviewInput{Ref: ref(c), Office: dandang.PetitionOffice, Thoroughness: 50})
	wantErr(t, err, dandang.Forbidden, "XC08")
	// Distinct signers: one who holds two offices scores for one of them only.
	both := actor("c-both", county, dandang.TrialOffice, dandang.SupervisionOffice)
	c = e.must(e.svc.Review(ctx, both, clearance.ReviewInput{Ref: ref(c), Thoroughness: 80, Precision: 80, Regularity: 80}))
	if got := c.Review.Scores[1].Office(); got != dandang.TrialOffice {
		t.Errorf("office = %s, want the trial office", got)
	}
	_, err = e.svc.Review(ctx, both, clearance.ReviewInput{Ref: ref(c), Office: dandang.SupervisionOffice, Thoroughness: 80})
	wantErr(t, err, dandang.Forbidden, "XC08")
	// The group is one organ's: a city office does not join the county's.
	_, err = e.svc.Review(ctx, citySuper, clearance.ReviewInput{Ref: ref(c), Thoroughness: 80})
	wantErr(t, err, dandang.Forbidden, "CL09")
	if diff := cmp.Diff(before.history+1, e.snap(c.ID).history); diff != "" {
		t.Errorf("refused scores changed the history (-want +got):\n%s", diff)
	}

	c = e.must(e.svc.Review(ctx, cSuper, clearance.ReviewInput{Ref: ref(c), Thoroughness: 70, Precision: 70, Regularity: 70}))
	if !c.Review.Complete() || c.Review.Score() != 80 {
		t.Errorf("after every office: complete %v score %v; want complete, 80 (the mean of 90, 80, 70)", c.Review.Complete(), c.Review.Score())
	}
	_, err = e.svc.Review(ctx, cPetition2, clearance.ReviewInput{Ref: ref(c), Thoroughness: 90})
	wantErr(t, err, dandang.Invalid, "CL09")
	recs, _ := e.svc.History(ctx, admin, c.ID)
	var offices []dandang.Role
	for _, r := range recs {
		if r.Command == "quality_review" {
			offices = append(offices, r.Actor.Role)
		}
	}
	if diff := cmp.Diff([]dandang.Role{dandang.PetitionOffice, dandang.TrialOffice, dandang.SupervisionOffice}, offices); diff != "" {
		t.Errorf("recorded offices (-want +got):\n%s", diff)
	}
}

// CL09, CL19, XC11: a declined case reviewed, then reconsidered and closed
// again, is reviewed again; the first review is kept among the past ones.
func TestClearance_CL09_ReviewedAgainAfterReconsideration(t *testing.T) {
	e := newEnv(t)
	c := e.declined("r1")
	score := func(c *clearance.Case, v int) *clearance.Case {
		for _, a := range []dandang.Actor{cPetition, cTrial, cSuper} {
			c = e.must(e.svc.Review(ctx, a, clearance.ReviewInput{Ref: ref(c), Thoroughness: v, Precision: v, Regularity: v}))
		}
		return c
	}
	c = score(c, 60)
	c = e.must(e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: ref(c), Ground: clearance.OnSweep, Text: "回头看发现应予澄清"}))
	if c.Review != nil || len(c.PastReviews) != 1 || !c.PastReviews[0].Complete() || c.PastReviews[0].Score() != 60 {
		t.Fatalf("after reconsideration: review %+v past %+v; want none, and the first kept", c.Review, c.PastReviews)
	}
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c)}))
	c = e.must(e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.FaceToFace}))
	c = e.must(e.svc.ServeNotice(ctx, tPetition, clearance.NoticeInput{Ref: ref(c)}))
	c = e.must(e.svc.GiveFeedback(ctx, tPetition, clearance.FeedbackInput{Ref: ref(c), Accepted: true}))
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		c = e.must(e.svc.File(ctx, tPetition, clearance.FileInput{Ref: ref(c), Filing: f}))
	}
	c = e.must(e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)}))
	c = score(c, 90)
	if !c.Review.Complete() || c.Review.Score() != 90 || len(c.PastReviews) != 1 || c.PastReviews[0].Score() != 60 {
		t.Errorf("second review %+v, past %+v; want 90 now and 60 kept", c.Review, c.PastReviews)
	}
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

func TestClearance_CL10_Supervision(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	c = e.must(e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Progress, Note: "周报"}))
	_, err := e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Escalated, Target: "县纪委书记"})
	wantErr(t, err, dandang.Invalid, "CL10") // not sensitive
	_, err = e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Talk})
	wantErr(t, err, dandang.Invalid, "CL10") // no one to talk to
	_, err = e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Registered})
	wantErr(t, err, dandang.Invalid, "CL11") // not late
	_, err = e.svc.Supervise(ctx, oPetition, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Progress})
	wantErr(t, err, dandang.NotFound, "XC07") // another county: outside its reach, the case reads as missing
	_, err = e.svc.Supervise(ctx, tPetition, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Progress})
	wantErr(t, err, dandang.Forbidden, "CL10")
	c = e.must(e.svc.Grade(ctx, tPetition, clearance.GradeInput{Ref: ref(c), Grade: clearance.Key, Sensitive: true}))
	c = e.must(e.svc.Supervise(ctx, citySuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Escalated, Target: "县纪委书记"}))
	e.clock.Set(t0.AddDate(0, 1, 0))
	c = e.must(e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Registered}))
	c = e.must(e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Talk, Target: "镇纪委书记"}))
	var kinds []clearance.SupervisionKind
	for _, s := range c.Supervision {
		kinds = append(kinds, s.Kind)
	}
	if diff := cmp.Diff([]clearance.SupervisionKind{clearance.Progress, clearance.Escalated, clearance.Registered, clearance.Talk}, kinds); diff != "" {
		t.Errorf("supervision (-want +got):\n%s", diff)
	}
}

func TestClearance_CL11_OverdueInWorkingDays(t *testing.T) {
	e := newEnv(t)
	// Opened Wednesday 2023-09-27: 10 working days to propose, across the
	// National Day holiday with two weekend days worked.
	e.clock.Set(time.Date(2023, 9, 27, 10, 0, 0, 0, dandang.China))
	c := e.must(e.svc.Open(ctx, tPetition, newCase("r1", secretary, true)))
	if got, want := c.Due.String(), "2023-10-17"; got != want {
		t.Fatalf("due = %s, want %s", got, want)
	}
	late, err := e.svc.Overdue(ctx, admin, time.Date(2023, 10, 17, 18, 0, 0, 0, dandang.China))
	if err != nil || len(late) != 0 {
		t.Errorf("Overdue on the due day = %v, %v; want none", late, err)
	}
	late, err = e.svc.Overdue(ctx, admin, time.Date(2023, 10, 18, 8, 0, 0, 0, dandang.China))
	if err != nil || len(late) != 1 || late[0].ID != c.ID {
		t.Errorf("Overdue the day after = %v, %v; want the case", late, err)
	}
}

func TestClearance_CL12_OutputsBeforeClose(t *testing.T) {
	e := newEnv(t)
	c := e.approved("r1", true)
	_, err := e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL05")
	if !strings.Contains(err.Error(), "feedback") || !strings.Contains(err.Error(), "integrity") {
		t.Errorf("Close error %q does not list what is outstanding", err)
	}
	c = e.must(e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.FaceToFace}))
	_, err = e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL12")
	c = e.must(e.svc.ServeNotice(ctx, tPetition, clearance.NoticeInput{Ref: ref(c)}))
	if c.Notice.CopyTo != secretary.UnitHead {
		t.Errorf("copy to %q, want the head of the unit %q", c.Notice.CopyTo, secretary.UnitHead)
	}
	_, err = e.svc.ServeNotice(ctx, tPetition, clearance.NoticeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL12")
	c = e.must(e.svc.GiveFeedback(ctx, tPetition, clearance.FeedbackInput{Ref: ref(c), Accepted: true}))
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile} {
		c = e.must(e.svc.File(ctx, tPetition, clearance.FileInput{Ref: ref(c), Filing: f}))
	}
	_, err = e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL12")
	c = e.must(e.svc.File(ctx, tPetition, clearance.FileInput{Ref: ref(c), Filing: clearance.Platform}))
	_, err = e.svc.File(ctx, tPetition, clearance.FileInput{Ref: ref(c), Filing: clearance.Platform})
	wantErr(t, err, dandang.Invalid, "CL12")
	c = e.must(e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)}))
	if c.State != clearance.Closed {
		t.Errorf("state = %s, want closed", c.State)
	}
}

func TestClearance_CL12_AnonymousReportGetsNoFeedback(t *testing.T) {
	e := newEnv(t)
	c := e.approved("r1", false)
	_, err := e.svc.GiveFeedback(ctx, tPetition, clearance.FeedbackInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL12")
	if out := c.Outstanding(); strings.Contains(strings.Join(out, ";"), "feedback") {
		t.Errorf("anonymous case asks for feedback: %v", out)
	}
}

func TestClearance_CL12_NoticeText(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, cPetition, newCase("r1", cadre, true, "拖延办案", "偏袒对方当事人")))
	c = e.must(e.svc.Plan(ctx, cPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written}, Effects: []clearance.Effect{clearance.OnRights}}))
	c = e.consulted(c, cPetition)
	c = e.must(e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cLeader, clearance.DecisionInput{Ref: ref(c)}))
	c = e.must(e.svc.ServeNotice(ctx, cPetition, clearance.NoticeInput{Ref: ref(c)}))
	zh := c.NoticeText(language.SimplifiedChinese)
	want := "澄清正名通知书\n史某同志：\n经核查，反映你拖延办案、偏袒对方当事人等问题的检举控告失实，现正式对相关问题作出澄清。\n武义县纪委监委\n2023年6月5日\n抄送：王某某（县人民法院主要负责人）\n"
	if diff := cmp.Diff(want, zh); diff != "" {
		t.Errorf("zh notice (-want +got):\n%s", diff)
	}
	en := c.NoticeText(language.English)
	if !strings.HasPrefix(en, "Notice of Clearance\nTo 史某:\n") || !strings.Contains(en, "Copy to: 王某某, head of 县人民法院") {
		t.Errorf("en notice = %q", en)
	}
	if got := c.NoticeText(language.French); got != zh {
		t.Errorf("unsupported language does not fall back to zh-Hans: %q", got)
	}
	if got := clearance.Closed.Text(language.English); got != "cleared" {
		t.Errorf("state text = %q", got)
	}
}

func TestClearance_CL13_CloseAsksForFollowUp(t *testing.T) {
	e := newEnv(t)
	c := e.closed("r1", true)
	evs, err := e.db.Outbox().Pending(ctx, e.clock.Now(), nil, 10)
	if err != nil || len(evs) != 1 {
		t.Fatalf("Pending = %v, %v; want one event", evs, err)
	}
	p, err := event.Decode(evs[0])
	if err != nil {
		t.Fatal(err)
	}
	done, ok := p.(event.ClearanceCompleted)
	if !ok || done.CaseID != c.ID || done.Subject.ID != secretary.ID || !done.ClosedAt.Equal(c.ClosedAt) {
		t.Errorf("event = %#v, want the completion of %s", p, c.ID)
	}
}

func TestClearance_CL14_Sweep(t *testing.T) {
	e := newEnv(t)
	e.opened("r1", true)
	c := e.opened("r2", true)
	c = e.must(e.svc.Decline(ctx, tPetition, clearance.DeclineInput{Ref: ref(c), Reason: "本人不同意"}))
	e.must(e.svc.DecideDecline(ctx, tLeader, clearance.DeclineDecisionInput{Ref: ref(c), Approve: true}))
	report := func(id string, at time.Time, f dandang.Finding) event.ReportConcluded {
		return event.ReportConcluded{ReportID: id, ConcludedAt: at, Organ: township, By: tPetition, Subjects: []dandang.Subject{secretary},
			Allegations: []dandang.Allegation{{ID: "a", SubjectID: secretary.ID, Summary: "x", Finding: f}}}
	}
	since := t0.AddDate(0, -1, 0)
	res, err := e.svc.Sweep(ctx, admin, clearance.SweepInput{Since: since, Reports: []event.ReportConcluded{
		report("r1", t0, dandang.Unfounded),                      // has a case
		report("r3", t0, dandang.Unfounded),                      // should be cleared and is not
		report("r4", t0, dandang.Substantiated),                  // nothing to clear
		report("r5", since.AddDate(0, -1, 0), dandang.Unfounded), // before the sweep
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Missing) != 1 || res.Missing[0].Report.ReportID != "r3" {
		t.Errorf("missing = %+v, want r3", res.Missing)
	}
	if len(res.Declined) != 1 || res.Declined[0].ID != c.ID {
		t.Errorf("declined = %v, want %s", res.Declined, c.ID)
	}
}

// CL14, XC07: a sweep is no oracle. Another county names, in a report of
// its own, a subject whose case the township handles: the subject reads as
// missing, exactly as one that has no case, and the result is the same as
// for a report naming a subject with none.
func TestClearance_CL14_XC07_SweepTellsNothingOutsideTheReach(t *testing.T) {
	e := newEnv(t)
	e.opened("r1", true) // the township's case of secretary under r1
	sweep := func(reportID string) *clearance.SweepResult {
		t.Helper()
		rc := event.ReportConcluded{ReportID: reportID, ConcludedAt: t0, Organ: other, By: oPetition, Subjects: []dandang.Subject{secretary},
			Allegations: []dandang.Allegation{{ID: "a", SubjectID: secretary.ID, Summary: "x", Finding: dandang.Unfounded}}}
		res, err := e.svc.Sweep(ctx, oPetition, clearance.SweepInput{Since: t0.AddDate(0, -1, 0), Reports: []event.ReportConcluded{rc}})
		if err != nil {
			t.Fatal(err)
		}
		for i := range res.Missing {
			res.Missing[i].Report.ReportID = "<id>"
		}
		return res
	}
	unseen, none := sweep("r1"), sweep("r-none")
	if len(unseen.Missing) != 1 {
		t.Errorf("another county's sweep: Missing = %d, want 1: the case outside its reach is not told of", len(unseen.Missing))
	}
	if diff := cmp.Diff(none, unseen); diff != "" {
		t.Errorf("a subject with a case outside the reach sweeps differently from one with none (-none +unseen):\n%s", diff)
	}
}

// CL15, XC02: the organ that holds authority over the subject opens its
// clearance, through an actor with a role the command admits: another
// county, or a leader of the township without the office's role, is
// refused.
func TestClearance_CL15_XC02_ManagementAuthority(t *testing.T) {
	e := newEnv(t)
	// The county does not manage a township-managed secretary.
	_, err := e.svc.Open(ctx, cPetition, newCase("r1", secretary, true))
	wantErr(t, err, dandang.Forbidden, "CL15")
	_, err = e.svc.Open(ctx, oPetition, newCase("r1", cadre, true))
	wantErr(t, err, dandang.Forbidden, "CL15")
	_, err = e.svc.Open(ctx, tLeader, newCase("r1", secretary, true))
	wantErr(t, err, dandang.Forbidden, "XC02")
	c := e.opened("r1", true)
	// Whoever verified clears: another organ cannot propose.
	_, err = e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL15")
}

func TestClearance_CL16_WrittenAlongsideOtherForms(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, tPetition, newCase("r1", secretary, true)))
	for _, f := range []clearance.Form{clearance.FaceToFace, clearance.Meeting, clearance.Circular} {
		_, err := e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{f}, Scope: "全镇", Effects: []clearance.Effect{clearance.OnElection}})
		wantErr(t, err, dandang.Invalid, "CL16")
	}
}

func TestClearance_CL17_WarrantedOnlyWithAdverseEffect(t *testing.T) {
	e := newEnv(t)
	in := newCase("r1", secretary, true)
	in.Allegations[0].Finding = dandang.Undetermined
	_, err := e.svc.Open(ctx, tPetition, in)
	wantErr(t, err, dandang.Invalid, "CL17")

	c := e.must(e.svc.Open(ctx, tPetition, newCase("r1", secretary, true)))
	_, err = e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written}})
	wantErr(t, err, dandang.Invalid, "CL17")

	// The subject's written application is the other way in.
	app := newCase("r2", secretary, true)
	app.Application = "本人申请对失实举报予以澄清"
	a := e.must(e.svc.Open(ctx, tPetition, app))
	if a.Source != clearance.FromApplication {
		t.Errorf("source = %s, want application", a.Source)
	}
	recs, _ := e.svc.History(ctx, admin, a.ID)
	if !strings.Contains(strings.Join(recs[0].Rules, ","), "CL17") {
		t.Errorf("open record rules = %v, want CL17", recs[0].Rules)
	}
}

func TestClearance_CL17_PolicyWithoutEffectCondition(t *testing.T) {
	p := clearance.DefaultPolicy()
	p.Ref.Version = 2
	p.RequireEffect = false
	e := newEnv(t, p)
	c := e.must(e.svc.Open(ctx, tPetition, newCase("r1", secretary, true)))
	c = e.must(e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written}}))
	c = e.consulted(c, tPetition)
	e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
}

func TestClearance_CL18_CarriedOutWithinFiveWorkingDays(t *testing.T) {
	e := newEnv(t)
	c := e.approved("r1", true) // approved Monday 2023-06-05
	if c.DueStep != "carry_out" || c.Due.String() != "2023-06-12" {
		t.Errorf("due %s %s, want carry_out on 2023-06-12", c.DueStep, c.Due)
	}
	recs, _ := e.svc.History(ctx, admin, c.ID)
	if last := recs[len(recs)-1]; !strings.Contains(strings.Join(last.Rules, ","), "CL18") {
		t.Errorf("approval record rules = %v, want CL18", last.Rules)
	}
}

// Error texts for users come from the catalog, in zh-Hans and English.
func TestExplain(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, tPetition, newCase("r1", secretary, true)))
	_, err := e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Meeting}, Scope: "全村"})
	if got, want := clearance.Explain(err, language.SimplifiedChinese),
		"输入不符合规定（CL16：会议、当面和通报澄清都同时辅以书面澄清；字段：澄清方式）"; got != want {
		t.Errorf("zh = %q, want %q", got, want)
	}
	if got, want := clearance.Explain(err, language.English),
		"the input breaks a rule (CL16: Meeting, face-to-face and circular clearance each come with a written clearance as well; field: forms)"; got != want {
		t.Errorf("en = %q, want %q", got, want)
	}
	_, err = e.svc.Get(ctx, admin, "nope")
	if got := clearance.Explain(err, language.SimplifiedChinese); !strings.HasPrefix(got, "案件不存在（XC07") {
		t.Errorf("not found = %q", got)
	}
	if clearance.Explain(nil, language.English) != "" {
		t.Errorf("Explain(nil) is not empty")
	}
	// Every rule the package refuses with has a text in both languages.
	for _, rule := range []string{"CL01", "CL02", "CL03", "CL04", "CL05", "CL06", "CL07", "CL08", "CL09", "CL10", "CL11", "CL12", "CL13", "CL14", "CL15", "CL16", "CL17", "CL18", "XC01", "XC02", "XC05", "XC06", "XC07", "XC08", "XC09", "XC10", "XC11"} {
		err := &dandang.Error{Code: dandang.Invalid, Rule: rule}
		for _, tag := range []language.Tag{language.SimplifiedChinese, language.English} {
			if got := clearance.Explain(err, tag); strings.Contains(got, "rule.") {
				t.Errorf("%s has no %s text: %q", rule, tag, got)
			}
		}
	}
}

// CL17: either the handling department proposes the clearance after
// consulting the subject — for every form, a written one too — or the
// subject applied in writing.
func TestClearance_CL17_ProposedAfterConsultingTheSubject(t *testing.T) {
	e := newEnv(t)
	plan := func(c *clearance.Case) *clearance.Case {
		return e.must(e.svc.Plan(ctx, cPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written},
			Effects: []clearance.Effect{clearance.OnRights}}))
	}
	c := plan(e.must(e.svc.Open(ctx, cPetition, newCase("r1", cadre, true))))
	before := e.snap(c.ID)
	_, err := e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL17")
	if f := dandang.ErrorField(err); f != "Consent" {
		t.Errorf("field = %q, want Consent", f)
	}
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("refusal changed the store:\n%s", diff)
	}
	c = e.consulted(c, cPetition)
	e.must(e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(c)}))

	applied := newCase("r2", cadre, true)
	applied.Application = "本人书面申请对失实问题予以澄清"
	a := plan(e.must(e.svc.Open(ctx, cPetition, applied)))
	e.must(e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(a)}))
}

// CL10, CL08: where a rule sets a cadence, the library lists what is due
// and overdue: a weekly progress report on every case in progress, and a
// monthly three-office review of a graded one, each counted from the last
// time or from the opening.
func TestClearance_CL10_CL08_Cadences(t *testing.T) {
	e := newEnv(t)
	graded := e.opened("r1", true)
	graded = e.must(e.svc.Grade(ctx, tPetition, clearance.GradeInput{Ref: ref(graded), Grade: clearance.Key}))
	plain := e.opened("r2", true)
	duties := func(at time.Time) map[string]kit.Cadence {
		t.Helper()
		cs, err := e.svc.Cadences(ctx, admin, at)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]kit.Cadence{}
		for _, c := range cs {
			out[c.CaseID+" "+c.Duty] = c
		}
		return out
	}
	week := t0.AddDate(0, 0, 7)
	got := duties(week)
	if len(got) != 3 {
		t.Fatalf("cadences %v: want two progress reports and one joint review", got)
	}
	if c := got[plain.ID+" progress_report"]; c.Rule != "CL10" || c.Due != dandang.DayOf(week) || c.Overdue {
		t.Errorf("progress report on its due day: %+v", c)
	}
	if c := got[graded.ID+" joint_review"]; c.Rule != "CL08" || c.Due != dandang.DayOf(t0.AddDate(0, 1, 0)) || c.Overdue {
		t.Errorf("joint review: %+v", c)
	}
	if _, ok := got[plain.ID+" joint_review"]; ok {
		t.Errorf("an ungraded case owes a joint review")
	}
	if c := duties(week.AddDate(0, 0, 1))[plain.ID+" progress_report"]; !c.Overdue {
		t.Errorf("progress report a day late not overdue: %+v", c)
	}
	if c := duties(t0.AddDate(0, 1, 1))[graded.ID+" joint_review"]; !c.Overdue {
		t.Errorf("joint review a day late not overdue: %+v", c)
	}

	e.clock.Set(week)
	plain = e.must(e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(plain), Kind: clearance.Progress, Note: "第1周进展"}))
	_, err := e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(plain), Kind: clearance.JointReview})
	wantErr(t, err, dandang.Invalid, "CL08")
	graded = e.must(e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(graded), Kind: clearance.JointReview, Note: "三室会审"}))
	got = duties(week.AddDate(0, 0, 1))
	if c := got[plain.ID+" progress_report"]; c.Last != dandang.DayOf(week) || c.Due != dandang.DayOf(week.AddDate(0, 0, 7)) || c.Overdue {
		t.Errorf("after the report: %+v", c)
	}
	if c := got[graded.ID+" joint_review"]; c.Due != dandang.DayOf(week.AddDate(0, 1, 0)) {
		t.Errorf("after the review: %+v", c)
	}
	if c := got[graded.ID+" progress_report"]; !c.Overdue {
		t.Errorf("a joint review is not a progress report: %+v", c)
	}
}

// CL15: management authority is the directory's word, not the subject's
// level alone. A cadre the host says the city manages (seconded, say) is
// opened by the city, not by the county at the cadre's level; a township
// cadre of a township the directory does not keep is managed by the county
// above it.
func TestClearance_CL15_ManagerFromTheDirectory(t *testing.T) {
	dir, err := directory.WithManagers(map[string]string{cadre.ID: city.ID})
	if err != nil {
		t.Fatal(err)
	}
	noTownship, err := dandang.NewDirectory(province, city, hangzhou, county, other)
	if err != nil {
		t.Fatal(err)
	}
	cityPetition := actor("city-pet", city, dandang.PetitionOffice)
	tests := []struct {
		name    string
		dir     *dandang.Directory
		actor   dandang.Actor
		subject dandang.Subject
		refused bool
	}{
		{"the named manager opens", dir, cityPetition, cadre, false},
		{"the organ at the cadre's level does not", dir, cPetition, cadre, true},
		{"without the host's word, the county opens", directory, cPetition, cadre, false},
		{"without the host's word, the city does not", directory, cityPetition, cadre, true},
		{"no township kept: the county opens", noTownship, cPetition, secretary, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(memdb.New(), clearance.Cases),
				Clock: dandang.NewFixedClock(t0), Directory: tt.dir})
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.Open(ctx, tt.actor, newCase("r1", tt.subject, true))
			if tt.refused {
				wantErr(t, err, dandang.Forbidden, "CL15")
			} else if err != nil {
				t.Fatalf("got %v, want the case opened", err)
			}
		})
	}
}
