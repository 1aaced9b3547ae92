package followup

import (
	"time"

	"github.com/dandang/dandang"
)

// Period is the period of a sanction (FU07): counted in calendar months
// from the day the decision took effect, after which the sanction lifts by
// itself.
//
// How the months are counted. The disciplinary regulations and the
// administrative sanctions law count a period "from the day the decision
// takes effect" in months and years; they leave the counting itself to the
// general rules on periods (Civil Code arts. 201–202), which this package
// follows: the day the decision takes effect is not counted, counting
// starts the next day, and the period's last day is the day of the expiring
// month with the same number as the effective day; where that month has no
// such day (the 29th to 31st of a shorter month), the last day is that
// month's last day. The sanction is in force through the last day and lifts
// the day after. A warning effective on 15 March 2023 (12 months) is in
// force through 15 March 2024 and lifts on 16 March; one effective on 31
// August (6 months) runs through 28 or 29 February. The last day is not
// moved off a holiday: a sanction's end is no act anyone must do on a
// working day.
type Period struct {
	Sanction  Sanction    `json:"sanction"`
	Months    int         `json:"months"`
	Effective dandang.Day `json:"effective"` // the day the decision took effect
	Last      dandang.Day `json:"last"`      // the last day the sanction is in force
	Lifts     dandang.Day `json:"lifts"`     // the day after Last: the sanction has lifted
}

// AddMonths returns the day n calendar months after d (n ≥ 0): the day of
// the month n months on with the same number as d's, or that month's last
// day where it has no such day. Unlike time.Time.AddDate, it never runs
// over into the month after: 31 January plus one month is 28 or 29
// February, never 2 or 3 March.
func AddMonths(d dandang.Day, n int) dandang.Day {
	t := d.Date()
	y, m, day := t.Year(), int(t.Month())-1+n, t.Day()
	y, m = y+m/12, m%12
	if m < 0 {
		y, m = y-1, m+12
	}
	if last := daysIn(y, time.Month(m+1)); day > last {
		day = last
	}
	return dandang.DayOf(time.Date(y, time.Month(m+1), day, 12, 0, 0, 0, dandang.China))
}

// daysIn returns the number of days of month in year.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// PeriodOf returns the period of a sanction of months calendar months that
// took effect on effective, counted as [Period] describes.
func PeriodOf(s Sanction, months int, effective dandang.Day) Period {
	last := AddMonths(effective, months)
	return Period{Sanction: s, Months: months, Effective: effective, Last: last, Lifts: last + 1}
}

// InForce reports whether the sanction is still in force on day.
func (p Period) InForce(day dandang.Day) bool { return day <= p.Last }
