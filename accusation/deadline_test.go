package accusation_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// AC14: the acceptance notice to a named reporter stays due from receipt
// until it is given, whatever the report's step: shelved, disposed for
// verification, or passed down; a notice given late is marked late; a
// named report is not settled before its notice.
func TestAccusation_AC14_AcceptanceNoticeKeptDue(t *testing.T) {
	e := newEnv(t)
	cal := dandang.DefaultCalendar()
	want := cal.AddWorkdays(dandang.DayOf(t0), 15)

	shelved := e.received("r-shelf")
	shelved = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(shelved), Disposal: accusation.Shelve}))
	if shelved.AcceptanceDue.Due != want {
		t.Errorf("shelved: acceptance due %s, want %s", shelved.AcceptanceDue.Due, want)
	}
	verifying := e.received("r-verify")
	verifying = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(verifying), Disposal: accusation.Preliminary}))
	if verifying.AcceptanceDue.Due != want {
		t.Errorf("disposed: acceptance due %s, want %s", verifying.AcceptanceDue.Due, want)
	}
	in := report("r-down", true)
	in.Channel, in.From = accusation.PassedDown, "wenzhou"
	down := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: liu, Text: "市纪委转来"}))
	if down.AcceptanceDue.Due != want {
		t.Errorf("passed down: acceptance due %s, want %s", down.AcceptanceDue.Due, want)
	}

	// Settling a named report before its notice is refused, changing nothing.
	settle := e.received("r-settle")
	before := e.snap(settle.ID)
	_, err := e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(settle), Disposal: accusation.Close})
	wantErr(t, err, dandang.Invalid, "AC03", "Feedback")
	if diff := cmp.Diff(before, e.snap(settle.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("refused settle changed (-before +after):\n%s", diff)
	}

	// Two months on, every one is overdue for its notice.
	e.clock.Set(t0.AddDate(0, 2, 0))
	over, err := e.svc.Overdue(ctx, cPetition, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range over {
		ids = append(ids, c.ID)
	}
	for _, id := range []string{"r-shelf", "r-verify", "r-down", "r-settle"} {
		if !contains(ids, id) {
			t.Errorf("overdue %v lacks %s", ids, id)
		}
	}
	shelved = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(shelved), Kind: accusation.AcceptanceNotice}))
	if f := shelved.Feedback[0]; !f.Late || f.Due != want {
		t.Errorf("notice two months late: Late %v, Due %s; want true, %s", f.Late, f.Due, want)
	}
	if shelved.AcceptanceDue.Due != 0 || shelved.Overdue(dandang.DayOf(e.clock.Now())) {
		t.Errorf("notice given: still due %s", shelved.AcceptanceDue.Due)
	}
	settle = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(settle), Kind: accusation.AcceptanceNotice}))
	settle = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(settle), Disposal: accusation.Close}))
	if settle.State != accusation.Settled {
		t.Errorf("settled: state %s, want settled, the result owed", settle.State)
	}
}

