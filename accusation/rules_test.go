package accusation_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// AC01: a report is named or anonymous; a named one gives the name, an
// anonymous one no identity.
func TestAccusation_AC01_NamedOrAnonymous(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Receive(ctx, cPetition, report("r-anon", false), conf(false)))
	if c.Named || c.Pseudonym != "" {
		t.Errorf("anonymous report: Named %v, Pseudonym %q; want false, empty", c.Named, c.Pseudonym)
	}
	_, err := e.svc.Receive(ctx, cPetition, report("r-x", true), accusation.Confidential{Text: text})
	wantErr(t, err, dandang.Invalid, "AC01", "Confidential.Reporter.Name")
	_, err = e.svc.Receive(ctx, cPetition, report("r-y", false), conf(true))
	wantErr(t, err, dandang.Invalid, "AC01", "Confidential.Reporter")
}

// AC02, CL01: findings per allegation; concluding needs every one and
// writes the report-concluded event.
func TestAccusation_AC02_ConcludeNeedsEveryFinding(t *testing.T) {
	e := newEnv(t)
	c := e.verifying("r1")
	_, err := e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: "a9", Finding: dandang.Unfounded})
	wantErr(t, err, dandang.Invalid, "AC02", "Allegation")
	c = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: "a1", Finding: dandang.Unfounded}))
	before := e.snap(c.ID)
	_, err = e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "AC02", "Allegations[1].Finding")
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("refused conclude changed (-before +after):\n%s", diff)
	}
	c = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: "a2", Finding: dandang.Substantiated}))
	c = e.must(e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	if c.State != accusation.Concluded {
		t.Errorf("state = %s, want concluded", c.State)
	}
	got := events(t, e.db, event.KindReportConcluded)
	if len(got) != 1 {
		t.Fatalf("%d report-concluded events, want 1", len(got))
	}
	rc := got[0].(event.ReportConcluded)
	if rc.ReportID != "r1" || !rc.Named || len(rc.Allegations) != 2 || rc.Allegations[0].Finding != dandang.Unfounded {
		t.Errorf("event = %+v", rc)
	}
}

// AC03: feedback to a named reporter is a recorded step with a deadline;
// closing needs the acceptance and result feedback, and under the
// three-meetings policy the investigation meeting too.
func TestAccusation_AC03_FeedbackBeforeClosing(t *testing.T) {
	pol := accusation.DefaultPolicy()
	pol.Ref.ID, pol.ThreeMeetings = "shangyu", true
	e := newEnv(t, pol)
	c := e.concluded("r1")
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice, InPerson: true}))
	_, err := e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "AC03", "Feedback")
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.InvestigationMet, InPerson: true}))
	c = e.must(e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	if c.State != accusation.Closed {
		t.Errorf("state = %s, want closed", c.State)
	}
	anon := e.must(e.svc.Receive(ctx, cPetition, report("r2", false), conf(false)))
	_, err = e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(anon), Kind: accusation.AcceptanceNotice})
	wantErr(t, err, dandang.Invalid, "AC03", "Kind")

	// A named report settled without verification had no investigation to
	// meet over: acceptance and the reply in person close it.
	s := e.received("r3")
	s = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(s), Kind: accusation.AcceptanceNotice, InPerson: true}))
	s = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(s), Disposal: accusation.Close}))
	_, err = e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(s)})
	wantErr(t, err, dandang.Invalid, "AC03", "Feedback")
	s = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(s), Kind: accusation.ResultNotice, InPerson: true}))
	if s = e.must(e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(s)})); s.State != accusation.Closed {
		t.Errorf("settled report: state = %s, want closed", s.State)
	}
}

