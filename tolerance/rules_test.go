package tolerance_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

// FT01: the three distinctions frame every decision: all three, each with
// evidence; a conduct on the violation's side of one is a real violation,
// refused under FT09 as wherever else it is entered.
func TestTolerance_FT01_ThreeDistinctions(t *testing.T) {
	e := newEnv(t)
	c := e.opened("q1")
	_, err := e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(c), Distinctions: distinctions(true)[:2], Answers: answers(nil)})
	wantErr(t, err, dandang.Invalid, "FT01")
	ds := distinctions(true)
	ds[0].Evidence = nil
	_, err = e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(c), Distinctions: ds, Answers: answers(nil)})
	wantErr(t, err, dandang.Invalid, "FT01")

	ds = distinctions(true)
	ds[1].Mistake = false // a violation after it was forbidden from above
	c = e.assess(c, ds, answers(nil), tolerance.EstablishInput{Conditions: allConditions()})
	_, err = e.svc.Propose(ctx, jnSuper, exemption(c))
	wantErr(t, err, dandang.Invalid, "FT09")
	lighter := tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.Lighter, Grounds: []tolerance.Ground{tolerance.Cooperated}, Reason: "配合调查"}
	_, err = e.svc.Propose(ctx, jnSuper, lighter)
	wantErr(t, err, dandang.Invalid, "FT09")
}

// FT02: the four questions are answered, each with evidence, before any
// decision; slacking or reckless conduct is not tolerated.
func TestTolerance_FT02_FourQuestions(t *testing.T) {
	e := newEnv(t)
	c := e.opened("q1")
	_, err := e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.None, Reason: "不予容错"})
	wantErr(t, err, dandang.Invalid, "FT02")
	if f := dandang.ErrorField(err); f != "Answers" {
		t.Errorf("field = %q, want Answers", f)
	}
	_, err = e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(c), Distinctions: distinctions(true), Answers: answers(nil)[1:]})
	wantErr(t, err, dandang.Invalid, "FT02")
	as := answers(nil)
	as[0].Answer = tolerance.Negligence // not an answer to public or private
	_, err = e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(c), Distinctions: distinctions(true), Answers: as})
	wantErr(t, err, dandang.Invalid, "FT02")

	c = e.assess(c, distinctions(true), answers(map[tolerance.Question]tolerance.Answer{tolerance.ResponsibilityOrSlacking: tolerance.Slacking}),
		tolerance.EstablishInput{Conditions: allConditions()})
	_, err = e.svc.Propose(ctx, jnSuper, exemption(c))
	wantErr(t, err, dandang.Invalid, "FT02")
	if got := c.Answers[2]; got.Answer != tolerance.Slacking || len(got.Evidence) != 2 {
		t.Errorf("recorded answer = %+v, want slacking with its evidence", got)
	}
}

// FT03: the six factors are weighed before any decision.
func TestTolerance_FT03_SixFactors(t *testing.T) {
	e := newEnv(t)
	c := e.opened("q1")
	c = e.must(e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(c), Distinctions: distinctions(true), Answers: answers(nil)}))
	_, err := e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.None, Reason: "不予容错"})
	wantErr(t, err, dandang.Invalid, "FT03")
	_, err = e.svc.Weigh(ctx, jnSuper, tolerance.WeighInput{Ref: ref(c), Weighings: weighings()[:5]})
	wantErr(t, err, dandang.Invalid, "FT03")
	c = e.must(e.svc.Weigh(ctx, jnSuper, tolerance.WeighInput{Ref: ref(c), Weighings: weighings()}))
	if len(c.Weighings) != 6 {
		t.Errorf("weighings = %d, want 6", len(c.Weighings))
	}
	e.must(e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.None, Reason: "不予容错"}))
}

