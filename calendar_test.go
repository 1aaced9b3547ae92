package dandang_test

import (
	"errors"
	"fmt"
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
		{"2030-01-04", 1, "2030-01-07"}, // outside the table: statutory holidays only
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
	// A test fixture, not the State Council's schedule for 2027.
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
	if base.Covers(2027) || base.IsWorkday(day(t, "2027-02-20")) {
		t.Errorf("base calendar changed by ReadCalendar")
	}
	for _, bad := range []string{"2027-13-01\toff", "2027-01-01\tmaybe", "2027-01-01"} {
		_, err := dandang.ReadCalendar(strings.NewReader(bad), nil)
		if dandang.ErrorCode(err) != dandang.Invalid || dandang.ErrorField(err) != "line 1" {
			t.Errorf("ReadCalendar(%q) error = %v, want invalid at line 1", bad, err)
		}
	}
}

// XC10: the embedded table covers exactly 2023 to 2026. Its 31 December 2022
// belongs to the 2023 New Year's Day holiday and so to the 2023 schedule.
func TestCalendar_XC10_Covers(t *testing.T) {
	cal := dandang.DefaultCalendar()
	for year := 2020; year <= 2030; year++ {
		t.Run(fmt.Sprint(year), func(t *testing.T) {
			got, want := cal.Covers(year), year >= 2023 && year <= 2026
			if got != want {
				t.Errorf("Covers(%d) = %v, want %v", year, got, want)
			}
		})
	}
	if dandang.StatutoryCalendar().Covers(2025) {
		t.Errorf("StatutoryCalendar().Covers(2025) = true, want false")
	}
}

func TestDay_XC10_ScheduleYear(t *testing.T) {
	tests := []struct {
		day  string
		want int
	}{
		{"2026-01-01", 2026},
		{"2026-12-24", 2026},
		{"2026-12-25", 2027},
		{"2026-12-31", 2027},
		{"2022-12-31", 2023},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			if got := day(t, tt.day).ScheduleYear(); got != tt.want {
				t.Errorf("ScheduleYear(%s) = %d, want %d", tt.day, got, tt.want)
			}
		})
	}
}

// XC10: past the official schedule, deadlines are counted on the statutory
// holidays and are provisional.
func TestCalendar_XC10_Deadline(t *testing.T) {
	cal := dandang.DefaultCalendar()
	tests := []struct {
		name        string
		from        string
		n           int
		want        string
		provisional bool
	}{
		{"New Year's Day 2027 is not worked", "2026-12-30", 5, "2027-01-07", true},
		{"inside 2026", "2026-06-01", 5, "2026-06-08", false},
		{"across the official National Day 2025", "2025-09-30", 1, "2025-10-09", false},
		{"24 December belongs to 2026", "2026-12-23", 1, "2026-12-24", false},
		{"25 December belongs to the 2027 schedule", "2026-12-24", 1, "2026-12-25", true},
		{"2022 is not covered", "2022-12-20", 1, "2022-12-21", true},
		{"n <= 0 counts nothing", "2026-12-30", 0, "2026-12-30", false},
		{"Spring Festival 2027, eve to the eighth day", "2027-02-04", 1, "2027-02-15", true},
		{"National Day 2027, 1 to 8 October", "2027-09-30", 1, "2027-10-11", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, prov := cal.Deadline(day(t, tt.from), tt.n)
			if got := due.String(); got != tt.want || prov != tt.provisional {
				t.Errorf("Deadline(%s, %d) = %s, %v, want %s, %v", tt.from, tt.n, got, prov, tt.want, tt.provisional)
			}
			if got := cal.AddWorkdays(day(t, tt.from), tt.n); got != due {
				t.Errorf("AddWorkdays(%s, %d) = %s, want %s as Deadline", tt.from, tt.n, got, due)
			}
		})
	}
}

