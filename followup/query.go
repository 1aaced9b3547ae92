package followup

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Filter selects cases (closed and stopped ones by their closing time), as
// every process selects them.
type Filter = kit.Query[State]

// Find returns the cases f selects within the actor's reach (XC07), by ID;
// f.Limit applies after that order.
//
// Errors: Invalid for a bad actor; Forbidden (XC07) for an organ not in the
// directory; Canceled.
func (s *Service) Find(ctx context.Context, actor dandang.Actor, f Filter) ([]*Case, error) {
	return s.engine.Find(ctx, "followup.Find", actor, f.Filter())
}

// LiftDue records the lift of every sanction in the actor's reach whose
// period ran out by now (FU07): the sanction lifts by itself, and each lift
// is a recorded step by the actor, as [Service.Lift] records it. Cases still
// awaiting their plan are left to the plan's deadline. It returns the cases
// lifted.
//
// Errors: as for Find, and for Lift; a case that cannot be lifted stops the
// run with its error, the cases before it lifted.
func (s *Service) LiftDue(ctx context.Context, actor dandang.Actor) ([]*Case, error) {
	const op = "followup.LiftDue"
	cs, err := s.engine.Find(ctx, op, actor, kit.Filter{State: string(Following)})
	if err != nil {
		return nil, err
	}
	today := dandang.DayOf(s.engine.Clock().Now())
	var out []*Case
	for _, c := range cs {
		if p := c.unlifted(); p == nil || p.Lifts > today {
			continue
		}
		lifted, err := kit.Exec(ctx, s.engine, op, &lift, actor, refInput{c.Ref()})
		if err != nil {
			return out, err
		}
		out = append(out, lifted)
	}
	return out, nil
}

// Awaiting says who must act next on c: the organ, level and roles of the
// pending step, so that hosts can build to-do lists. A case that has ended
// awaits no one (zero Pending).
func (s *Service) Awaiting(c *Case) kit.Pending {
	if c == nil || c.Ended() {
		return kit.Pending{}
	}
	pol, ok := s.engine.Policies().Get(c.Policy)
	if !ok {
		return kit.Pending{}
	}
	return kit.Pending{Step: c.DueStep, OrganID: c.Organ.ID, Level: c.Organ.Level, Due: c.Due,
		Roles: slices.Clone(pol.VisitRoles)}
}

// Counts are the figures of follow-up work over a period.
type Counts struct {
	Persons     int `json:"persons"`     // persons followed up: a follow-up open at some time in the period
	Opened      int `json:"opened"`      // follow-ups opened in the period
	Visits      int `json:"visits"`      // visits made in the period
	Good        int `json:"good"`        // visits rated good
	Average     int `json:"average"`     // rated average
	Poor        int `json:"poor"`        // rated poor
	Appraisals  int `json:"appraisals"`  // appraisals yielded by good ratings (FU08)
	Lifted      int `json:"lifted"`      // sanctions lifted (FU07)
	Reports     int `json:"reports"`     // results reported (FU06)
	Recommended int `json:"recommended"` // recommended for promotion (FU06)
	Promoted    int `json:"promoted"`    // promoted after a recommendation (FU06)
}

func (c *Counts) add(o Counts) {
	c.Persons += o.Persons
	c.Opened += o.Opened
	c.Visits += o.Visits
	c.Good += o.Good
	c.Average += o.Average
	c.Poor += o.Poor
	c.Appraisals += o.Appraisals
	c.Lifted += o.Lifted
	c.Reports += o.Reports
	c.Recommended += o.Recommended
	c.Promoted += o.Promoted
}

// OrganStats are the counts of one organ.
type OrganStats struct {
	Organ dandang.Organ `json:"organ"`
	Counts
}

// LevelStats are the counts of the organs at one level.
type LevelStats struct {
	Level dandang.Level `json:"level"`
	Counts
}

// Stats are the follow-up figures of a period: by organ, by level, and in
// all.
type Stats struct {
	From   time.Time    `json:"from"`
	To     time.Time    `json:"to"`
	Organs []OrganStats `json:"organs"` // highest level first, then by name in pinyin order
	Levels []LevelStats `json:"levels"` // highest level first
	Total  Counts       `json:"total"`
}

