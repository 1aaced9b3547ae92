package tolerance

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Filter selects cases (ended ones by the time of the tolerance decision,
// or of the accountability decision that foreclosed it), as every process
// selects them.
type Filter = kit.Query[State]

// Find returns the cases f selects within the actor's reach (XC07), by ID.
//
// Errors: Invalid for a bad actor; Forbidden (XC07) for an organ not in the
// directory; Canceled.
func (s *Service) Find(ctx context.Context, actor dandang.Actor, f Filter) ([]*Case, error) {
	return s.engine.Find(ctx, "tolerance.Find", actor, f.Filter())
}

// Counts are tolerance decisions counted by outcome, with the assessments
// an accountability decision foreclosed and the decisions revoked apart.
type Counts struct {
	Exemption  int `json:"exemption"`
	Lighter    int `json:"lighter"`
	Mitigated  int `json:"mitigated"`
	None       int `json:"none"`
	Foreclosed int `json:"foreclosed"`
	Revoked    int `json:"revoked"` // decisions revoked (XC11): counted under no outcome
}

func (n *Counts) add(c *Case) {
	if c.State == Revoked {
		n.Revoked++
		return
	}
	switch c.Outcome() {
	case Exemption:
		n.Exemption++
	case Lighter:
		n.Lighter++
	case Mitigated:
		n.Mitigated++
	case None:
		n.None++
	default:
		n.Foreclosed++
	}
}

// Tolerated returns the decisions that tolerated the mistake in some
// measure: exemption, lighter and mitigated handling, each of which
// published that the mistake carries no negative evaluation (FT12).
func (n Counts) Tolerated() int { return n.Exemption + n.Lighter + n.Mitigated }

// OrganStats counts the decisions of one organ.
type OrganStats struct {
	Organ dandang.Organ `json:"organ"`
	Counts
}

// LevelStats counts the decisions made at one level.
type LevelStats struct {
	Level dandang.Level `json:"level"`
	Counts
}

// Stats is the tolerance statistics of a period: in all, by organ and by
// level.
type Stats struct {
	From   time.Time    `json:"from"`
	To     time.Time    `json:"to"`
	Total  Counts       `json:"total"`
	Organs []OrganStats `json:"organs"` // by level, highest first, then by name in pinyin order
	Levels []LevelStats `json:"levels"` // highest first
}

// Stats counts the tolerance decisions made in [from, to) within the
// actor's reach, by organs whose region code starts with region ("" for
// all): by outcome, by organ and by level (XC04). Assessments foreclosed by
// an accountability decision in the period are counted apart.
//
// Errors: as for Find.
func (s *Service) Stats(ctx context.Context, actor dandang.Actor, p dandang.Period) (*Stats, error) {
	region, from, to := p.Region, p.From, p.To
	cs, err := s.engine.Find(ctx, "tolerance.Stats", actor, kit.Filter{Region: region, ClosedFrom: from, ClosedTo: to})
	if err != nil {
		return nil, err
	}
	st := &Stats{From: from, To: to}
	byOrgan := map[string]*OrganStats{}
	byLevel := map[dandang.Level]*LevelStats{}
	var names []string
	for _, c := range cs {
		st.Total.add(c)
		o := byOrgan[c.Organ.ID]
		if o == nil {
			o = &OrganStats{Organ: c.Organ}
			byOrgan[c.Organ.ID] = o
			names = append(names, c.Organ.Name)
		}
		o.add(c)
		l := byLevel[c.Organ.Level]
		if l == nil {
			l = &LevelStats{Level: c.Organ.Level}
			byLevel[c.Organ.Level] = l
		}
		l.add(c)
	}
	kit.SortNames(names)
	for _, o := range byOrgan {
		st.Organs = append(st.Organs, *o)
	}
	slices.SortFunc(st.Organs, func(a, b OrganStats) int {
		if a.Organ.Level != b.Organ.Level {
			return int(b.Organ.Level) - int(a.Organ.Level)
		}
		if d := slices.Index(names, a.Organ.Name) - slices.Index(names, b.Organ.Name); d != 0 {
			return d
		}
		return strings.Compare(a.Organ.ID, b.Organ.ID)
	})
	for _, l := range byLevel {
		st.Levels = append(st.Levels, *l)
	}
	slices.SortFunc(st.Levels, func(a, b LevelStats) int { return int(b.Level) - int(a.Level) })
	return st, nil
}

// Awaiting says who must act next on c: the organ, level and roles of the
// pending step. A case that has ended awaits no one (zero Pending).
func (s *Service) Awaiting(c *Case) kit.Pending {
	if c == nil || c.Ended() {
		return kit.Pending{}
	}
	pol, ok := s.engine.Policies().Get(c.Policy)
	if !ok {
		return kit.Pending{}
	}
	p := kit.Pending{Step: c.DueStep, OrganID: c.Organ.ID, Level: c.Organ.Level, Due: c.Due}
	switch c.State {
	case Assessing:
		p.Roles = slices.Clone(pol.AssessRoles)
	case Proposed:
		p.Roles = slices.Clone(pol.deciders(c.Pursuer))
	}
	return p
}
