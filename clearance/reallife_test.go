package clearance_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

const village = "全村党员和村民代表"

// publicPlanned opens a township case for s with a written and a meeting
// plan reaching the village, and the subject's consent to it.
func (e *env) publicPlanned(reportID string, s dandang.Subject) *clearance.Case {
	e.t.Helper()
	c := e.must(e.svc.Open(ctx, tPetition, newCase(reportID, s, false)))
	c = e.must(e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written, clearance.Meeting},
		Scope: village, Effects: []clearance.Effect{clearance.OnElection}}))
	return e.must(e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(c), Agreed: true,
		Forms: []clearance.Form{clearance.Written, clearance.Meeting}, Opinion: "同意在村民代表大会上澄清"}))
}

// publicApproved takes publicPlanned through the Zhejiang chain.
func (e *env) publicApproved(reportID string, s dandang.Subject) *clearance.Case {
	e.t.Helper()
	c := e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(e.publicPlanned(reportID, s))}))
	c = e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c), Comment: "同意"}))
	return e.must(e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c), Comment: "同意"}))
}

// declined opens a case and declines it.
func (e *env) declined(reportID string) *clearance.Case {
	e.t.Helper()
	c := e.opened(reportID, true)
	c = e.must(e.svc.Decline(ctx, tPetition, clearance.DeclineInput{Ref: ref(c), Reason: "未造成不良影响"}))
	return e.must(e.svc.DecideDecline(ctx, tLeader, clearance.DeclineDecisionInput{Ref: ref(c), Approve: true}))
}

// unchanged fails the test when the case, its history or the outbox moved
// since before.
func (e *env) unchanged(t *testing.T, before snapshot) {
	t.Helper()
	if diff := cmp.Diff(before, e.snap(before.c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("a refused command changed the store (-before +after):\n%s", diff)
	}
}

func commands(t *testing.T, e *env, id string) []string {
	t.Helper()
	recs, err := e.svc.History(ctx, admin, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.Command)
	}
	return out
}

// CL21: consent names the scope as well as the forms; a scope widened after
// consent needs consent again before proposing.
func TestClearance_CL21_ConsentCoversTheScope(t *testing.T) {
	e := newEnv(t)
	c := e.publicPlanned("r1", secretary)
	if c.Consent.Scope != village {
		t.Fatalf("consent scope = %q, want the plan's %q", c.Consent.Scope, village)
	}
	c = e.must(e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written, clearance.Meeting},
		Scope: "全镇党员干部大会", Effects: []clearance.Effect{clearance.OnElection}}))
	before := e.snap(c.ID)
	_, err := e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL21")
	if f := dandang.ErrorField(err); f != "Scope" {
		t.Errorf("field = %q, want Scope", f)
	}
	e.unchanged(t, before)

	// A form added after consent needs consent too.
	c = e.must(e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written, clearance.Meeting, clearance.Circular},
		Scope: village, Effects: []clearance.Effect{clearance.OnElection}}))
	_, err = e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL21")

	c = e.must(e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(c), Agreed: true, Scope: village,
		Forms: []clearance.Form{clearance.Written, clearance.Meeting, clearance.Circular}, Opinion: "同意会议和通报"}))
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	if c.State != clearance.InReview {
		t.Errorf("state = %s, want in review once consent covers forms and scope", c.State)
	}
	// Consent to a public form with no scope anywhere is refused.
	o := e.must(e.svc.Open(ctx, tPetition, newCase("r2", secretary, false)))
	_, err = e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(o), Agreed: true, Forms: []clearance.Form{clearance.Meeting}, Opinion: "同意"})
	wantErr(t, err, dandang.Invalid, "CL21")
}

// CL21: CarryOut checks consent again, against the scope the clearance
// actually reaches.
func TestClearance_CL21_CarryOutChecksConsentAgain(t *testing.T) {
	e := newEnv(t)
	c := e.publicApproved("r1", secretary)
	before := e.snap(c.ID)
	_, err := e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.Meeting, Venue: "全区新闻发布会", Scope: "全区干部群众"})
	wantErr(t, err, dandang.Invalid, "CL21")
	e.unchanged(t, before)
	c = e.must(e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.Meeting, Venue: "村民代表大会"}))
	if got := c.Carried[0].Scope; got != village {
		t.Errorf("carried scope = %q, want %q", got, village)
	}
}