func TestCalendar_XC10_Provisional(t *testing.T) {
	cal := dandang.DefaultCalendar()
	tests := []struct {
		from, to string
		want     bool
	}{
		{"2023-01-01", "2026-12-24", false},
		{"2022-12-24", "2023-01-05", false}, // counting starts on 25 December 2022
		{"2022-12-23", "2023-01-05", true},
		{"2026-06-01", "2027-06-01", true},
		{"2027-06-01", "2026-06-01", false}, // to before from
	}
	for _, tt := range tests {
		t.Run(tt.from+"_"+tt.to, func(t *testing.T) {
			if got := cal.Provisional(day(t, tt.from), day(t, tt.to)); got != tt.want {
				t.Errorf("Provisional(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

// fixture2027 is a synthetic test fixture shaped like a State Council
// schedule; it is NOT the official 2027 schedule. It gives 4 January off.
const fixture2027 = `# TEST FIXTURE - not the official 2027 schedule
2027-01-01	off	元旦
2027-01-02	off	元旦
2027-01-03	off	元旦
2027-01-04	off	元旦（测试）
2027-01-09	work	元旦（测试）
`

// XC10: loading the official schedule re-dates a provisional deadline, which
// is then final.
func TestCalendar_XC10_Redate(t *testing.T) {
	base := dandang.DefaultCalendar()
	from := day(t, "2026-12-30")
	before, prov := base.Deadline(from, 5)
	if !prov {
		t.Fatalf("Deadline(%s, 5) on the default calendar is not provisional", from)
	}
	cal, err := dandang.ReadCalendar(strings.NewReader(fixture2027), base)
	if err != nil {
		t.Fatal(err)
	}
	if !cal.Covers(2027) {
		t.Errorf("Covers(2027) = false after loading the 2027 fixture, want true")
	}
	if cal.Covers(2028) || !cal.Covers(2026) {
		t.Errorf("Covers(2026), Covers(2028) = %v, %v, want true, false", cal.Covers(2026), cal.Covers(2028))
	}
	after, prov := cal.Deadline(from, 5)
	if got, want := after.String(), "2027-01-08"; got != want || prov {
		t.Errorf("Deadline(%s, 5) = %s, %v, want %s, false", from, got, prov, want)
	}
	if after < before {
		t.Errorf("re-dated deadline %s is earlier than the provisional %s", after, before)
	}
	// A covered year follows its schedule only: no statutory day is assumed.
	if !cal.IsWorkday(day(t, "2027-02-08")) {
		t.Errorf("IsWorkday(2027-02-08) = false on a calendar covering 2027 that does not list it, want true")
	}
	if _, ok := cal.Holiday(day(t, "2027-02-08")); ok {
		t.Errorf("Holiday(2027-02-08) reports a holiday on a calendar covering 2027 that does not list it")
	}
}

// XC03: a bad line is an Invalid error naming the line.
func TestReadCalendar_XC03_BadLine(t *testing.T) {
	tests := []struct {
		name, in, field string
	}{
		{"bad date", "2027-01-01\toff\t元旦\n# note\n2027-02-30\toff\n", "line 3"},
		{"bad kind", "\n2027-01-01\tOFF\n", "line 2"},
		{"no kind", "2027-01-01", "line 1"},
		{"too long", "2027-01-01\toff\n" + strings.Repeat("x", 70000) + "\n", "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal, err := dandang.ReadCalendar(strings.NewReader(tt.in), dandang.DefaultCalendar())
			if cal != nil {
				t.Errorf("ReadCalendar returned a calendar with error %v", err)
			}
			if got, want := dandang.ErrorCode(err), dandang.Invalid; got != want {
				t.Errorf("ErrorCode = %q, want %q (error %v)", got, want, err)
			}
			if got := dandang.ErrorField(err); got != tt.field {
				t.Errorf("ErrorField = %q, want %q", got, tt.field)
			}
			if got, want := dandang.ErrorRule(err), "XC03"; got != want {
				t.Errorf("ErrorRule = %q, want %q", got, want)
			}
		})
	}
}

// FuzzReadCalendar checks ReadCalendar (XC03, XC10) on any input: it does
// not panic, and either refuses with an Invalid *Error or returns a calendar
// on which every listed day reads back as listed, covering its year.
func FuzzReadCalendar(f *testing.F) {
	f.Add(fixture2027)
	f.Add("2022-12-31\toff\t元旦\n2023-01-28\twork\t春节\n")
	f.Add("# comment\n\n  2027-10-01\toff\t国庆节  \r\n")
	f.Add("2027-01-01\tmaybe\n")
	f.Add("9999-12-31\twork\tx\n0000-01-01\toff\n")
	f.Fuzz(func(t *testing.T, in string) {
		cal, err := dandang.ReadCalendar(strings.NewReader(in), nil)
		if err != nil {
			var e *dandang.Error
			if !errors.As(err, &e) || e.Code != dandang.Invalid {
				t.Fatalf("ReadCalendar error = %#v, want an *Error with code %q", err, dandang.Invalid)
			}
			return
		}
		type listed struct {
			work bool
			name string
		}
		want := make(map[dandang.Day]listed)
		for _, line := range strings.Split(in, "\n") {
			text := strings.TrimSpace(line)
			if text == "" || strings.HasPrefix(text, "#") {
				continue
			}
			fields := strings.Split(text, "\t")
			d, err := dandang.ParseDay(fields[0])
			if err != nil || len(fields) < 2 {
				t.Fatalf("ReadCalendar accepted line %q", line)
			}
			l := listed{work: fields[1] == "work"}
			if len(fields) > 2 {
				l.name = fields[2]
			}
			want[d] = l
		}
		for d, l := range want {
			if got := cal.IsWorkday(d); got != l.work {
				t.Errorf("IsWorkday(%s) = %v, want %v", d, got, l.work)
			}
			if name, ok := cal.Holiday(d); name != l.name || !ok {
				t.Errorf("Holiday(%s) = %q, %v, want %q, true", d, name, ok, l.name)
			}
			if !cal.Covers(d.ScheduleYear()) {
				t.Errorf("Covers(%d) = false with %s listed", d.ScheduleYear(), d)
			}
			if due, _ := cal.Deadline(d, 1); due <= d || !cal.IsWorkday(due) {
				t.Errorf("Deadline(%s, 1) = %s, want a working day after it", d, due)
			}
		}
	})
}
