package followup_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
)

// FU04, FU06, FU08: a person visited and reported on again and again keeps
// the last MaxVisits visits and MaxReports reports, so the case stays the
// size it was; the visits are numbered on, the visit at the period's end
// still counts once it left the case, the history keeps every visit and
// report and verifies, and the statistics count every one.
func TestFollowUp_FU04_VisitedCaseStaysBounded(t *testing.T) {
	findings := strings.Repeat("访", 4<<10/3)
	size := func(c *followup.Case) int {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return len(b)
	}
	// grow is a lifted warning visited once before its lift and once at
	// the period's end, then n times more, each visit reported on, one day
	// apart, the last visit rated good.
	grow := func(n int) (*env, *followup.Case) {
		e := newEnv(t)
		c := e.lifted("D-1")
		c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Good)))
		for i := range n {
			e.clock.Set(e.clock.Now().AddDate(0, 0, 1))
			in := visitInput(c, followup.Average)
			if i == n-1 {
				in.Rating = followup.Good
			}
			in.Findings = findings
			c = e.must(e.svc.Visit(ctx, office, in))
			c = e.must(e.svc.Report(ctx, office, followup.ReportInput{Ref: ref(c), Summary: findings}))
		}
		return e, c
	}
	const n = 100
	_, few := grow(followup.MaxVisits + 1)
	e, many := grow(n)
	if got, want := len(many.Visits), followup.MaxVisits; got != want {
		t.Errorf("the case keeps %d visits, want the last %d", got, want)
	}
	if got, want := len(many.Reports), followup.MaxReports; got != want {
		t.Errorf("the case keeps %d reports, want the last %d", got, want)
	}
	if got, want := many.Visits[len(many.Visits)-1].No, n+2; got != want {
		t.Errorf("the last visit is No %d, want %d", got, want)
	}
	if got, want := many.Reports[len(many.Reports)-1].Visits, n+2; got != want {
		t.Errorf("the last report covers %d visits, want %d", got, want)
	}
	bound := (followup.MaxVisits+followup.MaxReports)*(len(findings)+1<<10) + 16<<10
	if s := size(many); s > bound || s > size(few)+256 {
		t.Errorf("after %d visits the case is %d bytes, after %d it was %d: want at most %d and no growth",
			n+2, s, followup.MaxVisits+3, size(few), bound)
	}
	var ev event.FollowUpReported // the latest report: the one on the most visits
	for _, p := range e.events(event.KindFollowUpReported) {
		if p := p.(event.FollowUpReported); p.Visits > ev.Visits {
			ev = p
		}
	}
	if ev.Visits != n+2 || len(ev.Ratings) != followup.MaxVisits {
		t.Errorf("the last report tells %d visits and %d ratings, want %d and the last %d", ev.Visits, len(ev.Ratings), n+2, followup.MaxVisits)
	}
	// The visit at the period's end left the case long ago: it still
	// counts (FU08).
	if !many.EndVisited() {
		t.Error("EndVisited = false after the visit at the period's end left the case")
	}
	many = e.must(e.svc.Recommend(ctx, leader, followup.RecommendInput{Ref: ref(many), Reason: "表现优秀"}))
	many = e.must(e.svc.Close(ctx, leader, followup.CloseInput{Ref: ref(many)}))

	recs, err := e.svc.History(ctx, office, many.ID)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range recs {
		counts[r.Command]++
	}
	if counts["visit"] != n+2 || counts["report"] != n {
		t.Errorf("the history holds %v, want %d visits and %d reports", counts, n+2, n)
	}
	if err := e.svc.Verify(ctx, office, many.ID); err != nil {
		t.Errorf("Verify = %v", err)
	}

	e.clock.Set(e.clock.Now().AddDate(0, 0, 1))
	for _, p := range []struct {
		name                              string
		from                              time.Time
		visits, good, average, poor, reps int
	}{
		// Every visit and report: most read from the history.
		{"all", t0.AddDate(-1, 0, 0), n + 2, 2, n, 0, n},
		// The last few days: what the case keeps.
		{"last days", many.Visits[len(many.Visits)-3].At, 3, 1, 2, 0, 3},
	} {
		t.Run(p.name, func(t *testing.T) {
			st, err := e.svc.Stats(ctx, admin, dandang.Period{From: p.from, To: e.clock.Now()})
			if err != nil {
				t.Fatal(err)
			}
			got := st.Total
			if got.Visits != p.visits || got.Good != p.good || got.Average != p.average || got.Poor != p.poor || got.Reports != p.reps || got.Appraisals != p.good {
				t.Errorf("total = %+v, want %d visits (%d good, %d average, %d poor, %d appraisals), %d reports",
					got, p.visits, p.good, p.average, p.poor, p.good, p.reps)
			}
		})
	}
}