// CL21: the subject withdraws consent before the public clearance is
// carried out: the plan goes back to opened, and a new consent and a new
// round of approval follow.
func TestClearance_CL21_WithdrawConsentBeforeCarryingOut(t *testing.T) {
	e := newEnv(t)
	c := e.publicApproved("r1", secretary)
	c = e.must(e.svc.WithdrawConsent(ctx, tPetition, clearance.WithdrawInput{Ref: ref(c), Opinion: "本人不再同意公开澄清"}))
	if c.State != clearance.Opened || c.Consent != nil || len(c.PastConsents) != 1 || c.PastConsents[0].Withdrawn == nil {
		t.Fatalf("after withdrawal: state %s, consent %+v, past %+v; want opened, none, one withdrawn", c.State, c.Consent, c.PastConsents)
	}
	if c.DueStep != "propose" {
		t.Errorf("due step = %q, want propose", c.DueStep)
	}
	_, err := e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL06")
	c = e.must(e.svc.Consult(ctx, tPetition, clearance.ConsultInput{Ref: ref(c), Agreed: true,
		Forms: []clearance.Form{clearance.Written, clearance.Meeting}, Opinion: "重新同意"}))
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	if c.Round != 2 {
		t.Errorf("round = %d, want 2: a new proposal goes up the chain again", c.Round)
	}
	_, err = e.svc.WithdrawConsent(ctx, tPetition, clearance.WithdrawInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "CL21")
}

// CL21: withdrawing consent, or refusing public clearance, after the
// public clearance was carried out is refused and changes nothing.
func TestClearance_CL21_WithdrawAfterCarryingOutRefused(t *testing.T) {
	e := newEnv(t)
	c := e.publicApproved("r1", secretary)
	c = e.must(e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.Meeting, Venue: "村民代表大会"}))
	before := e.snap(c.ID)
	_, err := e.svc.WithdrawConsent(ctx, tPetition, clearance.WithdrawInput{Ref: ref(c), Opinion: "撤回"})
	wantErr(t, err, dandang.Invalid, "CL21")
	_, err = e.svc.RefusePublic(ctx, tPetition, clearance.WithdrawInput{Ref: ref(c), Opinion: "拒绝"})
	wantErr(t, err, dandang.Invalid, "CL21")
	e.unchanged(t, before)
}

// CL21, CL16: the subject refuses public clearance: the public forms leave
// the plan, and the written clearance remains and closes the case.
func TestClearance_CL21_RefusePublicKeepsWritten(t *testing.T) {
	e := newEnv(t)
	c := e.publicApproved("r1", secretary)
	c = e.must(e.svc.RefusePublic(ctx, tPetition, clearance.WithdrawInput{Ref: ref(c), Opinion: "只接受书面澄清"}))
	if diff := cmp.Diff([]clearance.Form{clearance.Written}, c.Forms); diff != "" || c.State != clearance.Approved {
		t.Fatalf("after refusal: state %s, forms (-want +got):\n%s", c.State, diff)
	}
	_, err := e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.Meeting, Venue: "村民代表大会"})
	wantErr(t, err, dandang.Invalid, "CL05")
	c = e.must(e.svc.ServeNotice(ctx, tPetition, clearance.NoticeInput{Ref: ref(c)}))
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		c = e.must(e.svc.File(ctx, tPetition, clearance.FileInput{Ref: ref(c), Filing: f}))
	}
	c = e.must(e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)}))
	if c.State != clearance.Closed {
		t.Errorf("state = %s, want closed by the written clearance", c.State)
	}
}