// FT04: an excluded situation is never tolerated, whatever the factors; the
// exclusions must be established first; a policy without exclusions is
// refused.
func TestTolerance_FT04_ExcludedSituations(t *testing.T) {
	e := newEnv(t)
	c := e.opened("q1")
	c = e.must(e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(c), Distinctions: distinctions(true), Answers: answers(nil)}))
	c = e.must(e.svc.Weigh(ctx, jnSuper, tolerance.WeighInput{Ref: ref(c), Weighings: weighings()}))
	_, err := e.svc.Propose(ctx, jnSuper, exemption(c))
	wantErr(t, err, dandang.Invalid, "FT04")
	_, err = e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Excluded: []string{"no_such"}})
	wantErr(t, err, dandang.Invalid, "FT04")
	c = e.must(e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Excluded: []string{"vanity_projects"}, Conditions: allConditions()}))
	for _, in := range []tolerance.ProposeInput{
		exemption(c),
		{Ref: ref(c), Outcome: tolerance.Mitigated, Grounds: []tolerance.Ground{tolerance.LossesRecovered}, Reason: "挽回损失"},
	} {
		_, err = e.svc.Propose(ctx, jnSuper, in)
		wantErr(t, err, dandang.Invalid, "FT04")
	}
	e.must(e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.None, Reason: "搞政绩工程，不予容错"}))

	p := tolerance.DefaultPolicy()
	if len(p.Exclusions) != 6 || !strings.Contains(p.Exclusions[0].Name, "形象工程") || !strings.Contains(p.Exclusions[0].Name, "政绩工程") {
		t.Errorf("default exclusions = %v, want Zhejiang's six, the seed's first", p.Exclusions)
	}
	p.Exclusions = nil
	wantErr(t, p.Validate(), dandang.Invalid, "FT04")
	if _, err := tolerance.NewService(tolerance.Config{Store: memdb.NewStore(e.db, tolerance.Cases), Directory: directory, Policies: kit.NewPolicySet(p)}); err == nil {
		t.Error("NewService accepted a policy without exclusions")
	}
}

