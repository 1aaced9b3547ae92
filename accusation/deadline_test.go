package accusation_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
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
	if shelved.AcceptanceDue != want {
		t.Errorf("shelved: acceptance due %s, want %s", shelved.AcceptanceDue, want)
	}
	verifying := e.received("r-verify")
	verifying = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(verifying), Disposal: accusation.Preliminary}))
	if verifying.AcceptanceDue != want {
		t.Errorf("disposed: acceptance due %s, want %s", verifying.AcceptanceDue, want)
	}
	in := report("r-down", true)
	in.Channel, in.From = accusation.PassedDown, "wenzhou"
	down := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: liu, Text: "市纪委转来"}))
	if down.AcceptanceDue != want {
		t.Errorf("passed down: acceptance due %s, want %s", down.AcceptanceDue, want)
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
	if shelved.AcceptanceDue != 0 || shelved.Overdue(dandang.DayOf(e.clock.Now())) {
		t.Errorf("notice given: still due %s", shelved.AcceptanceDue)
	}
	settle = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(settle), Kind: accusation.AcceptanceNotice}))
	settle = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(settle), Disposal: accusation.Close}))
	if settle.State != accusation.Closed {
		t.Errorf("settled: state %s, want closed", settle.State)
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