// Stats counts, for the cases handled by organs within the actor's reach
// whose region code starts with region ("" for all), what happened in
// [from, to): persons followed up, follow-ups opened, visits and their
// ratings, appraisals, lifts, reports, recommendations and promotions, by
// organ and by level. A person counts once in an organ, a level and the
// total, however many follow-ups they have.
//
// It reads the cases in progress, through the store's index by state, and
// those that ended from the period's start on, through its index by
// closing time: the time taken grows with the work in progress and the
// period, not with the years of cases the store holds. A case that no
// longer keeps every visit or report made in the period (MaxVisits,
// MaxReports) is counted from its history.
//
// Errors: Invalid (XC04) for a period that is not closed: from or to
// missing, from not before to, or to still in the future; and as for Find.
func (s *Service) Stats(ctx context.Context, actor dandang.Actor, p dandang.Period) (*Stats, error) {
	region, from, to := p.Region, p.From, p.To
	const op = "followup.Stats"
	if err := kit.CheckPeriod(op, from, to, s.engine.Clock().Now()); err != nil {
		return nil, err
	}
	cs, err := s.inPeriod(ctx, op, actor, region, from)
	if err != nil {
		return nil, err
	}
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }
	byOrgan := map[string]*OrganStats{}
	persons := map[string]map[string]bool{}
	for _, c := range cs {
		if !c.OpenedAt.Before(to) || (c.Ended() && c.ClosedAt.Before(from)) {
			continue
		}
		st := byOrgan[c.Organ.ID]
		if st == nil {
			st = &OrganStats{Organ: c.Organ}
			byOrgan[c.Organ.ID] = st
			persons[c.Organ.ID] = map[string]bool{}
		}
		if !persons[c.Organ.ID][c.Subject.ID] {
			persons[c.Organ.ID][c.Subject.ID] = true
			st.Persons++
		}
		if in(c.OpenedAt) {
			st.Opened++
		}
		visits, reports, err := s.stepsSince(ctx, c, from)
		if err != nil {
			return nil, err
		}
		for _, v := range visits {
			if !in(v.At) {
				continue
			}
			st.Visits++
			switch v.Rating {
			case Good:
				st.Good++
			case Average:
				st.Average++
			case Poor:
				st.Poor++
			}
			if v.Appraised {
				st.Appraisals++
			}
		}
		for _, r := range reports {
			if in(r.At) {
				st.Reports++
			}
		}
		if c.Lifted != nil && in(c.Lifted.At) {
			st.Lifted++
		}
		if c.Recommendation != nil && in(c.Recommendation.At) {
			st.Recommended++
		}
		if c.Promotion != nil && in(c.Promotion.At) {
			st.Promoted++
		}
	}
	names := make([]string, 0, len(byOrgan))
	for _, st := range byOrgan {
		names = append(names, st.Organ.Name)
	}
	kit.SortNames(names)
	rank := map[string]int{}
	for i, n := range names {
		if _, ok := rank[n]; !ok {
			rank[n] = i
		}
	}
	out := &Stats{From: from, To: to}
	levels := map[dandang.Level]*LevelStats{}
	allPersons := map[string]bool{}
	levelPersons := map[dandang.Level]map[string]bool{}
	for id, st := range byOrgan {
		out.Organs = append(out.Organs, *st)
		out.Total.add(st.Counts)
		ls := levels[st.Organ.Level]
		if ls == nil {
			ls = &LevelStats{Level: st.Organ.Level}
			levels[st.Organ.Level] = ls
			levelPersons[st.Organ.Level] = map[string]bool{}
		}
		ls.add(st.Counts)
		for p := range persons[id] {
			allPersons[p] = true
			levelPersons[st.Organ.Level][p] = true
		}
	}
	out.Total.Persons = len(allPersons)
	for l, ls := range levels {
		ls.Persons = len(levelPersons[l])
	}
	slices.SortFunc(out.Organs, func(a, b OrganStats) int {
		if a.Organ.Level != b.Organ.Level {
			return int(b.Organ.Level) - int(a.Organ.Level)
		}
		if d := rank[a.Organ.Name] - rank[b.Organ.Name]; d != 0 {
			return d
		}
		return strings.Compare(a.Organ.ID, b.Organ.ID)
	})
	for l := dandang.Province; l >= dandang.Township; l-- {
		if ls := levels[l]; ls != nil {
			out.Levels = append(out.Levels, *ls)
		}
	}
	return out, nil
}

// stepsSince returns the visits and reports of c to count from from on:
// those the case keeps, or, when it no longer keeps some made at or after
// from (MaxVisits, MaxReports), every one as its history records it.
func (s *Service) stepsSince(ctx context.Context, c *Case, from time.Time) ([]Visit, []Report, error) {
	visitsGone := len(c.Visits) > 0 && c.visitsMade() > len(c.Visits) && !c.Visits[0].At.Before(from)
	reportsGone := len(c.Reports) == MaxReports && !c.Reports[0].At.Before(from)
	if !visitsGone && !reportsGone {
		return c.Visits, c.Reports, nil
	}
	recs, err := s.engine.Store().History(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	pol, _ := s.engine.Policies().Get(c.Policy)
	var visits []Visit
	var reports []Report
	for _, rec := range recs {
		switch rec.Command {
		case visit.Name:
			var in VisitInput
			if err := json.Unmarshal(rec.Payload, &in); err != nil {
				return nil, nil, kit.Corrupt("followup.Stats", c.ID, "History", err.Error())
			}
			visits = append(visits, Visit{Step: Step{At: rec.At}, Rating: in.Rating, Appraised: in.Rating == Good && pol.AppraiseOnGood})
		case report.Name:
			reports = append(reports, Report{Step: Step{At: rec.At}})
		}
	}
	return visits, reports, nil
}

// inPeriod returns the cases within the actor's reach, handled by organs
// whose region code starts with region, that had not ended before from:
// those in progress, by state, and those that ended at or after from, by
// closing time.
func (s *Service) inPeriod(ctx context.Context, op string, actor dandang.Actor, region string, from time.Time) ([]*Case, error) {
	cs, err := s.engine.Find(ctx, op, actor, kit.Filter{Region: region, ClosedFrom: from})
	if err != nil {
		return nil, err
	}
	for _, st := range active {
		open, err := s.engine.Find(ctx, op, actor, kit.Filter{Region: region, State: string(st)})
		if err != nil {
			return nil, err
		}
		for _, c := range open {
			if !c.Ended() {
				cs = append(cs, c)
			}
		}
	}
	return cs, nil
}