// FT05: opened alongside the accountability (the handler, idempotent);
// decided only by whoever pursues it; never after the accountability
// decision.
func TestTolerance_FT05_WhoeverPursuesDecidesAlongside(t *testing.T) {
	e := newEnv(t)
	ev, err := kit.NewEvent("acc-1", "accountability", "Q-7", t0, event.AccountabilityOpened{InquiryID: "Q-7", Subject: cadre, Organ: jingning, OpenedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := e.svc.HandleAccountabilityOpened(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	c, err := e.svc.Get(ctx, admin, tolerance.CaseID("Q-7", cadre.ID))
	if err != nil {
		t.Fatal(err)
	}
	if c.State != tolerance.Assessing || c.Organ.ID != jingning.ID || c.Version != 1 || c.Pursuer != tolerance.ByDisciplineOrgan {
		t.Errorf("handled case = %s v%d of %s by %s, want one assessing case of jn by the discipline organ", c.State, c.Version, c.Organ.ID, c.Pursuer)
	}

	// Another organ opens nothing here, and decides nothing.
	_, err = e.svc.Open(ctx, lqSuper, newCase("q2", committee))
	wantErr(t, err, dandang.Forbidden, "FT05")
	p := e.proposed("q3")
	// An organ outside the reach is told nothing of the case (XC07).
	_, err = e.svc.Decide(ctx, lqLeader, tolerance.DecisionInput{Ref: ref(p)})
	wantErr(t, err, dandang.NotFound, "XC07")
	// The city above does not decide for the county pursuing it.
	_, err = e.svc.Decide(ctx, cityLead, tolerance.DecisionInput{Ref: ref(p)})
	wantErr(t, err, dandang.Forbidden, "FT05")
	// The organization department does not decide what the discipline organ pursues.
	_, err = e.svc.Decide(ctx, jnOrg, tolerance.DecisionInput{Ref: ref(p)})
	wantErr(t, err, dandang.Forbidden, "FT05")

	// A party committee's accountability is the party committee's to decide.
	in := newCase("q4", committee)
	in.Pursuer = tolerance.ByPartyCommittee
	pc := e.must(e.svc.Open(ctx, jnParty, in))
	pc = e.assess(pc, distinctions(true), answers(nil), tolerance.EstablishInput{Conditions: allConditions()})
	pc = e.must(e.svc.Propose(ctx, jnSuper, exemption(pc)))
	_, err = e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(pc)})
	wantErr(t, err, dandang.Forbidden, "FT05")
	pc = e.must(e.svc.Decide(ctx, jnParty, tolerance.DecisionInput{Ref: ref(pc)}))
	if pc.Outcome() != tolerance.Exemption {
		t.Errorf("outcome = %q, want exemption", pc.Outcome())
	}

	// The accountability decision first: no tolerance decision after it.
	p = e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(p), Decision: "诫勉谈话"}))
	if p.State != tolerance.Foreclosed || !p.Ended() {
		t.Fatalf("state = %s, want foreclosed and ended", p.State)
	}
	_, err = e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(p)})
	wantErr(t, err, dandang.Transition, "FT05")

	// After a tolerance decision, the accountability decision is recorded once.
	d := e.decided("q5")
	d = e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(d), Decision: "不予问责"}))
	_, err = e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(d), Decision: "再议"})
	wantErr(t, err, dandang.Conflict, "FT05")

	// The accountability decided event forecloses an open assessment, once.
	dev, _ := kit.NewEvent("acc-2", "accountability", "Q-7", t0, event.AccountabilityDecided{InquiryID: "Q-7", Subject: cadre, Organ: jingning, Decision: "通报批评", DecidedAt: t0})
	for range 2 {
		if err := e.svc.HandleAccountabilityDecided(ctx, dev); err != nil {
			t.Fatal(err)
		}
	}
	c, _ = e.svc.Get(ctx, admin, c.ID)
	if c.State != tolerance.Foreclosed || c.Accountability == nil || c.Accountability.Decision != "通报批评" {
		t.Errorf("after the decided event: %s %+v, want foreclosed with the decision", c.State, c.Accountability)
	}

	// Events arrive in any order: the decision before the opening still
	// forecloses tolerance, and the later opening changes nothing.
	late, _ := kit.NewEvent("acc-3", "accountability", "Q-9", t0, event.AccountabilityDecided{InquiryID: "Q-9", Subject: cadre, Organ: jingning, Decision: "诫勉", DecidedAt: t0})
	if err := e.svc.HandleAccountabilityDecided(ctx, late); err != nil {
		t.Fatal(err)
	}
	opened, _ := kit.NewEvent("acc-4", "accountability", "Q-9", t0, event.AccountabilityOpened{InquiryID: "Q-9", Subject: cadre, Organ: jingning, OpenedAt: t0})
	if err := e.svc.HandleAccountabilityOpened(ctx, opened); err != nil {
		t.Fatal(err)
	}
	q9, err := e.svc.Get(ctx, admin, tolerance.CaseID("Q-9", cadre.ID))
	if err != nil || q9.State != tolerance.Foreclosed {
		t.Errorf("decided before opened: %v, %v; want the case foreclosed", q9, err)
	}

	// The pursuer is who the actor is: a supervision office cannot open
	// what a party committee pursues.
	forged := newCase("q6", cadre)
	forged.Pursuer = tolerance.ByPartyCommittee
	_, err = e.svc.Open(ctx, jnSuper, forged)
	wantErr(t, err, dandang.Forbidden, "FT05")
	// Another organ's case for the same inquiry is a conflict, never kept silently.
	other, _ := kit.NewEvent("acc-5", "accountability", "Q-9", t0, event.AccountabilityOpened{InquiryID: "Q-9", Subject: cadre, Organ: longquan, OpenedAt: t0})
	if err := e.svc.HandleAccountabilityOpened(ctx, other); !errors.Is(err, &dandang.Error{Code: dandang.Conflict, Rule: "FT05"}) {
		t.Errorf("opened event of another organ = %v, want conflict [FT05]", err)
	}
}