// CL19: a declined case is reconsidered on the subject's written
// application, goes through the same approval chain, and keeps one history
// with the decline in it.
func TestClearance_CL19_ReconsiderOnApplication(t *testing.T) {
	e := newEnv(t)
	c := e.declined("r1")
	e.clock.Set(t0.AddDate(0, 1, 0))
	c = e.must(e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: ref(c), Ground: clearance.OnApplication, Text: "本人书面申请澄清：换届在即"}))
	if c.State != clearance.Opened || !c.ClosedAt.IsZero() || c.Decline != nil || len(c.PastDeclines) != 1 || c.PastDeclines[0].Decided == nil {
		t.Fatalf("after reconsideration: state %s closed %v decline %+v past %+v", c.State, c.ClosedAt, c.Decline, c.PastDeclines)
	}
	if c.Due == 0 || c.DueStep != "propose" {
		t.Errorf("due %s %q, want a deadline to propose", c.Due, c.DueStep)
	}
	// The same approval rules as the first time: the township's principal
	// leader, then the county petition office.
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	_, err := e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "CL07")
	c = e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c)}))
	if c.State != clearance.Approved {
		t.Fatalf("state = %s, want approved", c.State)
	}
	want := []string{"open", "plan", "consult", "propose_decline", "approve_decline", "reconsider", "propose", "sign", "approve"}
	if diff := cmp.Diff(want, commands(t, e, c.ID)); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// CL19: a case never declined is not reconsidered; a reconsideration needs
// its ground and the application or finding.
func TestClearance_CL19_OnlyDeclinedCasesReconsidered(t *testing.T) {
	e := newEnv(t)
	for _, c := range []*clearance.Case{e.opened("r1", true), e.closed("r2", true)} {
		before := e.snap(c.ID)
		_, err := e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: ref(c), Ground: clearance.OnApplication, Text: "申请"})
		wantErr(t, err, dandang.Transition, "XC09")
		e.unchanged(t, before)
	}
	d := e.declined("r3")
	_, err := e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: ref(d), Ground: clearance.OnSweep})
	wantErr(t, err, dandang.Invalid, "CL19")
	_, err = e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: ref(d), Ground: "whim", Text: "x"})
	wantErr(t, err, dandang.Invalid, "CL19")
}

// CL19, CL14, CL11: the sweep lists declined and overdue cases, each with
// its reason, and a declined case it finds is reconsidered.
func TestClearance_CL19_SweepListsDeclinedAndOverdueWithReasons(t *testing.T) {
	e := newEnv(t)
	late := e.opened("r1", true)
	d := e.declined("r2")
	e.clock.Set(t0.AddDate(0, 1, 0))
	res, err := e.svc.Sweep(ctx, admin, clearance.SweepInput{Since: t0.AddDate(0, -1, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Overdue) != 1 || res.Overdue[0].ID != late.ID {
		t.Fatalf("overdue = %v, want %s", res.Overdue, late.ID)
	}
	var rules []string
	for _, l := range res.Listed {
		rules = append(rules, l.CaseID+" "+l.Rule)
		if l.Reason == "" {
			t.Errorf("%s listed without a reason", l.CaseID)
		}
	}
	if diff := cmp.Diff([]string{d.ID + " CL19", late.ID + " CL11"}, rules); diff != "" {
		t.Errorf("listed (-want +got):\n%s", diff)
	}
	if r := res.Listed[1].Reason; !strings.Contains(r, "propose") || !strings.Contains(r, late.Due.String()) {
		t.Errorf("overdue reason = %q, want the step and its deadline", r)
	}
	c := e.must(e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: ref(res.Declined[0]), Ground: clearance.OnSweep, Text: "回头看发现应予澄清"}))
	if c.Reconsiderations[0].Ground != clearance.OnSweep {
		t.Errorf("ground = %s, want sweep", c.Reconsiderations[0].Ground)
	}
}

