package accusation_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/kit"
)

// reporter returns the n-th of several different reporters.
func reporter(n int) accusation.Identity {
	id := liu
	id.IDNumber, id.Name = fmt.Sprintf("1100000000000000%02d", n), fmt.Sprintf("举报人%d", n)
	return id
}

// AC05: identical reports are flagged by the policy's count of different
// reporters within its window either side of receipt, however late each
// is registered: a same reporter counts once, and a report outside the
// window not at all.
func TestAccusation_AC05_IdenticalWindowAndCount(t *testing.T) {
	const text = "村委会主任贾某某侵占集体土地补偿款。"
	type rep struct {
		id       string
		reporter int
		received time.Duration // after t0
	}
	for _, tc := range []struct {
		name    string
		reports []rep
		flagged map[string][]string // report: the reports its identical flag links
	}{
		{"three reporters in receipt order", []rep{{"a", 1, 0}, {"b", 2, time.Hour}, {"c", 3, 2 * time.Hour}},
			map[string][]string{"c": {"a", "b"}}},
		{"registered in reverse order of receipt", []rep{{"c", 3, 2 * time.Hour}, {"b", 2, time.Hour}, {"a", 1, 0}},
			map[string][]string{"a": {"b", "c"}}},
		{"two reporters are below the count", []rep{{"a", 1, 0}, {"b", 2, time.Hour}}, nil},
		{"one reporter twice counts once", []rep{{"a", 1, 0}, {"b", 2, time.Hour}, {"c", 2, 2 * time.Hour}}, nil},
		{"one outside the window", []rep{{"a", 1, 0}, {"b", 2, time.Hour}, {"c", 3, 31 * 24 * time.Hour}}, nil},
		{"outside the window before", []rep{{"c", 3, 31 * 24 * time.Hour}, {"a", 1, 0}, {"b", 2, time.Hour}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.clock.Set(t0.AddDate(0, 2, 0))
			got := map[string][]string{}
			for _, r := range tc.reports {
				in := report(r.id, true)
				in.ReceivedAt = t0.Add(r.received)
				c := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: reporter(r.reporter), Text: text}))
				for _, f := range c.Flags {
					if f.Kind == accusation.Identical {
						got[c.ID] = f.Reports
					}
				}
			}
			if len(got) != len(tc.flagged) {
				t.Fatalf("flagged %v, want %v", got, tc.flagged)
			}
			for id, want := range tc.flagged {
				if !slices.Equal(got[id], want) {
					t.Errorf("%s links %v, want %v", id, got[id], want)
				}
			}
		})
	}
}

// slowStore makes screening slow, so that intakes running at once would
// all screen before any registers, were they not kept apart.
type slowStore struct{ accusation.Store }

func (s slowStore) Find(ctx context.Context, f kit.Filter) ([]*accusation.Case, error) {
	time.Sleep(2 * time.Millisecond)
	return s.Store.Find(ctx, f)
}

// AC15: the same reporter's same report received by eight clerks at once
// is registered once and filed seven times as its repeat.
func TestAccusation_AC15_ConcurrentRepeatsFiled(t *testing.T) {
	db := memdb.New()
	svc, err := accusation.NewService(accusation.Config{Store: slowStore{memdb.NewStore(db, accusation.Cases)}, Clock: dandang.NewFixedClock(t0),
		Directory: directory, Keys: testKeys(t)})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	states := make([]accusation.State, 8)
	for i := range states {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := svc.Receive(ctx, cPetition, report(fmt.Sprintf("r%d", i), true), conf(true))
			if err != nil {
				t.Error(err)
				return
			}
			states[i] = c.State
		}()
	}
	wg.Wait()
	var registered, filed int
	for _, s := range states {
		switch s {
		case accusation.Registered:
			registered++
		case accusation.Filed:
			filed++
		}
	}
	if registered != 1 || filed != 7 {
		t.Errorf("registered %d, filed %d; want 1 and 7", registered, filed)
	}
}

// AC14: a named report passed up is registered at the organ above as come
// from below, handled there — not filed as a repeat of the entry it was
// passed up from — and owes its acceptance notice; from an organ that is
// not below, it is refused.
func TestAccusation_AC14_PassedUpHandledAbove(t *testing.T) {
	e := newEnv(t)
	tw := e.must(e.svc.Receive(ctx, tPetition, report("tw-1", true), conf(true)))
	if tw.DueStep != "pass_up" {
		t.Fatalf("township report about a county-managed cadre: step %q, want pass_up", tw.DueStep)
	}
	e.must(e.svc.PassUp(ctx, tPetition, accusation.PassUpInput{Ref: ref(tw), To: county.ID}))
	in := report("dt-1", true)
	in.Channel, in.From = accusation.FromBelow, township.ID
	bad := in
	bad.From = city.ID
	_, err := e.svc.Receive(ctx, cPetition, bad, conf(true))
	wantErr(t, err, dandang.Invalid, "AC14", "From")
	up := e.must(e.svc.Receive(ctx, cPetition, in, conf(true)))
	if up.State != accusation.Registered || up.RepeatOf != "" || !up.AcceptanceDue.Owed() {
		t.Errorf("passed up and registered above: state %s, repeat of %q, acceptance owed %v; want registered, handled, owed",
			up.State, up.RepeatOf, up.AcceptanceDue.Owed())
	}
	// The same reporter again is a repeat of the county's entry.
	again := e.must(e.svc.Receive(ctx, cPetition, report("dt-2", true), conf(true)))
	if again.State != accusation.Filed || again.RepeatOf != "dt-1" {
		t.Errorf("again: state %s repeat of %q, want filed with dt-1", again.State, again.RepeatOf)
	}
}

