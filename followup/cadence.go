package followup

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// DutyEducationWeek is the yearly follow-up education week (回访教育周,
// FU02): a [Service.Campaign] of the organ.
const DutyEducationWeek = "education_week"

// Cadences lists, for every organ within the actor's reach that follows
// people up (holds a follow-up), the yearly education week (FU02) and where
// it stands on the day of asOf: due a year after the organ's last campaign,
// or, for an organ that never held one, a year after its first follow-up
// opened. A duty whose due day has passed is Overdue. The list is ordered
// by due day, then organ.
//
// Errors: as for Find.
func (s *Service) Cadences(ctx context.Context, actor dandang.Actor, asOf time.Time) ([]kit.Cadence, error) {
	cs, err := s.engine.Find(ctx, "followup.Cadences", actor, kit.Filter{})
	if err != nil {
		return nil, err
	}
	type organ struct{ first, last dandang.Day }
	organs := map[string]*organ{}
	for _, c := range cs {
		o := organs[c.Organ.ID]
		opened := dandang.DayOf(c.OpenedAt)
		if o == nil {
			o = &organ{first: opened}
			organs[c.Organ.ID] = o
		}
		o.first = min(o.first, opened)
		if c.Channel == ByCampaign {
			o.last = max(o.last, opened)
		}
	}
	today := dandang.DayOf(asOf)
	var out []kit.Cadence
	for id, o := range organs {
		out = append(out, kit.NewCadence("FU02", DutyEducationWeek, kit.Yearly, id, "", o.last, o.first, today))
	}
	slices.SortFunc(out, func(a, b kit.Cadence) int {
		if a.Due != b.Due {
			return int(a.Due - b.Due)
		}
		return strings.Compare(a.OrganID, b.OrganID)
	})
	return out, nil
}