// CL20, XC11: a later finding that substantiates a cleared allegation
// revokes the clearance by a committee leader's recorded decision; those
// told are listed and the notice names them masked; the follow-up is told to
// stop; the earlier records stay and verify.
func TestClearance_CL20_RevokeOnANewFinding(t *testing.T) {
	e := newEnv(t)
	c := e.closed("r1", true)
	old, err := e.svc.History(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(t0.AddDate(0, 3, 0))
	finding := clearance.NewFinding{ReportID: "r9", AllegationID: "a", Finding: dandang.Substantiated, Summary: "查实其在低保评定中优亲厚友"}
	c = e.must(e.svc.Revoke(ctx, tLeader, clearance.RevokeInput{Ref: ref(c), Finding: finding}))
	if c.State != clearance.Revoked || !c.Ended() || c.Revocation == nil {
		t.Fatalf("state %s, revocation %+v; want revoked", c.State, c.Revocation)
	}
	if !slices.Contains(c.Revocation.Told, secretary.UnitHead) || !slices.Contains(c.Revocation.Told, secretary.Name) {
		t.Errorf("told = %v, want the subject and the head of the unit", c.Revocation.Told)
	}
	recs, _ := e.svc.History(ctx, admin, c.ID)
	if diff := cmp.Diff(old, recs[:len(old)]); diff != "" {
		t.Errorf("earlier records changed (-before +after):\n%s", diff)
	}
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
	evs, _ := e.db.Outbox().All(ctx)
	p, err := event.Decode(evs[len(evs)-1])
	if err != nil {
		t.Fatal(err)
	}
	if rv, ok := p.(event.ClearanceRevoked); !ok || rv.CaseID != c.ID || rv.Reason != finding.Summary {
		t.Errorf("last event = %#v, want the revocation of %s", p, c.ID)
	}
	zh, en := c.RevocationText(language.SimplifiedChinese), c.RevocationText(language.English)
	for _, want := range []string{"撤销澄清正名决定通知书", "周某某同志", "优亲厚友", "属实", "吴某某"} {
		if !strings.Contains(zh, want) {
			t.Errorf("zh text lacks %q:\n%s", want, zh)
		}
	}
	for _, want := range []string{"Revocation", "revoked", "substantiated"} {
		if !strings.Contains(en, want) {
			t.Errorf("en text lacks %q:\n%s", want, en)
		}
	}
	for _, full := range []string{secretary.Name, secretary.UnitHead} {
		if strings.Contains(zh, full) || strings.Contains(en, full) {
			t.Errorf("revocation text names %s in full", full)
		}
	}
}

// CL20: no revocation without a finding that substantiates a cleared
// allegation, nor by whoever asks.
func TestClearance_CL20_RevocationRefusals(t *testing.T) {
	e := newEnv(t)
	c := e.closed("r1", true)
	good := clearance.NewFinding{ReportID: "r9", AllegationID: "a", Finding: dandang.Substantiated, Summary: "查实"}
	tests := []struct {
		name  string
		actor dandang.Actor
		edit  func(*clearance.NewFinding)
		code  dandang.Code
		rule  string
		field string
	}{
		{"unfounded again", tLeader, func(f *clearance.NewFinding) { f.Finding = dandang.Unfounded }, dandang.Invalid, "CL20", "Finding.Finding"},
		{"undetermined", tLeader, func(f *clearance.NewFinding) { f.Finding = dandang.Undetermined }, dandang.Invalid, "CL20", "Finding.Finding"},
		{"not a cleared allegation", tLeader, func(f *clearance.NewFinding) { f.AllegationID = "z" }, dandang.Invalid, "CL20", "Finding.AllegationID"},
		{"no summary", tLeader, func(f *clearance.NewFinding) { f.Summary = "" }, dandang.Invalid, "CL20", "Finding.Summary"},
		{"not a committee leader", tPetition, func(*clearance.NewFinding) {}, dandang.Forbidden, "CL20", "Actor.Roles"},
		{"another organ's leader", cLeader, func(*clearance.NewFinding) {}, dandang.Forbidden, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := good
			tt.edit(&f)
			before := e.snap(c.ID)
			_, err := e.svc.Revoke(ctx, tt.actor, clearance.RevokeInput{Ref: ref(c), Finding: f})
			wantErr(t, err, tt.code, tt.rule)
			if tt.field != "" && dandang.ErrorField(err) != tt.field {
				t.Errorf("field = %q, want %q", dandang.ErrorField(err), tt.field)
			}
			e.unchanged(t, before)
		})
	}
	open := e.opened("r2", true)
	_, err := e.svc.Revoke(ctx, tLeader, clearance.RevokeInput{Ref: ref(open), Finding: good})
	wantErr(t, err, dandang.Transition, "XC09")
}

