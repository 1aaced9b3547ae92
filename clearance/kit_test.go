package clearance_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang/internal/checks"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

// XC07: "approved at county level" means by the handling organ's superior
// at county level in the directory: another county's petition office, at
// the right level with the right role, signs nothing.
func TestClearance_XC07_ChainSignedByTheSuperiorInTheTree(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(e.opened("r1", true))}))
	c = e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c), Comment: "同意"}))
	before := e.snap(c.ID)
	_, err := e.svc.Approve(ctx, oPetition, clearance.DecisionInput{Ref: ref(c), Comment: "同意"})
	wantErr(t, err, dandang.NotFound, "XC07") // outside its reach: the case reads as missing
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("a refused signature changed the store (-before +after):\n%s", diff)
	}
	// A township actor who claims county level is refused before anything else.
	claimed := tPetition
	claimed.Organ.Level = dandang.County
	_, err = e.svc.Approve(ctx, claimed, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "XC07")
	e.must(e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c), Comment: "同意"}))
}

// XC07: reads take the actor: a county sees its own cases and those of the
// organs under it, never another county's.
func TestClearance_XC07_ReadsWithinReach(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	const missing = "r-none/p-zhou"
	_, unseen := e.svc.Get(ctx, oPetition, c.ID)
	_, none := e.svc.Get(ctx, oPetition, missing)
	checks.SameAsMissing(t, unseen, c.ID, none, missing)
	_, unseen = e.svc.History(ctx, oPetition, c.ID)
	_, none = e.svc.History(ctx, oPetition, missing)
	checks.SameAsMissing(t, unseen, c.ID, none, missing)
	checks.SameAsMissing(t, e.svc.Verify(ctx, oPetition, c.ID), c.ID, e.svc.Verify(ctx, oPetition, missing), missing)
	if cs, err := e.svc.Find(ctx, oPetition, clearance.Filter{}); err != nil || len(cs) != 0 {
		t.Errorf("another county's Find{} = %d cases, %v; want none", len(cs), err)
	}
	if cs, err := e.svc.Find(ctx, oPetition, clearance.Filter{OrganID: township.ID}); err != nil || len(cs) != 0 {
		t.Errorf("another county's Find{township} = %d cases, %v; want none", len(cs), err)
	}
	for _, reader := range []dandang.Actor{tPetition, cPetition, citySuper} {
		if _, err := e.svc.Get(ctx, reader, c.ID); err != nil {
			t.Errorf("Get by %s, at or above the handling organ: %v", reader.ID, err)
		}
		if cs, _ := e.svc.Find(ctx, reader, clearance.Filter{}); len(cs) != 1 {
			t.Errorf("Find{} by %s = %d cases, want 1", reader.ID, len(cs))
		}
	}
}

