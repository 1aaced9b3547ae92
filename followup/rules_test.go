package followup_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang/adapters/memdb"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

func publish(t testing.TB, e *env, id string, p event.Payload) dandang.Event {
	t.Helper()
	ev, err := kit.NewEvent(id, "host", id, t0, p)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// FU01: a disciplined person and a cleared person are followed up, each
// once per decision; a party organization is not.
func TestFollowUp_FU01_WhoIsFollowedUpOnce(t *testing.T) {
	e := newEnv(t)
	in := discipline("D-1", followup.PartyWarning, t0.AddDate(0, -1, 0))
	e.must(e.svc.Open(ctx, office, in))
	before := e.snap(followup.CaseID(followup.FromDiscipline, "D-1", meng.ID))
	_, err := e.svc.Open(ctx, office, in)
	wantErr(t, err, dandang.Conflict, "FU01", "")
	if diff := cmp.Diff(before, e.snap(followup.CaseID(followup.FromDiscipline, "D-1", meng.ID))); diff != "" {
		t.Errorf("a second follow-up changed the store:\n%s", diff)
	}
	org := in
	org.Subject = branch
	_, err = e.svc.Open(ctx, office, org)
	wantErr(t, err, dandang.Invalid, "FU01", "Subject.Kind")

	// From events, each once however often delivered.
	dd := publish(t, e, "ev-1", event.DisciplineDecided{DecisionID: "D-2", Subject: meng, Organ: songyang,
		Sanction: string(followup.Demerit), EffectiveAt: t0.AddDate(0, -2, 0)})
	cc := publish(t, e, "ev-2", event.ClearanceCompleted{CaseID: "C-9", ReportID: "R-9", Subject: meng, Organ: songyang, ClosedAt: t0})
	co := publish(t, e, "ev-3", event.ClearanceCompleted{CaseID: "C-10", ReportID: "R-10", Subject: branch, Organ: songyang, ClosedAt: t0})
	for range 2 {
		if err := e.svc.HandleDisciplineDecided(ctx, dd); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.HandleClearanceCompleted(ctx, cc); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.HandleClearanceCompleted(ctx, co); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := e.svc.Find(ctx, admin, followup.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.ID+" "+string(c.Channel))
	}
	// D-2 is about the person D-1's file follows up: it joins the file
	// (一人一策, FU04), once however often delivered.
	want := []string{"clearance/C-9/p-meng event", "discipline/D-1/p-meng direct"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("follow-ups (-want +got):\n%s", diff)
	}
	file := e.must(e.svc.Get(ctx, admin, followup.CaseID(followup.FromDiscipline, "D-1", meng.ID)))
	var ids []string
	for _, d := range file.Decisions() {
		ids = append(ids, d.ID)
	}
	if diff := cmp.Diff([]string{"D-1", "D-2"}, ids); diff != "" {
		t.Errorf("decisions in the file (-want +got):\n%s", diff)
	}
	if err := e.svc.HandleClearanceCompleted(ctx, dd); dandang.ErrorRule(err) != "FU01" {
		t.Errorf("a discipline event to the clearance handler: %v, want refused [FU01]", err)
	}
}

// CL20: a revoked clearance stops its follow-up with a recorded step; the
// earlier records stay and verify (XC11).
func TestFollowUp_CL20_RevokedClearanceStops(t *testing.T) {
	e := newEnv(t)
	cc := publish(t, e, "ev-1", event.ClearanceCompleted{CaseID: "C-1", ReportID: "R-1", Subject: meng, Organ: songyang, ClosedAt: t0})
	if err := e.svc.HandleClearanceCompleted(ctx, cc); err != nil {
		t.Fatal(err)
	}
	rv := publish(t, e, "ev-2", event.ClearanceRevoked{CaseID: "C-1", ReportID: "R-1", Subject: meng, Organ: songyang, Reason: "新查实收受礼金", RevokedAt: t0})
	for range 2 {
		if err := e.svc.HandleClearanceRevoked(ctx, rv); err != nil {
			t.Fatal(err)
		}
	}
	id := followup.CaseID(followup.FromClearance, "C-1", meng.ID)
	c := e.must(e.svc.Get(ctx, admin, id))
	if c.State != followup.Stopped || c.Stopped == nil || c.Stopped.Rule != "CL20" || !c.Ended() {
		t.Errorf("after revocation: state %s, stop %+v", c.State, c.Stopped)
	}
	h, _ := e.svc.History(ctx, admin, id)
	if len(h) != 2 || !slices.Contains(h[1].Rules, "CL20") || h[1].Reason != "新查实收受礼金" {
		t.Errorf("history = %+v", h)
	}
	if err := e.svc.Verify(ctx, admin, id); err != nil {
		t.Error(err)
	}
}

// FU02: a campaign opens in bulk everyone handled under the first or second
// form since a date, each once; a second run opens nothing again.
func TestFollowUp_FU02_CampaignOpensEachOnce(t *testing.T) {
	e := newEnv(t)
	since := time.Date(2021, 1, 1, 0, 0, 0, 0, dandang.China)
	p := func(id string) dandang.Subject { s := meng; s.ID = id; return s }
	hs := []followup.HandlingRecord{
		{Subject: p("a"), Decision: followup.Decision{ID: "D1", Form: followup.FirstForm, EffectiveAt: since.AddDate(0, 3, 0)}, ImposedBy: songyang.ID},
		{Subject: p("b"), Decision: followup.Decision{ID: "D2", Sanction: followup.PartyWarning, EffectiveAt: since.AddDate(1, 0, 0)}, ImposedBy: songyang.ID},
		{Subject: p("b"), Decision: followup.Decision{ID: "D2", Sanction: followup.PartyWarning, EffectiveAt: since.AddDate(1, 0, 0)}, ImposedBy: songyang.ID},
		{Subject: p("c"), Decision: followup.Decision{ID: "D3", Sanction: followup.DismissalFromPost, EffectiveAt: since.AddDate(1, 0, 0)}, ImposedBy: songyang.ID},
		{Subject: p("d"), Decision: followup.Decision{ID: "D4", Sanction: followup.Demerit, EffectiveAt: since.AddDate(0, 0, -1)}, ImposedBy: songyang.ID},
		{Subject: p("e"), Decision: followup.Decision{ID: "D5", Sanction: followup.Demerit, EffectiveAt: since.AddDate(1, 0, 0)}, ImposedBy: jinyun.ID},
	}
	in := followup.CampaignInput{Name: "2023年回访教育周", Since: since, Handlings: hs}
	res, err := e.svc.Campaign(ctx, office, in)
	if err != nil {
		t.Fatal(err)
	}
	var opened []string
	for _, c := range res.Opened {
		opened = append(opened, c.ID)
		if c.Channel != followup.ByCampaign || c.Campaign != in.Name {
			t.Errorf("%s: channel %s, campaign %q", c.ID, c.Channel, c.Campaign)
		}
	}
	if diff := cmp.Diff([]string{"discipline/D1/a", "discipline/D2/b"}, opened); diff != "" {
		t.Errorf("opened (-want +got):\n%s", diff)
	}
	if len(res.Skipped) != 1 || dandang.ErrorRule(res.Skipped[0].Err) != "FU08" {
		t.Errorf("skipped = %+v, want jinyun's decision refused [FU08]", res.Skipped)
	}
	h, _ := e.svc.History(ctx, admin, "discipline/D1/a")
	if len(h) != 1 || !slices.Contains(h[0].Rules, "FU02") {
		t.Errorf("opening record = %+v, want FU02 applied", h)
	}
	again, err := e.svc.Campaign(ctx, office, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Opened) != 0 || len(again.Existing) != 2 {
		t.Errorf("second run opened %d, found %d existing; want 0 and 2", len(again.Opened), len(again.Existing))
	}
	_, err = e.svc.Campaign(ctx, orgDept, in)
	wantErr(t, err, dandang.Forbidden, "XC02", "Actor.Roles")
}

// FU03: the approach fits the person.
func TestFollowUp_FU03_ApproachFitsThePerson(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, office, discipline("D-1", followup.PartyWarning, t0.AddDate(0, -1, 0))))
	for _, tt := range []struct {
		cond followup.Condition
		bad  followup.Approach
	}{{followup.Resistant, followup.Encourage}, {followup.Pressured, followup.ExplainPolicy}, {followup.Slack, followup.Counsel}} {
		in := planInput(c)
		in.Condition, in.Approach = tt.cond, tt.bad
		_, err := e.svc.Plan(ctx, office, in)
		wantErr(t, err, dandang.Invalid, "FU03", "Approach")
	}
	in := planInput(c)
	in.Condition, in.Approach = followup.Steady, followup.Encourage
	c = e.must(e.svc.Plan(ctx, office, in))
	if c.Plan.Approach != followup.Encourage || c.State != followup.Following {
		t.Errorf("plan = %+v in %s", c.Plan, c.State)
	}
}