// AC14: deadlines in working days from receipt; a repeat gets no
// acceptance notice; a report about a subject managed above is passed up;
// a report passed down is accepted within 5; overdue reports are listed.
func TestAccusation_AC14_Deadlines(t *testing.T) {
	e := newEnv(t)
	c := e.received("r1")
	cal := dandang.DefaultCalendar()
	if want := cal.AddWorkdays(dandang.DayOf(t0), 15); c.AcceptanceDue.Due != want {
		t.Errorf("acceptance notice due %s, want %s", c.AcceptanceDue.Due, want)
	}
	e.clock.Set(t0.AddDate(0, 1, 0))
	over, err := e.svc.Overdue(ctx, cPetition, e.clock.Now())
	if err != nil || len(over) != 1 || over[0].ID != "r1" {
		t.Errorf("overdue = %v, %v; want r1", over, err)
	}
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.AcceptanceNotice}))
	if !c.Feedback[0].Late {
		t.Errorf("a notice after its deadline is not marked late")
	}
	// A township report about county-managed cadres belongs above.
	tw := e.must(e.svc.Receive(ctx, tPetition, report("r-tw", false), accusation.Confidential{Text: "另一件"}))
	if tw.DueStep != "pass_up" || tw.Due != cal.AddWorkdays(dandang.DayOf(t0), 5) {
		t.Errorf("township report due %s %s, want pass_up in 5", tw.DueStep, tw.Due)
	}
	_, err = e.svc.Dispose(ctx, tPetition, accusation.DisposeInput{Ref: ref(tw), Disposal: accusation.Preliminary})
	wantErr(t, err, dandang.Invalid, "AC14", "Disposal")
	_, err = e.svc.PassUp(ctx, tPetition, accusation.PassUpInput{Ref: ref(tw), To: "yuanjue"})
	wantErr(t, err, dandang.Invalid, "AC14", "To")
	tw = e.must(e.svc.PassUp(ctx, tPetition, accusation.PassUpInput{Ref: ref(tw), To: "dongtou"}))
	if tw.State != accusation.PassedUp || !tw.Ended() {
		t.Errorf("state %s ended %v, want passed_up and ended", tw.State, tw.Ended())
	}
	in := report("r-down", false)
	in.Channel, in.From = accusation.PassedDown, "wenzhou"
	d := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: "市纪委转来"}))
	if d.DueStep != "accept" || d.DueDays != 5 {
		t.Errorf("passed down: due %s in %d, want accept in 5", d.DueStep, d.DueDays)
	}
	// Objections are recorded and answered before closing.
	k := e.concluded("r3")
	k = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(k), Kind: accusation.ResultNotice, InPerson: true}))
	k = e.must(e.svc.Object(ctx, cPetition, accusation.NoteInput{Ref: ref(k), Note: "举报人对结果有异议"}))
	_, err = e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(k)})
	wantErr(t, err, dandang.Invalid, "AC14", "Objections[0]")
	k = e.must(e.svc.Answer(ctx, cPetition, accusation.NoteInput{Ref: ref(k), Note: "已答复"}))
	e.must(e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(k)}))
}

// AC15: one register entry per report; a repeat report — the same reporter
// and text, or the same matter concluded — is filed with the first.
func TestAccusation_AC15_RepeatReportsFiled(t *testing.T) {
	e := newEnv(t)
	first := e.received("r1")
	_, err := e.svc.Receive(ctx, cPetition, report("r1", true), conf(true))
	wantErr(t, err, dandang.Conflict, "AC15", "ID")
	// The same reporter, the same text written with full-width signs and spaces.
	again := conf(true)
	again.Text = "曾国锋、戴瑞 收受管理服务对象红包股权,接受宴请 . (r1)"
	again.Reporter.Name = " 刘建华"
	rep := e.must(e.svc.Receive(ctx, cPetition, report("r2", true), again))
	if rep.State != accusation.Filed || rep.RepeatOf != first.ID || rep.Due != 0 {
		t.Errorf("repeat: state %s of %q due %s; want filed of r1, nothing due", rep.State, rep.RepeatOf, rep.Due)
	}
	reps, err := e.svc.Repeats(ctx, cPetition, first.ID)
	if err != nil || len(reps) != 1 || reps[0].ID != "r2" {
		t.Errorf("repeats = %v, %v", reps, err)
	}
	_, err = e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(rep), Disposal: accusation.Preliminary})
	wantErr(t, err, dandang.Transition, "XC09", "")
	in := report("r3", false)
	in.RepeatOf = "nope"
	_, err = e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: "x"})
	wantErr(t, err, dandang.Invalid, "AC15", "RepeatOf")
	// Disposals.
	c := e.must(e.svc.Receive(ctx, cPetition, report("r4", false), accusation.Confidential{Text: "另案"}))
	c = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Shelve}))
	if c.State != accusation.Shelved {
		t.Errorf("shelved: state %s", c.State)
	}
	c = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Close}))
	if c.State != accusation.Closed || !c.Ended() {
		t.Errorf("settled: state %s", c.State)
	}
}

