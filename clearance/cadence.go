package clearance

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// The duties clearance sets a cadence for.
const (
	// DutyProgressReport is the weekly progress report on a case in
	// progress (CL10): a Supervise of kind Progress.
	DutyProgressReport = "progress_report"
	// DutyJointReview is the monthly three-office review of a graded case
	// (三室会审, CL08): a Supervise of kind JointReview.
	DutyJointReview = "joint_review"
)

// Cadences lists, for every case in progress within the actor's reach, the
// recurring duties the rules set and where each stands on the day of asOf:
// the weekly progress report (CL10), counted from the last one or from the
// opening; and, for a case graded (CL08), the monthly three-office review,
// counted from the last one or from the opening. A duty whose due day has
// passed is Overdue. The list is ordered by due day, then case and duty.
//
// Errors: as for Find.
func (s *Service) Cadences(ctx context.Context, actor dandang.Actor, asOf time.Time) ([]kit.Cadence, error) {
	today := dandang.DayOf(asOf)
	var out []kit.Cadence
	for _, st := range active {
		cs, err := s.engine.Find(ctx, "clearance.Cadences", actor, kit.Filter{State: string(st)})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			opened := dandang.DayOf(c.OpenedAt)
			out = append(out, kit.NewCadence("CL10", DutyProgressReport, kit.Weekly, c.Organ.ID, c.ID, c.lastSupervision(Progress), opened, today))
			if c.Grade != "" {
				out = append(out, kit.NewCadence("CL08", DutyJointReview, kit.Monthly, c.Organ.ID, c.ID, c.lastSupervision(JointReview), opened, today))
			}
		}
	}
	slices.SortFunc(out, func(a, b kit.Cadence) int {
		if a.Due != b.Due {
			return int(a.Due - b.Due)
		}
		if d := strings.Compare(a.CaseID, b.CaseID); d != 0 {
			return d
		}
		return strings.Compare(a.Duty, b.Duty)
	})
	return out, nil
}

// lastSupervision returns the day of the latest supervision of kind k, or 0.
func (c *Case) lastSupervision(k SupervisionKind) dandang.Day {
	var last dandang.Day
	for _, s := range c.Supervision {
		if s.Kind == k {
			last = max(last, dandang.DayOf(s.At))
		}
	}
	return last
}