// XC08: no one approves what they proposed, and no one signs twice in one
// chain; a joint step needs a distinct signer for each office.
func TestClearance_XC08_SeparationOfDuties(t *testing.T) {
	t.Run("proposer approves", func(t *testing.T) {
		e := newEnv(t)
		both := actor("t-both", township, dandang.PetitionOffice, dandang.PrincipalLeader)
		c := e.must(e.svc.Propose(ctx, both, clearance.ProposeInput{Ref: ref(e.opened("r1", true))}))
		before := e.snap(c.ID)
		_, err := e.svc.Approve(ctx, both, clearance.DecisionInput{Ref: ref(c)})
		wantErr(t, err, dandang.Forbidden, "XC08")
		if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
			t.Errorf("store changed (-before +after):\n%s", diff)
		}
		e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c)}))
	})
	t.Run("proposer approves as a look-alike", func(t *testing.T) {
		// The proposer's ID with an invisible character in it is not
		// another person: it is refused as an ID (XC06) before it signs.
		e := newEnv(t)
		both := actor("t-both", township, dandang.PetitionOffice, dandang.PrincipalLeader)
		c := e.must(e.svc.Propose(ctx, both, clearance.ProposeInput{Ref: ref(e.opened("r1", true))}))
		before := e.snap(c.ID)
		for _, hidden := range []string{"t-both\u200b", "t-\u2065both", "\ufefft-both", "t-both\u180e"} {
			lookAlike := actor(hidden, township, dandang.PrincipalLeader)
			_, err := e.svc.Approve(ctx, lookAlike, clearance.DecisionInput{Ref: ref(c)})
			wantErr(t, err, dandang.Invalid, "XC06")
			if dandang.ErrorField(err) != "Actor.ID" {
				t.Errorf("%q: field %q, want Actor.ID", hidden, dandang.ErrorField(err))
			}
		}
		if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
			t.Errorf("store changed (-before +after):\n%s", diff)
		}
	})
	t.Run("signs twice", func(t *testing.T) {
		e := newEnv(t, jointPolicy())
		c := e.must(e.svc.Open(ctx, cPetition, newCase("r1", cadre, true)))
		c = e.must(e.svc.Plan(ctx, cPetition, clearance.PlanInput{Ref: ref(c), Forms: []clearance.Form{clearance.Written}}))
		c = e.consulted(c, cPetition)
		c = e.must(e.svc.Propose(ctx, cPetition, clearance.ProposeInput{Ref: ref(c)}))
		c = e.must(e.svc.Approve(ctx, cSuper, clearance.DecisionInput{Ref: ref(c)})) // self review
		// One person holding two of the joint offices signs one of them.
		twoHats := actor("c-two", county, dandang.TrialOffice, dandang.PetitionOffice)
		c = e.must(e.svc.Approve(ctx, twoHats, clearance.DecisionInput{Ref: ref(c)}))
		before := e.snap(c.ID)
		_, err := e.svc.Approve(ctx, twoHats, clearance.DecisionInput{Ref: ref(c)})
		wantErr(t, err, dandang.Forbidden, "XC08")
		if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
			t.Errorf("store changed (-before +after):\n%s", diff)
		}
	})
	t.Run("decline proposer decides", func(t *testing.T) {
		e := newEnv(t)
		both := actor("t-both", township, dandang.PetitionOffice, dandang.PrincipalLeader)
		c := e.must(e.svc.Decline(ctx, both, clearance.DeclineInput{Ref: ref(e.opened("r1", true)), Reason: "无不良影响"}))
		_, err := e.svc.DecideDecline(ctx, both, clearance.DeclineDecisionInput{Ref: ref(c), Approve: true})
		wantErr(t, err, dandang.Forbidden, "XC08")
		e.must(e.svc.DecideDecline(ctx, tLeader, clearance.DeclineDecisionInput{Ref: ref(c), Approve: true}))
	})
}

// jointPolicy is a county chain: self review, a joint review of three
// offices, the principal leader's final approval (CL07, CL08, CL15).
func jointPolicy() clearance.Policy {
	p := clearance.DefaultPolicy()
	p.Ref = kit.PolicyRef{ID: "joint", Version: 1}
	p.RequireEffect = false
	p.Chain = []clearance.ChainStep{
		{Name: "self", Roles: []dandang.Role{dandang.SupervisionOffice}},
		{Name: "joint", Roles: []dandang.Role{dandang.PetitionOffice, dandang.TrialOffice, dandang.SupervisionOffice}, Joint: true},
		{Name: "final", Roles: []dandang.Role{dandang.PrincipalLeader}},
	}
	return p
}

// XC09: a command in a state its table does not list is refused with code
// transition and rule XC09, naming the state and the commands allowed there.
func TestClearance_XC09_WrongStateNamesStateAndAllowed(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	_, err := e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Transition, "XC09")
	var de *dandang.Error
	if !errors.As(err, &de) || de.State != "opened" {
		t.Fatalf("err = %#v, want the state named", err)
	}
	for _, cmd := range []string{"plan", "consult", "propose", "propose_decline"} {
		if !slices.Contains(de.Allowed, cmd) {
			t.Errorf("Allowed = %v, lacks %s", de.Allowed, cmd)
		}
	}
	if slices.Contains(de.Allowed, "approve") || slices.Contains(de.Allowed, "redate") {
		t.Errorf("Allowed = %v lists what is not allowed or not a user's command", de.Allowed)
	}
	got := clearance.Explain(err, language.SimplifiedChinese)
	for _, want := range []string{"XC09", "当前状态：待启动", "提请审批"} {
		if !strings.Contains(got, want) {
			t.Errorf("Explain = %q, lacks %q", got, want)
		}
	}
}

// A canceled or expired context is Canceled, matches the context's error,
// and changes nothing.
func TestClearance_CanceledContext(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	expired, cancel2 := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel2()
	before := e.snap(c.ID)
	_, err := e.svc.Propose(canceled, tPetition, clearance.ProposeInput{Ref: ref(c)})
	if !errors.Is(err, context.Canceled) || dandang.ErrorCode(err) != dandang.Canceled {
		t.Errorf("Propose(canceled) = %v (%s), want canceled", err, dandang.ErrorCode(err))
	}
	_, err = e.svc.Get(expired, admin, c.ID)
	if !errors.Is(err, context.DeadlineExceeded) || dandang.ErrorCode(err) == dandang.Internal {
		t.Errorf("Get(expired) = %v (%s), want deadline exceeded", err, dandang.ErrorCode(err))
	}
	if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
		t.Errorf("store changed (-before +after):\n%s", diff)
	}
}