// AC04: reading the identity needs an authorization; every read is
// recorded, and a refused one too; tracing is by a county organ or above
// with approval at city level.
func TestAccusation_AC04_IdentityReads(t *testing.T) {
	e := newEnv(t)
	c := e.received("r1")
	_, _, err := e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForFeedback})
	wantErr(t, err, dandang.Forbidden, "AC04", "Authorizer")
	c, _ = e.svc.Get(ctx, admin, "r1")
	if len(c.Reads) != 1 || c.Reads[0].Refused == "" {
		t.Fatalf("refused read not recorded: %+v", c.Reads)
	}
	// The approver records the authorization as themselves; no one
	// authorizes their own read (XC08).
	_, err = e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: ref(c), Reader: cLeader.ID, Purpose: accusation.ForFeedback, Reference: "审批表1号"})
	wantErr(t, err, dandang.Forbidden, "XC08", "Reader")
	_, err = e.svc.AuthorizeRead(ctx, cPetition, accusation.GrantInput{Ref: ref(c), Reader: "c-other", Purpose: accusation.ForFeedback, Reference: "审批表1号"})
	wantErr(t, err, dandang.Forbidden, "AC04", "Actor.Roles") // a clerk approves nothing
	c = e.must(e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: ref(c), Reader: cPetition.ID, Purpose: accusation.ForFeedback, Reference: "审批表1号"}))
	got, c, err := e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForFeedback})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(accusation.Confidential{Reporter: liu, Text: text + "（r1）"}, got); diff != "" {
		t.Errorf("identity (-want +got):\n%s", diff)
	}
	if r := c.Reads[len(c.Reads)-1]; r.Refused != "" || r.Authorizer.ID != "c-lead" || r.By.ID != "c-pet" || r.Purpose != accusation.ForFeedback {
		t.Errorf("read recorded as %+v", r)
	}
	// A grant serves one read.
	_, _, err = e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForFeedback})
	wantErr(t, err, dandang.Forbidden, "AC04", "Authorizer")

	// Tracing: only with an inquiry open, by a county organ or above, approved at city level.
	k := e.concluded("r-t")
	_, err = e.svc.AuthorizeRead(ctx, cityLead, accusation.GrantInput{Ref: ref(k), Reader: cPetition.ID, Purpose: accusation.ForTrace, Reference: "x"})
	wantErr(t, err, dandang.Invalid, "AC04", "Purpose") // no inquiry open
	k = e.must(e.svc.OpenInquiry(ctx, cPetition, accusation.NoteInput{Ref: ref(k), Note: "涉嫌诬告"}))
	_, err = e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: ref(k), Reader: cPetition.ID, Purpose: accusation.ForTrace, Reference: "x"})
	wantErr(t, err, dandang.Forbidden, "AC04", "Actor.Organ") // approved at city level
	// Once an inquiry is open, a "feedback" read is held to the tracing rules too.
	_, err = e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: ref(k), Reader: cPetition.ID, Purpose: accusation.ForFeedback, Reference: "x"})
	wantErr(t, err, dandang.Forbidden, "AC04", "Actor.Organ")
	k = e.must(e.svc.AuthorizeRead(ctx, cityLead, accusation.GrantInput{Ref: ref(k), Reader: cPetition.ID, Purpose: accusation.ForTrace, Reference: "温纪批〔2021〕1号"}))
	_, k, err = e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(k), Purpose: accusation.ForTrace})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(k.Reads); n != 1 || k.Reads[0].Purpose != accusation.ForTrace || k.Reads[0].Authorizer.ID != cityLead.ID {
		t.Errorf("trace reads recorded as %+v", k.Reads)
	}
	// A township organ never traces, whoever approved.
	tw := e.must(e.svc.Receive(ctx, tPetition, report("r-tw", true), accusation.Confidential{Reporter: liu, Text: "乡镇件"}))
	_, _, err = e.svc.ReadIdentity(ctx, tPetition, accusation.ReadInput{Ref: ref(tw), Purpose: accusation.ForTrace})
	wantErr(t, err, dandang.Forbidden, "AC04", "Actor.Organ")
}