// promoted is the secretary moved to a county-managed post.
var promoted = clearance.Post{Position: "县农业农村局副局长", Unit: "武义县农业农村局", UnitHead: "陈立新", ManagedAt: dandang.County, Region: "330723"}

// CL22: a subject moved to a post under the county's management authority:
// the case goes to the county with a recorded handover, the deadline runs
// on, and the county's staff act from then on.
func TestClearance_CL22_HandOverToTheOrganWithAuthority(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	due := c.Due
	// Some working days later: a deadline restarted at the handover would
	// move.
	e.clock.Set(t0.AddDate(0, 0, 3))
	c = e.must(e.svc.HandOver(ctx, tPetition, clearance.HandoverInput{Ref: ref(c), Post: promoted, Reason: "县委任命"}))
	if c.Organ.ID != county.ID || len(c.Handovers) != 1 || c.Handovers[0].From.ID != township.ID || c.Handovers[0].To.ID != county.ID {
		t.Fatalf("organ %s handovers %+v, want handed to %s", c.Organ.ID, c.Handovers, county.ID)
	}
	if c.Due != due {
		t.Errorf("due = %s, want %s: deadlines run on", c.Due, due)
	}
	if c.Subject.ManagedAt != dandang.County || c.Subject.Unit != promoted.Unit || c.Handovers[0].Before.ManagedAt != dandang.Township {
		t.Errorf("subject %+v, handover %+v: want the new post, the old one kept", c.Subject, c.Handovers[0])
	}
	_, err := e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)})
	wantErr(t, err, dandang.NotFound, "XC07") // the county's case is outside the township's reach
	c = e.must(e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, cLeader, clearance.DecisionInput{Ref: ref(c)}))
	if c.State != clearance.Approved {
		t.Errorf("state = %s, want approved by the county's principal leader", c.State)
	}
	if cs, _ := e.svc.Find(ctx, admin, clearance.Filter{OrganID: county.ID}); len(cs) != 1 {
		t.Errorf("the county's cases = %d, want the case handed over", len(cs))
	}
}

// CL22: no handover to an organ without authority over the new post.
func TestClearance_CL22_HandoverRefusals(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	elsewhere := promoted
	elsewhere.Region = "330110"
	tests := []struct {
		name  string
		in    clearance.HandoverInput
		field string
	}{
		{"organ without authority", clearance.HandoverInput{Post: promoted, To: other.ID, Reason: "调任"}, "To"},
		{"organ at another level", clearance.HandoverInput{Post: promoted, To: city.ID, Reason: "调任"}, "To"},
		{"organ not in the directory", clearance.HandoverInput{Post: promoted, To: "ghost", Reason: "调任"}, "To"},
		{"post still managed here", clearance.HandoverInput{Post: clearance.Post{Position: "村委会主任", Unit: "某村", ManagedAt: dandang.Township, Region: secretary.Region}, Reason: "调任"}, "Post"},
		{"no reason", clearance.HandoverInput{Post: promoted}, "Reason"},
		{"named organ of another county", clearance.HandoverInput{Post: elsewhere, To: county.ID, Reason: "调任"}, "To"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Ref = ref(c)
			before := e.snap(c.ID)
			_, err := e.svc.HandOver(ctx, tPetition, tt.in)
			wantErr(t, err, dandang.Invalid, "CL22")
			if f := dandang.ErrorField(err); f != tt.field {
				t.Errorf("field = %q, want %q (%v)", f, tt.field, err)
			}
			e.unchanged(t, before)
		})
	}
}

// officer is a second subject of the Dongtou report.
var officer = dandang.Subject{ID: "p-dai", Kind: dandang.Person, Name: "戴瑞", Position: "办事员",
	Unit: "综合行政执法中队", UnitHead: "曾国锋", ManagedAt: dandang.Township, Region: "330723101"}