// FU04: one plan per person with help for each problem, a record for each
// visit, a file per person.
func TestFollowUp_FU04_PlanAndRecordPerPerson(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, office, discipline("D-1", followup.PartyWarning, t0.AddDate(0, -1, 0))))
	in := planInput(c)
	in.Help = nil
	_, err := e.svc.Plan(ctx, office, in)
	wantErr(t, err, dandang.Invalid, "FU04", "Help")
	c = e.must(e.svc.Plan(ctx, office, planInput(c)))
	v := visitInput(c, followup.Good)
	v.Findings = " "
	_, err = e.svc.Visit(ctx, office, v)
	wantErr(t, err, dandang.Invalid, "FU04", "Findings")
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Good)))
	c = e.must(e.svc.RevisePlan(ctx, office, planInput(c)))
	if c.Plan.Revision != 2 || len(c.Visits) != 1 || c.Visits[0].No != 1 {
		t.Errorf("plan revision %d, visits %+v", c.Plan.Revision, c.Visits)
	}
	h, _ := e.svc.History(ctx, admin, c.ID)
	var cmds []string
	for _, r := range h {
		cmds = append(cmds, r.Command)
	}
	if diff := cmp.Diff([]string{"open", "plan", "visit", "revise_plan"}, cmds); diff != "" {
		t.Errorf("the person's file (-want +got):\n%s", diff)
	}
}