// AC16: nothing of the reporter or the report's text is in clear in a case
// row, a history record or an outbox event: every store searched.
func TestAccusation_AC16_NoReporterInClear(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	c = e.must(e.svc.Sanction(ctx, cPetition, accusation.SanctionInput{Ref: ref(c), AccuserID: "pm-liu", AccuserName: reporterName,
		ManagedAt: dandang.Township, Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary, Sanction: accusation.PartyWarning}))
	c = e.must(e.svc.Publish(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	c = e.must(e.svc.AuthorizeRead(ctx, cityLead, accusation.GrantInput{Ref: ref(c), Reader: cPetition.ID, Purpose: accusation.ForTrace, Reference: "x"}))
	_, _, err := e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForTrace})
	if err != nil {
		t.Fatal(err)
	}
	e.must(e.svc.Receive(ctx, cPetition, report("r2", true), conf(true)))
	var dump []string
	for _, id := range []string{"r1", "r2"} {
		c, recs, err := memdb.NewStore(e.db, accusation.Cases).Load(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(c)
		dump = append(dump, string(b))
		for _, r := range recs {
			b, _ := json.Marshal(r)
			dump = append(dump, string(b), string(r.Payload))
		}
	}
	evs, _ := e.db.Outbox().All(ctx)
	for _, ev := range evs {
		b, _ := json.Marshal(ev)
		dump = append(dump, string(b), string(ev.Payload))
	}
	e.clock.Set(t0.AddDate(1, 0, 0))
	st, err := e.svc.Stats(ctx, admin, dandang.Period{From: t0.AddDate(-1, 0, 0), To: t0.AddDate(1, 0, 0)})
	if err != nil || st.Reports == 0 {
		t.Fatalf("Statistics = %+v, %v", st, err)
	}
	b, _ := json.Marshal(st)
	dump = append(dump, string(b))
	all := strings.Join(dump, "\n")
	for _, secret := range []string{reporterName, liu.IDNumber, liu.Unit, liu.Address, liu.Contact, "收受管理服务对象红包股权"} {
		if strings.Contains(all, secret) {
			t.Errorf("%q found in clear in the stores", secret)
		}
	}
	if !strings.Contains(all, "刘某某") {
		t.Errorf("the masked accuser name is not in the published text or event")
	}
}

// AC16: the pseudonym is stable under one key and differs under another
// (the seal's binding to its report: TestSeal_AC16_BoundToReport).
func TestAccusation_AC16_PseudonymKeyed(t *testing.T) {
	k1 := testKeys(t)
	k2, _ := accusation.NewMemoryKeys("k2", []byte("another secret of 32 bytes long!"))
	p1, _ := accusation.Pseudonym(ctx, k1, liu)
	p1b, _ := accusation.Pseudonym(ctx, k1, accusation.Identity{Name: "刘建华 ", IDNumber: "３３０３２２１９６５０１０１００１１"})
	p2, _ := accusation.Pseudonym(ctx, k2, liu)
	if p1 != p1b || p1 == p2 || strings.Contains(p1, reporterName) {
		t.Errorf("pseudonyms %q %q %q: want the first two equal, the third different", p1, p1b, p2)
	}
}

// AC06, AC07: classes kept apart; malice only with all three elements.
func TestAccusation_AC07_ThreeElements(t *testing.T) {
	e := newEnv(t)
	c := e.concluded("r1")
	_, err := e.svc.Classify(ctx, cPetition, accusation.ClassifyInput{Ref: ref(c), Class: accusation.Malicious})
	wantErr(t, err, dandang.Invalid, "AC07", "Class")
	c = e.must(e.svc.Classify(ctx, cPetition, accusation.ClassifyInput{Ref: ref(c), Class: accusation.Mistaken}))
	if c.Class != accusation.Mistaken || c.Allegations[0].Finding != dandang.Unfounded {
		t.Errorf("class %s, findings %v", c.Class, c.Allegations)
	}
	c = e.must(e.svc.OpenInquiry(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "再查"}))
	for _, tc := range []struct {
		field string
		edit  func(*accusation.Elements)
	}{
		{"Elements.Intent", func(el *accusation.Elements) { el.Intent.Found = false }},
		{"Elements.Infringement", func(el *accusation.Elements) { el.Infringement.Found = false }},
		{"Elements.Threshold.Evidence", func(el *accusation.Elements) { el.Threshold.Evidence = "" }},
		{"Elements.EffectScope", func(el *accusation.Elements) { el.EffectScope = "" }},
	} {
		el := elements
		tc.edit(&el)
		_, err := e.svc.ProposeMalice(ctx, cPetition, accusation.DetermineInput{Ref: ref(c), Elements: el})
		wantErr(t, err, dandang.Invalid, "AC07", tc.field)
	}
}

// AC06: only a report with an unfounded allegation is classified.
func TestAccusation_AC06_ClassifyNeedsUnfounded(t *testing.T) {
	e := newEnv(t)
	c := e.verifying("r1")
	for _, a := range []string{"a1", "a2"} {
		c = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: a, Finding: dandang.Substantiated}))
	}
	c = e.must(e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	_, err := e.svc.Classify(ctx, cPetition, accusation.ClassifyInput{Ref: ref(c), Class: accusation.Inaccurate})
	wantErr(t, err, dandang.Invalid, "AC06", "Class")
}