// FT06: joint consultation with the bodies the policy names and an expert
// group for complex cases, each recorded with who took part.
func TestTolerance_FT06_ConsultationAndExperts(t *testing.T) {
	e := newEnv(t)
	in := newCase("q1", committee)
	in.Complex = true
	c := e.must(e.svc.Open(ctx, jnSuper, in))
	c = e.assess(c, distinctions(true), answers(nil), tolerance.EstablishInput{Conditions: allConditions()})
	_, err := e.svc.Consult(ctx, jnSuper, tolerance.ConsultInput{Ref: ref(c), Conclusion: "同意",
		Participants: []tolerance.Participant{{Name: "王某", Role: dandang.TrialOffice}}})
	wantErr(t, err, dandang.Invalid, "FT06")
	c = e.must(e.svc.Consult(ctx, jnSuper, tolerance.ConsultInput{Ref: ref(c), Conclusion: "建议容错",
		Participants: []tolerance.Participant{{Name: "组织部干部", Role: dandang.OrganizationDept, Unit: "县委组织部"}, {Name: "审计局干部", Role: dandang.Audit, Unit: "县审计局"}}}))
	if got := c.Consultations[0]; len(got.Participants) != 2 || got.By.ID != jnSuper.ID || got.Expert {
		t.Errorf("consultation = %+v, want two participants recorded by the assessor", got)
	}
	_, err = e.svc.Propose(ctx, jnSuper, exemption(c))
	wantErr(t, err, dandang.Invalid, "FT06")
	experts := []tolerance.Participant{{Name: "甲", Role: dandang.Expert}, {Name: "乙", Role: dandang.Expert}}
	_, err = e.svc.HearExperts(ctx, jnSuper, tolerance.ConsultInput{Ref: ref(c), Participants: experts, Conclusion: "可以容错"})
	wantErr(t, err, dandang.Invalid, "FT06")
	experts = append(experts, tolerance.Participant{Name: "丙", Role: dandang.Expert})
	c = e.must(e.svc.HearExperts(ctx, jnSuper, tolerance.ConsultInput{Ref: ref(c), Participants: experts, Conclusion: "可以容错"}))
	e.must(e.svc.Propose(ctx, jnSuper, exemption(c)))
}

// FT07: the outcomes — exemption, lighter and mitigated handling, each
// with its written decision, and none, without.
func TestTolerance_FT07_Outcomes(t *testing.T) {
	e := newEnv(t)
	for i, in := range []tolerance.ProposeInput{
		{Outcome: tolerance.Exemption, Grounds: []tolerance.Ground{tolerance.ForceMajeure}},
		{Outcome: tolerance.Lighter, Grounds: []tolerance.Ground{tolerance.LossesRecovered}},
		{Outcome: tolerance.Mitigated, Grounds: []tolerance.Ground{tolerance.EffectsRemoved, tolerance.Cooperated}},
		{Outcome: tolerance.None},
	} {
		c := e.assessed("q" + string(rune('1'+i)))
		in.Ref, in.Reason = ref(c), "理由"
		c = e.must(e.svc.Propose(ctx, jnSuper, in))
		c = e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}))
		if c.State != tolerance.Decided || c.Outcome() != in.Outcome || !c.Ended() {
			t.Errorf("%s: state %s outcome %s, want decided %s", in.Outcome, c.State, c.Outcome(), in.Outcome)
		}
		if text := c.DecisionText(language.SimplifiedChinese); (text != "") != in.Outcome.Tolerated() {
			t.Errorf("%s: decision text %q, want one for a tolerated outcome only", in.Outcome, text)
		}
	}
	c := e.assessed("q9")
	_, err := e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(c), Outcome: "pardon", Reason: "x"})
	wantErr(t, err, dandang.Invalid, "FT07")
}

// FT08: a case in a checklist domain is exempted only with every item of
// the domain's checklist met.
func TestTolerance_FT08_DomainChecklist(t *testing.T) {
	e := newEnv(t)
	in := newCase("q1", committee)
	in.Domain = tolerance.BusinessEnvironment
	c := e.must(e.svc.Open(ctx, jnSuper, in))
	c = e.assess(c, distinctions(true), answers(nil), tolerance.EstablishInput{Conditions: allConditions(), Checklist: []string{"for_enterprises"}})
	_, err := e.svc.Propose(ctx, jnSuper, exemption(c))
	wantErr(t, err, dandang.Invalid, "FT08")
	var items []string
	for _, it := range tolerance.DefaultPolicy().Checklists[0].Items {
		items = append(items, it.ID)
	}
	c = e.must(e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Conditions: allConditions(), Checklist: items}))
	e.must(e.svc.Propose(ctx, jnSuper, exemption(c)))

	_, err = e.svc.Open(ctx, jnSuper, tolerance.NewCase{Inquiry: in.Inquiry, Subject: cadre, Pursuer: in.Pursuer, Domain: "farming"})
	wantErr(t, err, dandang.Invalid, "FT08")
	plain := e.opened("q2")
	_, err = e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(plain), Checklist: []string{"for_enterprises"}})
	wantErr(t, err, dandang.Invalid, "FT08")
}