// AC05: an election period flags reports about subjects of its region
// received within it, and no others: another region's subject, or a day
// outside the period.
func TestAccusation_AC05_ElectionPeriodByRegion(t *testing.T) {
	pol := accusation.DefaultPolicy()
	pol.Ref.ID = "election"
	from, to := dandang.DayOf(t0.AddDate(0, 0, 10)), dandang.DayOf(t0.AddDate(0, 1, 0))
	pol.Screening.Elections = []accusation.ElectionPeriod{{Region: "330305", From: from, To: to}}
	e := newEnv(t, pol)
	e.clock.Set(t0.AddDate(0, 2, 0))
	elsewhere := zeng
	elsewhere.ID, elsewhere.Region = "p-other", "330302"
	for _, tc := range []struct {
		name     string
		subject  dandang.Subject
		received time.Time
		flagged  bool
	}{
		{"its region, in the period", zeng, from.Date().Add(9 * time.Hour), true},
		{"its region, the period's last day", zeng, to.Date().Add(9 * time.Hour), true},
		{"its region, before the period", zeng, t0, false},
		{"another region, in the period", elsewhere, from.Date().Add(9 * time.Hour), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := accusation.NewReport{ID: fmt.Sprintf("e-%d", tc.received.Unix()%100000) + tc.subject.ID, ReceivedAt: tc.received, Subjects: []dandang.Subject{tc.subject},
				Allegations: []dandang.Allegation{{ID: "a1", SubjectID: tc.subject.ID, Summary: "拉票贿选"}}}
			c := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: "换届举报：" + tc.name}))
			got := slices.ContainsFunc(c.Flags, func(f accusation.Flag) bool { return f.Kind == accusation.Election })
			if got != tc.flagged {
				t.Errorf("election flag = %v, want %v (flags %+v)", got, tc.flagged, c.Flags)
			}
		})
	}
}

// AC14, AC04: an anonymous report owes no acceptance notice, and its
// reporter cannot be read for feedback; feedback to a named reporter is
// read in the handling organ only, not by an organ above.
func TestAccusation_AC14_AnonymousOwesNoNotice(t *testing.T) {
	e := newEnv(t)
	anon := e.must(e.svc.Receive(ctx, cPetition, report("r-anon", false), conf(false)))
	if anon.AcceptanceDue.Owed() {
		t.Errorf("anonymous report owes an acceptance notice due %s", anon.AcceptanceDue.Due)
	}
	c := e.received("r1")
	c = e.must(e.svc.AuthorizeRead(ctx, cityLead, accusation.GrantInput{Ref: ref(c), Reader: "city-pet", Purpose: accusation.ForFeedback, Reference: "审批表"}))
	_, _, err := e.svc.ReadIdentity(ctx, actor("city-pet", city, dandang.PetitionOffice), accusation.ReadInput{Ref: ref(c), Purpose: accusation.ForFeedback})
	wantErr(t, err, dandang.Forbidden, "AC04", "Actor.Organ")
}

// AC14, XC10: a report passed up stops owing its reporter anything at the
// organ below — the organ above owes the notice now — so it is never
// listed overdue or provisional there, and re-dating runs past it.
func TestAccusation_AC14_PassedUpOwesNothingBelow(t *testing.T) {
	e := newEnv(t)
	day := time.Date(2026, 12, 21, 9, 0, 0, 0, dandang.China)
	e.clock.Set(day)
	in := report("tw-1", true)
	in.ReceivedAt = day
	tw := e.must(e.svc.Receive(ctx, tPetition, in, conf(true)))
	if !tw.AcceptanceDue.Provisional {
		t.Fatalf("acceptance %+v, want a provisional 2027 notice", tw.AcceptanceDue)
	}
	tw = e.must(e.svc.PassUp(ctx, tPetition, accusation.PassUpInput{Ref: ref(tw), To: county.ID}))
	if tw.AcceptanceDue.Owed() || tw.Overdue(dandang.DayOf(day.AddDate(0, 3, 0))) {
		t.Errorf("passed up: acceptance %+v, overdue %v; want nothing owed", tw.AcceptanceDue, tw.Overdue(dandang.DayOf(day.AddDate(0, 3, 0))))
	}
	if l, _ := e.svc.Provisional(ctx, admin); len(l) != 0 {
		t.Errorf("%d provisional after passing up, want none", len(l))
	}
	if over, _ := e.svc.Overdue(ctx, admin, day.AddDate(0, 3, 0)); len(over) != 0 {
		t.Errorf("%d overdue after passing up, want none", len(over))
	}
}

