package tolerance_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

// FT07: a written decision never renders without its facts: a case opened
// from an event, with no facts recorded, proposes no tolerated outcome
// until they are; the facts and the reason may carry both languages, and
// each text holds only its own language's sentences.
func TestTolerance_FT07_DecisionStatesItsFacts(t *testing.T) {
	e := newEnv(t)
	ev, err := kit.NewEvent("acc-1", "accountability", "JN-2023-903", t0, event.AccountabilityOpened{InquiryID: "JN-2023-903", Subject: committee, Organ: jingning, OpenedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.HandleAccountabilityOpened(ctx, ev); err != nil {
		t.Fatal(err)
	}
	c := e.must(e.svc.Get(ctx, admin, tolerance.CaseID("JN-2023-903", committee.ID)))
	c = e.must(e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(c), Distinctions: distinctions(true), Answers: answers(nil)}))
	c = e.must(e.svc.Weigh(ctx, jnSuper, tolerance.WeighInput{Ref: ref(c), Weighings: weighings()}))
	c = e.must(e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Conditions: allConditions()}))
	in := exemption(c)
	in.ReasonEn = "It was a stopgap to speed up the work, and no village cadre gained from it"
	_, err = e.svc.Propose(ctx, jnSuper, in)
	wantErr(t, err, dandang.Invalid, "FT07")
	if f := dandang.ErrorField(err); f != "Facts" {
		t.Errorf("field = %q, want Facts", f)
	}

	c = e.must(e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Conditions: allConditions(), Facts: facts}))
	in.Ref = ref(c)
	c = e.must(e.svc.Propose(ctx, jnSuper, in))
	c = e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}))
	zh := c.DecisionText(language.SimplifiedChinese)
	if !strings.Contains(zh, "经调查核实，"+facts+"。") || strings.Contains(zh, "JN-2023-903") {
		t.Errorf("zh-Hans decision does not state the facts:\n%s", zh)
	}
	if en := c.DecisionText(language.English); en != "" {
		t.Errorf("English decision without English facts rendered:\n%s", en)
	}

	// With the facts in English too, the English text holds no Chinese
	// sentence (the names of the subject and the organ are names) and
	// reads as English.
	e2 := newEnv(t)
	c = e2.assess(e2.opened("q2"), distinctions(true), answers(nil), tolerance.EstablishInput{Conditions: allConditions(),
		FactsEn: "The village committee hired a bus with collective funds to take villagers' representatives to a meeting elsewhere, against the county's rules"})
	in.Ref = ref(c)
	c = e2.must(e2.svc.Propose(ctx, jnSuper, in))
	c = e2.must(e2.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}))
	en := c.DecisionText(language.English)
	if en == "" {
		t.Fatal("no English decision with the facts and reason in English")
	}
	for _, line := range strings.Split(strings.TrimSpace(en), "\n") {
		if strings.Contains(line, committee.Name) || strings.Contains(line, jingning.Name) || strings.Contains(line, "〔") {
			continue
		}
		if strings.ContainsFunc(line, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("English decision line holds Chinese: %q", line)
		}
	}
	for _, want := range []string{"Upon investigation and verification: The village committee", "exemption from accountability under fault tolerance is decided for your organization"} {
		if !strings.Contains(en, want) {
			t.Errorf("English decision lacks %q:\n%s", want, en)
		}
	}
	if strings.Contains(en, " is exempted") || strings.Contains(en, "you is") {
		t.Errorf("English decision is not English:\n%s", en)
	}
}

