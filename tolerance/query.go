package tolerance

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
)

// Filter selects cases. Empty fields select all; set fields must all match.
type Filter struct {
	SubjectID string
	OrganID   string
	Region    string // organ region code prefix: "3311" is every organ in Lishui
	State     State
	// ClosedFrom and ClosedTo bound the closing time (from inclusive, to
	// exclusive): the time of the tolerance decision, or of the
	// accountability decision that foreclosed it. Either set selects ended
	// cases only.
	ClosedFrom time.Time
	ClosedTo   time.Time
	Limit      int // 0: no limit; applied after the order (by ID)
}

func (f Filter) kit() dandang.Filter {
	k := dandang.Filter{SubjectID: f.SubjectID, Region: f.Region, State: string(f.State),
		ClosedFrom: f.ClosedFrom, ClosedTo: f.ClosedTo, Limit: f.Limit}
	if f.OrganID != "" {
		k.OrganIDs = []string{f.OrganID}
	}
	return k
}

// Get returns the case with id, if it lies within the actor's reach: cases
// of the actor's organ and of the organs under it (XC07).
//
// Errors: Invalid for an empty id or actor; Forbidden (XC07) for an organ
// not in the directory or a case outside the reach; NotFound; Canceled.
func (s *Service) Get(ctx context.Context, actor dandang.Actor, id string) (*Case, error) {
	return s.engine.Get(ctx, "tolerance.Get", actor, id)
}

// History returns the case's history records, oldest first (XC01), read
// with the case in one snapshot, within the actor's reach.
//
// Errors: as for Get.
func (s *Service) History(ctx context.Context, actor dandang.Actor, id string) ([]dandang.Record, error) {
	_, recs, err := s.engine.Load(ctx, "tolerance.History", actor, id)
	return recs, err
}

// Verify checks, on the case and its history read in one snapshot, that
// the history verifies end to end, ends at the case's head, and binds the
// case as stored (XC01, XC11). It returns nil, or an error wrapping a
// *dandang.ChainError that names the first broken link.
//
// Errors: as for Get, and Internal (XC01) for a broken chain.
func (s *Service) Verify(ctx context.Context, actor dandang.Actor, id string) error {
	return s.engine.Verify(ctx, "tolerance.Verify", actor, id)
}

// Find returns the cases f selects within the actor's reach (XC07), by ID.
//
// Errors: Invalid for a bad actor; Forbidden (XC07) for an organ not in the
// directory; Canceled.
func (s *Service) Find(ctx context.Context, actor dandang.Actor, f Filter) ([]*Case, error) {
	return s.engine.Find(ctx, "tolerance.Find", actor, f.kit())
}

// Counts are tolerance decisions counted by outcome, with the assessments
// an accountability decision foreclosed.
type Counts struct {
	Exemption  int
	Lighter    int
	Mitigated  int
	None       int
	Foreclosed int
}

func (n *Counts) add(c *Case) {
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
// measure.
func (n Counts) Tolerated() int { return n.Exemption + n.Lighter + n.Mitigated }

// OrganStats counts the decisions of one organ.
type OrganStats struct {
	Organ dandang.Organ
	Counts
}

// LevelStats counts the decisions made at one level.
type LevelStats struct {
	Level dandang.Level
	Counts
}

// Stats is the tolerance statistics of a period: in all, by organ and by
// level.
type Stats struct {
	From, To time.Time
	Total    Counts
	Organs   []OrganStats // by level, highest first, then by name in pinyin order
	Levels   []LevelStats // highest first
}

// Stats counts the tolerance decisions made in [from, to) within the
// actor's reach, by organs whose region code starts with region ("" for
// all): by outcome, by organ and by level (XC04). Assessments foreclosed by
// an accountability decision in the period are counted apart.
//
// Errors: as for Find.
func (s *Service) Stats(ctx context.Context, actor dandang.Actor, region string, from, to time.Time) (*Stats, error) {
	cs, err := s.engine.Find(ctx, "tolerance.Stats", actor, dandang.Filter{Region: region, ClosedFrom: from, ClosedTo: to})
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
	dandang.SortNames(names)
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
func (s *Service) Awaiting(c *Case) dandang.Pending {
	if c == nil || c.Ended() {
		return dandang.Pending{}
	}
	pol, ok := s.engine.Policies().Get(c.Policy)
	if !ok {
		return dandang.Pending{}
	}
	p := dandang.Pending{Step: c.DueStep, OrganID: c.Organ.ID, Level: c.Organ.Level, Due: c.Due}
	switch c.State {
	case Assessing:
		p.Roles = slices.Clone(pol.AssessRoles)
	case Proposed:
		p.Roles = slices.Clone(pol.deciders(c.Pursuer))
	}
	return p
}

// LoadCalendar makes cal the calendar deadlines are counted on from now
// (XC10): the host's operation.
//
// Errors: Invalid (XC10) for a nil calendar or one that drops a year the
// current calendar holds an official schedule for.
func (s *Service) LoadCalendar(cal *dandang.Calendar) error {
	return s.engine.LoadCalendar("tolerance.LoadCalendar", cal)
}

// Redate counts every provisional deadline in the actor's reach again on
// the service's calendar (XC10); each change is a recorded redate step. The
// actor must hold the case management office's or the principal leader's
// role. It returns the cases re-dated.
//
// Errors: Invalid for a bad actor; Forbidden (XC07, XC02); Canceled; a
// case that cannot be saved stops the run with its error.
func (s *Service) Redate(ctx context.Context, actor dandang.Actor) ([]*Case, error) {
	return s.engine.Redate(ctx, "tolerance.Redate", actor, []dandang.Role{dandang.CaseManagement, dandang.PrincipalLeader})
}
