package accusation

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Filter selects reports, as every process selects cases.
type Filter = kit.Query[State]

// Find returns the reports f selects within the actor's reach (XC07),
// flagged reports first, then by ID.
//
// Errors: Invalid for a bad actor; Forbidden (XC07); Canceled.
func (s *Service) Find(ctx context.Context, actor dandang.Actor, f Filter) ([]*Case, error) {
	return s.engine.Find(ctx, Kind+".List", actor, f.Filter())
}

// Linked returns the reports of the reporter with pseudonym, within the
// actor's reach, through the store's index (AC05, AC10): linking without
// unmasking.
//
// Errors: Invalid for an empty pseudonym; as for List.
func (s *Service) Linked(ctx context.Context, actor dandang.Actor, pseudonym string) ([]*Case, error) {
	if pseudonym == "" {
		return nil, kit.Invalidf(Kind+".Linked", "XC06", "pseudonym", "required")
	}
	return s.engine.Find(ctx, Kind+".Linked", actor, kit.Filter{Keys: map[string][]string{keyPseudonym: {pseudonym}}})
}

// Identical returns the group of identical reports (AC05) the report with
// id belongs to, in order of receipt, that report among them: the reports
// within the actor's reach whose normalized text hashes as its text does,
// received each within the policy's WindowDays of the one before, when they
// come from at least the policy's Count different reporters (an anonymous
// report counts as one reporter of its own). Below the count the report is
// its own group of one. The group is one fact, the same from every member,
// whichever of them screening flagged on receipt; it is read from the store
// at the time of asking, so that reports registered by another instance of
// the library are in it. Passed-up reports count where they are handled.
//
// Errors: as for Get and Find.
func (s *Service) Identical(ctx context.Context, actor dandang.Actor, id string) ([]*Case, error) {
	c, err := s.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if c.ContentHash == "" {
		return []*Case{c}, nil
	}
	same, err := s.engine.Find(ctx, Kind+".Identical", actor, kit.Filter{Keys: map[string][]string{keyContent: {c.ContentHash}}})
	if err != nil {
		return nil, err
	}
	pol, ok := s.engine.Policies().Get(c.Policy)
	if !ok {
		pol = s.engine.Policies().Current()
	}
	return identicalGroup(c, same, pol.Screening), nil
}

// identicalGroup returns the group of c among the reports of its text
// (AC05): the run of them, in order of receipt, each within the window of
// the one before, when it holds at least Count reporters; else c alone.
func identicalGroup(c *Case, same []*Case, sc Screening) []*Case {
	same = slices.DeleteFunc(slices.Clone(same), func(x *Case) bool { return x.State == PassedUp && x.ID != c.ID })
	slices.SortFunc(same, func(a, b *Case) int {
		if d := a.ReceivedAt.Compare(b.ReceivedAt); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
	var run []*Case
	for i, x := range same {
		if i > 0 && x.ReceivedAt.After(same[i-1].ReceivedAt.AddDate(0, 0, sc.WindowDays)) {
			if slices.ContainsFunc(run, func(y *Case) bool { return y.ID == c.ID }) {
				break
			}
			run = nil
		}
		run = append(run, x)
	}
	if !slices.ContainsFunc(run, func(y *Case) bool { return y.ID == c.ID }) {
		return []*Case{c}
	}
	reporters := map[string]bool{}
	anonymous := 0
	for _, x := range run {
		if x.Pseudonym == "" {
			anonymous++
		} else {
			reporters[x.Pseudonym] = true
		}
	}
	if len(reporters)+anonymous < sc.Count {
		return []*Case{c}
	}
	return run
}

// Stats are the statistics of reports as the seeds publish them (XC04).
type Stats struct {
	Reports   int           `json:"reports"` // registered in the period
	Named     int           `json:"named"`
	Anonymous int           `json:"anonymous"`
	Repeats   int           `json:"repeats"`
	Flagged   int           `json:"flagged"`
	ByState   map[State]int `json:"byState"`
	// ByDisposal counts the period's reports by how they were disposed of
	// (AC15), ByClass the unfounded ones by class (AC06): mistaken,
	// inaccurate, malicious.
	ByDisposal map[Disposal]int `json:"byDisposal"`
	ByClass    map[Class]int    `json:"byClass"`
	// Malicious false accusations established: cases, and persons handled
	// (accusers and organizers), overall and by handling organ and level.
	MaliciousCases   int                   `json:"maliciousCases"`
	MaliciousPersons int                   `json:"maliciousPersons"`
	ByOrgan          map[string]int        `json:"byOrgan"` // malicious cases by handling organ
	ByLevel          map[dandang.Level]int `json:"byLevel"`
	PersonsByOrgan   map[string]int        `json:"personsByOrgan"` // persons handled, by handling organ
	PersonsByLevel   map[dandang.Level]int `json:"personsByLevel"`
}

// maxIndexedMonths bounds the months Stats reads one lookup each.
const maxIndexedMonths = 240

// months returns the months, in China's time, that [from, to) touches.
func months(from, to time.Time) []string {
	from, last := from.In(dandang.China), to.Add(-time.Nanosecond).In(dandang.China)
	var out []string
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, dandang.China); !m.After(last); m = m.AddDate(0, 1, 0) {
		out = append(out, monthKey(m))
	}
	return out
}

// inMonths returns the reports within the actor's reach whose month key
// name holds one of [from, to)'s months, through the store's index, in one
// lookup.
func (s *Service) inMonths(ctx context.Context, op string, actor dandang.Actor, name string, from, to time.Time) ([]*Case, error) {
	ms := months(from, to)
	if len(ms) > maxIndexedMonths {
		// A period of decades: one read of every report in reach costs
		// less than a lookup of each month's.
		return s.engine.Find(ctx, op, actor, kit.Filter{})
	}
	return s.engine.Find(ctx, op, actor, kit.Filter{Keys: map[string][]string{name: ms}})
}

// Stats counts the reports within the actor's reach received in the
// closed period [from, to) (XC04); malicious accusations count by when
// their determination was approved. The reports are read through the
// store's index by the month received or established, so that the time
// taken grows with the period's reports, not the store's (a period of more
// than 20 years reads every report in reach instead).
//
// Errors: Invalid (XC04) for a period that is not closed: from or to
// missing, from not before to, or to still in the future; and as for List.
func (s *Service) Stats(ctx context.Context, actor dandang.Actor, p dandang.Period) (*Stats, error) {
	from, to := p.From, p.To
	const op = Kind + ".Stats"
	if err := kit.CheckPeriod(op, from, to, s.now()); err != nil {
		return nil, err
	}
	received, err := s.inMonths(ctx, op, actor, keyReceived, from, to)
	if err != nil {
		return nil, err
	}
	established, err := s.inMonths(ctx, op, actor, keyEstablished, from, to)
	if err != nil {
		return nil, err
	}
	st := Stats{ByState: map[State]int{}, ByDisposal: map[Disposal]int{}, ByClass: map[Class]int{},
		ByOrgan: map[string]int{}, ByLevel: map[dandang.Level]int{},
		PersonsByOrgan: map[string]int{}, PersonsByLevel: map[dandang.Level]int{}}
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for _, c := range received {
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
			if c.Disposal != "" {
				st.ByDisposal[c.Disposal]++
			}
			if c.Class != "" {
				st.ByClass[c.Class]++
			}
		}
	}
	for _, c := range established {
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
			st.PersonsByOrgan[c.Organ.ID] += n
			st.PersonsByLevel[c.Organ.Level] += n
		}
	}
	return &st, nil
}
