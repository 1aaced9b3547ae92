package accusation_test

import (
	"slices"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
)

// AC08: a determination is careful and strict — neither wronging the
// innocent nor letting the guilty go: sending it back needs the reason, is
// recorded under AC08, and returns the case to the inquiry.
func TestAccusation_AC08_DeterminationSentBackWithReason(t *testing.T) {
	e := newEnv(t)
	c := e.determining("r1")
	_, err := e.svc.RejectMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "AC08", "Note")
	c = e.must(e.svc.RejectMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(c), Note: "主观故意证据不足，补充调查"}))
	if c.State != accusation.Inquiry {
		t.Errorf("state = %s, want back to the inquiry", c.State)
	}
	recs, err := e.svc.History(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := recs[len(recs)-1]; !slices.Contains(last.Rules, "AC08") || last.Reason != "主观故意证据不足，补充调查" {
		t.Errorf("last record = %s %v %q, want the reason recorded under AC08", last.Command, last.Rules, last.Reason)
	}
}