// AC14: a named report closed without verification (予以了结) owes its
// reporter the result within the policy's working days of closing: it stays
// settled, listed as overdue past that day, and closes only once told; an
// anonymous one ends at once.
func TestAccusation_AC14_SettledNamedReportOwesResult(t *testing.T) {
	e := newEnv(t)
	cal := dandang.DefaultCalendar()
	c := e.received("r-named")
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.AcceptanceNotice}))
	settledOn := t0.AddDate(0, 0, 3)
	e.clock.Set(settledOn)
	c = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Close, Note: "反映问题笼统，予以了结"}))
	want := cal.AddWorkdays(dandang.DayOf(settledOn), accusation.DefaultPolicy().Deadlines.Result)
	if c.State != accusation.Settled || c.ResultDue.Due != want || c.Ended() {
		t.Fatalf("settled: state %s, result due %s, ended %v; want settled, %s, open", c.State, c.ResultDue.Due, c.Ended(), want)
	}
	before := e.snap(c.ID)
	_, err := e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "AC03", "Feedback")
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("refused close changed (-before +after):\n%s", diff)
	}
	e.clock.Set(want.Date().AddDate(0, 0, 1))
	over, err := e.svc.Overdue(ctx, cPetition, e.clock.Now())
	if err != nil || len(over) != 1 || over[0].ID != c.ID {
		t.Errorf("overdue = %d cases, %v; want the settled report, its result late", len(over), err)
	}
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice, InPerson: true}))
	if f := c.Feedback[len(c.Feedback)-1]; !f.Late || f.Due != want || c.ResultDue.Owed() {
		t.Errorf("result given: %+v, still owed %v; want late against %s, nothing owed", f, c.ResultDue.Owed(), want)
	}
	c = e.must(e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "已反馈"}))
	if c.State != accusation.Closed || !c.Ended() {
		t.Errorf("closed: state %s ended %v", c.State, c.Ended())
	}

	anon := e.must(e.svc.Receive(ctx, cPetition, report("r-anon", false), accusation.Confidential{Text: "匿名反映"}))
	anon = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(anon), Disposal: accusation.Close}))
	if anon.State != accusation.Closed || !anon.Ended() || anon.ResultDue.Owed() {
		t.Errorf("anonymous settled: state %s, ended %v, result %+v; want closed at once", anon.State, anon.Ended(), anon.ResultDue)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// AC14: the result to a named reporter stays due from concluding while a
// false-accusation inquiry runs, and is marked late when given late;
// classifying closes the inquiry and its determination deadline.
func TestAccusation_AC14_ResultDeadlineKept(t *testing.T) {
	e := newEnv(t)
	cal := dandang.DefaultCalendar()
	c := e.concluded("r1")
	want := cal.AddWorkdays(dandang.DayOf(t0), 15)
	if c.ResultDue.Due != want {
		t.Fatalf("result due %s, want %s", c.ResultDue.Due, want)
	}
	c = e.must(e.svc.OpenInquiry(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "涉嫌诬告陷害"}))
	if c.ResultDue.Due != want || c.DueStep != "propose_malice" {
		t.Errorf("inquiry open: result due %s, step %q; want %s, propose_malice", c.ResultDue.Due, c.DueStep, want)
	}
	e.clock.Set(t0.AddDate(0, 1, 0)) // past the result, before the determination
	over, err := e.svc.Overdue(ctx, cPetition, e.clock.Now())
	if err != nil || len(over) != 1 || over[0].ID != "r1" {
		t.Errorf("overdue = %v, %v; want r1 for its result", over, err)
	}
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice, InPerson: true}))
	if f := c.Feedback[len(c.Feedback)-1]; !f.Late || f.Due != want || c.ResultDue.Due != 0 {
		t.Errorf("result a month on: Late %v, Due %s, still due %s; want late, %s, none", f.Late, f.Due, c.ResultDue.Due, want)
	}
	// An objection during the inquiry has its own deadline and leaves the
	// determination's.
	c = e.must(e.svc.Object(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "举报人对结果有异议"}))
	if c.DueStep != "propose_malice" || c.Objections[0].Due.Due != cal.AddWorkdays(dandang.DayOf(e.clock.Now()), 15) {
		t.Errorf("objection: step %q, answer due %s", c.DueStep, c.Objections[0].Due.Due)
	}
	c = e.must(e.svc.Answer(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "已答复"}))
	if c.DueStep != "propose_malice" || c.Due == 0 {
		t.Errorf("answered: step %q due %s, want propose_malice kept", c.DueStep, c.Due)
	}
	c = e.must(e.svc.Classify(ctx, cPetition, accusation.ClassifyInput{Ref: ref(c), Class: accusation.Mistaken}))
	if c.State != accusation.Concluded || c.Due != 0 || c.DueStep != "" {
		t.Errorf("classified during inquiry: state %s, due %s %q; want concluded, nothing due", c.State, c.DueStep, c.Due)
	}
	if over, _ := e.svc.Overdue(ctx, cPetition, t0.AddDate(1, 0, 0)); len(over) != 0 {
		t.Errorf("a year on: overdue %d, want none", len(over))
	}
}

