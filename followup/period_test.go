package followup_test

import (
	"testing"
	"testing/quick"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/followup"
)

func date(y int, m time.Month, d int) dandang.Day {
	return dandang.DayOf(time.Date(y, m, d, 12, 0, 0, 0, dandang.China))
}

// FU07: month ends and leap years, as the Civil Code counts them.
func TestFollowUp_FU07_AddMonthsAtMonthEnds(t *testing.T) {
	for _, tt := range []struct {
		from dandang.Day
		n    int
		want string
	}{
		{date(2023, 1, 31), 1, "2023-02-28"},
		{date(2024, 1, 31), 1, "2024-02-29"},
		{date(2024, 2, 29), 12, "2025-02-28"},
		{date(2024, 2, 29), 48, "2028-02-29"},
		{date(2023, 8, 31), 6, "2024-02-29"},
		{date(2023, 3, 31), 6, "2023-09-30"},
		{date(2023, 12, 31), 18, "2025-06-30"},
		{date(2023, 5, 15), 0, "2023-05-15"},
		{date(2099, 11, 30), 3, "2100-02-28"}, // 2100 is no leap year
	} {
		if got := followup.AddMonths(tt.from, tt.n).String(); got != tt.want {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

// FU07: properties of the period over every day from 1990 to 2100 and every
// sanction: the last day falls in the month n months on, on the same day of
// the month or that month's last; it never runs over into the next month;
// a later effective day never ends earlier; and the sanction lifts the day
// after.
func TestFollowUp_FU07_PeriodProperties(t *testing.T) {
	pol := followup.DefaultPolicy()
	start, end := date(1990, 1, 1), date(2100, 12, 31)
	for _, s := range followup.Sanctions() {
		months := pol.Periods[s]
		var prev dandang.Day
		for d := start; d <= end; d++ {
			p, ok := pol.Period(s, d)
			if !ok {
				t.Fatalf("no period for %s", s)
			}
			from, last := d.Date(), p.Last.Date()
			wantMonth := (int(from.Month())-1+months)%12 + 1
			wantYear := from.Year() + (int(from.Month())-1+months)/12
			monthEnd := time.Date(wantYear, time.Month(wantMonth)+1, 0, 0, 0, 0, 0, time.UTC).Day()
			wantDay := min(from.Day(), monthEnd)
			if last.Year() != wantYear || int(last.Month()) != wantMonth || last.Day() != wantDay {
				t.Fatalf("%s from %s: last %s, want %d-%02d-%02d", s, d, p.Last, wantYear, wantMonth, wantDay)
			}
			if p.Lifts != p.Last+1 || !p.InForce(p.Last) || p.InForce(p.Lifts) || !p.InForce(d) {
				t.Fatalf("%s from %s: %+v", s, d, p)
			}
			if p.Last < prev {
				t.Fatalf("%s from %s ends %s, before the day before's %s", s, d, p.Last, prev)
			}
			prev = p.Last
		}
	}
}

// FU07: adding months in two steps never ends later than in one, and equals
// it for days up to the 28th.
func TestFollowUp_FU07_AddMonthsComposes(t *testing.T) {
	f := func(off uint16, a, b uint8) bool {
		d := date(2000, 1, 1) + dandang.Day(off%40000)
		m, n := int(a%60), int(b%60)
		one, two := followup.AddMonths(d, m+n), followup.AddMonths(followup.AddMonths(d, m), n)
		if d.Date().Day() <= 28 {
			return one == two
		}
		return two <= one
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
}
