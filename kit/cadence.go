package kit

import (
	"time"

	"github.com/dandang/dandang"
)

// Every is how often a duty a rule sets comes round: weekly progress
// reports (CL10), a monthly joint review (CL08), a yearly education week
// (FU02).
type Every string

// The cadences.
const (
	Weekly  Every = "weekly"  // within 7 days of the last time
	Monthly Every = "monthly" // by the same day of the next month
	Yearly  Every = "yearly"  // by the same day of the next year
)

// Next returns the day the duty is next due when it was last done, or
// first owed, on d. A day past the end of a shorter month falls on its
// last day (31 January → 28 or 29 February).
func (e Every) Next(d dandang.Day) dandang.Day {
	switch e {
	case Weekly:
		return d + 7
	case Monthly:
		return addMonths(d, 1)
	case Yearly:
		return addMonths(d, 12)
	}
	return d
}

func addMonths(d dandang.Day, n int) dandang.Day {
	t := d.Date()
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 12, 0, 0, 0, dandang.China)
	last := first.AddDate(0, 1, -1).Day()
	day := min(t.Day(), last)
	return dandang.DayOf(time.Date(first.Year(), first.Month(), day, 12, 0, 0, 0, dandang.China))
}

// Cadence is a recurring duty a rule sets and where it stands on a day: who
// owes it (an organ, and a case when it is owed on one), when it was last
// done and when it is next due. Processes list them (clearance's CL08 and
// CL10, follow-up's FU02) so that a host's to-do list shows what is due
// and overdue.
type Cadence struct {
	Rule    string      `json:"rule"`             // the rule that sets it, such as CL10
	Duty    string      `json:"duty"`             // what is owed, such as progress_report
	Every   Every       `json:"every"`            // how often
	OrganID string      `json:"organId"`          // the organ that owes it
	CaseID  string      `json:"caseId,omitempty"` // the case it is owed on; "" for a duty of the organ
	Last    dandang.Day `json:"last"`             // when it was last done; 0: never
	Due     dandang.Day `json:"due"`              // when it is next due
	Overdue bool        `json:"overdue"`          // the due day has passed on the day asked about
}

// NewCadence returns the cadence of a duty every so often, last done on
// last (0: never, owed from from), as it stands on today.
func NewCadence(rule, duty string, every Every, organID, caseID string, last, from, today dandang.Day) Cadence {
	start := last
	if start == 0 {
		start = from
	}
	due := every.Next(start)
	return Cadence{Rule: rule, Duty: duty, Every: every, OrganID: organID, CaseID: caseID, Last: last, Due: due, Overdue: today > due}
}