// FT09: private gain or a knowing violation is never tolerated; no
// tolerance is always open.
func TestTolerance_FT09_StrictAccountabilityStays(t *testing.T) {
	for _, tt := range []struct {
		name string
		as   map[tolerance.Question]tolerance.Answer
		gain bool
	}{
		{"private", map[tolerance.Question]tolerance.Answer{tolerance.PublicOrPrivate: tolerance.ForOneself}, false},
		{"intent", map[tolerance.Question]tolerance.Answer{tolerance.NegligenceOrIntent: tolerance.Intent}, false},
		{"gain found", nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.assess(e.opened("q1"), distinctions(true), answers(tt.as), tolerance.EstablishInput{Conditions: allConditions(), PrivateGain: tt.gain})
			for _, in := range []tolerance.ProposeInput{
				exemption(c),
				{Ref: ref(c), Outcome: tolerance.Lighter, Grounds: []tolerance.Ground{tolerance.LossesRecovered}, Reason: "退赔"},
			} {
				before := e.snap(c.ID)
				_, err := e.svc.Propose(ctx, jnSuper, in)
				wantErr(t, err, dandang.Invalid, "FT09")
				if diff := cmp.Diff(before, e.snap(c.ID)); diff != "" {
					t.Errorf("refusal changed the store:\n%s", diff)
				}
			}
			c = e.must(e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.None, Reason: "不予容错"}))
			c = e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}))
			if !slices.Contains(lastRules(t, e, c.ID), "FT09") {
				t.Errorf("a decision of no tolerance does not record FT09")
			}
		})
	}
}

func lastRules(t testing.TB, e *env, id string) []string {
	t.Helper()
	recs, err := e.svc.History(ctx, admin, id)
	if err != nil {
		t.Fatal(err)
	}
	return recs[len(recs)-1].Rules
}

// FT10: waiving grounds open exemption; mitigation grounds alone open
// lighter or mitigated handling only.
func TestTolerance_FT10_Grounds(t *testing.T) {
	e := newEnv(t)
	c := e.assessed("q1")
	in := exemption(c)
	in.Grounds = []tolerance.Ground{tolerance.LossesRecovered, tolerance.EffectsRemoved}
	_, err := e.svc.Propose(ctx, jnSuper, in)
	wantErr(t, err, dandang.Invalid, "FT10")
	_, err = e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.Lighter, Reason: "x"})
	wantErr(t, err, dandang.Invalid, "FT10")
	in.Grounds = []tolerance.Ground{tolerance.Objected, tolerance.LossesRecovered}
	c = e.must(e.svc.Propose(ctx, jnSuper, in))
	c = e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}))
	text := c.DecisionText(language.SimplifiedChinese)
	if !strings.Contains(text, "对错误集体决策提出反对或保留意见") || strings.Contains(text, "挽回损失") {
		t.Errorf("decision text names the grounds wrong:\n%s", text)
	}
}

// FT11: a policy that requires every typical condition exempts only with
// all of them met; Zhejiang's does not.
func TestTolerance_FT11_TypicalConditions(t *testing.T) {
	strict := tolerance.DefaultPolicy()
	strict.Ref.Version, strict.RequireAllConditions = 2, true
	e := newEnv(t, strict)
	c := e.assess(e.opened("q1"), distinctions(true), answers(nil), tolerance.EstablishInput{Conditions: allConditions()[1:]})
	_, err := e.svc.Propose(ctx, jnSuper, exemption(c))
	wantErr(t, err, dandang.Invalid, "FT11")
	_, err = e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Conditions: []string{"luck"}})
	wantErr(t, err, dandang.Invalid, "FT11")
	// Every tolerated outcome is held to the conditions, not exemption
	// alone: lighter and mitigated handling are counted as tolerated.
	for _, in := range []tolerance.ProposeInput{
		{Ref: ref(c), Outcome: tolerance.Lighter, Grounds: []tolerance.Ground{tolerance.Cooperated}, Reason: "配合调查"},
		{Ref: ref(c), Outcome: tolerance.Mitigated, Grounds: []tolerance.Ground{tolerance.LossesRecovered}, Reason: "挽回损失"},
	} {
		_, err = e.svc.Propose(ctx, jnSuper, in)
		wantErr(t, err, dandang.Invalid, "FT11")
	}
	c = e.must(e.svc.Establish(ctx, jnSuper, tolerance.EstablishInput{Ref: ref(c), Conditions: allConditions()}))
	e.must(e.svc.Propose(ctx, jnSuper, exemption(c)))

	lax := newEnv(t)
	c = lax.assess(lax.opened("q1"), distinctions(true), answers(nil), tolerance.EstablishInput{Conditions: allConditions()[1:]})
	lax.must(lax.svc.Propose(ctx, jnSuper, exemption(c)))
	if len(tolerance.DefaultPolicy().Conditions) != 7 {
		t.Errorf("default conditions = %d, want the seven", len(tolerance.DefaultPolicy().Conditions))
	}
}