// FU05: visits hear whom the policy names: the person by default, four ways
// under Wuyi's policy.
func TestFollowUp_FU05_TargetsOfAVisit(t *testing.T) {
	e := newEnv(t, followup.FourWayPolicy())
	c := e.must(e.svc.Open(ctx, office, discipline("D-1", followup.PartyWarning, t0.AddDate(0, -1, 0))))
	_, err := e.svc.Plan(ctx, office, planInput(c))
	wantErr(t, err, dandang.Invalid, "FU05", "Targets")
	in := planInput(c)
	four := []followup.Target{followup.ThePerson, followup.TheLeader, followup.Colleagues, followup.Family}
	in.Targets = four
	c = e.must(e.svc.Plan(ctx, office, in))
	v := visitInput(c, followup.Good)
	v.Targets = four[:3]
	_, err = e.svc.Visit(ctx, office, v)
	wantErr(t, err, dandang.Invalid, "FU05", "Targets")
	v.Targets = four
	if c = e.must(e.svc.Visit(ctx, office, v)); len(c.Visits[0].Targets) != 4 {
		t.Errorf("four-way visit heard %v", c.Visits[0].Targets)
	}

	d := newEnv(t)
	c = d.planned("D-2", followup.PartyWarning, t0.AddDate(0, -1, 0))
	v = visitInput(c, followup.Good)
	v.Targets = []followup.Target{followup.TheUnit}
	_, err = d.svc.Visit(ctx, office, v)
	wantErr(t, err, dandang.Invalid, "FU05", "Targets")
	v.Targets = []followup.Target{followup.ThePerson, followup.TheUnit} // Jiangbei's 双回访
	v.Form = followup.Phone
	d.must(d.svc.Visit(ctx, office, v))
}

// FU06: results are reported with the ratings as recorded; a cadre is
// recommended only after the period ran out and never after a poor rating.
func TestFollowUp_FU06_ReportAndRecommend(t *testing.T) {
	e := newEnv(t)
	// A warning still in force.
	c := e.planned("D-1", followup.PartyWarning, t0.AddDate(0, -1, 0))
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Good)))
	_, err := e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(c), Reason: "表现优秀"})
	wantErr(t, err, dandang.Invalid, "FU06", "Period")

	// Ran out, visited at its end, but rated poor.
	c = e.lifted("D-2")
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Poor)))
	_, err = e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(c), Reason: "表现优秀"})
	wantErr(t, err, dandang.Invalid, "FU06", "Rating")
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Good)))
	_, err = e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "FU06", "Reports")
	c = e.must(e.svc.Report(ctx, office, followup.ReportInput{Ref: ref(c), Summary: "整改到位，表现良好"}))
	twoHats := actor("sy-two", songyang, dandang.PrincipalLeader, dandang.OrganizationDept)
	c = e.must(e.svc.Recommend(ctx, twoHats, followup.RecommendInput{Ref: ref(c), Reason: "表现优秀", Post: "街道工委主任"}))
	_, err = e.svc.Promote(ctx, twoHats, followup.PromoteInput{Ref: ref(c), Post: "街道工委主任"})
	wantErr(t, err, dandang.Forbidden, "XC08", "") // who recommended does not record the promotion
	c = e.must(e.svc.Promote(ctx, orgDept, followup.PromoteInput{Ref: ref(c), Post: "街道工委主任"}))
	if c.State != followup.Recommended || c.Promotion == nil {
		t.Errorf("state %s, promotion %+v", c.State, c.Promotion)
	}
	reps := e.events(event.KindFollowUpReported)
	if len(reps) != 1 {
		t.Fatalf("reported events = %d", len(reps))
	}
	rep := reps[0].(event.FollowUpReported)
	if diff := cmp.Diff([]string{"average", "poor", "good"}, rep.Ratings); diff != "" {
		t.Errorf("reported ratings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"party_committee", "organization_dept"}, rep.To); diff != "" {
		t.Errorf("reported to (-want +got):\n%s", diff)
	}
	recs := e.events(event.KindPromotionRecommended)
	if len(recs) != 1 || recs[0].(event.PromotionRecommended).PeriodEnded == 0 {
		t.Errorf("recommendations = %+v", recs)
	}
	c = e.must(e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(c)}))
	if c.State != followup.Closed {
		t.Errorf("state = %s", c.State)
	}
}