// XC11: proposing malice again after a rejection keeps the rejection on
// the case, with its reason, through the approval.
func TestAccusation_XC11_RejectionKeptOnReproposal(t *testing.T) {
	e := newEnv(t)
	c := e.determining("r1")
	c = e.must(e.svc.RejectMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(c), Note: "故意要件证据不足"}))
	c = e.must(e.svc.ProposeMalice(ctx, cPetition, accusation.DetermineInput{Ref: ref(c), Elements: elements, Note: "补充证据"}))
	d := c.Determination
	if len(d.Rejected) != 1 || d.Rejected[0].Note != "故意要件证据不足" || d.Proposed.Note != "补充证据" {
		t.Fatalf("re-proposed: rejected %+v, proposed %+v; want the earlier rejection kept", d.Rejected, d.Proposed)
	}
	c = e.must(e.svc.ApproveMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(c), Note: "同意认定"}))
	if got, err := e.svc.Get(ctx, admin, c.ID); err != nil || len(got.Determination.Rejected) != 1 || got.Determination.Approved == nil {
		t.Errorf("stored after approval: %+v, %v; want one rejection and the approval", got.Determination, err)
	}
}

// XC10: the reporter's deadlines kept beside the step's — the acceptance
// notice, the result — are provisional past the official schedule, listed,
// and re-dated with a recorded step once the newer schedule is loaded.
func TestAccusation_XC10_ReporterTermsRedated(t *testing.T) {
	e := newEnv(t)
	day := time.Date(2026, 12, 14, 9, 0, 0, 0, dandang.China)
	e.clock.Set(day)
	in := report("r-dec", true)
	in.ReceivedAt = day
	c := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: liu, Text: "年底举报"}))
	// Shelved: no step deadline is left, only the acceptance notice's.
	c = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Shelve}))
	if c.Due != 0 || !c.AcceptanceDue.Provisional || c.AcceptanceDue.Due.Date().Year() != 2027 {
		t.Fatalf("shelved: step due %s, acceptance %+v; want none, and a provisional 2027 notice", c.Due, c.AcceptanceDue)
	}
	res := e.concluded("r-res")
	if !res.ResultDue.Provisional || res.ResultDue.Due.Date().Year() != 2027 {
		t.Fatalf("concluded: result %+v; want a provisional 2027 deadline", res.ResultDue)
	}
	list, err := e.svc.Provisional(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range list {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff([]string{"r-dec", "r-res"}, ids); diff != "" {
		t.Errorf("Provisional (-want +got):\n%s", diff)
	}

	cal, err := dandang.ReadCalendar(strings.NewReader("2027-01-01\toff\t元旦\n2027-01-04\toff\t元旦\n2027-01-10\twork\t元旦\n"), dandang.DefaultCalendar())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.LoadCalendar(cal); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Redate(ctx, admin); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   string
		term func(*accusation.Case) kit.Term
		from dandang.Day
		days int
	}{
		{"r-dec", func(c *accusation.Case) kit.Term { return c.AcceptanceDue }, dandang.DayOf(day), accusation.DefaultPolicy().Deadlines.Acceptance},
		{"r-res", func(c *accusation.Case) kit.Term { return c.ResultDue }, dandang.DayOf(day), accusation.DefaultPolicy().Deadlines.Result},
	} {
		got := e.must(e.svc.Get(ctx, admin, tc.id))
		want := kit.Term{Due: cal.AddWorkdays(tc.from, tc.days), From: tc.from, Days: tc.days}
		if diff := cmp.Diff(want, tc.term(got)); diff != "" {
			t.Errorf("%s re-dated (-want +got):\n%s", tc.id, diff)
		}
		recs, _ := e.svc.History(ctx, admin, tc.id)
		if last := recs[len(recs)-1]; last.Command != "redate" || !slices.Contains(last.Rules, "XC10") {
			t.Errorf("%s: last record %s %v, want a redate under XC10", tc.id, last.Command, last.Rules)
		}
		if err := e.svc.Verify(ctx, admin, tc.id); err != nil {
			t.Errorf("Verify %s after Redate = %v", tc.id, err)
		}
	}
	if l, _ := e.svc.Provisional(ctx, admin); len(l) != 0 {
		t.Errorf("still %d provisional after the official schedule was loaded", len(l))
	}
}
