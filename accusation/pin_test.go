package accusation_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// unchanged fails the test when the case moved from before.
func (e *env) unchanged(before snapshot, id, what string) {
	e.t.Helper()
	if diff := cmp.Diff(before, e.snap(id), cmp.AllowUnexported(snapshot{})); diff != "" {
		e.t.Errorf("refused %s changed (-before +after):\n%s", what, diff)
	}
}

// AC17: establishing malice about a province-managed subject is approved
// at province level, even for a report the province passed down to a
// county: a city leader, enough for a county-managed subject, is refused.
func TestAccusation_AC17_ProvinceManagedApproval(t *testing.T) {
	e := newEnv(t)
	in := report("r-prov", true)
	in.Subjects[0].ManagedAt = dandang.Province
	in.Channel, in.From = accusation.PassedDown, "zhejiang"
	c := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: liu, Text: "省管干部，省纪委交办"}))
	if c.DueStep != "accept" {
		t.Fatalf("passed down: due %q, want accept (handled here, not passed up again)", c.DueStep)
	}
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.AcceptanceNotice}))
	c = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Preliminary}))
	for _, a := range []string{"a1", "a2"} {
		c = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: a, Finding: dandang.Unfounded}))
	}
	c = e.must(e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	c = e.must(e.svc.OpenInquiry(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "涉嫌诬告陷害"}))
	c = e.must(e.svc.ProposeMalice(ctx, cPetition, accusation.DetermineInput{Ref: ref(c), Elements: elements}))
	before := e.snap(c.ID)
	_, err := e.svc.ApproveMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(c), Note: "同意"})
	wantErr(t, err, dandang.Forbidden, "AC17", "Actor.Organ")
	e.unchanged(before, c.ID, "city approval")
	c = e.must(e.svc.ApproveMalice(ctx, provLead, accusation.NoteInput{Ref: ref(c), Note: "同意"}))
	if c.State != accusation.Established || c.Determination.Approved.By.Level != dandang.Province {
		t.Errorf("state %s approved by %+v; want established by the province", c.State, c.Determination.Approved)
	}
}

// AC15: a report of the same matter as one already concluded is a repeat,
// whoever reports it, kept with the first; before the first is concluded
// another reporter's identical report is registered (and screened, AC05).
func TestAccusation_AC15_SameMatterConcludedIsRepeat(t *testing.T) {
	e := newEnv(t)
	e.received("r1")
	other := e.must(e.svc.Receive(ctx, cPetition, report("r2", false), accusation.Confidential{Text: text + "（r1）"}))
	if other.State != accusation.Registered || other.RepeatOf != "" {
		t.Errorf("identical anonymous report while r1 is open: state %s repeat of %q; want registered", other.State, other.RepeatOf)
	}
	first := e.concluded("r3")
	again := e.must(e.svc.Receive(ctx, cPetition, report("r4", false), accusation.Confidential{Text: text + "（r3）"}))
	if again.State != accusation.Filed || again.RepeatOf != first.ID || again.AcceptanceDue.Due != 0 {
		t.Errorf("the concluded matter again: state %s repeat of %q; want filed with %s", again.State, again.RepeatOf, first.ID)
	}
}

// AC04, AC03: an anonymous report has no reporter to give feedback to: a
// read of its identity for feedback is refused, and changes nothing.
func TestAccusation_AC04_NoFeedbackReadOnAnonymous(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Receive(ctx, cPetition, report("r1", false), conf(false)))
	before := e.snap(c.ID)
	_, err := e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: ref(c), Reader: cPetition.ID, Purpose: accusation.ForFeedback, Reference: "审批表2号"})
	wantErr(t, err, dandang.Invalid, "AC04", "Purpose")
	e.unchanged(before, c.ID, "feedback grant")
}

// AC03: under the three-meetings policy the reply is given in person.
func TestAccusation_AC03_ReplyInPersonUnderThreeMeetings(t *testing.T) {
	pol := accusation.DefaultPolicy()
	pol.Ref.ID, pol.ThreeMeetings = "shangyu", true
	e := newEnv(t, pol)
	c := e.concluded("r1")
	before := e.snap(c.ID)
	_, err := e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice})
	wantErr(t, err, dandang.Invalid, "AC03", "InPerson")
	e.unchanged(before, c.ID, "reply not in person")
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice, InPerson: true}))
	if !c.Given(accusation.ResultNotice) {
		t.Errorf("reply in person not recorded")
	}
}

// AC03: under the default policy, as under every other, a named reporter
// is told the outcome in person (向实名举报人当面反馈).
func TestAccusation_AC03_DefaultPolicyResultInPerson(t *testing.T) {
	e := newEnv(t)
	if accusation.DefaultPolicy().ThreeMeetings {
		t.Fatal("the default policy holds three meetings: this test wants one that does not")
	}
	c := e.established("r1")
	before := e.snap(c.ID)
	_, err := e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice})
	wantErr(t, err, dandang.Invalid, "AC03", "InPerson")
	e.unchanged(before, c.ID, "feedback")
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice, InPerson: true}))
	if !c.Given(accusation.ResultNotice) {
		t.Error("the result told in person is not recorded")
	}
}

// AC09, AC18: an established case is not closed before the accuser is
// sanctioned or referred; education alone, or a referral to a body other
// than the public security or judicial organs, does not handle anyone else
// (AC18: anyone else goes to the police).
func TestAccusation_AC09_CloseNeedsAccuserHandled(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice, InPerson: true}))
	before := e.snap(c.ID)
	_, err := e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "AC09", "Handling")
	e.unchanged(before, c.ID, "close")
	c = e.must(e.svc.Educate(ctx, cPetition, accusation.EducateInput{Ref: ref(c), Note: "批评教育"}))
	before = e.snap(c.ID)
	_, err = e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "AC18", "Referrals")
	e.unchanged(before, c.ID, "close")
	c = e.must(e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: ref(c), Body: accusation.OtherBody, Receiver: "某街道办事处"}))
	_, err = e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "AC18", "Referrals")
	c = e.must(e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: ref(c), Body: accusation.Police, Receiver: "洞头区公安分局"}))
	c = e.must(e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	if c.State != accusation.Closed {
		t.Errorf("state %s, want closed", c.State)
	}
}

// AC04, AC17: the policy may not put tracing below county level nor the
// approval of malice below city level.
func TestAccusation_AC04_AC17_PolicyFloors(t *testing.T) {
	for _, tc := range []struct {
		name, rule, field string
		set               func(*accusation.Policy)
	}{
		{"trace by a township", "AC04", "TraceLevel", func(p *accusation.Policy) { p.TraceLevel = dandang.Township }},
		{"malice approved by a county", "AC17", "MaliceApproval", func(p *accusation.Policy) { p.MaliceApproval = dandang.County }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := accusation.DefaultPolicy()
			tc.set(&p)
			wantErr(t, p.Validate(), dandang.Invalid, tc.rule, tc.field)
			_, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(newEnv(t).db, accusation.Cases), Directory: directory, Keys: testKeys(t),
				Policies: kit.NewPolicySet(p)})
			if err == nil {
				t.Errorf("NewService took a policy with %s", tc.name)
			}
		})
	}
}