// AC17: a matter neither verified nor excluded starts no inquiry;
// establishing needs city level, province for a province-managed subject.
func TestAccusation_AC17_ApprovalLevel(t *testing.T) {
	e := newEnv(t)
	c := e.verifying("r1")
	for _, a := range []string{"a1", "a2"} {
		c = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: a, Finding: dandang.Undetermined}))
	}
	c = e.must(e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	_, err := e.svc.OpenInquiry(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "x"})
	wantErr(t, err, dandang.Invalid, "AC17", "Allegations")

	d := e.determining("r2")
	_, err = e.svc.ApproveMalice(ctx, cLeader, accusation.NoteInput{Ref: ref(d)})
	wantErr(t, err, dandang.Forbidden, "AC17", "Actor.Organ")
	d = e.must(e.svc.ApproveMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(d)}))
	if d.State != accusation.Established || d.Class != accusation.Malicious {
		t.Errorf("state %s class %s", d.State, d.Class)
	}
	// Province-managed subject.
	in := report("r3", true)
	in.Subjects[0].ManagedAt = dandang.Province
	p := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: liu, Text: "省管干部"}))
	p = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(p), Kind: accusation.AcceptanceNotice}))
	// It belongs above: passed up in practice; the province handles it here.
	if p.DueStep != "pass_up" {
		t.Fatalf("due %s, want pass_up", p.DueStep)
	}
}

// XC08: no one approves their own determination.
func TestAccusation_XC08_NoSelfApproval(t *testing.T) {
	e := newEnv(t)
	both := actor("city-both", city, dandang.PetitionOffice, dandang.PrincipalLeader)
	c := e.verifyingBy(both, "r1")
	for _, a := range []string{"a1", "a2"} {
		c = e.must(e.svc.RecordFinding(ctx, both, accusation.FindingInput{Ref: ref(c), Allegation: a, Finding: dandang.Unfounded}))
	}
	c = e.must(e.svc.Conclude(ctx, both, accusation.NoteInput{Ref: ref(c)}))
	c = e.must(e.svc.OpenInquiry(ctx, both, accusation.NoteInput{Ref: ref(c), Note: "x"}))
	c = e.must(e.svc.ProposeMalice(ctx, both, accusation.DetermineInput{Ref: ref(c), Elements: elements}))
	before := e.snap(c.ID)
	_, err := e.svc.ApproveMalice(ctx, both, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "XC08", "Actor.ID")
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("refused approval changed (-before +after):\n%s", diff)
	}
	c = e.must(e.svc.ApproveMalice(ctx, provLead, accusation.NoteInput{Ref: ref(c)}))
	if c.State != accusation.Established {
		t.Errorf("state %s", c.State)
	}
}

// AC12: establishing writes the malicious-established event for each
// subject; handling the accuser writes discipline-decided.
func TestAccusation_AC12_BothWays(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	got := events(t, e.db, event.KindMaliciousEstablished)
	if len(got) != 2 || got[0].(event.MaliciousEstablished).Subject.ID != zeng.ID {
		t.Fatalf("malicious events = %+v, want 2 (曾, 戴)", got)
	}
	e.must(e.svc.Sanction(ctx, cPetition, accusation.SanctionInput{Ref: ref(c), AccuserID: "pm-liu", AccuserName: reporterName,
		ManagedAt: dandang.Township, Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary, Sanction: accusation.PartyWarning}))
	dd := events(t, e.db, event.KindDisciplineDecided)
	if len(dd) != 1 {
		t.Fatalf("%d discipline events, want 1", len(dd))
	}
	if d := dd[0].(event.DisciplineDecided); d.Subject.Name != "刘某某" || d.Sanction != "party_warning" {
		t.Errorf("discipline event = %+v", d)
	}
}