// FU07: the period by the policy's table, in calendar months from the day
// the decision took effect; the sanction lifts by itself as a recorded step.
func TestFollowUp_FU07_PeriodAndLift(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		s         followup.Sanction
		effective time.Time
		last      string
	}{
		{followup.PartyWarning, time.Date(2022, 3, 15, 0, 0, 0, 0, dandang.China), "2023-03-15"},
		{followup.PartySeriousWarning, time.Date(2021, 8, 31, 0, 0, 0, 0, dandang.China), "2023-02-28"},
		{followup.RemovalFromPartyPosts, time.Date(2022, 2, 28, 0, 0, 0, 0, dandang.China), "2024-02-28"},
		{followup.AdminWarning, time.Date(2023, 2, 28, 0, 0, 0, 0, dandang.China), "2023-08-28"},
		{followup.AdminWarning, time.Date(2023, 3, 31, 0, 0, 0, 0, dandang.China), "2023-09-30"},
		{followup.Demerit, time.Date(2023, 2, 28, 0, 0, 0, 0, dandang.China), "2024-02-28"},
		{followup.MajorDemerit, time.Date(2022, 8, 31, 0, 0, 0, 0, dandang.China), "2024-02-29"},
		{followup.Demotion, time.Date(2022, 2, 28, 0, 0, 0, 0, dandang.China), "2024-02-28"},
		{followup.DismissalFromPost, time.Date(2021, 12, 31, 0, 0, 0, 0, dandang.China), "2023-12-31"},
	} {
		in := discipline("D-"+string(tt.s)+tt.last, tt.s, tt.effective)
		in.Subject.ID = "p-" + string(tt.s) + tt.last // a person each: one file per person (FU04)
		c := e.must(e.svc.Open(ctx, office, in))
		if got := c.Period.Last.String(); got != tt.last {
			t.Errorf("%s effective %s: last day %s, want %s", tt.s, tt.effective.Format(time.DateOnly), got, tt.last)
		}
		if c.Period.Lifts != c.Period.Last+1 {
			t.Errorf("%s: lifts %s, want the day after %s", tt.s, c.Period.Lifts, c.Period.Last)
		}
	}

	// Not before the end.
	c := e.planned("D-1", followup.AdminWarning, time.Date(2023, 1, 10, 0, 0, 0, 0, dandang.China))
	before := e.snap(c.ID)
	_, err := e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "FU07", "Period")
	if diff := cmp.Diff(before, e.snap(c.ID)); diff != "" {
		t.Errorf("a refused lift changed the store:\n%s", diff)
	}
	if c.DueStep != "lift" || c.Due.String() != "2023-07-11" {
		t.Errorf("due %s %s, want lift on 2023-07-11", c.DueStep, c.Due)
	}
	// The day after the last day, the sweep records it.
	e.clock.Set(time.Date(2023, 7, 10, 9, 0, 0, 0, dandang.China))
	if got, err := e.svc.LiftDue(ctx, office); err != nil || len(got) != 0 {
		t.Fatalf("LiftDue on the last day = %d cases, %v; want none", len(got), err)
	}
	// Nor by hand on the last day in force.
	_, err = e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "FU07", "Period")
	e.clock.Set(time.Date(2023, 7, 11, 9, 0, 0, 0, dandang.China))
	got, err := e.svc.LiftDue(ctx, office)
	if err != nil || len(got) != 1 {
		t.Fatalf("LiftDue = %d cases, %v", len(got), err)
	}
	c = got[0]
	if c.State != followup.Lifted || c.Lifted.On.String() != "2023-07-11" || c.DueStep != "end_visit" {
		t.Errorf("after the sweep: %s, lifted %+v, due %s", c.State, c.Lifted, c.DueStep)
	}
	evs := e.events(event.KindSanctionLifted)
	if len(evs) != 1 || evs[0].(event.SanctionLifted).LastDay.String() != "2023-07-10" {
		t.Errorf("lift events = %+v", evs)
	}
	// A follow-up without a sanction has no period to lift.
	cl := e.must(e.svc.Open(ctx, office, followup.NewFollowUp{Subject: meng, Source: followup.FromClearance,
		Cleared: &followup.Cleared{CaseID: "C-1", ClosedAt: t0}}))
	cl = e.must(e.svc.Plan(ctx, office, planInput(cl)))
	_, err = e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(cl)})
	wantErr(t, err, dandang.Invalid, "FU07", "Period")
}

