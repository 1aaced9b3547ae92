package dandang_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dandang/dandang"
)

func days(ds []dandang.Day) []string {
	var s []string
	for _, d := range ds {
		s = append(s, d.String())
	}
	return s
}

// XC10: the statutory holidays are computed from the lunar calendar and the
// solar terms. The 2023 to 2026 dates agree with the official schedules; the
// 2027 and 2028 ones with published almanacs.
func TestStatutoryHolidays_XC10_Dates(t *testing.T) {
	tests := []struct {
		year int
		want []string
	}{
		{2024, []string{
			"2024-01-01",
			"2024-02-09", "2024-02-10", "2024-02-11", "2024-02-12", // eve, 1st to 3rd
			"2024-04-04",
			"2024-05-01", "2024-05-02",
			"2024-06-10",
			"2024-09-17",
			"2024-10-01", "2024-10-02", "2024-10-03",
		}},
		{2025, []string{
			"2025-01-01",
			"2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
			"2025-04-04",
			"2025-05-01", "2025-05-02",
			"2025-05-31",
			"2025-10-01", "2025-10-02", "2025-10-03",
			"2025-10-06",
		}},
		{2027, []string{
			"2027-01-01",
			"2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
			"2027-04-05",
			"2027-05-01", "2027-05-02",
			"2027-06-09",
			"2027-09-15",
			"2027-10-01", "2027-10-02", "2027-10-03",
		}},
		{2028, []string{
			"2028-01-01",
			"2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28",
			"2028-04-04",
			"2028-05-01", "2028-05-02",
			"2028-05-28",
			"2028-10-01", "2028-10-02", "2028-10-03", // Mid-Autumn on 3 October, listed once
		}},
		{10000, []string{"10000-01-01", "10000-05-01", "10000-05-02", "10000-10-01", "10000-10-02", "10000-10-03"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			got := days(dandang.StatutoryHolidays(tt.year))
			if tt.year == 10000 {
				// Day.String cannot format five-digit years the way the
				// table does; compare month and day only.
				for i := range got {
					got[i] = got[i][len(got[i])-5:]
				}
				for i := range tt.want {
					tt.want[i] = tt.want[i][len(tt.want[i])-5:]
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("StatutoryHolidays(%d) mismatch (-want +got):\n%s", tt.year, diff)
			}
		})
	}
}

// XC10: on the statutory reading every statutory holiday is off.
func TestStatutoryCalendar_XC10_HolidaysOff(t *testing.T) {
	cal := dandang.StatutoryCalendar()
	for year := 2023; year <= 2060; year++ {
		for _, d := range dandang.StatutoryHolidays(year) {
			if cal.IsWorkday(d) {
				t.Errorf("IsWorkday(%s) = true, want false: statutory holiday", d)
			}
			if name, ok := cal.Holiday(d); !ok || name == "" {
				t.Errorf("Holiday(%s) = %q, %v, want a name", d, name, ok)
			}
		}
	}
}

// XC10: the conservative reading widens each statutory holiday to its
// longest recent block, with bridge days.
func TestStatutoryCalendar_XC10_Blocks(t *testing.T) {
	cal := dandang.StatutoryCalendar()
	tests := []struct {
		name, day string
		work      bool
		holiday   string
	}{
		{"New Year's Day 2027, a Friday", "2027-01-01", false, "元旦"},
		{"the Monday after it", "2027-01-04", true, ""},
		{"Spring Festival 2027 eve", "2027-02-05", false, "春节"},
		{"Spring Festival 2027, seventh day (Friday)", "2027-02-12", false, "春节"},
		{"Spring Festival 2027, after the eighth day", "2027-02-15", true, ""},
		{"Spring Festival 2026, eighth day (Tuesday)", "2026-02-24", false, "春节"},
		{"Qingming 2027, a Monday", "2027-04-05", false, "清明节"},
		{"Labour Day 2027, 5 May", "2027-05-05", false, "劳动节"},
		{"Labour Day 2027, 6 May", "2027-05-06", true, ""},
		{"Dragon Boat 2027, a Wednesday", "2027-06-09", false, "端午节"},
		{"not the Thursday after it", "2027-06-10", true, ""},
		{"Mid-Autumn 2027, a Wednesday", "2027-09-15", false, "中秋节"},
		{"National Day 2027, 8 October", "2027-10-08", false, "国庆节"},
		{"National Day 2027, 11 October", "2027-10-11", true, ""},
		{"Dragon Boat 2023, Thursday, takes the Friday", "2023-06-23", false, "端午节"},
		{"Mid-Autumn 2024, Tuesday, takes the Monday", "2024-09-16", false, "中秋节"},
		{"Qingming 2026, Sunday, takes the Monday", "2026-04-06", false, "清明节"},
		{"Saturday is never worked", "2027-02-20", false, ""},
		{"New Year's Day 2030, Tuesday, takes 31 December 2029", "2029-12-31", false, "元旦"},
		{"Labour Day 2029, from Tuesday, takes 30 April", "2029-04-30", false, "劳动节"},
		{"Mid-Autumn 2028 within National Day", "2028-10-03", false, "中秋节、国庆节"},
		{"Mid-Autumn 2023 on Friday 29 September merges", "2023-09-29", false, "中秋节"},
		{"Mid-Autumn 2034 on Wednesday 27 September merges", "2034-09-28", false, "中秋节、国庆节"},
		{"Mid-Autumn 2037 on Thursday 24 September does not", "2037-09-28", true, ""},
		{"National Day 2024 from Tuesday takes no bridge", "2024-09-30", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := day(t, tt.day)
			if got := cal.IsWorkday(d); got != tt.work {
				t.Errorf("IsWorkday(%s) = %v, want %v", tt.day, got, tt.work)
			}
			name, ok := cal.Holiday(d)
			if name != tt.holiday || ok != (tt.holiday != "") {
				t.Errorf("Holiday(%s) = %q, %v, want %q, %v", tt.day, name, ok, tt.holiday, tt.holiday != "")
			}
		})
	}
}