// CL23, CL03: two subjects of one report cleared at one press conference:
// one act, each case keeping its own history and naming the other.
func TestClearance_CL23_JointClearanceAtOneMeeting(t *testing.T) {
	e := newEnv(t)
	a := e.publicApproved("r-dt", secretary)
	b := e.publicApproved("r-dt", officer)
	got, err := e.svc.CarryOutJointly(ctx, tPetition, clearance.JointCarryOutInput{Refs: []clearance.Ref{ref(a), ref(b)},
		Form: clearance.Meeting, Venue: "澄清正名发布会"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID {
		t.Fatalf("CarryOutJointly = %v, want both cases", got)
	}
	for i, other := range []string{b.ID, a.ID} {
		cr := got[i].Carried
		if len(cr) != 1 || cr[0].Form != clearance.Meeting || !slices.Equal(cr[0].With, []string{other}) {
			t.Errorf("%s carried %+v, want the meeting with %s", got[i].ID, cr, other)
		}
		if h := commands(t, e, got[i].ID); h[len(h)-1] != "carry_out" {
			t.Errorf("%s history ends %v, want its own carry_out", got[i].ID, h)
		}
		if err := e.svc.Verify(ctx, admin, got[i].ID); err != nil {
			t.Error(err)
		}
	}
}

// CL23: every case is checked before any changes: cases of different
// reports, or one case not ready, refuse the whole act.
func TestClearance_CL23_JointActChecksAllFirst(t *testing.T) {
	e := newEnv(t)
	a := e.publicApproved("r-dt", secretary)
	notReady := e.publicPlanned("r-dt", officer)
	otherReport := e.publicApproved("r-x", officer)
	tests := []struct {
		name string
		refs []clearance.Ref
		code dandang.Code
		rule string
	}{
		{"different reports", []clearance.Ref{ref(a), ref(otherReport)}, dandang.Invalid, "CL23"},
		{"one not approved", []clearance.Ref{ref(a), ref(notReady)}, dandang.Transition, "XC09"},
		{"one case", []clearance.Ref{ref(a)}, dandang.Invalid, "CL23"},
		{"named twice", []clearance.Ref{ref(a), ref(a)}, dandang.Invalid, "CL23"},
		{"stale", []clearance.Ref{ref(a), {CaseID: otherReport.ID, Version: 1}}, dandang.Invalid, "CL23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := []snapshot{e.snap(a.ID), e.snap(notReady.ID), e.snap(otherReport.ID)}
			got, err := e.svc.CarryOutJointly(ctx, tPetition, clearance.JointCarryOutInput{Refs: tt.refs, Form: clearance.Meeting, Venue: "发布会"})
			if got != nil {
				t.Errorf("a refused act returned cases")
			}
			wantErr(t, err, tt.code, tt.rule)
			for _, b := range before {
				e.unchanged(t, b)
			}
		})
	}
	_, err := e.svc.CarryOutJointly(ctx, tPetition, clearance.JointCarryOutInput{Refs: []clearance.Ref{ref(a), ref(otherReport)}, Form: clearance.FaceToFace})
	wantErr(t, err, dandang.Invalid, "CL23")
}

// CL23, XC11: a notice found wrong is corrected by a new notice that
// supersedes it; both are kept and rendered in order.
func TestClearance_CL23_CorrectedNotice(t *testing.T) {
	e := newEnv(t)
	c := e.closed("r1", true)
	e.clock.Set(t0.AddDate(0, 0, 7))
	c = e.must(e.svc.CorrectNotice(ctx, tPetition, clearance.CorrectNoticeInput{Ref: ref(c), Reason: "抄送对象有误", CopyTo: "李春华"}))
	ns := c.Notices()
	if len(ns) != 2 || ns[0].No != 1 || ns[1].No != 2 || ns[0].CopyTo != secretary.UnitHead || ns[1].CopyTo != "李春华" || ns[1].Corrects == "" {
		t.Fatalf("notices = %+v, want the first kept and the correction after it", ns)
	}
	texts := c.NoticeTexts(language.SimplifiedChinese)
	if len(texts) != 2 || strings.Contains(texts[0], "更正") || !strings.Contains(texts[1], "更正") || !strings.Contains(texts[1], "李某某") {
		t.Errorf("notice texts:\n%s", strings.Join(texts, "\n---\n"))
	}
	before := e.snap(c.ID)
	_, err := e.svc.CorrectNotice(ctx, tPetition, clearance.CorrectNoticeInput{Ref: ref(c), Reason: "无", CopyTo: "李春华"})
	wantErr(t, err, dandang.Invalid, "CL23")
	_, err = e.svc.CorrectNotice(ctx, tPetition, clearance.CorrectNoticeInput{Ref: ref(c), Reason: "多列问题", Summaries: []string{"a", "b"}})
	wantErr(t, err, dandang.Invalid, "CL04")
	e.unchanged(t, before)
	ap := e.approved("r2", true)
	_, err = e.svc.CorrectNotice(ctx, tPetition, clearance.CorrectNoticeInput{Ref: ref(ap), Reason: "有误", CopyTo: "x"})
	wantErr(t, err, dandang.Invalid, "CL23")
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Error(err)
	}
}

