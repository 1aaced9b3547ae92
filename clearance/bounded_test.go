package clearance_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/clearance"
)

// bigNote is a supervision note at the input limit, 16 KiB.
var bigNote = strings.Repeat("督", 16<<10/3)

// supervised returns a case supervised n times, each with a 16 KiB note.
func (e *env) supervised(reportID string, n int) *clearance.Case {
	e.t.Helper()
	c := e.opened(reportID, true)
	for range n {
		c = e.must(e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Progress, Note: bigNote}))
	}
	return c
}

// caseSize is the size of the case as stored: its JSON.
func caseSize(t testing.TB, c *clearance.Case) int {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return len(b)
}

// CL10: a case's stored size is bounded whatever the number of
// supervisions: the case keeps the last clearance.MaxSupervision actions
// without their notes (under 8 KiB here), and the history keeps every one,
// note and all.
func TestClearance_CL10_SupervisedCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	few := e.supervised("r-few", clearance.MaxSupervision)
	many := e.supervised("r-many", 300)
	if got := len(many.Supervision); got != clearance.MaxSupervision {
		t.Errorf("the case keeps %d supervisions, want the last %d", got, clearance.MaxSupervision)
	}
	const bound = 8 << 10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+64 {
		t.Errorf("after 300 supervisions the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, clearance.MaxSupervision, caseSize(t, few), bound)
	}
	recs, err := e.svc.History(ctx, admin, many.ID)
	if err != nil {
		t.Fatal(err)
	}
	notes := 0
	for _, r := range recs {
		if r.Command == "supervise" && r.Reason == bigNote {
			notes++
		}
	}
	if notes != 300 {
		t.Errorf("the history holds %d supervision notes, want all 300", notes)
	}
	if err := e.svc.Verify(ctx, admin, many.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// BenchmarkSupervise_AfterSteps: one Supervise with a 16 KiB note on a
// case already supervised 10, 100 or 1,000 times (memdb): the time stays
// flat, since the case does not grow.
func BenchmarkSupervise_AfterSteps(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			e := newEnv(b)
			c := e.supervised("r1", n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				c = e.must(e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(c), Kind: clearance.Progress, Note: bigNote}))
			}
			b.ReportMetric(float64(caseSize(b, c)), "case-bytes")
		})
	}
}

// CL22: a case handed back and forth keeps the last MaxHandovers
// handovers; the history keeps every one, reason and all, and verifies.
func TestClearance_CL22_HandedOverCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	back := clearance.Post{Position: "镇农业办主任", Unit: "履坦镇农业办", UnitHead: "李明", ManagedAt: dandang.Township, Region: "330723101"}
	reason := strings.Repeat("调", 4<<10/3)
	grow := func(id string, n int) *clearance.Case {
		c := e.opened(id, true)
		for i := range n {
			if i%2 == 0 {
				c = e.must(e.svc.HandOver(ctx, tPetition, clearance.HandoverInput{Ref: ref(c), Post: promoted, Reason: reason}))
			} else {
				c = e.must(e.svc.HandOver(ctx, cPetition, clearance.HandoverInput{Ref: ref(c), Post: back, To: township.ID, Reason: reason}))
			}
		}
		return c
	}
	few := grow("r-few", clearance.MaxHandovers)
	many := grow("r-many", 200)
	if got, want := len(many.Handovers), clearance.MaxHandovers; got != want {
		t.Errorf("the case keeps %d handovers, want the last %d", got, want)
	}
	bound := clearance.MaxHandovers*(len(reason)+2<<10) + 16<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 200 handovers the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, clearance.MaxHandovers, caseSize(t, few), bound)
	}
	recs, err := e.svc.History(ctx, admin, many.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Command == "hand_over" {
			n++
		}
	}
	if n != 200 {
		t.Errorf("the history holds %d handovers, want all 200", n)
	}
	if err := e.svc.Verify(ctx, admin, many.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// CL23: a notice corrected again and again leaves the case holding the
// last MaxSuperseded old notices beside the one in force; the history
// keeps every correction, reason and all, and verifies.
func TestClearance_CL23_CorrectedNoticeStaysBounded(t *testing.T) {
	e := newEnv(t)
	reason := strings.Repeat("误", 4<<10/3)
	grow := func(id string, n int) *clearance.Case {
		c := e.closed(id, true)
		for i := range n {
			c = e.must(e.svc.CorrectNotice(ctx, tPetition, clearance.CorrectNoticeInput{Ref: ref(c), Reason: reason,
				CopyTo: []string{"李春华", "王立新"}[i%2]}))
		}
		return c
	}
	few := grow("r-few", clearance.MaxSuperseded+1) // every notice kept is a correction
	many := grow("r-many", 200)
	ns := many.Notices()
	if got, want := len(ns), clearance.MaxSuperseded+1; got != want {
		t.Fatalf("the case keeps %d notices, want the last %d superseded and the one in force", got, want)
	}
	if got, want := ns[len(ns)-1].No, 201; got != want {
		t.Errorf("the notice in force is No %d, want %d", got, want)
	}
	// A correction keeps its reason as its note and as what it corrects.
	bound := (clearance.MaxSuperseded+1)*(2*len(reason)+1<<10) + 16<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 200 corrections the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, clearance.MaxSuperseded+1, caseSize(t, few), bound)
	}
	recs, err := e.svc.History(ctx, admin, many.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Command == "correct_notice" && r.Reason == reason {
			n++
		}
	}
	if n != 200 {
		t.Errorf("the history holds %d corrections with their reason, want all 200", n)
	}
	if err := e.svc.Verify(ctx, admin, many.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// historyCount is how many steps of the case's history ran command with
// reason; it fails the test unless the history verifies.
func (e *env) historyCount(id, command, reason string) int {
	e.t.Helper()
	recs, err := e.svc.History(ctx, admin, id)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Command == command && r.Reason == reason {
			n++
		}
	}
	if err := e.svc.Verify(ctx, admin, id); err != nil {
		e.t.Errorf("Verify = %v", err)
	}
	return n
}

