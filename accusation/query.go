package accusation

import (
	"context"
	"slices"
	"time"

	"github.com/dandang/dandang"
)

// Filter selects reports; empty fields select all.
type Filter struct {
	SubjectID string
	State     State
	Region    string // the handling organ's region code starts with this
	Limit     int
}

// List returns the reports f selects within the actor's reach (XC07),
// flagged reports first, then by ID.
//
// Errors: Invalid for a bad actor; Forbidden (XC07); Canceled.
func (s *Service) List(ctx context.Context, actor dandang.Actor, f Filter) ([]*Case, error) {
	return s.engine.Find(ctx, Kind+".List", actor, dandang.Filter{SubjectID: f.SubjectID, State: string(f.State), Region: f.Region, Limit: f.Limit})
}

// Linked returns the reports of the reporter with pseudonym, within the
// actor's reach, through the store's index (AC05, AC10): linking without
// unmasking.
//
// Errors: Invalid for an empty pseudonym; as for List.
func (s *Service) Linked(ctx context.Context, actor dandang.Actor, pseudonym string) ([]*Case, error) {
	if pseudonym == "" {
		return nil, dandang.Invalidf(Kind+".Linked", "XC06", "pseudonym", "required")
	}
	return s.engine.Find(ctx, Kind+".Linked", actor, dandang.Filter{SubjectID: pseudonymKey + pseudonym})
}

// Identical returns the reports whose normalized text hashes as c's does,
// within the actor's reach, through the store's index (AC05).
//
// Errors: as for List.
func (s *Service) Identical(ctx context.Context, actor dandang.Actor, c *Case) ([]*Case, error) {
	if c == nil || c.ContentHash == "" {
		return nil, nil
	}
	return s.engine.Find(ctx, Kind+".Identical", actor, dandang.Filter{SubjectID: contentKey + c.ContentHash})
}

// Stats are the statistics of reports as the seeds publish them (XC04).
type Stats struct {
	Reports   int // registered in the period
	Named     int
	Anonymous int
	Repeats   int
	Flagged   int
	ByState   map[State]int
	// Malicious false accusations established: cases, and persons handled
	// (accusers and organizers), overall and by handling organ and level.
	MaliciousCases   int
	MaliciousPersons int
	ByOrgan          map[string]int // malicious cases by handling organ
	ByLevel          map[dandang.Level]int
}

// Statistics counts the reports within the actor's reach received in
// [from, to) (XC04); malicious accusations count by when their
// determination was approved.
//
// Errors: as for List.
func (s *Service) Statistics(ctx context.Context, actor dandang.Actor, from, to time.Time) (Stats, error) {
	cs, err := s.engine.Find(ctx, Kind+".Statistics", actor, dandang.Filter{})
	if err != nil {
		return Stats{}, err
	}
	st := Stats{ByState: map[State]int{}, ByOrgan: map[string]int{}, ByLevel: map[dandang.Level]int{}}
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, c := range cs {
		if in(c.ReceivedAt) {
			st.Reports++
			if c.Named {
				st.Named++
			} else {
				st.Anonymous++
			}
			if c.RepeatOf != "" {
				st.Repeats++
			}
			if len(c.Flags) > 0 {
				st.Flagged++
			}
			st.ByState[c.State]++
		}
		if d := c.Determination; d != nil && d.Approved != nil && in(d.Approved.At) {
			st.MaliciousCases++
			persons := []string{}
			for _, h := range c.Handling {
				persons = append(persons, h.AccuserID)
			}
			for _, o := range c.Organizers {
				persons = append(persons, o.PersonID)
			}
			slices.Sort(persons)
			n := len(slices.Compact(persons))
			if n == 0 {
				n = 1 // the accuser, not yet handled
			}
			st.MaliciousPersons += n
			st.ByOrgan[c.Organ.ID]++
			st.ByLevel[c.Organ.Level]++
		}
	}
	return st, nil
}
