package accusation_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/event"
	"github.com/google/go-cmp/cmp"
)

// AC04: a read held to the tracing rules — any read once an inquiry is
// open — needs a grant approved at the policy's TraceApproval level, even
// a grant made before the inquiry opened, for feedback.
func TestAccusation_AC04_EarlierGrantHeldToTracingRules(t *testing.T) {
	e := newEnv(t)
	c := e.verifying("r1")
	c = e.must(e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: ref(c), Reader: cPetition.ID, Purpose: accusation.ForFeedback, Reference: "县审批1号"}))
	for _, a := range []string{"a1", "a2"} {
		c = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: a, Finding: dandang.Unfounded}))
	}
	c = e.must(e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	c = e.must(e.svc.OpenInquiry(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "涉嫌诬告"}))
	_, _, err := e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForFeedback})
	wantErr(t, err, dandang.Forbidden, "AC04", "Authorizer")
	c = e.must(e.svc.Get(ctx, admin, c.ID))
	if n := len(c.Reads); n != 1 || c.Reads[0].Refused == "" {
		t.Errorf("reads %+v, want the refusal recorded", c.Reads)
	}
	c = e.must(e.svc.AuthorizeRead(ctx, cityLead, accusation.GrantInput{Ref: ref(c), Reader: cPetition.ID, Purpose: accusation.ForTrace, Reference: "市审批2号"}))
	if _, _, err := e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForTrace}); err != nil {
		t.Errorf("read under the city's grant: %v", err)
	}
}

// AC14: the reporter may object after the report closed; the objection is
// recorded on the closed report, listed overdue past its answer's day, and
// answered there.
func TestAccusation_AC14_ObjectionAfterClosing(t *testing.T) {
	e := newEnv(t)
	cal := dandang.DefaultCalendar()
	c := e.concluded("r1")
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice, InPerson: true}))
	c = e.must(e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	c = e.must(e.svc.Object(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "举报人对答复有异议"}))
	want := cal.AddWorkdays(dandang.DayOf(t0), accusation.DefaultPolicy().Deadlines.Objection)
	if c.State != accusation.Closed || len(c.Objections) != 1 || c.Objections[0].Due.Due != want {
		t.Fatalf("objection on the closed report: state %s, objections %+v; want closed, one due %s", c.State, c.Objections, want)
	}
	late := want.Date().AddDate(0, 0, 1)
	over, err := e.svc.Overdue(ctx, cPetition, late)
	if err != nil || len(over) != 1 || over[0].ID != c.ID {
		t.Errorf("overdue the day after the answer was due: %d, %v; want the closed report", len(over), err)
	}
	c = e.must(e.svc.Answer(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "已复核答复"}))
	if over, _ := e.svc.Overdue(ctx, cPetition, late); len(over) != 0 {
		t.Errorf("answered: still %d overdue", len(over))
	}
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// AC03: under the three-meetings policy every meeting is in person, and
// the investigation meeting is due within the policy's working days of
// disposal for verification, listed overdue until held.
func TestAccusation_AC03_ThreeMeetingsInPersonAndDue(t *testing.T) {
	pol := accusation.DefaultPolicy()
	pol.Ref.ID, pol.ThreeMeetings = "shangyu", true
	e := newEnv(t, pol)
	cal := dandang.DefaultCalendar()
	c := e.received("r1")
	before := e.snap(c.ID)
	_, err := e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.AcceptanceNotice})
	wantErr(t, err, dandang.Invalid, "AC03", "InPerson")
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("refused feedback changed (-before +after):\n%s", diff)
	}
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.AcceptanceNotice, InPerson: true}))
	c = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Preliminary}))
	want := cal.AddWorkdays(dandang.DayOf(t0), pol.Deadlines.Investigation)
	if c.InvestigationDue.Due != want {
		t.Fatalf("investigation meeting due %s, want %s", c.InvestigationDue.Due, want)
	}
	if over, _ := e.svc.Overdue(ctx, cPetition, want.Date().AddDate(0, 0, 1)); len(over) != 1 {
		t.Errorf("the day after: %d overdue, want the report", len(over))
	}
	_, err = e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.InvestigationMet})
	wantErr(t, err, dandang.Invalid, "AC03", "InPerson")
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.InvestigationMet, InPerson: true}))
	if f := c.Feedback[len(c.Feedback)-1]; f.Due != want || f.Late || c.InvestigationDue.Owed() {
		t.Errorf("met: %+v, still owed %v; want on time against %s, nothing owed", f, c.InvestigationDue.Owed(), want)
	}
}

// AC09: an accuser is handled once for an accusation: a second sanction of
// the same person is refused, changing nothing.
func TestAccusation_AC09_OneSanctionPerAccuser(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	in := accusation.SanctionInput{Ref: ref(c), AccuserID: "pm-liu", AccuserName: reporterName, ManagedAt: dandang.Township,
		Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary, Sanction: accusation.PartyWarning}
	c = e.must(e.svc.Sanction(ctx, cPetition, in))
	in.Ref, in.Sanction = ref(c), accusation.SeriousPartyWarning
	before := e.snap(c.ID)
	_, err := e.svc.Sanction(ctx, cPetition, in)
	wantErr(t, err, dandang.Invalid, "AC09", "AccuserID")
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("refused sanction changed (-before +after):\n%s", diff)
	}
	if n := len(events(t, e.db, event.KindDisciplineDecided)); n != 1 {
		t.Errorf("%d discipline-decided events, want 1", n)
	}
}

// AC10: heavier handling rests on recorded evidence.
func TestAccusation_AC10_GroundNeedsEvidence(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	_, err := e.svc.Sanction(ctx, cPetition, accusation.SanctionInput{Ref: ref(c), AccuserID: "pm-liu", AccuserName: reporterName,
		ManagedAt: dandang.Township, Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary,
		Sanction: accusation.SeriousPartyWarning, Grounds: []accusation.Ground{{Aggravation: accusation.VileMeans, Evidence: " "}}})
	wantErr(t, err, dandang.Invalid, "AC10", "Grounds[0].Evidence")
}
