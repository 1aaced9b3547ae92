package clearance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// Find returns the cases f selects within the actor's reach (XC07),
// priority cases first (CL08), then by ID; f.Limit applies after that order.
//
// Errors: Invalid for a bad actor; Forbidden (XC07) for an organ not in the
// directory; Canceled.
func (s *Service) Find(ctx context.Context, actor dandang.Actor, f Filter) ([]*Case, error) {
	return s.engine.Find(ctx, "clearance.Find", actor, f.Filter())
}

// Candidate is a subject who should be cleared and has no case (CL14).
type Candidate struct {
	Report      event.ReportConcluded `json:"report"`
	Subject     dandang.Subject       `json:"subject"`
	Allegations []dandang.Allegation  `json:"allegations"`
}

// SweepResult is what a campaign sweep finds (CL14).
type SweepResult struct {
	Missing  []Candidate `json:"missing"`  // unfounded allegations with no clearance case
	Declined []*Case     `json:"declined"` // declined since the date: looked at again (回头看)
	Overdue  []*Case     `json:"overdue"`  // open and past their deadline
	// Listed gives, for each declined and each overdue case, in that order,
	// the reason it is listed.
	Listed []Listing `json:"listed"`
}

// Listing is a case a sweep lists, with the rule and the reason it is
// listed: declined, to be looked at again and reconsidered where it should
// have been cleared (CL19); overdue, for supervision (CL11).
type Listing struct {
	CaseID string `json:"caseId"`
	Rule   string `json:"rule"` // CL19 for a declined case, CL11 for an overdue one
	Reason string `json:"reason"`
}

// SweepInput is the input of [Service.Sweep]: the date the sweep looks
// back to, and the reports concluded since, as the host's register has them.
type SweepInput struct {
	Since   time.Time               `json:"since"`
	Reports []event.ReportConcluded `json:"reports"`
}

// Sweep is the campaign sweep of every report concluded since a date
// (大起底、回头看, CL14), within the actor's reach: among reports, those
// concluded on or after since with unfounded allegations against a subject
// that has no case are Missing; the cases declined since then and the cases
// overdue now are listed for another look, each with the reason in Listed.
// Sweep changes nothing; open the missing cases with Open and reopen a
// declined case that should be cleared with Reconsider (CL19).
//
// Errors: as for Find.
func (s *Service) Sweep(ctx context.Context, actor dandang.Actor, in SweepInput) (*SweepResult, error) {
	const op = "clearance.Sweep"
	if err := kit.CheckInput(op, "", in, s.engine.Limits()); err != nil {
		return nil, err
	}
	since, reports := in.Since, in.Reports
	actor, err := s.engine.Resolve(op, actor)
	if err != nil {
		return nil, err
	}
	res := &SweepResult{}
	dir := s.engine.Directory()
	for _, rc := range reports {
		if rc.ConcludedAt.Before(since) || !dir.Reaches(actor.Organ.ID, rc.Organ.ID) {
			continue
		}
		for _, sub := range rc.Subjects {
			unfounded := unfoundedAgainst(rc, sub.ID)
			if len(unfounded) == 0 {
				continue
			}
			// A case outside the actor's reach is not told of (XC07): the
			// subject reads as missing, as if it had none.
			seen, err := s.seen(ctx, op, actor, rc.ReportID, sub.ID)
			if err != nil {
				return nil, err
			}
			if !seen {
				res.Missing = append(res.Missing, Candidate{Report: rc, Subject: sub, Allegations: unfounded})
			}
		}
	}
	if res.Declined, err = s.engine.Find(ctx, op, actor, kit.Filter{State: string(Declined), ClosedFrom: since}); err != nil {
		return nil, err
	}
	now := s.now()
	if res.Overdue, err = s.Overdue(ctx, actor, now); err != nil {
		return nil, err
	}
	for _, c := range res.Declined {
		why := "declined"
		if c.Decline != nil {
			why = fmt.Sprintf("declined on %s: %s", c.ClosedAt.In(dandang.China).Format(time.DateOnly), c.Decline.Reason)
		}
		res.Listed = append(res.Listed, Listing{CaseID: c.ID, Rule: "CL19", Reason: why})
	}
	for _, c := range res.Overdue {
		res.Listed = append(res.Listed, Listing{CaseID: c.ID, Rule: "CL11",
			Reason: fmt.Sprintf("%s was due %s, %s is past it", c.DueStep, c.Due, dandang.DayOf(now))})
	}
	return res, nil
}

