package accusation_test

import (
	"slices"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
)

// The rules across the processes a report's history names, so that rule
// coverage (dandang test -cover) counts them from the record.

// XC01, XC11: every recorded change names the history rule and the
// binding of the case's new state into it.
func TestAccusation_XC01_XC11_EveryRecordNamesThem(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	recs, err := e.svc.History(ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 8 {
		t.Fatalf("%d records, want the whole way to established", len(recs))
	}
	for _, r := range recs {
		for _, rule := range []string{"XC01", "XC11"} {
			if !slices.Contains(r.Rules, rule) {
				t.Errorf("record %d (%s) rules %v, want %s among them", r.Seq, r.Command, r.Rules, rule)
			}
		}
	}
}

// XC03, XC10: a step that counts a deadline on the calendar names XC03,
// and XC10 as well when the deadline falls past the official schedule
// (provisional); a step that counts none names neither.
func TestAccusation_XC03_XC10_DeadlinesNameTheCalendar(t *testing.T) {
	inside := time.Date(2023, 3, 1, 9, 0, 0, 0, dandang.China) // the default calendar's official schedule
	late := time.Date(2026, 12, 14, 9, 0, 0, 0, dandang.China) // deadlines in 2027: no official schedule
	tests := []struct {
		name      string
		at        time.Time
		run       func(e *env) *accusation.Case
		xc03, x10 bool
	}{
		{"receive, counted from receipt", inside, receivedNow, true, false},
		{"receive past the schedule", late, receivedNow, true, true},
		{"receive a repeat: no deadline", inside, func(e *env) *accusation.Case {
			receivedNow(e)
			in := report("r2", true)
			in.ReceivedAt = e.clock.Now()
			return e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: liu, Text: text}))
		}, false, false},
		{"dispose (Due)", inside, func(e *env) *accusation.Case { return e.verifying("r1") }, true, false},
		{"conclude (Term)", inside, func(e *env) *accusation.Case { return e.concluded("r1") }, true, false},
		{"conclude past the schedule", late, func(e *env) *accusation.Case { return e.concluded("r1") }, true, true},
		{"finding: no deadline", inside, func(e *env) *accusation.Case {
			c := e.verifying("r1")
			return e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: "a1", Finding: dandang.Unfounded}))
		}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.clock.Set(tt.at)
			c := tt.run(e)
			recs, err := e.svc.History(ctx, admin, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := recs[len(recs)-1]
			if got := slices.Contains(last.Rules, "XC03"); got != tt.xc03 {
				t.Errorf("%s rules %v: XC03 named %v, want %v", last.Command, last.Rules, got, tt.xc03)
			}
			if got := slices.Contains(last.Rules, "XC10"); got != tt.x10 {
				t.Errorf("%s rules %v: XC10 named %v, want %v", last.Command, last.Rules, got, tt.x10)
			}
		})
	}
}

// receivedNow registers a named report received at the clock's time.
func receivedNow(e *env) *accusation.Case {
	in := report("r1", true)
	in.ReceivedAt = e.clock.Now()
	return e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: liu, Text: text}))
}

// XC07: establishing malice is approved by an organ at the approval level
// above the handling organ as the directory has them, and the approval
// names XC07; an organ that claims another level is refused by XC07, and
// one below the level by AC17.
func TestAccusation_XC07_ApprovalLevelFromTheDirectory(t *testing.T) {
	e := newEnv(t)
	c := e.determining("r1")
	claims := cLeader
	claims.Organ = dandang.Organ{ID: county.ID, Level: dandang.City} // a county claiming to be a city
	_, err := e.svc.ApproveMalice(ctx, claims, accusation.NoteInput{Ref: ref(c), Note: "同意认定"})
	wantErr(t, err, dandang.Forbidden, "XC07", "Actor.Organ")
	_, err = e.svc.ApproveMalice(ctx, cLeader, accusation.NoteInput{Ref: ref(c), Note: "同意认定"})
	wantErr(t, err, dandang.Forbidden, "AC17", "Actor.Organ")
	c = e.must(e.svc.ApproveMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(c), Note: "同意认定"}))
	recs, _ := e.svc.History(ctx, admin, c.ID)
	if last := recs[len(recs)-1]; last.Command != "approve_malice" || !slices.Contains(last.Rules, "XC07") {
		t.Errorf("last record %s %v, want approve_malice under XC07", last.Command, last.Rules)
	}
}

// XC05: the accuser handled and an organizer linked are kept only masked,
// and their steps name XC05.
func TestAccusation_XC05_AccuserAndOrganizerMasked(t *testing.T) {
	e := newEnv(t)
	c := e.established("r1")
	c = e.must(e.svc.LinkOrganizer(ctx, cPetition, accusation.OrganizerInput{Ref: ref(c), PersonID: "p-zhang", Name: "张志强", Role: "organizer"}))
	c = e.must(e.svc.Sanction(ctx, cPetition, accusation.SanctionInput{Ref: ref(c), AccuserID: "p-liu", AccuserName: reporterName,
		ManagedAt: dandang.Township, Region: "330305", Category: accusation.PartyMember, Severity: accusation.Ordinary,
		Sanction: accusation.PartyWarning}))
	if got := []string{c.Organizers[0].MaskedName, c.Handling[0].MaskedName}; !slices.Equal(got, []string{"张某某", "刘某某"}) {
		t.Errorf("kept names %v, want [张某某 刘某某]", got)
	}
	recs, _ := e.svc.History(ctx, admin, c.ID)
	for _, r := range recs[len(recs)-2:] {
		if !slices.Contains(r.Rules, "XC05") {
			t.Errorf("%s rules %v, want XC05 among them", r.Command, r.Rules)
		}
	}
}
