package clearance

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
)

// Get returns the case with id.
//
// Errors: Invalid for an empty id; NotFound.
func (s *Service) Get(ctx context.Context, id string) (*Case, error) {
	const op = "clearance.Get"
	if err := required(op, "XC06", "CaseID", id); err != nil {
		return nil, err
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, wrapStore(op, err)
	}
	return c, nil
}

// History returns the case's history records, oldest first (XC01).
//
// Errors: Invalid for an empty id; NotFound.
func (s *Service) History(ctx context.Context, id string) ([]dandang.Record, error) {
	const op = "clearance.History"
	if err := required(op, "XC06", "CaseID", id); err != nil {
		return nil, err
	}
	recs, err := s.store.History(ctx, id)
	if err != nil {
		return nil, wrapStore(op, err)
	}
	return recs, nil
}

// Verify checks that the case's history verifies end to end and ends at the
// head the case keeps (XC01). It returns nil, or an error wrapping a
// *dandang.ChainError that names the first broken link.
func (s *Service) Verify(ctx context.Context, id string) error {
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	recs, err := s.History(ctx, id)
	if err != nil {
		return err
	}
	return dandang.VerifyHead(recs, c.Head)
}

// Find returns the cases f selects, priority cases first (CL08), then by
// ID; f.Limit applies after that order.
func (s *Service) Find(ctx context.Context, f Filter) ([]*Case, error) {
	limit := f.Limit
	f.Limit = 0
	cs, err := s.store.Find(ctx, f)
	if err != nil {
		return nil, wrapStore("clearance.Find", err)
	}
	slices.SortStableFunc(cs, func(a, b *Case) int {
		if a.Priority != b.Priority {
			if a.Priority {
				return -1
			}
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	if limit > 0 && len(cs) > limit {
		cs = cs[:limit]
	}
	return cs, nil
}

// Overdue lists the open cases past their deadline at the time t, for
// supervision (CL11): nothing defers a clearance.
func (s *Service) Overdue(ctx context.Context, t time.Time) ([]*Case, error) {
	cs, err := s.store.Overdue(ctx, dandang.DayOf(t))
	if err != nil {
		return nil, wrapStore("clearance.Overdue", err)
	}
	return cs, nil
}

// Candidate is a subject who should be cleared and has no case (CL14).
type Candidate struct {
	Report      dandang.ReportConcluded
	Subject     dandang.Subject
	Allegations []dandang.Allegation
}

// SweepResult is what a campaign sweep finds (CL14).
type SweepResult struct {
	Missing  []Candidate // unfounded allegations with no clearance case
	Declined []*Case     // declined since the date: looked at again (回头看)
	Overdue  []*Case     // open and past their deadline
}

// Sweep is the campaign sweep of every report concluded since a date
// (大起底、回头看, CL14): among reports, those concluded on or after since
// with unfounded allegations against a subject that has no case are
// Missing; the cases declined since then and the cases overdue now are
// listed for another look. Sweep changes nothing; open the missing cases
// with Open.
func (s *Service) Sweep(ctx context.Context, since time.Time, reports []dandang.ReportConcluded) (*SweepResult, error) {
	const op = "clearance.Sweep"
	res := &SweepResult{}
	for _, rc := range reports {
		if rc.ConcludedAt.Before(since) {
			continue
		}
		for _, sub := range rc.Subjects {
			unfounded := unfoundedAgainst(rc, sub.ID)
			if len(unfounded) == 0 {
				continue
			}
			_, err := s.store.Get(ctx, CaseID(rc.ReportID, sub.ID))
			switch dandang.ErrorCode(err) {
			case "":
			case dandang.NotFound:
				res.Missing = append(res.Missing, Candidate{Report: rc, Subject: sub, Allegations: unfounded})
			default:
				return nil, wrapStore(op, err)
			}
		}
	}
	var err error
	if res.Declined, err = s.store.Find(ctx, Filter{State: Declined, ClosedFrom: since}); err != nil {
		return nil, wrapStore(op, err)
	}
	if res.Overdue, err = s.Overdue(ctx, s.clock.Now()); err != nil {
		return nil, err
	}
	return res, nil
}

// OrganStats counts the subjects an organ cleared (XC04).
type OrganStats struct {
	Organ         dandang.Organ
	Persons       int // party members, cadres and public officials cleared
	Organizations int // party organizations cleared
	Declined      int // cases where clearing was declined (CL02)
}

// Stats counts, per organ, the subjects cleared in cases closed in [from,
// to) by organs whose region code starts with region ("" for all), in the
// seeds' form: persons and party organizations apart (XC04). Organs are
// sorted by level, highest first, then by name in pinyin order.
func (s *Service) Stats(ctx context.Context, region string, from, to time.Time) ([]OrganStats, error) {
	cs, err := s.store.Find(ctx, Filter{Region: region, ClosedFrom: from, ClosedTo: to})
	if err != nil {
		return nil, wrapStore("clearance.Stats", err)
	}
	byOrgan := map[string]*OrganStats{}
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
		case c.Subject.Kind == dandang.Organization:
			st.Organizations++
		default:
			st.Persons++
		}
	}
	dandang.SortNames(names)
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
	return out, nil
}
