package dandang_test

import (
	"strings"
	"testing"

	"github.com/dandang/dandang"
)

func day(t *testing.T, s string) dandang.Day {
	t.Helper()
	d, err := dandang.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// XC03: deadlines count working days on a calendar that knows public
// holidays and the weekend days worked in their place.
func TestCalendar_XC03_Workdays(t *testing.T) {
	cal := dandang.DefaultCalendar()
	tests := []struct {
		name string
		day  string
		work bool
	}{
		{"plain Monday", "2023-06-05", true},
		{"plain Saturday", "2023-06-03", false},
		{"National Day holiday", "2023-10-02", false},
		{"Sunday worked for National Day", "2023-10-08", true},
		{"Spring Festival 2024", "2024-02-12", false},
		{"Saturday worked for Spring Festival 2024", "2024-02-04", true},
		{"Labour Day 2025", "2025-05-05", false},
		{"Spring Festival 2026", "2026-02-17", false},
	}
	for _, tt := range tests {
		if got := cal.IsWorkday(day(t, tt.day)); got != tt.work {
			t.Errorf("%s: IsWorkday(%s) = %v, want %v", tt.name, tt.day, got, tt.work)
		}
	}
}

func TestCalendar_XC03_AddWorkdays(t *testing.T) {
	cal := dandang.DefaultCalendar()
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2023-06-05", 5, "2023-06-12"}, // Mon + 5 = next Mon
		{"2023-09-27", 5, "2023-10-10"}, // across National Day; 7 and 8 October worked
		{"2023-09-27", 3, "2023-10-08"}, // Thursday 28, the worked Saturday 7, Sunday 8
		{"2023-06-21", 1, "2023-06-25"}, // Dragon Boat: Sunday 25 June worked
		{"2024-12-31", 1, "2025-01-02"}, // New Year's Day off
		{"2023-06-05", 0, "2023-06-05"}, // n <= 0 is the day itself
		{"2030-01-04", 1, "2030-01-07"}, // outside the table: weekends only
	}
	for _, tt := range tests {
		got := cal.AddWorkdays(day(t, tt.from), tt.n)
		if got.String() != tt.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
		if tt.n > 0 {
			if back := cal.Workdays(day(t, tt.from), got); back != tt.n {
				t.Errorf("Workdays(%s, %s) = %d, want %d", tt.from, got, back, tt.n)
			}
		}
	}
}

func TestReadCalendar_XC03_OtherYears(t *testing.T) {
	base := dandang.DefaultCalendar()
	if base.Covers(2027) {
		t.Fatalf("default calendar claims to cover 2027")
	}
	cal, err := dandang.ReadCalendar(strings.NewReader("# 2027\n2027-01-01\toff\t元旦\n2027-02-20\twork\t春节\n"), base)
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkday(day(t, "2027-01-01")) {
		t.Errorf("2027-01-01 is a holiday once loaded")
	}
	if !cal.IsWorkday(day(t, "2027-02-20")) {
		t.Errorf("2027-02-20 (Saturday) is worked once loaded")
	}
	if name, _ := cal.Holiday(day(t, "2027-01-01")); name != "元旦" {
		t.Errorf("Holiday = %q, want 元旦", name)
	}
	if !cal.Covers(2027) || !cal.Covers(2024) {
		t.Errorf("merged calendar covers 2024 and 2027")
	}
	if base.IsWorkday(day(t, "2027-01-01")) != true {
		t.Errorf("base calendar changed by ReadCalendar")
	}
	for _, bad := range []string{"2027-13-01\toff", "2027-01-01\tmaybe", "2027-01-01"} {
		_, err := dandang.ReadCalendar(strings.NewReader(bad), nil)
		if dandang.ErrorCode(err) != dandang.Invalid || dandang.ErrorField(err) != "line 1" {
			t.Errorf("ReadCalendar(%q) error = %v, want invalid at line 1", bad, err)
		}
	}
}