// XC11: the case row is bound into its history: a row edited behind the
// library's back (state, allegations, head) is found by Verify.
func TestClearance_XC11_VerifyFindsAnEditedCaseRow(t *testing.T) {
	edits := map[string]func(c *clearance.Case){
		"state":       func(c *clearance.Case) { c.State = clearance.Approved },
		"allegations": func(c *clearance.Case) { c.Allegations[0].Summary = "别的问题" },
		"forms":       func(c *clearance.Case) { c.Forms = []clearance.Form{clearance.Written} },
		"head":        func(c *clearance.Case) { c.Head = strings.Repeat("0", 64) },
		"deadline":    func(c *clearance.Case) { c.Due += 30 },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			c := e.opened("r1", true)
			if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
				t.Fatalf("Verify(intact) = %v", err)
			}
			edited := c.Clone()
			edit(edited)
			// A save with no record: the row changes, the history does not.
			if err := memdb.NewStore(e.db, clearance.Cases).Save(ctx, edited, c.Version, nil, nil); err != nil {
				t.Fatal(err)
			}
			var ce *kit.ChainError
			if err := e.svc.Verify(ctx, admin, c.ID); !errors.As(err, &ce) {
				t.Errorf("Verify(edited %s) = %v, want a broken chain", name, err)
			}
		})
	}
}

// XC10: a deadline past the official schedule is provisional and listed;
// loading the newer schedule re-dates it, with a record.
func TestClearance_XC10_ProvisionalDeadlinesRedated(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(time.Date(2026, 12, 28, 9, 0, 0, 0, dandang.China))
	c := e.must(e.svc.Open(ctx, tPetition, newCase("r2026", secretary, true)))
	if !c.Provisional || c.Due.Date().Year() != 2027 {
		t.Fatalf("deadline %s provisional=%v, want a provisional 2027 deadline", c.Due, c.Provisional)
	}
	early := e.must(e.svc.Open(ctx, tPetition, newCase("r2026-b", cadre2(), true)))
	_ = early
	list, err := e.svc.Provisional(ctx, admin)
	if err != nil || len(list) != 2 {
		t.Fatalf("Provisional = %d cases, %v; want 2", len(list), err)
	}
	if l, _ := e.svc.Provisional(ctx, oPetition); len(l) != 0 {
		t.Errorf("another county lists %d provisional cases", len(l))
	}
	// A 2027 schedule (a test fixture: New Year's Day and the weekend
	// before it off, one Sunday worked).
	cal, err := dandang.ReadCalendar(strings.NewReader("2027-01-01\toff\t元旦\n2027-01-04\toff\t元旦\n2027-01-10\twork\t元旦\n"), dandang.DefaultCalendar())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.LoadCalendar(new(dandang.Calendar)); !errors.Is(err, &dandang.Error{Code: dandang.Invalid, Rule: "XC10"}) {
		t.Errorf("LoadCalendar(without the official years) = %v, want invalid [XC10]", err)
	}
	if err := e.svc.LoadCalendar(cal); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Redate(ctx, tPetition); !errors.Is(err, &dandang.Error{Code: dandang.Forbidden, Rule: "XC02"}) {
		t.Errorf("Redate by a petition office = %v, want forbidden [XC02]", err)
	}
	redated, err := e.svc.Redate(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if len(redated) != 2 {
		t.Fatalf("Redate changed %d cases, want 2", len(redated))
	}
	got := e.must(e.svc.Get(ctx, admin, c.ID))
	want := cal.AddWorkdays(dandang.DayOf(time.Date(2026, 12, 28, 0, 0, 0, 0, dandang.China)), clearance.DefaultPolicy().Deadlines.Propose)
	if got.Provisional || got.Due != want {
		t.Errorf("after Redate: due %s provisional=%v, want %s and official", got.Due, got.Provisional, want)
	}
	recs, _ := e.svc.History(ctx, admin, c.ID)
	if last := recs[len(recs)-1]; last.Command != "redate" || !slices.Contains(last.Rules, "XC10") || last.From != last.To {
		t.Errorf("last record = %s %s→%s %v, want a redate keeping the state under XC10", last.Command, last.From, last.To, last.Rules)
	}
	if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
		t.Errorf("Verify after Redate = %v", err)
	}
	if l, _ := e.svc.Provisional(ctx, admin); len(l) != 0 {
		t.Errorf("still %d provisional after the official schedule was loaded", len(l))
	}
}