// FT09: private gain is one fact refused under one rule, wherever it was
// entered: as the answer 谋私, as the finding of gain, or on the
// development distinction.
func TestTolerance_FT09_PrivateGainOneRule(t *testing.T) {
	dev := distinctions(true)
	for i := range dev {
		if dev[i].Distinction == tolerance.Development {
			dev[i].Mistake = false
		}
	}
	tests := []struct {
		name string
		ds   []tolerance.Distinguished
		as   map[tolerance.Question]tolerance.Answer
		gain bool
	}{
		{"answered 谋私", distinctions(true), map[tolerance.Question]tolerance.Answer{tolerance.PublicOrPrivate: tolerance.ForOneself}, false},
		{"gain found", distinctions(true), nil, true},
		{"development distinction", dev, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.assess(e.opened("q1"), tt.ds, answers(tt.as), tolerance.EstablishInput{Conditions: allConditions(), PrivateGain: tt.gain})
			_, err := e.svc.Propose(ctx, jnSuper, exemption(c))
			wantErr(t, err, dandang.Invalid, "FT09")
			if !strings.Contains(err.Error(), "private gain") {
				t.Errorf("refusal does not name private gain: %v", err)
			}
		})
	}
}

// FT05: a case the accountability decision closed off is one situation,
// refused under one rule by every command, Propose as Decide; a decided
// case likewise, but for reconsidering or revoking the decision.
func TestTolerance_FT05_ClosedOffOneRule(t *testing.T) {
	e := newEnv(t)
	fore := e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(e.assessed("q1")), Decision: "诫勉"}))
	dec := e.decided("q2")
	for _, c := range []*tolerance.Case{fore, dec} {
		for name, do := range map[string]func() error{
			"Propose": func() error { _, err := e.svc.Propose(ctx, jnSuper, exemption(c)); return err },
			"Decide":  func() error { _, err := e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}); return err },
			"Establish": func() error {
				_, err := e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Conditions: allConditions()})
				return err
			},
		} {
			t.Run(string(c.State)+"/"+name, func(t *testing.T) {
				err := do()
				wantErr(t, err, dandang.Transition, "FT05")
				var de *dandang.Error
				if !asError(err, &de) || de.State != string(c.State) {
					t.Errorf("refusal does not name the state %s: %v", c.State, err)
				}
			})
		}
	}
}

// FT04: a found exclusion stays until withdrawn by a recorded step with
// the reason and the signer's role; an assessment step that omits it is
// refused, not obeyed.
func TestTolerance_FT04_ExclusionWithdrawnOnlyByRecordedStep(t *testing.T) {
	e := newEnv(t)
	c := e.assess(e.opened("q1"), distinctions(true), answers(nil), tolerance.EstablishInput{Excluded: []string{"vanity_projects"}, Conditions: allConditions()})
	before := e.snap(c.ID)
	_, err := e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Conditions: allConditions()})
	wantErr(t, err, dandang.Invalid, "FT04")
	_, err = e.svc.Withdraw(ctx, jnLeader, tolerance.WithdrawInput{Ref: ref(c), Exclusion: "vanity_projects"})
	wantErr(t, err, dandang.Invalid, "FT04")
	_, err = e.svc.Withdraw(ctx, jnLeader, tolerance.WithdrawInput{Ref: ref(c), Exclusion: "blind_decisions", Reason: "x"})
	wantErr(t, err, dandang.Invalid, "FT04")
	_, err = e.svc.Withdraw(ctx, jnSuper, tolerance.WithdrawInput{Ref: ref(c), Exclusion: "vanity_projects", Reason: "x"})
	wantErr(t, err, dandang.Forbidden, "")
	if diff := cmp.Diff(before, e.snap(c.ID)); diff != "" {
		t.Errorf("refusals changed the store:\n%s", diff)
	}
	if _, err := e.svc.Propose(ctx, jnSuper, exemption(c)); dandang.ErrorRule(err) != "FT04" {
		t.Fatalf("Propose with the exclusion found = %v, want FT04", err)
	}

	const why = "经复核，该项目系上级部署的民生工程，不属于形象工程"
	c = e.must(e.svc.Withdraw(ctx, jnLeader, tolerance.WithdrawInput{Ref: ref(c), Exclusion: "vanity_projects", Reason: why}))
	if len(c.Excluded) != 0 || len(c.Withdrawals) != 1 {
		t.Fatalf("excluded %v, withdrawals %+v", c.Excluded, c.Withdrawals)
	}
	w := c.Withdrawals[0]
	if w.Exclusion != "vanity_projects" || w.Reason != why || w.By.ID != jnLeader.ID || w.By.Role != dandang.PrincipalLeader {
		t.Errorf("withdrawal = %+v, want the exclusion, the reason and the signer in their role", w)
	}
	e.must(e.svc.Propose(ctx, jnSuper, exemption(c)))
}