// FT12: a tolerated mistake carries no negative evaluation: every
// tolerated outcome — exemption, lighter and mitigated handling — publishes
// it, with the outcome, and its written decision says so; no tolerance
// publishes nothing; statistics count as tolerated exactly the decisions
// that published it.
func TestTolerance_FT12_NoNegativeEvaluation(t *testing.T) {
	e := newEnv(t)
	c := e.decided("q1")
	got := e.events()
	want := []event.Payload{
		event.NoNegativeEvaluation{CaseID: c.ID, InquiryID: "q1", Subject: committee, Organ: jingning, Outcome: "exemption",
			Unaffected: []string{"appraisal", "promotion", "honours", "candidacy"}, DecidedAt: c.Decision.At},
		event.ToleranceDecided{CaseID: c.ID, InquiryID: "q1", Subject: committee, Organ: jingning, Outcome: "exemption",
			Rules: []string{"FT05", "FT07"}, DecidedAt: c.Decision.At},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}

	for i, in := range []tolerance.ProposeInput{
		{Outcome: tolerance.Lighter, Grounds: []tolerance.Ground{tolerance.Cooperated}},
		{Outcome: tolerance.Mitigated, Grounds: []tolerance.Ground{tolerance.LossesRecovered}},
		{Outcome: tolerance.None},
	} {
		t.Run(string(in.Outcome), func(t *testing.T) {
			before := len(e.events())
			c := e.assessed(fmt.Sprintf("q%d", i+2))
			in.Ref, in.Reason = ref(c), "理由"
			c = e.must(e.svc.Propose(ctx, jnSuper, in))
			c = e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}))
			var published []string
			for _, p := range e.events()[before:] {
				if nn, ok := p.(event.NoNegativeEvaluation); ok {
					published = append(published, nn.Outcome)
				}
			}
			var wantPub []string
			if in.Outcome.Tolerated() {
				wantPub = []string{string(in.Outcome)}
			}
			if diff := cmp.Diff(wantPub, published); diff != "" {
				t.Errorf("no-negative-evaluation published (-want +got):\n%s", diff)
			}
			if text := c.DecisionText(language.SimplifiedChinese); in.Outcome.Tolerated() != strings.Contains(text, "不影响") {
				t.Errorf("decision text:\n%s\nwant the FT12 sentence exactly for a tolerated outcome", text)
			}
		})
	}
	st, err := e.svc.Stats(ctx, admin, dandang.Period{From: t0.Add(-time.Hour), To: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	notices := 0
	for _, p := range e.events() {
		if _, ok := p.(event.NoNegativeEvaluation); ok {
			notices++
		}
	}
	if st.Total.Tolerated() != notices || notices != 3 {
		t.Errorf("statistics count %d tolerated, %d notices published: want both 3", st.Total.Tolerated(), notices)
	}
}

// XC08: no one approves the tolerance decision they proposed.
func TestTolerance_XC08_NoSelfApproval(t *testing.T) {
	e := newEnv(t)
	c := e.assessed("q1")
	c = e.must(e.svc.Propose(ctx, jnSuper2, exemption(c)))
	before := e.snap(c.ID)
	_, err := e.svc.Decide(ctx, jnSuper2, tolerance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "XC08")
	if diff := cmp.Diff(before, e.snap(c.ID)); diff != "" {
		t.Errorf("refusal changed the store:\n%s", diff)
	}
	c = e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c)}))
	if c.Decision.Proposer.ID != jnSuper2.ID || c.Decision.By.ID != jnLeader.ID {
		t.Errorf("decision by %s on %s's proposal, want jn-lead on jn-sup2's", c.Decision.By.ID, c.Decision.Proposer.ID)
	}
}

