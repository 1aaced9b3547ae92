package kit_test

import (
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// CL08, CL10, FU02: a cadence's next due day — a week after, the same day
// of the next month or year, the last day of a shorter month — and whether
// it is overdue on a day.
func TestCadence_CL08_CL10_FU02_NextDue(t *testing.T) {
	day := func(s string) dandang.Day {
		t0, err := time.ParseInLocation(time.DateOnly, s, dandang.China)
		if err != nil {
			t.Fatal(err)
		}
		return dandang.DayOf(t0)
	}
	for _, tt := range []struct {
		every    kit.Every
		from     string
		want     string
		overdue  string // a day on which it is overdue
		notLater string // a day on which it is not yet
	}{
		{kit.Weekly, "2023-06-05", "2023-06-12", "2023-06-13", "2023-06-12"},
		{kit.Monthly, "2023-01-31", "2023-02-28", "2023-03-01", "2023-02-28"},
		{kit.Monthly, "2024-01-31", "2024-02-29", "2024-03-01", "2024-02-29"},
		{kit.Monthly, "2023-12-15", "2024-01-15", "2024-01-16", "2024-01-15"},
		{kit.Yearly, "2024-02-29", "2025-02-28", "2025-03-01", "2025-02-28"},
	} {
		t.Run(string(tt.every)+" from "+tt.from, func(t *testing.T) {
			if got := tt.every.Next(day(tt.from)); got != day(tt.want) {
				t.Errorf("Next = %s, want %s", got, tt.want)
			}
			c := kit.NewCadence("CL10", "x", tt.every, "o", "c", day(tt.from), 0, day(tt.overdue))
			if !c.Overdue || c.Due != day(tt.want) {
				t.Errorf("on %s: %+v, want overdue, due %s", tt.overdue, c, tt.want)
			}
			if c := kit.NewCadence("CL10", "x", tt.every, "o", "c", day(tt.from), 0, day(tt.notLater)); c.Overdue {
				t.Errorf("overdue on its due day %s", tt.notLater)
			}
		})
	}
	never := kit.NewCadence("FU02", "education_week", kit.Yearly, "o", "", 0, day("2023-06-05"), day("2023-07-01"))
	want := kit.Cadence{Rule: "FU02", Duty: "education_week", Every: kit.Yearly, OrganID: "o", Due: day("2024-06-05")}
	if diff := cmp.Diff(want, never); diff != "" {
		t.Errorf("never done (-want +got):\n%s", diff)
	}
}
