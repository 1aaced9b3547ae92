package accusation_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dandang/dandang/accusation"
)

// caseSize is the size of the case as stored: its JSON.
func caseSize(t testing.TB, c *accusation.Case) int {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return len(b)
}

// flagNote is a staff flag's note, 4 KiB.
var flagNote = strings.Repeat("压", 4<<10/3)

// AC04, AC05, AC16: a case read and flagged again and again stays the size
// it was after MaxReads reads and MaxFlags flags: it keeps the last of
// each, and the history keeps every one.
func TestAccusation_AC16_ReadAndFlaggedCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	grow := func(id string, n int) *accusation.Case {
		c := e.received(id)
		for i := range n {
			c = e.must(e.svc.Flag(ctx, cPetition, accusation.FlagInput{Ref: ref(c), Kind: accusation.Pressure, Note: flagNote}))
			c = e.must(e.svc.AuthorizeRead(ctx, cLeader, accusation.GrantInput{Ref: ref(c), Reader: cPetition.ID,
				Purpose: accusation.ForFeedback, Reference: fmt.Sprintf("审批%d号", i)}))
			var err error
			if _, c, err = e.svc.ReadIdentity(ctx, cPetition, accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForFeedback}); err != nil {
				t.Fatal(err)
			}
		}
		return c
	}
	few := grow("r-few", max(accusation.MaxReads, accusation.MaxFlags))
	many := grow("r-many", 200)
	if got, want := len(many.Reads), accusation.MaxReads; got != want {
		t.Errorf("the case keeps %d reads, want the last %d", got, want)
	}
	if got, want := len(many.Grants), accusation.MaxReads; got != want {
		t.Errorf("the case keeps %d used grants, want the last %d", got, want)
	}
	if got, want := len(many.Flags), accusation.MaxFlags; got != want {
		t.Errorf("the case keeps %d flags, want the last %d", got, want)
	}
	// The bound: MaxFlags notes of 4 KiB, and 64 KiB for the rest.
	bound := accusation.MaxFlags*len(flagNote) + 64<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 200 reads and flags the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, max(accusation.MaxReads, accusation.MaxFlags), caseSize(t, few), bound)
	}
	recs, err := e.svc.History(ctx, cLeader, many.ID)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range recs {
		counts[r.Command]++
	}
	if counts["read_identity"] != 200 || counts["flag"] != 200 {
		t.Errorf("the history holds %v, want 200 reads and 200 flags", counts)
	}
	if err := e.svc.Verify(ctx, cLeader, many.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// AC14: a case objected to and answered again and again keeps every
// objection awaiting its answer and the last MaxObjections answered, so it
// stays the size it was; the history keeps every one.
func TestAccusation_AC14_ObjectedCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	grow := func(id string, n int) *accusation.Case {
		c := e.concluded(id)
		for range n {
			c = e.must(e.svc.Object(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: flagNote}))
			c = e.must(e.svc.Answer(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: flagNote}))
		}
		return e.must(e.svc.Object(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "仍有异议"}))
	}
	few := grow("r-few", accusation.MaxObjections)
	many := grow("r-many", 200)
	if got, want := len(many.Objections), accusation.MaxObjections+1; got != want {
		t.Errorf("the case keeps %d objections, want the last %d answered and the one awaiting its answer", got, want)
	}
	if last := many.Objections[len(many.Objections)-1]; last.Answered != nil {
		t.Errorf("the last objection kept = %+v, want the one awaiting its answer", last)
	}
	bound := 2*accusation.MaxObjections*len(flagNote) + 64<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 200 objections the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, accusation.MaxObjections, caseSize(t, few), bound)
	}
	recs, err := e.svc.History(ctx, cLeader, many.ID)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range recs {
		counts[r.Command]++
	}
	if counts["object"] != 201 || counts["answer"] != 200 {
		t.Errorf("the history holds %v, want 201 objections and 200 answers", counts)
	}
	if err := e.svc.Verify(ctx, cLeader, many.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// historyCount is how many steps of the case's history ran command; it
// fails the test unless the history verifies.
func (e *env) historyCount(id, command string) int {
	e.t.Helper()
	recs, err := e.svc.History(ctx, cLeader, id)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, r := range recs {
		if r.Command == command {
			n++
		}
	}
	if err := e.svc.Verify(ctx, cLeader, id); err != nil {
		e.t.Errorf("Verify = %v", err)
	}
	return n
}

// AC11, AC18: an accuser educated and the matter referred again and again
// leaves the case the last MaxRepeats of each, and the referral to the
// police first among them, so that the case still closes; the history
// keeps every one.
func TestAccusation_AC18_ReferredCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	grow := func(id string, n int) *accusation.Case {
		c := e.established(id)
		c = e.must(e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: ref(c), Body: accusation.Police, Receiver: "洞头区公安分局"}))
		for range n {
			c = e.must(e.svc.Educate(ctx, cPetition, accusation.EducateInput{Ref: ref(c), Note: flagNote}))
			c = e.must(e.svc.Refer(ctx, cPetition, accusation.ReferInput{Ref: ref(c), Body: accusation.OtherBody, Receiver: "某街道办事处", Note: flagNote}))
		}
		return c
	}
	few := grow("r-few", accusation.MaxRepeats)
	many := grow("r-many", 100)
	if got, want := len(many.Referrals), accusation.MaxRepeats; got != want {
		t.Errorf("the case keeps %d referrals, want the last %d", got, want)
	}
	if got, want := many.Referrals[0].Body, accusation.Police; got != want {
		t.Errorf("the oldest referral kept is to %s, want %s: closing reads it", got, want)
	}
	if got, want := many.Referrals[len(many.Referrals)-1].Note, flagNote; got != want {
		t.Errorf("the latest referral's note is %d bytes, want the last one made", len(got))
	}
	if got, want := len(many.Education), accusation.MaxRepeats; got != want {
		t.Errorf("the case keeps %d education records, want the last %d", got, want)
	}
	bound := 2*accusation.MaxRepeats*len(flagNote) + 64<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 100 referrals the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, accusation.MaxRepeats, caseSize(t, few), bound)
	}
	if r, ed := e.historyCount(many.ID, "refer"), e.historyCount(many.ID, "educate"); r != 101 || ed != 100 {
		t.Errorf("the history holds %d referrals and %d education records, want 101 and 100", r, ed)
	}
	c := e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(many), Kind: accusation.ResultNotice, InPerson: true}))
	if c = e.must(e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)})); c.State != accusation.Closed {
		t.Errorf("state %s, want closed", c.State)
	}
}