// XC01: every change is recorded with who, when, the states and the rules;
// the chain verifies.
func TestTolerance_XC01_HistoryOfALifecycle(t *testing.T) {
	e := newEnv(t)
	c := e.decided("q1")
	c = e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(c), Decision: "不予问责"}))
	recs, err := e.svc.History(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, r := range recs {
		cmds = append(cmds, r.Command+":"+r.From+">"+r.To)
		if r.Actor.ID == "" || r.Actor.Role == "" || len(r.Rules) == 0 {
			t.Errorf("record %d lacks who or rules: %+v", r.Seq, r)
		}
	}
	want := []string{"open:>assessing", "distinguish:assessing>assessing", "weigh:assessing>assessing", "establish:assessing>assessing",
		"propose:assessing>proposed", "decide:proposed>decided", "accountability:decided>decided"}
	if diff := cmp.Diff(want, cmds); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// Statistics by outcome, organ, level and period.
func TestTolerance_Stats(t *testing.T) {
	e := newEnv(t)
	e.decided("q1")
	l := e.assessed("q2")
	l = e.must(e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(l), Outcome: tolerance.Lighter, Grounds: []tolerance.Ground{tolerance.Cooperated}, Reason: "配合"}))
	e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(l)}))
	f := e.opened("q3")
	e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(f), Decision: "诫勉"}))
	e.opened("q4") // still assessing: not counted
	st, err := e.svc.Stats(ctx, admin, dandang.Period{Region: "33", From: t0.Add(-time.Hour), To: t0.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	want := tolerance.Counts{Exemption: 1, Lighter: 1, Foreclosed: 1}
	if diff := cmp.Diff(want, st.Total); diff != "" {
		t.Errorf("total (-want +got):\n%s", diff)
	}
	if len(st.Organs) != 1 || st.Organs[0].Organ.ID != jingning.ID || st.Organs[0].Counts != want {
		t.Errorf("organs = %+v", st.Organs)
	}
	if len(st.Levels) != 1 || st.Levels[0].Level != dandang.County || st.Levels[0].Tolerated() != 2 {
		t.Errorf("levels = %+v", st.Levels)
	}
	later, err := e.svc.Stats(ctx, admin, dandang.Period{From: t0.Add(time.Hour), To: t0.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if later.Total != (tolerance.Counts{}) {
		t.Errorf("another period counts %+v", later.Total)
	}
	own, err := e.svc.Stats(ctx, lqLeader, dandang.Period{From: t0.Add(-time.Hour), To: t0.Add(time.Hour)})
	if err != nil || own.Total != (tolerance.Counts{}) {
		t.Errorf("Longquan sees %+v, %v: want nothing of Jingning's", own, err)
	}
}

// FT05: whoever pursues accountability decides tolerance, and that is the
// organ holding management authority over the subject (干部管理权限): a
// county organ opens no tolerance for a city-managed cadre in its county;
// the city does; the host's directory may say otherwise for one subject.
func TestTolerance_FT05_ManagementAuthorityDecides(t *testing.T) {
	cityManaged := cadre
	cityManaged.ID, cityManaged.ManagedAt, cityManaged.Region = "p-city", dandang.City, "331127"
	lsSuper := actor("ls-sup", lishui, dandang.SupervisionOffice)
	tests := []struct {
		name    string
		dir     map[string]string // the directory's word
		by      dandang.Actor
		wantErr bool
	}{
		{"county over a city-managed cadre", nil, jnSuper, true},
		{"another county", nil, lqSuper, true},
		{"the managing city", nil, lsSuper, false},
		{"the directory names the county", map[string]string{cityManaged.ID: jingning.ID}, jnSuper, false},
		{"the directory names the county, the city above may take it up", map[string]string{cityManaged.ID: jingning.ID}, lsSuper, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := directory.WithManagers(tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			svc, err := tolerance.NewService(tolerance.Config{Store: memdb.NewStore(memdb.New(), tolerance.Cases), Clock: dandang.NewFixedClock(t0), Directory: d})
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.Open(ctx, tt.by, newCase("Q-1", cityManaged))
			if tt.wantErr {
				wantErr(t, err, dandang.Forbidden, "FT05")
				return
			}
			if err != nil {
				t.Errorf("Open by %s = %v, want opened", tt.by.Organ.ID, err)
			}
		})
	}
}