// FU08: whoever imposed the discipline visits, at least two visitors, a
// rating on the scale, a good rating yields an appraisal, a visit a year
// and one when the period ends.
func TestFollowUp_FU08_VisitsByPolicy(t *testing.T) {
	e := newEnv(t)
	c := e.planned("D-1", followup.PartySeriousWarning, t0.AddDate(0, -1, 0))
	v := visitInput(c, followup.Good)
	v.Visitors = twoVisitors[:1]
	_, err := e.svc.Visit(ctx, office, v)
	wantErr(t, err, dandang.Invalid, "FU08", "Visitors")
	_, err = e.svc.Visit(ctx, jyOffce, visitInput(c, followup.Good))
	wantErr(t, err, dandang.NotFound, "XC07", "CaseID") // outside the reach: read as missing
	_, err = e.svc.Visit(ctx, cityOff, visitInput(c, followup.Good))
	wantErr(t, err, dandang.Forbidden, "FU08", "Actor.Organ")
	_, err = e.svc.Visit(ctx, office, visitInput(c, "excellent"))
	wantErr(t, err, dandang.Invalid, "FU08", "Rating")
	byCity := discipline("D-9", followup.PartyWarning, t0)
	byCity.ImposedBy = songyang.ID // imposed by the county; the city may not take it over
	_, err = e.svc.Open(ctx, cityOff, byCity)
	wantErr(t, err, dandang.Forbidden, "FU08", "Actor.Organ")
	// Another county claims a Songyang cadre's decision as its own: it has
	// no authority over the post, so it imposed nothing (XC07).
	claimed := discipline("D-10", followup.PartyWarning, t0)
	claimed.ImposedBy = jinyun.ID
	_, err = e.svc.Open(ctx, jyOffce, claimed)
	wantErr(t, err, dandang.Forbidden, "FU08", "ImposedBy")

	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Good)))
	if aps := e.events(event.KindAppraisalIssued); len(aps) != 1 || !c.Visits[0].Appraised {
		t.Errorf("appraisals = %d, visit %+v", len(aps), c.Visits[0])
	}
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Average)))
	if aps := e.events(event.KindAppraisalIssued); len(aps) != 1 {
		t.Errorf("appraisals after an average rating = %d, want still 1", len(aps))
	}
	// The yearly visit: due a year after the last; overdue the day after.
	if c.DueStep != "visit" || c.Due.String() != "2024-06-05" {
		t.Errorf("due %s %s", c.DueStep, c.Due)
	}
	due := c.Due
	if od, _ := e.svc.Overdue(ctx, admin, due.Date()); len(od) != 0 {
		t.Errorf("overdue on the due day: %d", len(od))
	}
	if od, _ := e.svc.Overdue(ctx, admin, (due + 1).Date()); len(od) != 1 || od[0].ID != c.ID {
		t.Errorf("overdue the day after = %v", od)
	}

	// The policy off: an organ above may visit.
	p := followup.DefaultPolicy()
	p.Ref.Version = 2
	p.ImposerFollowsUp, p.MinVisitors = false, 1
	o := newEnv(t, p)
	c = o.must(o.svc.Open(ctx, cityOff, followup.NewFollowUp{Subject: meng, Source: followup.FromDiscipline, ImposedBy: songyang.ID,
		Decision: &followup.Decision{ID: "D-1", Sanction: followup.PartyWarning, EffectiveAt: t0}}))
	c = o.must(o.svc.Plan(ctx, cityOff, planInput(c)))
	v = visitInput(c, followup.Good)
	v.Visitors = twoVisitors[:1]
	o.must(o.svc.Visit(ctx, cityOff, v))
}

// FU08: the visit at the period's end comes before a recommendation and
// before closing, and is due within the policy's working days of the lift.
func TestFollowUp_FU08_VisitAtThePeriodsEnd(t *testing.T) {
	e := newEnv(t)
	c := e.lifted("D-1")
	if c.DueStep != "end_visit" {
		t.Errorf("due step after the lift = %s", c.DueStep)
	}
	_, err := e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(c), Reason: "表现优秀"})
	wantErr(t, err, dandang.Invalid, "FU06", "Rating") // the visit before the lift was average
	c = e.must(e.svc.Report(ctx, office, followup.ReportInput{Ref: ref(c), Summary: "期满前表现一般"}))
	_, err = e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "FU08", "Visits")
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Good)))
	if !c.Visits[1].AtPeriodEnd || c.DueStep != "visit" {
		t.Errorf("visit %+v, due %s", c.Visits[1], c.DueStep)
	}
}

// XC09: a command outside its states is refused naming the state and the
// commands allowed there.
func TestFollowUp_XC09_WrongStateNamesAllowed(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Open(ctx, office, discipline("D-1", followup.PartyWarning, t0)))
	_, err := e.svc.Visit(ctx, office, visitInput(c, followup.Good))
	wantErr(t, err, dandang.Transition, "XC09", "")
	var de *dandang.Error
	if !errorsAs(err, &de) || de.State != "opened" || !cmp.Equal(de.Allowed, []string{"plan", "stop", "join"}) {
		t.Errorf("refusal = %+v", de)
	}
}