// CL04: the notice clears the unfounded allegations without calling the
// report unfounded when others were substantiated.
func TestClearance_CL04_NoticeWhenOthersSubstantiated(t *testing.T) {
	in := newCase("r1", secretary, false)
	in.Report.OthersSubstantiated = true
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, tPetition, in))
	zh := c.NoticeText(language.SimplifiedChinese)
	if strings.Contains(zh, "的检举控告失实") || !strings.Contains(zh, "优亲厚友等问题失实") {
		t.Errorf("notice:\n%s\nwant the unfounded allegations cleared, not the report", zh)
	}
	full := e.must(e.svc.Open(ctx, tPetition, newCase("r2", secretary, false))).NoticeText(language.SimplifiedChinese)
	if !strings.Contains(full, "检举控告失实") {
		t.Errorf("notice:\n%s\nwant the report called unfounded when nothing was substantiated", full)
	}
}

// CL12: a named reporter who cannot be reached: the attempt is recorded and
// the case closes.
func TestClearance_CL12_UnreachableReporter(t *testing.T) {
	e := newEnv(t)
	c := e.approved("r1", true)
	_, err := e.svc.GiveFeedback(ctx, tPetition, clearance.FeedbackInput{Ref: ref(c), Unreachable: true})
	wantErr(t, err, dandang.Invalid, "CL12")
	c = e.must(e.svc.GiveFeedback(ctx, tPetition, clearance.FeedbackInput{Ref: ref(c), Unreachable: true, Note: "三次电话未接通，上门未遇"}))
	c = e.must(e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.FaceToFace}))
	c = e.must(e.svc.ServeNotice(ctx, tPetition, clearance.NoticeInput{Ref: ref(c)}))
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		c = e.must(e.svc.File(ctx, tPetition, clearance.FileInput{Ref: ref(c), Filing: f}))
	}
	c = e.must(e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)}))
	if c.State != clearance.Closed || !c.Feedback.Unreachable {
		t.Errorf("state %s feedback %+v, want closed with the attempt recorded", c.State, c.Feedback)
	}
}

