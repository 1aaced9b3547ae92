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