// AC09, AC18: the sanction must be offered for the category and severity;
// anyone else is referred.
func TestAccusation_AC09_AC18_SanctionByCategory(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	base := accusation.SanctionInput{Ref: ref(c), AccuserID: "pm-liu", AccuserName: reporterName, ManagedAt: dandang.Township,
		Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary}
	in := base
	in.Sanction = accusation.Demerit
	_, err := e.svc.Sanction(ctx, cPetition, in)
	wantErr(t, err, dandang.Invalid, "AC09", "Sanction")
	in.Category = accusation.Anyone
	_, err = e.svc.Sanction(ctx, cPetition, in)
	wantErr(t, err, dandang.Invalid, "AC18", "Category")
	in = base
	in.Category, in.Sanction = accusation.PublicOfficial, accusation.Demerit
	// A city-managed accuser is the city's to discipline (干部管理权限):
	// the county handling the accusation refers, it does not impose.
	cityManaged := in
	cityManaged.ManagedAt = dandang.City
	_, err = e.svc.Sanction(ctx, cPetition, cityManaged)
	wantErr(t, err, dandang.Forbidden, "XC02", "ManagedAt")
	e.must(e.svc.Sanction(ctx, cPetition, in))
}

// AC10: heavier handling rests on evidence; "went on after a clear
// conclusion" on a linked earlier report; it stays within the severity's
// range (从重): the lightest is dropped, and the next severity's (加重) are
// not offered.
func TestAccusation_AC10_Aggravation(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	in := accusation.SanctionInput{Ref: ref(c), AccuserID: "pm-liu", AccuserName: reporterName, ManagedAt: dandang.Township,
		Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary, Sanction: accusation.OrganizationalHandling,
		Grounds: []accusation.Ground{{Aggravation: accusation.PersistedAfter, Evidence: "已有明确结论"}}}
	_, err := e.svc.Sanction(ctx, cPetition, in)
	wantErr(t, err, dandang.Invalid, "AC10", "Grounds[0].Aggravation")
	in.Grounds[0].Aggravation = accusation.VileMeans
	_, err = e.svc.Sanction(ctx, cPetition, in)
	wantErr(t, err, dandang.Invalid, "AC09", "Sanction")
	in.Sanction = accusation.RemovalFromPartyPosts
	_, err = e.svc.Sanction(ctx, cPetition, in)
	wantErr(t, err, dandang.Invalid, "AC09", "Sanction")
	in.Sanction = accusation.SeriousPartyWarning
	e.must(e.svc.Sanction(ctx, cPetition, in))
	// The same reporter again after the clear conclusion is flagged and linked.
	again := conf(true)
	again.Text = "曾国锋又收受红包"
	n := e.must(e.svc.Receive(ctx, cPetition, report("r2", true), again))
	if n.PriorReport != "r1" || len(n.Flags) == 0 || n.Flags[0].Kind != accusation.AfterConclusion {
		t.Errorf("prior %q flags %+v; want r1 linked and flagged", n.PriorReport, n.Flags)
	}
}

// AC11, AC13: organizers, education, referral, gains and publication are
// recorded steps; the published text masks every name.
func TestAccusation_AC11_AC13_Handling(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	c = e.must(e.svc.Educate(ctx, cPetition, accusation.EducateInput{Ref: ref(c), Confessed: true, Note: "严厉批评教育，主动交代"}))
	c = e.must(e.svc.LinkOrganizer(ctx, cPetition, accusation.OrganizerInput{Ref: ref(c), PersonID: "x-1", Name: "王五", Role: "organizer"}))
	// A person is linked once: the list grows with people, not commands.
	before := e.snap(c.ID)
	_, err := e.svc.LinkOrganizer(ctx, cPetition, accusation.OrganizerInput{Ref: ref(c), PersonID: "x-1", Name: "王五", Role: "instigator"})
	wantErr(t, err, dandang.Invalid, "AC11", "PersonID")
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("a refused second link changed the case (-before +after):\n%s", diff)
	}
	_, err = e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: ref(c), Body: accusation.Police})
	wantErr(t, err, dandang.Invalid, "AC13", "Receiver")
	c = e.must(e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: ref(c), Body: accusation.Police, Receiver: "洞头区公安分局"}))
	_, err = e.svc.Publish(ctx, cPetition, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "AC11", "Handling")
	c = e.must(e.svc.UndoGains(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "无不当得利"}))
	if c.Organizers[0].MaskedName != "王某" || !c.Education[0].Confessed || c.Referrals[0].Receiver != "洞头区公安分局" {
		t.Errorf("recorded %+v %+v %+v", c.Organizers, c.Education, c.Referrals)
	}
	hist, _ := e.svc.History(ctx, admin, c.ID)
	for _, r := range hist {
		if strings.Contains(string(r.Payload), "王五") {
			t.Errorf("organizer's name in clear in %s", r.Command)
		}
	}
}