func cadre2() dandang.Subject {
	s := secretary
	s.ID, s.Name = "p-wang", "王建军"
	return s
}

// Awaiting tells a host who must act next: the pending step's organ, level
// and roles, as the directory places it.
func TestClearance_AwaitingNextStep(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	if got := e.svc.Awaiting(c); got.OrganID != township.ID || !slices.Contains(got.Roles, dandang.PetitionOffice) || got.Step != "propose" {
		t.Errorf("Awaiting(opened) = %+v", got)
	}
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c)}))
	want := kit.Pending{Step: "approve", OrganID: county.ID, Level: dandang.County, Roles: []dandang.Role{dandang.PetitionOffice}, Due: c.Due}
	if diff := cmp.Diff(want, e.svc.Awaiting(c)); diff != "" {
		t.Errorf("Awaiting(in review) (-want +got):\n%s", diff)
	}
	if got := c.Ref(); got != (clearance.Ref{CaseID: c.ID, Version: c.Version}) {
		t.Errorf("Ref() = %+v", got)
	}
}

// XC05: a person is named as 王某某 in public texts unless they consented
// to be named in full; the consent is a recorded step.
func TestClearance_XC05_NamedInFullOnlyWithConsent(t *testing.T) {
	e := newEnv(t)
	c := e.approved("r1", true)
	if got := c.NoticeText(language.SimplifiedChinese); strings.Contains(got, secretary.Name) || !strings.Contains(got, "周某某同志") {
		t.Errorf("notice without consent names %q:\n%s", secretary.Name, got)
	}
	_, err := e.svc.NameInPublic(ctx, tPetition, clearance.NameInput{Ref: ref(c)})
	wantErr(t, err, dandang.Invalid, "XC05")
	c = e.must(e.svc.NameInPublic(ctx, tPetition, clearance.NameInput{Ref: ref(c), Consent: "本人同意公开姓名"}))
	if c.NamedInPublic == nil || c.NamedInPublic.Note != "本人同意公开姓名" {
		t.Fatalf("consent not recorded: %+v", c.NamedInPublic)
	}
	if got := c.NoticeText(language.SimplifiedChinese); !strings.Contains(got, "周建国同志") {
		t.Errorf("notice with consent does not name the subject in full:\n%s", got)
	}
	recs, _ := e.svc.History(ctx, admin, c.ID)
	if last := recs[len(recs)-1]; last.Command != "consent_to_name" || !slices.Contains(last.Rules, "XC05") {
		t.Errorf("last record = %s %v, want the consent under XC05", last.Command, last.Rules)
	}
	org := e.must(e.svc.Open(ctx, tPetition, newCase("r2", branch, true)))
	_, err = e.svc.NameInPublic(ctx, tPetition, clearance.NameInput{Ref: ref(org), Consent: "同意"})
	wantErr(t, err, dandang.Invalid, "XC05")
}

// Explain gives what a user acts on: the roles a refused signature awaits,
// what is outstanding before a case can close, each in words.
func TestExplain_Detail(t *testing.T) {
	e := newEnv(t)
	c := e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(e.opened("r1", true))}))
	_, err := e.svc.Approve(ctx, actor("t-pet2", township, dandang.PetitionOffice), clearance.DecisionInput{Ref: ref(c)})
	if got := clearance.Explain(err, language.SimplifiedChinese); !strings.Contains(got, "等待：主要负责人") {
		t.Errorf("Explain(refused signature) = %q, want the awaited role in words", got)
	}
	if got := clearance.Explain(err, language.English); !strings.Contains(got, "awaiting: principal leader") {
		t.Errorf("Explain(refused signature, en) = %q", got)
	}
	a := e.approved("r2", true)
	_, err = e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(a)})
	got := clearance.Explain(err, language.SimplifiedChinese)
	for _, want := range []string{"尚需：", "实施当面澄清", "送达通知书", "归入廉政档案"} {
		if !strings.Contains(got, want) {
			t.Errorf("Explain(close with outstanding) = %q, lacks %q", got, want)
		}
	}
}

