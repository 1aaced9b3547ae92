package postgres_test

import (
	"context"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
	"github.com/google/go-cmp/cmp"
)

// One tolerance case through its whole flow on PostgreSQL: opened from the
// accountability event (twice, one case), assessed, consulted, proposed,
// decided with its outbox events, the accountability decision recorded; the
// case reads back equal, and its history verifies.
func TestTolerance_FullFlow(t *testing.T) {
	ctx := context.Background()
	db := fresh(t)
	svc, err := tolerance.NewService(tolerance.Config{Store: postgres.NewStore(db, tolerance.Cases), Clock: dandang.NewFixedClock(t0), Directory: directory})
	if err != nil {
		t.Fatal(err)
	}
	super := dandang.Actor{ID: "sup", Organ: dandang.Organ{ID: county.ID}, Roles: []dandang.Role{dandang.SupervisionOffice, dandang.LeaderInCharge}}
	lead := dandang.Actor{ID: "lead", Organ: dandang.Organ{ID: county.ID}, Roles: []dandang.Role{dandang.PrincipalLeader}}
	sub := subject("p-1")
	ev, err := kit.NewEvent("acc-1", "accountability", "Q-1", t0, event.AccountabilityOpened{InquiryID: "Q-1", Subject: sub, Organ: county, OpenedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := svc.HandleAccountabilityOpened(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	c, err := svc.Get(ctx, lead, tolerance.CaseID("Q-1", sub.ID))
	if err != nil {
		t.Fatal(err)
	}
	must := func(next *tolerance.Case, err error) *tolerance.Case {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return next
	}
	var ds []tolerance.Distinguished
	for _, d := range tolerance.Distinctions() {
		ds = append(ds, tolerance.Distinguished{Distinction: d, Mistake: true, Evidence: []string{"书证"}})
	}
	var as []tolerance.Answered
	for _, q := range tolerance.Questions() {
		yes, _ := q.Answers()
		as = append(as, tolerance.Answered{Question: q, Answer: yes, Evidence: []string{"谈话笔录"}})
	}
	var ws []tolerance.Weighing
	for _, f := range tolerance.Factors() {
		ws = append(ws, tolerance.Weighing{Factor: f, Finding: "已查明"})
	}
	c = must(svc.Distinguish(ctx, super, tolerance.DistinguishInput{Ref: c.Ref(), Distinctions: ds, Answers: as}))
	c = must(svc.Weigh(ctx, super, tolerance.WeighInput{Ref: c.Ref(), Weighings: ws}))
	c = must(svc.Establish(ctx, super, tolerance.EstablishInput{Ref: c.Ref(), Conditions: []string{"diligent"}, Facts: "项目因不可预知的地质原因停工，造成损失"}))
	c = must(svc.Consult(ctx, super, tolerance.ConsultInput{Ref: c.Ref(), Conclusion: "同意",
		Participants: []tolerance.Participant{{Name: "组织部", Role: dandang.OrganizationDept}, {Name: "审计局", Role: dandang.Audit}}}))
	c = must(svc.Propose(ctx, super, tolerance.ProposeInput{Ref: c.Ref(), Outcome: tolerance.Exemption,
		Grounds: []tolerance.Ground{tolerance.ForceMajeure}, Reason: "不可预知因素"}))
	if _, err := svc.Decide(ctx, super, tolerance.DecisionInput{Ref: c.Ref()}); dandang.ErrorRule(err) != "XC08" {
		t.Fatalf("the proposer deciding: %v, want XC08", err)
	}
	c = must(svc.Decide(ctx, lead, tolerance.DecisionInput{Ref: c.Ref(), Number: "武纪容〔2023〕1号"}))
	c = must(svc.RecordAccountability(ctx, lead, tolerance.AccountabilityInput{Ref: c.Ref(), Decision: "不予问责"}))

	got, err := svc.Get(ctx, lead, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("read back (-saved +read):\n%s", diff)
	}
	if err := svc.Verify(ctx, lead, c.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
	evs, err := db.Outbox().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []dandang.EventKind
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	if diff := cmp.Diff([]dandang.EventKind{event.KindNoNegativeEvaluation, event.KindToleranceDecided}, kinds); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
	st, err := svc.Stats(ctx, lead, dandang.Period{From: t0.AddDate(0, 0, -1), To: t0.AddDate(0, 0, 1)})
	if err != nil || st.Total.Exemption != 1 {
		t.Errorf("Stats = %+v, %v; want one exemption", st, err)
	}
}