// XC11: a tolerance decision is reconsidered or revoked by a new recorded
// decision citing the reason; the earlier decision stays and the history
// verifies; once the accountability decision is made, tolerance is not
// decided again (FT05), but a decision may still be revoked.
func TestTolerance_XC11_ReconsiderAndRevoke(t *testing.T) {
	t.Run("reconsider", func(t *testing.T) {
		e := newEnv(t)
		c := e.decided("q1")
		first := *c.Decision
		_, err := e.svc.Reconsider(ctx, jnLeader, tolerance.CorrectInput{Ref: ref(c)})
		wantErr(t, err, dandang.Invalid, "XC11")
		_, err = e.svc.Reconsider(ctx, jnSuper, tolerance.CorrectInput{Ref: ref(c), Reason: "x"})
		wantErr(t, err, dandang.Forbidden, "FT05")
		c = e.must(e.svc.Reconsider(ctx, jnLeader, tolerance.CorrectInput{Ref: ref(c), Reason: "发现新的证据"}))
		if c.State != tolerance.Assessing || c.Decision != nil || c.Ended() || len(c.PastDecisions) != 1 || c.PastDecisions[0].Number != first.Number {
			t.Fatalf("after reconsidering: state %s, decision %v, past %+v", c.State, c.Decision, c.PastDecisions)
		}
		c = e.must(e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.None, Reason: "新证据表明存在故意"}))
		c = e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}))
		if c.Outcome() != tolerance.None || len(c.PastDecisions) != 1 || c.PastDecisions[0].Outcome != tolerance.Exemption {
			t.Errorf("new decision %s, past %+v", c.Outcome(), c.PastDecisions)
		}
		if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
			t.Errorf("Verify = %v", err)
		}
		c = e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(c), Decision: "诫勉谈话"}))
		_, err = e.svc.Reconsider(ctx, jnLeader, tolerance.CorrectInput{Ref: ref(c), Reason: "再议"})
		wantErr(t, err, dandang.Transition, "FT05")
	})
	t.Run("revoke", func(t *testing.T) {
		e := newEnv(t)
		c := e.decided("q1")
		c = e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(c), Decision: "不予问责"}))
		c = e.must(e.svc.Revoke(ctx, jnLeader, tolerance.CorrectInput{Ref: ref(c), Reason: "认定所依据的事实不实"}))
		if c.State != tolerance.Revoked || c.Decision == nil || c.Revocation == nil || c.Revocation.Reason != "认定所依据的事实不实" {
			t.Fatalf("after revoking: state %s, decision %v, revocation %+v", c.State, c.Decision, c.Revocation)
		}
		evs := e.events()
		if r, ok := evs[len(evs)-1].(event.ToleranceRevoked); !ok || r.Outcome != "exemption" || r.CaseID != c.ID {
			t.Errorf("last event = %#v, want the revocation of the exemption", evs[len(evs)-1])
		}
		if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
			t.Errorf("Verify = %v", err)
		}
		st, err := e.svc.Stats(ctx, admin, dandang.Period{From: t0.AddDate(0, 0, -1), To: t0.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != (tolerance.Counts{Revoked: 1}) || st.Total.Tolerated() != 0 {
			t.Errorf("statistics %+v: a revoked decision tolerates nothing", st.Total)
		}
		_, err = e.svc.Revoke(ctx, jnLeader, tolerance.CorrectInput{Ref: ref(c), Reason: "again"})
		wantErr(t, err, dandang.Transition, "FT05")
	})
}