// withoutYear returns the embedded official table less the schedule of year.
func withoutYear(t *testing.T, year int) *dandang.Calendar {
	t.Helper()
	raw, err := os.ReadFile("holidays-cn.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var kept bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := sc.Text()
		if d, err := dandang.ParseDay(strings.SplitN(line, "\t", 2)[0]); err == nil && d.ScheduleYear() == year {
			continue
		}
		kept.WriteString(line + "\n")
	}
	cal, err := dandang.ReadCalendar(&kept, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cal.Covers(year) {
		t.Fatalf("table less %d still covers it", year)
	}
	return cal
}

// XC10: the statutory-only count never gives an earlier deadline than the
// official schedule, because every working day it counts is an official
// working day. Checked against each official year the library embeds, both
// with no official schedule at all and with only that year's missing.
func TestCalendar_XC10_StatutoryNeverEarlier(t *testing.T) {
	official := dandang.DefaultCalendar()
	for year := 2023; year <= 2026; year++ {
		if !official.Covers(year) {
			t.Fatalf("the default calendar does not cover %d", year)
		}
		for _, c := range []struct {
			name string
			cal  *dandang.Calendar
			all  bool // covers no year
		}{
			{"statutory calendar", dandang.StatutoryCalendar(), true},
			{"default calendar less the year", withoutYear(t, year), false},
		} {
			t.Run(fmt.Sprintf("%d/%s", year, c.name), func(t *testing.T) {
				first, last := day(t, fmt.Sprintf("%d-01-01", year)), day(t, fmt.Sprintf("%d-12-31", year))
				for d := first - 7; d <= last; d++ { // from 25 December, in the year's schedule
					if d.ScheduleYear() == year && c.cal.IsWorkday(d) && !official.IsWorkday(d) {
						name, _ := official.Holiday(d)
						t.Errorf("%s is a provisional working day but officially off (%s)", d, name)
					}
				}
				for d := first; d <= last; d++ {
					for _, n := range []int{1, 3, 5, 10, 15, 30} {
						got, prov := c.cal.Deadline(d, n)
						want, _ := official.Deadline(d, n)
						if got < want {
							t.Errorf("Deadline(%s, %d) = %s, before the official %s", d, n, got, want)
						}
						// Provisional when a day counted lies in the year's schedule
						// or in one the official table lacks too (or in any year, on
						// the statutory calendar).
						wantProv := c.all
						for y := (d + 1).ScheduleYear(); y <= got.ScheduleYear(); y++ {
							wantProv = wantProv || y == year || !official.Covers(y)
						}
						if prov != wantProv {
							t.Errorf("Deadline(%s, %d) = %s, provisional %v, want %v", d, n, got, prov, wantProv)
						}
					}
				}
			})
		}
	}
}

// XC10: the statutory days are computed lazily, once a year, safely from
// many goroutines (run with -race).
func TestStatutoryHolidays_XC10_Concurrent(t *testing.T) {
	want := days(dandang.StatutoryHolidays(2041))
	cal := dandang.StatutoryCalendar()
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for year := 2100 + i%4; year < 2140; year += 4 {
				dandang.StatutoryHolidays(year)
				cal.AddWorkdays(day(t, fmt.Sprintf("%d-09-20", year)), 10)
			}
			if got := days(dandang.StatutoryHolidays(2041)); !cmp.Equal(got, want) {
				t.Errorf("StatutoryHolidays(2041) = %v, want %v", got, want)
			}
		}()
	}
	wg.Wait()
}