// CL07, XC08: a proposal rejected again and again leaves the case holding
// at most MaxApprovals signatures and the last MaxRounds proposers; the
// chain still reads the current round, whoever proposed in any round kept
// still does not sign, and the history keeps every rejection.
func TestClearance_XC08_RejectedCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	both := actor("t-both", township, dandang.PetitionOffice, dandang.PrincipalLeader)
	reason := strings.Repeat("补", 4<<10/3)
	grow := func(id string, n int) *clearance.Case {
		c := e.must(e.svc.Propose(ctx, both, clearance.ProposeInput{Ref: ref(e.opened(id, true))}))
		for range n {
			c = e.must(e.svc.Reject(ctx, tLeader, clearance.DecisionInput{Ref: ref(c), Comment: reason}))
			c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
		}
		return c
	}
	few := grow("r-few", clearance.MaxApprovals)
	many := grow("r-many", 200)
	if got, want := len(many.Approvals), clearance.MaxApprovals; got != want {
		t.Errorf("the case keeps %d signatures, want the last %d", got, want)
	}
	if got, want := len(many.Proposals), 2; got != want {
		t.Errorf("the case keeps %d proposals, want %d: the latest of each proposer", got, want)
	}
	bound := clearance.MaxApprovals*(len(reason)+1<<10) + 16<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 200 rejections the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, clearance.MaxApprovals, caseSize(t, few), bound)
	}
	if n := e.historyCount(many.ID, "reject", reason); n != 200 {
		t.Errorf("the history holds %d rejections with their reason, want all 200", n)
	}
	_, err := e.svc.Approve(ctx, both, clearance.DecisionInput{Ref: ref(many)})
	wantErr(t, err, dandang.Forbidden, "XC08")
	c := e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(many), Comment: "同意"}))
	c = e.must(e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c), Comment: "同意"}))
	if c.State != clearance.Approved || c.Round != 201 {
		t.Errorf("state %s in round %d, want approved in round 201", c.State, c.Round)
	}
}

// CL19, XC11: a case declined and reconsidered again and again keeps the
// last MaxRounds declines and reconsiderations; the history keeps every
// one and verifies.
func TestClearance_CL19_ReconsideredCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	text := strings.Repeat("申", 4<<10/3)
	grow := func(id string, n int) *clearance.Case {
		c := e.declined(id)
		for range n {
			c = e.must(e.svc.Reconsider(ctx, tPetition, clearance.ReconsiderInput{Ref: ref(c), Ground: clearance.OnApplication, Text: text}))
			c = e.must(e.svc.Decline(ctx, tPetition, clearance.DeclineInput{Ref: ref(c), Reason: text}))
			c = e.must(e.svc.DecideDecline(ctx, tLeader, clearance.DeclineDecisionInput{Ref: ref(c), Approve: true}))
		}
		return c
	}
	few := grow("r-few", clearance.MaxRounds+1)
	many := grow("r-many", 100)
	if got, want := len(many.PastDeclines), clearance.MaxRounds; got != want {
		t.Errorf("the case keeps %d past declines, want the last %d", got, want)
	}
	if got, want := len(many.Reconsiderations), clearance.MaxRounds; got != want {
		t.Errorf("the case keeps %d reconsiderations, want the last %d", got, want)
	}
	// A decline and a reconsideration each keep their text as a note too.
	bound := 4*clearance.MaxRounds*(len(text)+1<<10) + 16<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 100 reconsiderations the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, clearance.MaxRounds+1, caseSize(t, few), bound)
	}
	if n := e.historyCount(many.ID, "reconsider", text); n != 100 {
		t.Errorf("the history holds %d reconsiderations with their text, want all 100", n)
	}
}

// CL21: a subject who consents and withdraws again and again leaves the
// case holding the last MaxRounds withdrawn consents; the history keeps
// every withdrawal and verifies.
func TestClearance_CL21_WithdrawnConsentsStayBounded(t *testing.T) {
	e := newEnv(t)
	opinion := strings.Repeat("撤", 4<<10/3)
	grow := func(id string, n int) *clearance.Case {
		c := e.opened(id, true)
		for i := range n {
			if i > 0 {
				c = e.consulted(c, tPetition)
			}
			c = e.must(e.svc.WithdrawConsent(ctx, tPetition, clearance.WithdrawInput{Ref: ref(c), Opinion: opinion}))
		}
		return c
	}
	few := grow("r-few", clearance.MaxRounds)
	many := grow("r-many", 100)
	if got, want := len(many.PastConsents), clearance.MaxRounds; got != want {
		t.Errorf("the case keeps %d withdrawn consents, want the last %d", got, want)
	}
	bound := clearance.MaxRounds*(len(opinion)+1<<10) + 16<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 100 withdrawals the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, clearance.MaxRounds, caseSize(t, few), bound)
	}
	if n := e.historyCount(many.ID, "withdraw_consent", opinion); n != 100 {
		t.Errorf("the history holds %d withdrawals with their opinion, want all 100", n)
	}
}
