package dandang_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// XC09: the state is checked before the actor's authority: an actor
// without the role, on a case in a state the command is not allowed in, is
// refused for the state (the case's state is what every reader in reach
// sees), and for the role only where the command is allowed.
func TestEngine_XC09_StateBeforeAuthorization(t *testing.T) {
	ctx := context.Background()
	e, _ := newVisitEngine(t)
	staff := dandang.Actor{ID: "u", Organ: dandang.Organ{ID: "lt"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	trialOnly := noteVisit
	trialOnly.Roles = func(visitPolicy) []dandang.Role { return []dandang.Role{dandang.TrialOffice} }
	trialOnly.Rule = "XC02"

	planned, err := kit.Create(ctx, e, "visit.Open", &openVisit, staff, "p-planned")
	if err != nil {
		t.Fatal(err)
	}
	_, err = kit.Exec(ctx, e, "visit.Note", &trialOnly, staff, note{Ref: planned.Ref(), Text: "x"})
	if !errors.Is(err, &dandang.Error{Code: dandang.Forbidden, Rule: "XC02"}) {
		t.Errorf("Note by a role not allowed, where the state allows it = %v, want forbidden [XC02]", err)
	}
	done, err := kit.Create(ctx, e, "visit.Open", &openVisit, staff, "p-done")
	if err != nil {
		t.Fatal(err)
	}
	if done, err = kit.Exec(ctx, e, "visit.Note", &noteVisit, staff, note{Ref: done.Ref(), Text: "谈话"}); err != nil {
		t.Fatal(err)
	}
	if done, err = kit.Exec(ctx, e, "visit.Done", &doneVisit, staff, done.Ref()); err != nil {
		t.Fatal(err)
	}
	_, err = kit.Exec(ctx, e, "visit.Note", &trialOnly, staff, note{Ref: done.Ref(), Text: "x"})
	if !errors.Is(err, &dandang.Error{Code: dandang.Transition, Rule: "XC09"}) {
		t.Errorf("Note by a role not allowed, in a state that does not allow it = %v, want transition [XC09]", err)
	}
}

// XC09: a refusal for the state names the state and the commands allowed
// there, from the transition table.
func TestEngine_XC09_RefusalNamesTheAllowed(t *testing.T) {
	ctx := context.Background()
	e, _ := newVisitEngine(t)
	staff := dandang.Actor{ID: "u", Organ: dandang.Organ{ID: "lt"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	v, err := kit.Create(ctx, e, "visit.Open", &openVisit, staff, "p1")
	if err != nil {
		t.Fatal(err)
	}
	reopen := kit.Command[visitState, *visit, visitPolicy, dandang.Ref]{
		Name:  "reopen",
		Moves: []kit.Move[visitState]{{Event: "reopen", From: []visitState{"done"}, To: "planned"}},
		Ref:   func(in dandang.Ref) dandang.Ref { return in },
	}
	_, err = kit.Exec(ctx, e, "visit.Reopen", &reopen, staff, v.Ref())
	var de *dandang.Error
	if !errors.As(err, &de) || de.Code != dandang.Transition || de.Rule != "XC09" {
		t.Fatalf("Reopen on a planned visit = %v, want transition [XC09]", err)
	}
	if de.State != "planned" {
		t.Errorf("state = %q, want planned", de.State)
	}
	if diff := cmp.Diff([]string{"note", "done"}, de.Allowed); diff != "" {
		t.Errorf("allowed (-want +got):\n%s", diff)
	}
}

// XC10: a deadline counted into a year the calendar holds no official
// schedule for is marked provisional when it is set, and listed; one
// inside the schedule is not.
func TestRun_XC10_DueMarksProvisional(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name        string
		now         time.Time
		provisional bool
	}{
		{"inside the schedule", time.Date(2024, 3, 4, 9, 0, 0, 0, dandang.China), false},
		{"past the schedule", time.Date(2031, 3, 3, 9, 0, 0, 0, dandang.China), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newVisitEngine(t)
			e.Clock().(*dandang.FixedClock).Set(tt.now)
			staff := dandang.Actor{ID: "u", Organ: dandang.Organ{ID: "lt"}, Roles: []dandang.Role{dandang.PetitionOffice}}
			v, err := kit.Create(ctx, e, "visit.Open", &openVisit, staff, "p1")
			if err != nil {
				t.Fatal(err)
			}
			if v.Provisional != tt.provisional || v.Due == 0 {
				t.Errorf("due %s provisional %v, want provisional %v", v.Due, v.Provisional, tt.provisional)
			}
			listed, err := e.Find(ctx, "visit.Provisional", staff, kit.Filter{Provisional: true})
			if err != nil {
				t.Fatal(err)
			}
			if (len(listed) == 1) != tt.provisional {
				t.Errorf("listed provisional: %d cases, want %v", len(listed), tt.provisional)
			}
		})
	}
}

// XC10: a calendar that drops a year the current one holds an official
// schedule for is refused, and the current one stays; one that adds a year
// is taken.
func TestEngine_XC10_LoadCalendarRefusesADroppedYear(t *testing.T) {
	e, _ := newVisitEngine(t)
	cur := e.Calendar()
	only2024, err := dandang.ReadCalendar(strings.NewReader("2024-01-01\toff\t元旦\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	err = e.LoadCalendar("visit.LoadCalendar", only2024)
	if !errors.Is(err, &dandang.Error{Code: dandang.Invalid, Rule: "XC10"}) || !strings.Contains(err.Error(), "2023") {
		t.Errorf("LoadCalendar dropping 2023 = %v, want invalid [XC10] naming the year", err)
	}
	if e.Calendar() != cur {
		t.Errorf("a refused calendar was loaded")
	}
	more, err := dandang.ReadCalendar(strings.NewReader("2027-01-01\toff\t元旦\n"), cur)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.LoadCalendar("visit.LoadCalendar", more); err != nil || e.Calendar() != more || !more.Covers(2027) {
		t.Errorf("LoadCalendar adding 2027 = %v", err)
	}
}