// Stats are the clearance statistics of a period (XC04): an entry per
// organ that closed cases in it, highest level first, then by name in
// pinyin order.
type Stats struct {
	Organs []OrganStats `json:"organs"`
}

// OrganStats counts the subjects an organ cleared (XC04).
type OrganStats struct {
	Organ dandang.Organ `json:"organ"`
	// Persons and Organizations count subjects, not cases: a person cleared
	// of two reports counts once.
	Persons       int `json:"persons"`       // party members, cadres and public officials cleared
	Organizations int `json:"organizations"` // party organizations cleared
	Cases         int `json:"cases"`         // the cases cleared, beside the subjects
	Declined      int `json:"declined"`      // cases where clearing was declined (CL02)
	Revoked       int `json:"revoked"`       // clearances revoked (CL20): not counted as cleared
}

// Stats counts, per organ within the actor's reach, the subjects cleared in
// cases closed in [from, to) by organs whose region code starts with region
// ("" for all), in the seeds' form: persons and party organizations apart,
// each subject once however many of its cases closed, with the count of
// cases beside (XC04). Revoked clearances are counted apart, not as cleared
// (CL20). Only cases that ended in the period count. Organs are sorted by
// level, highest first, then by name in pinyin order.
//
// Errors: Invalid (XC04) for a period that is not closed: from or to
// missing, from not before to, or to still in the future; and as for Find.
func (s *Service) Stats(ctx context.Context, actor dandang.Actor, p dandang.Period) (*Stats, error) {
	region, from, to := p.Region, p.From, p.To
	const op = "clearance.Stats"
	if err := kit.CheckPeriod(op, from, to, s.now()); err != nil {
		return nil, err
	}
	cs, err := s.engine.Find(ctx, op, actor, kit.Filter{Region: region, ClosedFrom: from, ClosedTo: to})
	if err != nil {
		return nil, err
	}
	byOrgan := map[string]*OrganStats{}
	seen := map[[2]string]bool{}
	var names []string
	for _, c := range cs {
		st := byOrgan[c.Organ.ID]
		if st == nil {
			st = &OrganStats{Organ: c.Organ}
			byOrgan[c.Organ.ID] = st
			names = append(names, c.Organ.Name)
		}
		switch {
		case c.State == Declined:
			st.Declined++
			continue
		case c.State == Revoked:
			st.Revoked++
			continue
		}
		st.Cases++
		key := [2]string{c.Organ.ID, c.Subject.ID}
		if seen[key] {
			continue
		}
		seen[key] = true
		if c.Subject.Kind == dandang.Organization {
			st.Organizations++
		} else {
			st.Persons++
		}
	}
	kit.SortNames(names)
	rank := map[string]int{}
	for i, n := range names {
		if _, ok := rank[n]; !ok {
			rank[n] = i
		}
	}
	out := make([]OrganStats, 0, len(byOrgan))
	for _, st := range byOrgan {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b OrganStats) int {
		if a.Organ.Level != b.Organ.Level {
			return int(b.Organ.Level) - int(a.Organ.Level)
		}
		if d := rank[a.Organ.Name] - rank[b.Organ.Name]; d != 0 {
			return d
		}
		return strings.Compare(a.Organ.ID, b.Organ.ID)
	})
	return &Stats{Organs: out}, nil
}