// AC16: a reporter who consents and withdraws again and again, with
// publicity under each consent, leaves the case the last MaxRepeats words
// and publicity, each publicity still naming the consent it was made under
// while the case keeps it; the history keeps every one.
func TestAccusation_AC16_ConsentedCaseStaysBounded(t *testing.T) {
	e := newEnv(t)
	grow := func(id string, n int) *accusation.Case {
		c := e.received(id)
		for i := range n {
			c = e.must(e.svc.Consent(ctx, cPetition, accusation.ConsentInput{Ref: ref(c), Reference: fmt.Sprintf("同意书%d", i), Scope: "表彰", Note: flagNote}))
			c = e.must(e.svc.Publicize(ctx, cPetition, accusation.PublicityInput{Ref: ref(c), Reference: fmt.Sprintf("通报%d", i), Note: flagNote}))
			c = e.must(e.svc.Consent(ctx, cPetition, accusation.ConsentInput{Ref: ref(c), Reference: fmt.Sprintf("撤回%d", i), Withdraw: true}))
		}
		return c
	}
	few := grow("r-few", accusation.MaxRepeats)
	many := grow("r-many", 100)
	if got, want := len(many.Consents), accusation.MaxRepeats; got != want {
		t.Errorf("the case keeps %d consents and withdrawals, want the last %d", got, want)
	}
	if got, want := len(many.Publicity), accusation.MaxRepeats; got != want {
		t.Errorf("the case keeps %d publicity, want the last %d", got, want)
	}
	for _, p := range many.Publicity {
		want := "同意书" + strings.TrimPrefix(p.Reference, "通报")
		if p.Consent == -1 {
			continue
		}
		if p.Consent < 0 || p.Consent >= len(many.Consents) || many.Consents[p.Consent].Reference != want {
			t.Errorf("publicity %s names consent %d, want the one kept as %s or -1", p.Reference, p.Consent, want)
		}
	}
	if last := many.Publicity[len(many.Publicity)-1]; last.Consent == -1 {
		t.Errorf("the latest publicity %s names no consent, want the one it was made under", last.Reference)
	}
	bound := 2*accusation.MaxRepeats*len(flagNote) + 64<<10
	if s := caseSize(t, many); s > bound || s > caseSize(t, few)+256 {
		t.Errorf("after 100 consents the case is %d bytes, after %d it was %d: want at most %d and no growth",
			s, accusation.MaxRepeats, caseSize(t, few), bound)
	}
	if got, want := e.historyCount(many.ID, "consent"), 200; got != want {
		t.Errorf("the history holds %d consents and withdrawals, want %d", got, want)
	}
	if many.Consented() {
		t.Error("Consented = true after the last withdrawal, want false")
	}
}