// AC05: identical reports from different reporters in the window are
// flagged, linking the reports; an election period flags; flags never
// change the state.
func TestAccusation_AC05_Screening(t *testing.T) {
	pol := accusation.DefaultPolicy()
	pol.Ref.ID = "beijing"
	pol.Screening.Elections = []accusation.ElectionPeriod{{Region: "3303", From: dandang.DayOf(t0.AddDate(0, 0, 10)), To: dandang.DayOf(t0.AddDate(0, 1, 0))}}
	e := newEnv(t, pol)
	texts := []string{"村委会主任贾某某侵占集体土地补偿款。", "村委会主任贾某某 侵占集体土地补偿款!", "村委会主任贾某某，侵占集体土地补偿款"}
	var last *accusation.Case
	for i, tx := range texts {
		in := report("t"+string(rune('1'+i)), true)
		in.ReceivedAt = t0.Add(time.Duration(i) * time.Hour)
		e.clock.Set(in.ReceivedAt.Add(time.Minute))
		id := liu
		id.IDNumber, id.Name = "1100000000000000"+string(rune('1'+i)), "举报人"+string(rune('甲'+i))
		last = e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: id, Text: tx}))
	}
	if len(last.Flags) != 1 || last.Flags[0].Kind != accusation.Identical || !cmp.Equal(last.Flags[0].Reports, []string{"t1", "t2"}) {
		t.Errorf("flags = %+v, want identical linking t1, t2", last.Flags)
	}
	if last.State != accusation.Registered {
		t.Errorf("a flag decided: state %s", last.State)
	}
	in := report("t9", false)
	in.ReceivedAt = t0.AddDate(0, 0, 12)
	e.clock.Set(in.ReceivedAt)
	el := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: "换届期间举报"}))
	if len(el.Flags) != 1 || el.Flags[0].Kind != accusation.Election {
		t.Errorf("flags = %+v, want election", el.Flags)
	}
}

// AC05: normalization folds width, punctuation and white space.
func TestAccusation_AC05_Normalize(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"张三，收受红包！", "张三, 收受 红包!"},
		{"ＡＢＣ１２３", "abc123"},
		{"张三\u200b收受", "张三收受"},
	} {
		if a, b := accusation.Normalize(tc.a), accusation.Normalize(tc.b); a != b {
			t.Errorf("Normalize(%q) = %q, Normalize(%q) = %q: want equal", tc.a, a, tc.b, b)
		}
	}
}