// FU08, FU07: the visit at the period's end is the first made once the
// period ran out by the calendar, whether or not the lift was recorded
// yet; until it is recorded, a recommendation is refused saying the lift is
// due and unrecorded, never that the sanction is in force through a day
// gone by. A follow-up closes only once every visit is reported (FU06).
func TestFollowUp_FU08_EndVisitByTheCalendar(t *testing.T) {
	e := newEnv(t)
	c := e.planned("D-77", followup.PartyWarning, t0.AddDate(-1, -6, 0))
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Good))) // after the period ran out, before the lift is recorded
	if !c.Visits[0].AtPeriodEnd {
		t.Errorf("a visit after the period ran out is not the visit at its end: %+v", c.Visits[0])
	}
	_, err := e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(c), Reason: "表现优秀"})
	wantErr(t, err, dandang.Invalid, "FU07", "Lifted")
	if msg := err.Error(); strings.Contains(msg, "in force") || !strings.Contains(msg, "not recorded") {
		t.Errorf("refusal = %v, want the lift due and unrecorded", err)
	}
	_, err = e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "FU07", "Lifted")
	c = e.must(e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(c)}))
	if c.DueStep == "end_visit" {
		t.Errorf("the visit at the period's end is due again after the lift")
	}
	c = e.must(e.svc.Report(ctx, office, followup.ReportInput{Ref: ref(c), Summary: "表现良好"}))
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Good))) // one more, not yet reported
	_, err = e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "FU06", "Reports")
	c = e.must(e.svc.Report(ctx, office, followup.ReportInput{Ref: ref(c), Summary: "持续向好"}))
	e.must(e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(c), Reason: "表现优秀"}))
}

// FU08: visitors are people, compared by name: "甲" and "甲 " (or a
// full-width space) are one visitor, not two.
func TestFollowUp_FU08_VisitorsComparedNormalized(t *testing.T) {
	e := newEnv(t)
	c := e.planned("D-1", followup.PartyWarning, t0.AddDate(0, -1, 0))
	for _, vs := range [][]string{{"甲", "甲 "}, {"甲", "　甲"}, {"Li Ming", "li  ming"}} {
		v := visitInput(c, followup.Good)
		v.Visitors = vs
		_, err := e.svc.Visit(ctx, office, v)
		wantErr(t, err, dandang.Invalid, "FU08", "Visitors[1]")
	}
	v := visitInput(c, followup.Good)
	v.Visitors = []string{" 县纪委干部甲 ", "县委组织部干部乙"}
	c = e.must(e.svc.Visit(ctx, office, v))
	if got := c.Visits[0].Visitors; !cmp.Equal(got, twoVisitors) {
		t.Errorf("visitors recorded %q, want %q", got, twoVisitors)
	}
}

