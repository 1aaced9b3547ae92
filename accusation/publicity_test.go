package accusation_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/google/go-cmp/cmp"
)

// AC16: publicity about a reporter needs the reporter's consent: none is
// made without a consent that stands, an anonymous reporter cannot be
// asked, and a withdrawn consent stops further publicity, even after the
// report has closed.
func TestAccusation_AC16_PublicityNeedsConsent(t *testing.T) {
	e := newEnv(t)
	c := e.received("r1")

	unchanged := func(t *testing.T, id string, f func() error, rule, field string) {
		t.Helper()
		before := e.snap(id)
		wantErr(t, f(), dandang.Invalid, rule, field)
		if diff := cmp.Diff(before, e.snap(id), cmp.AllowUnexported(snapshot{})); diff != "" {
			t.Errorf("refusal changed the case (-before +after):\n%s", diff)
		}
	}
	publicize := func(c *accusation.Case) func() error {
		return func() error {
			_, err := e.svc.Publicize(ctx, cPetition, accusation.PublicityInput{Ref: ref(c), Reference: "洞纪通〔2021〕3号"})
			return err
		}
	}
	unchanged(t, c.ID, publicize(c), "AC16", "Consents")
	unchanged(t, c.ID, func() error {
		_, err := e.svc.Consent(ctx, cPetition, accusation.ConsentInput{Ref: ref(c), Reference: "同意书001"})
		return err
	}, "AC16", "Scope")
	unchanged(t, c.ID, func() error {
		_, err := e.svc.Consent(ctx, cPetition, accusation.ConsentInput{Ref: ref(c), Reference: "撤回001", Withdraw: true})
		return err
	}, "AC16", "Withdraw")
	anon := e.must(e.svc.Receive(ctx, cPetition, report("r-anon", false), conf(false)))
	unchanged(t, anon.ID, func() error {
		_, err := e.svc.Consent(ctx, cPetition, accusation.ConsentInput{Ref: ref(anon), Reference: "同意书002", Scope: "表彰"})
		return err
	}, "AC16", "Ref")

	c = e.must(e.svc.Consent(ctx, cPetition, accusation.ConsentInput{Ref: ref(c), Reference: "同意书001", Scope: "以化名在表彰通报中介绍举报经过"}))
	c = e.must(e.svc.Publicize(ctx, cPetition, accusation.PublicityInput{Ref: ref(c), Reference: "洞纪通〔2021〕3号"}))
	if len(c.Publicity) != 1 || c.Publicity[0].Consent != 0 || c.Publicity[0].Reference != "洞纪通〔2021〕3号" {
		t.Errorf("publicity = %+v, want one under consent 0", c.Publicity)
	}
	recs, _ := e.svc.History(ctx, admin, c.ID)
	if last := recs[len(recs)-1]; last.Command != "publicize" || !contains(last.Rules, "AC16") {
		t.Errorf("last record %s %v, want publicize under AC16", last.Command, last.Rules)
	}

	// Withdrawn after the report is settled and closed: no more publicity.
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.AcceptanceNotice}))
	c = e.must(e.svc.Dispose(ctx, cPetition, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Close}))
	c = e.must(e.svc.GiveFeedback(ctx, cPetition, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.ResultNotice, InPerson: true}))
	c = e.must(e.svc.Close(ctx, cPetition, accusation.NoteInput{Ref: ref(c)}))
	c = e.must(e.svc.Consent(ctx, cPetition, accusation.ConsentInput{Ref: ref(c), Reference: "撤回001", Withdraw: true}))
	if c.Consented() {
		t.Errorf("consent stands after withdrawal: %+v", c.Consents)
	}
	unchanged(t, c.ID, publicize(c), "AC16", "Consents")
}