// Every state and command of the table, every role and level has a name in
// zh-Hans and in English.
func TestText_EveryNameInBothLanguages(t *testing.T) {
	var commands []string
	for _, m := range clearance.Transitions() {
		commands = append(commands, m.Event)
	}
	commands = append(commands, "open")
	for _, tag := range []language.Tag{language.SimplifiedChinese, language.English} {
		for _, s := range []clearance.State{clearance.Opened, clearance.InReview, clearance.Approved, clearance.Closed, clearance.DeclinePending, clearance.Declined} {
			if got := s.Text(tag); got == "" || strings.Contains(got, "clearance.") {
				t.Errorf("state %s has no %s name: %q", s, tag, got)
			}
		}
		for _, cmd := range commands {
			if got := clearance.CommandText(cmd, tag); got == cmd && tag == language.SimplifiedChinese {
				t.Errorf("command %s has no %s name", cmd, tag)
			}
		}
		for _, r := range dandang.Roles() {
			if got := r.Text(tag); got == string(r) {
				t.Errorf("role %s has no %s name", r, tag)
			}
		}
		for _, l := range []dandang.Level{dandang.Township, dandang.County, dandang.City, dandang.Province} {
			if got := l.Text(tag); got == l.String() && tag == language.SimplifiedChinese {
				t.Errorf("level %s has no %s name", l, tag)
			}
		}
	}
}

// XC07: a command on a case outside the actor's reach tells nothing of it:
// neither its version (Conflict) nor its state (Transition).
func TestClearance_XC07_NothingToldOutsideReach(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	for name, call := range map[string]func() error{
		"stale version": func() error {
			_, err := e.svc.Grade(ctx, oPetition, clearance.GradeInput{Ref: clearance.Ref{CaseID: c.ID, Version: 9}, Grade: clearance.Key})
			return err
		},
		"wrong state": func() error {
			_, err := e.svc.Approve(ctx, oPetition, clearance.DecisionInput{Ref: ref(c)})
			return err
		},
	} {
		if err := call(); !errors.Is(err, &dandang.Error{Code: dandang.NotFound, Rule: "XC07"}) {
			t.Errorf("%s by another county = %v, want not found [XC07]", name, err)
		}
	}
}

// XC08: whoever proposed in an earlier round does not sign a later one.
func TestClearance_XC08_EarlierProposerDoesNotSign(t *testing.T) {
	e := newEnv(t)
	both := actor("t-both", township, dandang.PetitionOffice, dandang.PrincipalLeader)
	c := e.must(e.svc.Propose(ctx, both, clearance.ProposeInput{Ref: ref(e.opened("r1", true))}))
	c = e.must(e.svc.Reject(ctx, tLeader, clearance.DecisionInput{Ref: ref(c), Comment: "补充材料"}))
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	_, err := e.svc.Approve(ctx, both, clearance.DecisionInput{Ref: ref(c)})
	wantErr(t, err, dandang.Forbidden, "XC08")
}

// XC07: the event's actor opens cases only for the organ that concluded
// the report.
func TestClearance_XC07_ConcludedByAnotherOrgan(t *testing.T) {
	e := newEnv(t)
	rc := event.ReportConcluded{ReportID: "r9", Organ: county, By: tPetition, ConcludedAt: t0.Add(-time.Hour),
		Subjects:    []dandang.Subject{secretary},
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: secretary.ID, Summary: "优亲厚友", Finding: dandang.Unfounded}}}
	ev, err := kit.NewEvent("ev-r9", "report", "r9", t0, rc)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.HandleReportConcluded(ctx, ev); !errors.Is(err, &dandang.Error{Code: dandang.Forbidden, Rule: "XC07"}) {
		t.Errorf("HandleReportConcluded(by another organ's actor) = %v, want forbidden [XC07]", err)
	}
}

// IDs are refused with control characters in them (XC06): they are joined
// into keys.
func TestClearance_XC06_ControlCharactersInIDs(t *testing.T) {
	e := newEnv(t)
	in := newCase("r\x00x", secretary, true)
	_, err := e.svc.Open(ctx, tPetition, in)
	wantErr(t, err, dandang.Invalid, "XC06")
	s := secretary
	s.ID = "p\nq"
	_, err = e.svc.Open(ctx, tPetition, newCase("r1", s, true))
	wantErr(t, err, dandang.Invalid, "XC06")
}