// XC04: follow-up statistics count a closed period; a person with two
// follow-ups counts once, in the organ, the level and the total.
func TestFollowUp_XC04_StatsCountPersonsOnce(t *testing.T) {
	e := newEnv(t)
	a := e.must(e.svc.Open(ctx, office, discipline("D-s1", followup.PartyWarning, t0.AddDate(0, -2, 0))))
	a = e.must(e.svc.Plan(ctx, office, planInput(a)))
	e.must(e.svc.Visit(ctx, office, visitInput(a, followup.Good)))
	// The same person's clearance is followed up apart: two follow-ups.
	b := e.must(e.svc.Open(ctx, office, followup.NewFollowUp{Subject: meng, Source: followup.FromClearance,
		Cleared: &followup.Cleared{CaseID: "C-s2", ClosedAt: t0.AddDate(0, -1, 0)}}))
	b = e.must(e.svc.Plan(ctx, office, planInput(b)))
	e.must(e.svc.Visit(ctx, office, visitInput(b, followup.Average)))
	from, to := t0.AddDate(0, -3, 0), t0.AddDate(0, 0, 1)
	if _, err := e.svc.Stats(ctx, admin, dandang.Period{From: from, To: to}); !errors.Is(err, &dandang.Error{Code: dandang.Invalid, Rule: "XC04"}) {
		t.Errorf("Stats over a period not yet ended = %v, want invalid [XC04]", err)
	}
	if _, err := e.svc.Stats(ctx, admin, dandang.Period{From: time.Time{}, To: time.Time{}}); !errors.Is(err, &dandang.Error{Code: dandang.Invalid, Rule: "XC04"}) {
		t.Errorf("Stats over no period = %v, want invalid [XC04]", err)
	}
	e.clock.Set(to.Add(time.Hour))
	st, err := e.svc.Stats(ctx, admin, dandang.Period{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if st.Total.Persons != 1 || st.Total.Opened != 2 || st.Total.Visits != 2 || st.Total.Good != 1 || st.Total.Average != 1 {
		t.Errorf("total = %+v, want 1 person, 2 opened, 2 visits (1 good, 1 average)", st.Total)
	}
	if len(st.Levels) != 1 || st.Levels[0].Persons != 1 {
		t.Errorf("levels = %+v, want one level with one person", st.Levels)
	}
}

// FU01, FU07: discipline events from the report register open follow-ups
// by the sanction's period, or in the event's form of handling for a
// sanction without one; events written before the register used this
// vocabulary are read the same way; a sanction neither known nor given a
// form is refused, so that it is retried and seen, never dropped.
func TestFollowUp_FU07_DisciplineEventsByPeriodOrForm(t *testing.T) {
	for _, tc := range []struct {
		name, sanction, form string
		wantSanction         followup.Sanction
		wantForm             followup.HandlingForm
		refused              bool
	}{
		{"a period", "party_serious_warning", "second", followup.PartySeriousWarning, followup.SecondForm, false},
		{"a form only", "party_probation", "third", "", followup.ThirdForm, false},
		{"neither: the first form", "", "", "", followup.FirstForm, false},
		{"earlier: serious warning", "serious_party_warning", "", followup.PartySeriousWarning, followup.SecondForm, false},
		{"earlier: organizational handling", "organizational_handling", "", "", followup.SecondForm, false},
		{"earlier: expulsion", "expulsion_from_office", "", "", followup.ThirdForm, false},
		{"unknown without a form", "通报批评", "", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			ev := publish(t, e, "ev-1", event.DisciplineDecided{DecisionID: "D-1", Subject: meng, Organ: songyang,
				Sanction: tc.sanction, Form: tc.form, EffectiveAt: t0.AddDate(0, -1, 0)})
			err := e.svc.HandleDisciplineDecided(ctx, ev)
			if tc.refused {
				wantErr(t, err, dandang.Invalid, "FU07", "Decision.Sanction")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := e.must(e.svc.Get(ctx, admin, followup.CaseID(followup.FromDiscipline, "D-1", meng.ID)))
			if c.Decision.Sanction != tc.wantSanction || c.Decision.Form != tc.wantForm || (c.Period != nil) != (tc.wantSanction != "") {
				t.Errorf("decision %+v, period %v; want %s in form %s", c.Decision, c.Period, tc.wantSanction, tc.wantForm)
			}
		})
	}
}

// FU08: who imposes discipline and follows it up is who holds management
// authority over the cadre (干部管理权限), by the level the cadre is managed
// at or the directory's word, not whose region covers the post: a county
// organ cannot name itself the imposer of a city-managed cadre's
// discipline.
func TestFollowUp_FU08_ImposerHoldsManagementAuthority(t *testing.T) {
	cityManaged := meng
	cityManaged.ID, cityManaged.ManagedAt = "p-city", dandang.City
	countyClaims := discipline("D-20", followup.PartyWarning, t0)
	countyClaims.Subject, countyClaims.ImposedBy = cityManaged, songyang.ID

	t.Run("county over a city-managed cadre", func(t *testing.T) {
		e := newEnv(t)
		_, err := e.svc.Open(ctx, office, countyClaims)
		wantErr(t, err, dandang.Forbidden, "FU08", "ImposedBy")
	})
	t.Run("the city over its own cadre", func(t *testing.T) {
		e := newEnv(t)
		byCity := countyClaims
		byCity.ImposedBy = lishui.ID
		c := e.must(e.svc.Open(ctx, cityOff, byCity))
		if c.ImposedBy.ID != lishui.ID {
			t.Errorf("imposed by %s, want %s", c.ImposedBy.ID, lishui.ID)
		}
	})
	t.Run("the directory's word", func(t *testing.T) {
		d, err := directory.WithManagers(map[string]string{cityManaged.ID: songyang.ID})
		if err != nil {
			t.Fatal(err)
		}
		svc, err := followup.NewService(followup.Config{Store: memdb.NewStore(memdb.New(), followup.Cases), Clock: dandang.NewFixedClock(t0), Directory: d})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Open(ctx, office, countyClaims); err != nil {
			t.Errorf("Open with the directory naming %s the manager: %v", songyang.ID, err)
		}
	})
}

// FU02: the education week is yearly: the library lists it due a year after
// the organ's last campaign — or its first follow-up, when it never held
// one — and overdue the day after.
func TestFollowUp_FU02_EducationWeekYearly(t *testing.T) {
	e := newEnv(t)
	e.must(e.svc.Open(ctx, office, discipline("D-1", followup.PartyWarning, t0.AddDate(0, -1, 0))))
	duty := func(at time.Time) kit.Cadence {
		t.Helper()
		cs, err := e.svc.Cadences(ctx, admin, at)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].OrganID != songyang.ID || cs[0].Rule != "FU02" {
			t.Fatalf("cadences = %+v, want Songyang's education week", cs)
		}
		return cs[0]
	}
	if c := duty(t0.AddDate(1, 0, 0)); c.Last != 0 || c.Due != dandang.DayOf(t0.AddDate(1, 0, 0)) || c.Overdue {
		t.Errorf("never held, on its due day: %+v", c)
	}
	if c := duty(t0.AddDate(1, 0, 1)); !c.Overdue {
		t.Errorf("never held, a year and a day on: %+v, want overdue", c)
	}
	held := t0.AddDate(0, 9, 0)
	e.clock.Set(held)
	p := meng
	p.ID = "p-week"
	res, err := e.svc.Campaign(ctx, office, followup.CampaignInput{Name: "2024年回访教育周", Since: t0.AddDate(-1, 0, 0),
		Handlings: []followup.HandlingRecord{{Subject: p, Decision: followup.Decision{ID: "D-9", Form: followup.FirstForm, EffectiveAt: t0}, ImposedBy: songyang.ID}}})
	if err != nil || len(res.Opened) != 1 {
		t.Fatalf("campaign: %+v, %v", res, err)
	}
	if c := duty(t0.AddDate(1, 0, 1)); c.Last != dandang.DayOf(held) || c.Due != dandang.DayOf(held.AddDate(1, 0, 0)) || c.Overdue {
		t.Errorf("after the education week: %+v", c)
	}
}

// FU04: a plan for each person (一人一策), a file for each person (一人一档):
// a second decision about a person the organ follows up joins the person's
// file — one plan and one visit schedule, the decisions listed within —
// each decision keeping its own period and lift (FU07).
func TestFollowUp_FU04_OnePlanPerPerson(t *testing.T) {
	e := newEnv(t)
	first := e.must(e.svc.Open(ctx, office, discipline("D-1", followup.PartyWarning, t0.AddDate(0, -11, 0))))
	first = e.must(e.svc.Plan(ctx, office, planInput(first)))
	second := discipline("D-2", followup.Demerit, t0.AddDate(0, -1, 0))
	file := e.must(e.svc.Open(ctx, office, second))
	if file.ID != first.ID || len(file.Joined) != 1 || file.Joined[0].Decision.ID != "D-2" || file.Joined[0].Period == nil {
		t.Fatalf("second decision: case %s joined %+v, want it in %s's file", file.ID, file.Joined, first.ID)
	}
	if cs, _ := e.svc.Find(ctx, admin, followup.Filter{SubjectID: meng.ID}); len(cs) != 1 {
		t.Errorf("%d follow-ups of the person, want one file", len(cs))
	}
	if file.Plan == nil || file.Plan.Revision != 1 {
		t.Errorf("the file's plan %+v: want the one plan kept", file.Plan)
	}
	_, err := e.svc.Open(ctx, office, second)
	wantErr(t, err, dandang.Conflict, "FU01", "")
	res, err := e.svc.Campaign(ctx, office, followup.CampaignInput{Name: "2023年回访教育周", Since: t0.AddDate(-2, 0, 0),
		Handlings: []followup.HandlingRecord{{Subject: meng, Decision: followup.Decision{ID: "D-3", Form: followup.FirstForm, EffectiveAt: t0}, ImposedBy: songyang.ID}}})
	if err != nil || len(res.Opened) != 0 || !cmp.Equal(res.Existing, []string{first.ID}) {
		t.Errorf("campaign: opened %d, existing %v, %v; want the decision in the person's file", len(res.Opened), res.Existing, err)
	}

	// The first period runs out: it lifts, the file goes on under the
	// second, which is still in force.
	e.clock.Set(t0.AddDate(0, 2, 0))
	file = e.must(e.svc.Get(ctx, admin, first.ID))
	file = e.must(e.svc.Visit(ctx, office, visitInput(file, followup.Good)))
	file = e.must(e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(file)}))
	if file.State != followup.Following || file.Lifted == nil || file.Joined[0].Lifted != nil {
		t.Fatalf("after the first lift: state %s, lifted %v, joined %+v", file.State, file.Lifted, file.Joined[0])
	}
	_, err = e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(file), Reason: "表现优秀"})
	wantErr(t, err, dandang.Invalid, "FU06", "Period")
	_, err = e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(file)})
	wantErr(t, err, dandang.Invalid, "FU07", "Period")

	// The second runs out: the file lifts; the visit after it is the one
	// at the period's end.
	e.clock.Set(t0.AddDate(1, 0, 0))
	file = e.must(e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(file)}))
	if file.State != followup.Lifted || file.Joined[0].Lifted == nil || file.EndVisited() {
		t.Fatalf("after the second lift: state %s, joined %+v, end visited %v", file.State, file.Joined[0], file.EndVisited())
	}
	var lifted []string
	for _, p := range e.events(event.KindSanctionLifted) {
		lifted = append(lifted, p.(event.SanctionLifted).DecisionID)
	}
	if diff := cmp.Diff([]string{"D-1", "D-2"}, lifted); diff != "" {
		t.Errorf("lift events (-want +got):\n%s", diff)
	}
	file = e.must(e.svc.Visit(ctx, office, visitInput(file, followup.Good)))
	if !file.EndVisited() {
		t.Errorf("the visit after the last lift is not the visit at the period's end")
	}
}
