package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/postgres"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// One follow-up from the discipline event to the close, on PostgreSQL: the
// case read back equals the case saved, its history verifies, and the
// events are in the outbox (FU01, FU06, FU07, FU08).
func TestFollowUp_FullFlow(t *testing.T) {
	db := fresh(t)
	ctx := context.Background()
	clock := dandang.NewFixedClock(time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China))
	svc, err := followup.NewService(followup.Config{Store: postgres.NewStore(db, followup.Cases), Clock: clock, Directory: directory})
	if err != nil {
		t.Fatal(err)
	}
	staff := dandang.Actor{ID: "s", Organ: dandang.Organ{ID: county.ID}, Roles: []dandang.Role{dandang.SupervisionOffice}}
	lead := dandang.Actor{ID: "l", Organ: dandang.Organ{ID: county.ID}, Roles: []dandang.Role{dandang.PrincipalLeader}}
	s := subject("p-1")
	ev, err := kit.NewEvent("d-1", "discipline", "D-1", clock.Now(), event.DisciplineDecided{DecisionID: "D-1", Subject: s,
		Organ: county, Sanction: string(followup.AdminWarning), EffectiveAt: time.Date(2022, 12, 31, 0, 0, 0, 0, dandang.China)})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := svc.HandleDisciplineDecided(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	must := func(c *followup.Case, err error) *followup.Case {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := must(svc.Get(ctx, staff, followup.CaseID(followup.FromDiscipline, "D-1", s.ID)))
	if got := c.Period.Last.String(); got != "2023-06-30" {
		t.Errorf("last day = %s, want 2023-06-30", got)
	}
	c = must(svc.Plan(ctx, staff, followup.PlanInput{Ref: c.Ref(), Condition: followup.Steady, Approach: followup.Encourage,
		Help: []followup.Help{{Problem: "x", Measure: "y"}}, Forms: []followup.Form{followup.Phone}, Targets: []followup.Target{followup.ThePerson}}))
	vin := followup.VisitInput{Form: followup.Phone, Targets: []followup.Target{followup.ThePerson},
		Visitors: []string{"甲", "乙"}, Findings: "良好", Rating: followup.Good}
	vin.Ref = c.Ref()
	must(svc.Visit(ctx, staff, vin))
	clock.Set(time.Date(2023, 7, 3, 9, 0, 0, 0, dandang.China))
	if lifted, err := svc.LiftDue(ctx, staff); err != nil || len(lifted) != 1 {
		t.Fatalf("LiftDue = %d, %v", len(lifted), err)
	} else {
		c = lifted[0]
	}
	vin.Ref = c.Ref()
	c = must(svc.Visit(ctx, staff, vin))
	c = must(svc.Report(ctx, staff, followup.ReportInput{Ref: c.Ref(), Summary: "表现良好"}))
	c = must(svc.Recommend(ctx, lead, followup.RecommendInput{Ref: c.Ref(), Reason: "表现优秀"}))
	c = must(svc.Close(ctx, lead, followup.CloseInput{Ref: c.Ref()}))
	got := must(svc.Get(ctx, staff, c.ID))
	if diff := cmp.Diff(c, got); diff != "" {
		t.Errorf("read back (-saved +read):\n%s", diff)
	}
	if err := svc.Verify(ctx, staff, c.ID); err != nil {
		t.Error(err)
	}
	evs, err := db.Outbox().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[dandang.EventKind]int{}
	for _, e := range evs {
		kinds[e.Kind]++
	}
	want := map[dandang.EventKind]int{event.KindAppraisalIssued: 2, event.KindSanctionLifted: 1,
		event.KindFollowUpReported: 1, event.KindPromotionRecommended: 1}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("outbox (-want +got):\n%s", diff)
	}
}