// XC06: text the store keeps is text the library checked: invalid UTF-8,
// NUL bytes, oversized texts and lists are refused, the field named, the
// store unchanged.
func TestClearance_XC06_TextAndSizeChecked(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	badName := tPetition
	badName.Name = "王\xff明"
	many := newCase("r-many", cadre2(), true)
	for i := 0; i < 201; i++ {
		many.Allegations = append(many.Allegations, dandang.Allegation{ID: fmt.Sprintf("x%d", i), SubjectID: many.Subject.ID, Summary: "问题", Finding: dandang.Unfounded})
	}
	tests := []struct {
		name  string
		field string
		call  func() error
	}{
		{"invalid UTF-8 in the actor's name", "Actor.Name", func() error {
			_, err := e.svc.Grade(ctx, badName, clearance.GradeInput{Ref: ref(c), Grade: clearance.Key})
			return err
		}},
		{"NUL in a note", "Note", func() error {
			_, err := e.svc.Grade(ctx, tPetition, clearance.GradeInput{Ref: ref(c), Grade: clearance.Key, Note: "a\x00b"})
			return err
		}},
		{"a 10 MB reason", "Reason", func() error {
			_, err := e.svc.Decline(ctx, tPetition, clearance.DeclineInput{Ref: ref(c), Reason: strings.Repeat("理", 10<<20/3)})
			return err
		}},
		{"201 allegations", "Allegations", func() error {
			_, err := e.svc.Open(ctx, tPetition, many)
			return err
		}},
		{"invalid UTF-8 in an allegation", "Allegations[0].Summary", func() error {
			in := newCase("r-bad", cadre2(), true)
			in.Allegations[0].Summary = "\xc3"
			_, err := e.svc.Open(ctx, tPetition, in)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snap(c.ID)
			err := tt.call()
			wantErr(t, err, dandang.Invalid, "XC06")
			if got := dandang.ErrorField(err); got != tt.field {
				t.Errorf("field = %q, want %q", got, tt.field)
			}
			if diff := cmp.Diff(before, e.snap(c.ID), cmp.AllowUnexported(snapshot{})); diff != "" {
				t.Errorf("store changed (-before +after):\n%s", diff)
			}
		})
	}
	if cs, _ := e.svc.Find(ctx, admin, clearance.Filter{}); len(cs) != 1 {
		t.Errorf("%d cases after the refusals, want 1", len(cs))
	}
}

// XC04: statistics count a closed period, and only what ended in it: an
// open case is never counted as cleared.
func TestClearance_XC04_StatsCountAClosedPeriod(t *testing.T) {
	e := newEnv(t)
	e.closed("r1", true)
	e.opened("r2", true)
	branchCase := e.must(e.svc.Open(ctx, tPetition, newCase("r3", branch, true)))
	_ = branchCase
	from, to := t0.Add(-24*time.Hour), t0.Add(24*time.Hour)
	for name, p := range map[string][2]time.Time{
		"zero period":      {},
		"no end":           {from, time.Time{}},
		"end before start": {to, from},
		"not yet ended":    {from, to},
	} {
		if _, err := e.svc.Stats(ctx, admin, dandang.Period{From: p[0], To: p[1]}); !errors.Is(err, &dandang.Error{Code: dandang.Invalid, Rule: "XC04"}) {
			t.Errorf("Stats(%s) = %v, want invalid [XC04]", name, err)
		}
	}
	e.clock.Set(to.Add(time.Hour))
	st, err := e.svc.Stats(ctx, admin, dandang.Period{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	want := &clearance.Stats{Organs: []clearance.OrganStats{{Organ: township, Persons: 1, Cases: 1}}}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
	if st, _ := e.svc.Stats(ctx, oPetition, dandang.Period{From: from, To: to}); len(st.Organs) != 0 {
		t.Errorf("another county's Stats = %+v, want nothing", st)
	}
}

// XC11: Verify reads the case and its history in one snapshot: while
// commands run on the case, it never reports tampering that did not happen.
func TestClearance_XC11_VerifyUnderLoad(t *testing.T) {
	e := newEnv(t)
	c := e.opened("r1", true)
	done := make(chan struct{})
	go func() {
		defer close(done)
		cur := c
		for i := 0; i < 300; i++ {
			next, err := e.svc.Supervise(ctx, cSuper, clearance.SuperviseInput{Ref: ref(cur), Kind: clearance.Progress})
			if err != nil {
				t.Error(err)
				return
			}
			cur = next
		}
	}()
	alarms, checks := 0, 0
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		if err := e.svc.Verify(ctx, admin, c.ID); err != nil {
			alarms++
			t.Logf("false alarm: %v", err)
		}
		checks++
	}
	if alarms != 0 {
		t.Errorf("%d of %d Verify calls under load reported tampering", alarms, checks)
	}
}