// XC04: statistics of reports and malicious accusations count a closed
// period: reports by when they were received, in China's time, malice by
// when it was established.
func TestAccusation_XC04_Statistics(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1") // received and established in March 2021
	c = e.must(e.svc.Sanction(ctx, cPetition, accusation.SanctionInput{Ref: ref(c), AccuserID: "pm-liu", AccuserName: reporterName,
		ManagedAt: dandang.Township, Region: "330305002", Category: accusation.PartyMember, Severity: accusation.Ordinary, Sanction: accusation.PartyWarning}))
	e.must(e.svc.LinkOrganizer(ctx, cPetition, accusation.OrganizerInput{Ref: ref(c), PersonID: "x-1", Name: "王五", Role: "organizer"}))
	// The accuser again, the same text: a repeat, flagged as after a clear
	// conclusion (AC10, AC15).
	if r4 := e.must(e.svc.Receive(ctx, cPetition, report("r4", true), accusation.Confidential{Reporter: liu, Text: text + "（r1）"})); r4.State != accusation.Filed || len(r4.Flags) == 0 {
		t.Fatalf("r4: state %s flags %+v, want a flagged repeat", r4.State, r4.Flags)
	}
	e.must(e.svc.Receive(ctx, cPetition, report("r2", false), accusation.Confidential{Text: "另一件"}))
	feb := report("r0", false)
	feb.ReceivedAt = t0.AddDate(0, 0, -3) // 26 February, registered in March
	e.must(e.svc.Receive(ctx, cPetition, feb, accusation.Confidential{Text: "二月来信"}))
	march, april := t0.Add(-9*time.Hour), time.Date(2021, 4, 1, 0, 0, 0, 0, dandang.China)

	_, err := e.svc.Stats(ctx, admin, dandang.Period{From: march, To: april})
	wantErr(t, err, dandang.Invalid, "XC04", "Period")
	e.clock.Set(april.Add(time.Hour))
	late := report("r3", false)
	late.ReceivedAt = april.Add(-30 * time.Minute) // 31 March, 23:30 in Beijing: 15:30 UTC
	e.must(e.svc.Receive(ctx, cPetition, late, accusation.Confidential{Text: "月末来信"}))
	_, err = e.svc.Stats(ctx, admin, dandang.Period{From: april, To: march})
	wantErr(t, err, dandang.Invalid, "XC04", "Period")

	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     accusation.Stats
	}{
		{"March", march, april, accusation.Stats{Reports: 4, Named: 2, Anonymous: 2, Repeats: 1, Flagged: 1,
			ByState:    map[accusation.State]int{accusation.Established: 1, accusation.Registered: 2, accusation.Filed: 1},
			ByDisposal: map[accusation.Disposal]int{accusation.Preliminary: 1}, ByClass: map[accusation.Class]int{accusation.Malicious: 1},
			MaliciousCases: 1, MaliciousPersons: 2, ByOrgan: map[string]int{"dongtou": 1}, ByLevel: map[dandang.Level]int{dandang.County: 1},
			PersonsByOrgan: map[string]int{"dongtou": 2}, PersonsByLevel: map[dandang.Level]int{dandang.County: 2}}},
		{"February", march.AddDate(0, -1, 0), march, accusation.Stats{Reports: 1, Anonymous: 1,
			ByState: map[accusation.State]int{accusation.Registered: 1}, ByDisposal: map[accusation.Disposal]int{}, ByClass: map[accusation.Class]int{},
			ByOrgan: map[string]int{}, ByLevel: map[dandang.Level]int{}, PersonsByOrgan: map[string]int{}, PersonsByLevel: map[dandang.Level]int{}}},
		{"the first quarter", march.AddDate(0, -2, 0), april, accusation.Stats{Reports: 5, Named: 2, Anonymous: 3, Repeats: 1, Flagged: 1,
			ByState:    map[accusation.State]int{accusation.Established: 1, accusation.Registered: 3, accusation.Filed: 1},
			ByDisposal: map[accusation.Disposal]int{accusation.Preliminary: 1}, ByClass: map[accusation.Class]int{accusation.Malicious: 1},
			MaliciousCases: 1, MaliciousPersons: 2, ByOrgan: map[string]int{"dongtou": 1}, ByLevel: map[dandang.Level]int{dandang.County: 1},
			PersonsByOrgan: map[string]int{"dongtou": 2}, PersonsByLevel: map[dandang.Level]int{dandang.County: 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := e.svc.Stats(ctx, admin, dandang.Period{From: tc.from, To: tc.to})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&tc.want, got); diff != "" {
				t.Errorf("stats (-want +got):\n%s", diff)
			}
		})
	}
}

// AC04, XC07: screening looks only within the intake organ's reach, so
// registering a report never tells an organ of another's reports or
// reporters; a repeat of another organ's report is not found.
func TestAccusation_AC04_ScreeningWithinReach(t *testing.T) {
	e := newEnv(t)
	c := e.concluded("r-county")
	_ = c
	// The township guesses the county's reporter and text.
	tw := e.must(e.svc.Receive(ctx, tPetition, report("r-tw", true), accusation.Confidential{Reporter: liu, Text: text + "（r-county）"}))
	for _, f := range tw.Flags {
		if slices.Contains(f.Reports, "r-county") {
			t.Errorf("a township intake was flagged with the county's report: %+v", f)
		}
	}
	if tw.PriorReport != "" || tw.RepeatOf != "" {
		t.Errorf("a township intake linked to the county's report: prior %q, repeat of %q", tw.PriorReport, tw.RepeatOf)
	}
	in := report("r-tw2", true)
	in.RepeatOf = "r-county"
	_, err := e.svc.Receive(ctx, tPetition, in, accusation.Confidential{Reporter: liu, Text: "别的内容"})
	wantErr(t, err, dandang.Invalid, "AC15", "RepeatOf")
}

// AC11, CL04: the published typical case names as falsely accused and
// cleared only the subjects whose allegations were unfounded.
func TestAccusation_AC11_TypicalCaseOnlyTheFalselyAccused(t *testing.T) {
	c := &accusation.Case{Subjects: []dandang.Subject{zeng, dai}, Allegations: []dandang.Allegation{
		{ID: "a1", SubjectID: zeng.ID, Summary: "收受红包股权", Finding: dandang.Unfounded},
		{ID: "a2", SubjectID: dai.ID, Summary: "接受宴请", Finding: dandang.Substantiated}}}
	got := accusation.TypicalCase(c)
	if !strings.Contains(got, kit.PublicName(zeng)) || strings.Contains(got, kit.PublicName(dai)) {
		t.Errorf("TypicalCase = %q, want %s named and %s not", got, kit.PublicName(zeng), kit.PublicName(dai))
	}
}
