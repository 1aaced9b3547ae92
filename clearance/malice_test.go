package clearance_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// maliceEvent is the event accusation writes when malice is established
// against the secretary on report reportID: allegation a unfounded, b
// substantiated.
func maliceEvent(t *testing.T, reportID string, by dandang.Actor) dandang.Event {
	t.Helper()
	ev, err := kit.NewEvent(reportID+"#m", "accusation", reportID, t0, event.MaliciousEstablished{
		ReportID: reportID, Subject: secretary, Organ: township, EstablishedAt: t0.Add(-time.Minute),
		By: by, Named: true, ConcludedAt: t0.Add(-time.Hour),
		Allegations: []dandang.Allegation{
			{ID: "a", SubjectID: secretary.ID, Summary: "优亲厚友", Finding: dandang.Unfounded},
			{ID: "b", SubjectID: secretary.ID, Summary: "违规报销", Finding: dandang.Substantiated},
			{ID: "c", SubjectID: "someone-else", Summary: "其他", Finding: dandang.Unfounded},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func maliceHistory(t *testing.T, e *env, id string) []string {
	t.Helper()
	recs, err := e.svc.History(ctx, admin, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		out = append(out, r.Command+":"+r.From+">"+r.To+":"+r.Actor.ID)
	}
	return out
}

// AC12, CL01: malice established opens the subject's case when the
// concluded report has not, as the officer of the organ that established
// it, for the unfounded allegations against the subject only, and records
// the malice; delivered again, it changes nothing.
func TestClearance_AC12_MaliceEstablishedOpensACase(t *testing.T) {
	e := newEnv(t)
	ev := maliceEvent(t, "r1", tPetition)
	if err := e.svc.HandleMaliciousEstablished(ctx, ev); err != nil {
		t.Fatal(err)
	}
	c := e.must(e.svc.Get(ctx, admin, clearance.CaseID("r1", secretary.ID)))
	if c.State != clearance.Opened || c.Organ.ID != township.ID || !c.Report.Named || !c.Report.OthersSubstantiated {
		t.Errorf("case: state %s organ %s report %+v; want opened by the township, named, others substantiated", c.State, c.Organ.ID, c.Report)
	}
	if len(c.Allegations) != 1 || c.Allegations[0].ID != "a" {
		t.Errorf("allegations = %+v, want only the unfounded one against the subject (CL04)", c.Allegations)
	}
	if c.Malice == nil || !c.Malice.EstablishedAt.Equal(t0.Add(-time.Minute)) {
		t.Errorf("malice = %+v, want recorded with when it was established", c.Malice)
	}
	want := []string{"open:>opened:t-pet", "malice_established:opened>opened:t-pet"}
	if diff := cmp.Diff(want, maliceHistory(t, e, c.ID)); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	before := e.snap(c.ID)
	if err := e.svc.HandleMaliciousEstablished(ctx, ev); err != nil {
		t.Fatalf("delivered again: %v", err)
	}
	e.unchanged(t, before)
	// The concluded report's event, delivered after, finds the case.
	rc, _ := kit.NewEvent("r1#c", "report", "r1", t0, event.ReportConcluded{ReportID: "r1", Named: true, Organ: township,
		By: tPetition, ConcludedAt: t0.Add(-time.Hour), Subjects: []dandang.Subject{secretary},
		Allegations: []dandang.Allegation{{ID: "a", SubjectID: secretary.ID, Summary: "优亲厚友", Finding: dandang.Unfounded}}})
	if err := e.svc.HandleReportConcluded(ctx, rc); err != nil {
		t.Fatal(err)
	}
	e.unchanged(t, before)
}

// AC12: malice established on a case the concluded report opened joins it:
// a recorded step that changes no state, in whatever state the case is,
// once.
func TestClearance_AC12_MaliceEstablishedJoinsTheCase(t *testing.T) {
	e := newEnv(t)
	c := e.closed("r1", true)
	n := len(maliceHistory(t, e, c.ID))
	ev := maliceEvent(t, "r1", tPetition)
	if err := e.svc.HandleMaliciousEstablished(ctx, ev); err != nil {
		t.Fatal(err)
	}
	got := e.must(e.svc.Get(ctx, admin, c.ID))
	if got.State != clearance.Closed || !got.ClosedAt.Equal(c.ClosedAt) || got.Malice == nil || len(got.Allegations) != len(c.Allegations) {
		t.Errorf("joined case: state %s closed %v malice %+v; want closed as it was, malice recorded", got.State, got.ClosedAt, got.Malice)
	}
	h := maliceHistory(t, e, c.ID)
	if len(h) != n+1 || h[n] != "malice_established:closed>closed:t-pet" {
		t.Errorf("history tail = %v, want one malice_established record", h[n-1:])
	}
	before := e.snap(c.ID)
	if err := e.svc.HandleMaliciousEstablished(ctx, ev); err != nil {
		t.Fatalf("delivered again: %v", err)
	}
	e.unchanged(t, before)
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

// AC12, XC07, XC06: an event without its officer or its unfounded
// allegations, or with an officer of another organ, is refused and opens
// nothing.
func TestClearance_AC12_MaliceEstablishedRefusals(t *testing.T) {
	e := newEnv(t)
	noAllegations := maliceEvent(t, "r2", tPetition)
	p, _ := event.Decode(noAllegations)
	me := p.(event.MaliciousEstablished)
	me.Allegations = me.Allegations[1:]
	noAllegations, _ = kit.NewEvent("r2#m", "accusation", "r2", t0, me)
	tests := []struct {
		name  string
		ev    dandang.Event
		code  dandang.Code
		rule  string
		field string
	}{
		{"no officer (an event written before)", maliceEvent(t, "r1", dandang.Actor{}), dandang.Invalid, "AC12", "By"},
		{"an officer of another organ", maliceEvent(t, "r1", oPetition), dandang.Forbidden, "XC07", "By.Organ.ID"},
		{"no unfounded allegation", noAllegations, dandang.Invalid, "AC12", "Allegations"},
		{"an officer without authority over the subject", maliceEvent(t, "r1", actor("t-trial", township, dandang.TrialOffice)), dandang.Forbidden, "XC02", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := e.svc.HandleMaliciousEstablished(ctx, tt.ev)
			wantErr(t, err, tt.code, tt.rule)
			if tt.field != "" && dandang.ErrorField(err) != tt.field {
				t.Errorf("field = %q, want %q", dandang.ErrorField(err), tt.field)
			}
			cs, _ := e.svc.Find(ctx, admin, clearance.Filter{})
			evs, _ := e.db.Outbox().All(ctx)
			if len(cs) != 0 || len(evs) != 0 {
				t.Errorf("a refused event left %d cases and %d events", len(cs), len(evs))
			}
		})
	}
	ev, _ := kit.NewEvent("x", "report", "r1", t0, event.ClearanceRevoked{CaseID: "x"})
	wantErr(t, e.svc.HandleMaliciousEstablished(ctx, ev), dandang.Invalid, "AC12")
}

// AC12 end to end: the events the accusation process writes when it
// establishes malice carry what clearance needs to open each case, with no
// concluded-report event delivered.
func TestClearance_AC12_AccusationEventsOpenCases(t *testing.T) {
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	db := memdb.New()
	clock := dandang.NewFixedClock(time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China))
	keys, _ := accusation.NewMemoryKeys("walk", []byte("walkthrough key of thirty-two by"))
	acc, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Directory: dir, Clock: clock, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := walk.Accusation(ctx, &out, acc, clock, dir); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	svc, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Clock: clock, Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := db.Outbox().All(ctx)
	var opened []string
	var readers []dandang.Actor // the handling organ's case management office
	for _, ev := range evs {
		if ev.Kind != event.KindMaliciousEstablished {
			continue
		}
		p, _ := event.Decode(ev)
		me := p.(event.MaliciousEstablished)
		if me.By.ID == "" || me.By.Organ.ID != me.Organ.ID || me.ConcludedAt.IsZero() || len(me.Allegations) == 0 {
			t.Errorf("event %s lacks the officer, the conclusion or the allegations: %+v", ev.ID, me)
		}
		if err := svc.HandleMaliciousEstablished(ctx, ev); err != nil {
			t.Fatalf("event %s: %v", ev.ID, err)
		}
		opened = append(opened, clearance.CaseID(me.ReportID, me.Subject.ID))
		readers = append(readers, actor("reader", me.Organ, dandang.CaseManagement))
	}
	if len(opened) == 0 {
		t.Fatal("the accusation walk established no malice")
	}
	for i, id := range opened {
		c, err := svc.Get(ctx, readers[i], id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Malice == nil || c.State != clearance.Opened || slices.ContainsFunc(c.Allegations, func(a dandang.Allegation) bool { return a.Finding != dandang.Unfounded }) {
			t.Errorf("case %s: state %s malice %+v", id, c.State, c.Malice)
		}
	}
}