// CL20: a revocation tells those who received the clearance: a named
// reporter who could not be reached was told nothing, and is not listed as
// told; one who had the feedback is.
func TestClearance_CL20_UnreachableReporterNotTold(t *testing.T) {
	finding := clearance.NewFinding{ReportID: "r9", AllegationID: "a", Finding: dandang.Substantiated, Summary: "查实"}
	e := newEnv(t)
	c := e.approved("r1", true)
	c = e.must(e.svc.GiveFeedback(ctx, tPetition, clearance.FeedbackInput{Ref: ref(c), Unreachable: true, Note: "三次电话未接通，上门未遇"}))
	c = e.must(e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.FaceToFace}))
	c = e.must(e.svc.ServeNotice(ctx, tPetition, clearance.NoticeInput{Ref: ref(c)}))
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		c = e.must(e.svc.File(ctx, tPetition, clearance.FileInput{Ref: ref(c), Filing: f}))
	}
	c = e.must(e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)}))
	c = e.must(e.svc.Revoke(ctx, tLeader, clearance.RevokeInput{Ref: ref(c), Finding: finding}))
	reached := e.must(e.svc.Revoke(ctx, tLeader, clearance.RevokeInput{Ref: ref(e.closed("r2", true)), Finding: finding}))
	if len(c.Revocation.Told) != len(reached.Revocation.Told)-1 {
		t.Errorf("told %v with the reporter unreachable, %v with the reporter told: want the reporter alone apart", c.Revocation.Told, reached.Revocation.Told)
	}
	for _, who := range c.Revocation.Told {
		if !slices.Contains(reached.Revocation.Told, who) {
			t.Errorf("%q told only when the reporter was unreachable", who)
		}
	}
}

// XC04: Stats counts subjects, not cases: one person cleared of two reports
// counts once, with both cases beside; a revoked clearance is not counted
// as cleared.
func TestClearance_XC04_StatsCountSubjectsNotCases(t *testing.T) {
	e := newEnv(t)
	e.closed("r1", true)
	e.closed("r2", true)
	r := e.closed("r3", true)
	e.must(e.svc.Open(ctx, tPetition, newCase("r4", branch, false)))
	e.must(e.svc.Revoke(ctx, tLeader, clearance.RevokeInput{Ref: ref(r),
		Finding: clearance.NewFinding{ReportID: "r9", AllegationID: "a", Finding: dandang.PartlySubstantiated, Summary: "部分查实"}}))
	from := t0.AddDate(0, 0, -1)
	to := t0.AddDate(0, 0, 1)
	e.clock.Set(to.AddDate(0, 0, 1))
	got, err := e.svc.Stats(ctx, admin, dandang.Period{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	want := &clearance.Stats{Organs: []clearance.OrganStats{{Organ: township, Persons: 1, Cases: 2, Revoked: 1}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
}

// CL20, XC05: the revocation notice lists the named reporter who was given
// feedback in the notice's own language, from the catalog: "实名举报人" in
// Chinese, never in the English text.
func TestClearance_CL20_RevocationNamesTheReporterInItsLanguage(t *testing.T) {
	e := newEnv(t)
	c := e.closed("r1", true)
	c = e.must(e.svc.Revoke(ctx, tLeader, clearance.RevokeInput{Ref: ref(c),
		Finding: clearance.NewFinding{ReportID: "r9", AllegationID: "a", Finding: dandang.Substantiated, Summary: "查实"}}))
	if !slices.Contains(c.Revocation.Told, "实名举报人") {
		t.Fatalf("told = %v, want the named reporter", c.Revocation.Told)
	}
	zh, en := c.RevocationText(language.SimplifiedChinese), c.RevocationText(language.English)
	if !strings.Contains(zh, "实名举报人") {
		t.Errorf("zh text does not list the named reporter:\n%s", zh)
	}
	if strings.Contains(en, "实名举报人") || !strings.Contains(en, "the named reporter") {
		t.Errorf("en text does not list the named reporter in English:\n%s", en)
	}
}

// CL22: with no organ named, the case goes to the organ the directory
// names as managing the new post, the host's word included.
func TestClearance_CL22_HandoverToTheDirectorysManager(t *testing.T) {
	dir, err := directory.WithManagers(map[string]string{secretary.ID: city.ID})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	c := e.opened("r1", true)
	// The host's word covers the person, whatever the post: the township
	// organ here opened the case before the host named the city.
	svc, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(e.db, clearance.Cases), Clock: e.clock, Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	c, err = svc.HandOver(ctx, tPetition, clearance.HandoverInput{Ref: ref(c), Post: promoted, Reason: "市委任命"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Organ.ID, city.ID; got != want {
		t.Errorf("handed over to %s, want %s, the manager the host named", got, want)
	}
}