// AC15: two instances sharing one store — each with its own Service, so
// neither waits for the other — register the same reporter's same report
// once, and file the rest as its repeats: the store holds the first
// report's claim (kit.Meta.Unique), and an intake that loses the race
// screens again.
func TestAccusation_AC15_TwoInstancesFileRepeats(t *testing.T) {
	db := memdb.New()
	var svcs []*accusation.Service
	for range 2 {
		svc, err := accusation.NewService(accusation.Config{Store: slowStore{memdb.NewStore(db, accusation.Cases)}, Clock: dandang.NewFixedClock(t0),
			Directory: directory, Keys: testKeys(t)})
		if err != nil {
			t.Fatal(err)
		}
		svcs = append(svcs, svc)
	}
	var wg sync.WaitGroup
	states := make([]accusation.State, 8)
	for i := range states {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := svcs[i%2].Receive(ctx, cPetition, report(fmt.Sprintf("r%d", i), true), conf(true))
			if err != nil {
				t.Error(err)
				return
			}
			states[i] = c.State
		}()
	}
	wg.Wait()
	registered := 0
	for _, s := range states {
		if s == accusation.Registered {
			registered++
		}
	}
	if registered != 1 {
		t.Errorf("states %v: %d registered as new, want 1", states, registered)
	}
}

// AC05: screening and the link queries read the store's secondary keys,
// never the subjects: a subject whose ID reads as a key once did (a
// content hash or a pseudonym behind a prefix) links no report, and is
// found as the subject it is.
func TestAccusation_AC05_SubjectIDsAreNotKeys(t *testing.T) {
	e := newEnv(t)
	first := e.must(e.svc.Receive(ctx, cPetition, report("r-first", true), conf(true)))
	in := report("r-odd", false)
	for _, id := range []string{"~c:" + first.ContentHash, "~p:" + first.Pseudonym} {
		odd := zeng
		odd.ID = id
		in.Subjects = append(in.Subjects, odd)
	}
	odd := e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: "另一件举报。"}))
	if len(odd.Flags) != 0 || odd.RepeatOf != "" || odd.PriorReport != "" {
		t.Errorf("the report about odd subjects was linked: flags %+v, repeat of %q, prior %q", odd.Flags, odd.RepeatOf, odd.PriorReport)
	}
	for _, q := range []struct {
		name string
		find func() ([]*accusation.Case, error)
		want []string
	}{
		{"Identical", func() ([]*accusation.Case, error) { return e.svc.Identical(ctx, admin, first.ID) }, []string{"r-first"}},
		{"Linked", func() ([]*accusation.Case, error) { return e.svc.Linked(ctx, admin, first.Pseudonym) }, []string{"r-first"}},
		{"List by the odd subject", func() ([]*accusation.Case, error) {
			return e.svc.Find(ctx, admin, accusation.Filter{SubjectID: "~c:" + first.ContentHash})
		}, []string{"r-odd"}},
	} {
		cs, err := q.find()
		if err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.ID)
		}
		if !slices.Equal(got, q.want) {
			t.Errorf("%s = %v, want %v", q.name, got, q.want)
		}
	}
}

// AC05: a group of identical reports is one fact, the same from every
// member — not only from the newest, which screening flagged — and from
// every instance of the library on one store: a report registered by
// another instance joins the group all see.
func TestAccusation_AC05_IdenticalGroupFromEveryMember(t *testing.T) {
	const text = "村委会主任贾某某侵占集体土地补偿款。"
	e := newEnv(t)
	e.clock.Set(t0.AddDate(0, 2, 0))
	other, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(e.db, accusation.Cases), Clock: e.clock, Directory: directory, Keys: e.keys})
	if err != nil {
		t.Fatal(err)
	}
	receive := func(svc *accusation.Service, id string, who int, after time.Duration) {
		t.Helper()
		in := report(id, true)
		in.ReceivedAt = t0.Add(after)
		if _, err := svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: reporter(who), Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	group := func(svc *accusation.Service, id string) []string {
		t.Helper()
		cs, err := svc.Identical(ctx, cPetition, id)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range cs {
			ids = append(ids, c.ID)
		}
		return ids
	}
	receive(e.svc, "a", 1, 0)
	receive(e.svc, "b", 2, time.Hour)
	if got := group(e.svc, "a"); !slices.Equal(got, []string{"a"}) {
		t.Errorf("below the count: group of a = %v, want a alone", got)
	}
	receive(other, "c", 3, 2*time.Hour)
	receive(e.svc, "far", 4, 60*24*time.Hour) // outside the window
	for _, svc := range []*accusation.Service{e.svc, other} {
		for _, id := range []string{"a", "b", "c"} {
			if got := group(svc, id); !slices.Equal(got, []string{"a", "b", "c"}) {
				t.Errorf("group of %s = %v, want [a b c]", id, got)
			}
		}
	}
	if got := group(e.svc, "far"); !slices.Equal(got, []string{"far"}) {
		t.Errorf("group of a report outside the window = %v, want itself", got)
	}
}
