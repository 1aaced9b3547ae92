package dandang

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"
)

//go:embed holidays-cn.tsv
var holidaysCN []byte

// Day is a calendar date in China's time zone, counted in days since
// 1970-01-01. It is what deadlines are kept in: a deadline is a whole day.
type Day int32

// DayOf returns the date of t in China's time zone.
func DayOf(t time.Time) Day {
	y, m, d := t.In(China).Date()
	return Day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Date returns the day's midnight in China's time zone.
func (d Day) Date() time.Time {
	u := time.Unix(int64(d)*86400, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, China)
}

// String formats the day as 2006-01-02.
func (d Day) String() string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }

// ParseDay parses a 2006-01-02 date.
func ParseDay(s string) (Day, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, China)
	if err != nil {
		return 0, Invalidf("dandang.ParseDay", "XC03", "date", fmt.Sprintf("%q is not a date", s))
	}
	return DayOf(t), nil
}

// Calendar is a working-day calendar (XC03): Monday to Friday are worked,
// Saturday and Sunday are not, except for the public holidays it knows (off)
// and the weekend days worked in their place (调休, work). A Calendar is
// immutable and safe for concurrent use.
type Calendar struct {
	days map[Day]dayKind
	from Day // first listed day, for Covers
	to   Day // last listed day
}

type dayKind struct {
	work bool
	name string
}

// DefaultCalendar returns the calendar of mainland China's public holidays
// and swapped working days, 2023 to 2026, as the State Council published
// them. Use [ReadCalendar] to add other years.
func DefaultCalendar() *Calendar {
	c, err := ReadCalendar(bytes.NewReader(holidaysCN), nil)
	if err != nil {
		panic("dandang: embedded holiday table: " + err.Error()) // a build defect, caught by tests
	}
	return c
}

// ReadCalendar returns a calendar holding base's days (base may be nil) and
// those read from r. Each line of r is "date<TAB>kind<TAB>name" with date as
// 2006-01-02 and kind "off" or "work"; blank lines and lines starting with
// '#' are skipped. A day read from r replaces the same day of base. A
// malformed line is an Invalid error naming its line number.
func ReadCalendar(r io.Reader, base *Calendar) (*Calendar, error) {
	c := &Calendar{days: make(map[Day]dayKind)}
	if base != nil {
		for d, k := range base.days {
			c.days[d] = k
		}
		c.from, c.to = base.from, base.to
	}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		field := fmt.Sprintf("line %d", line)
		if len(f) < 2 {
			return nil, Invalidf("dandang.ReadCalendar", "XC03", field, "want date<TAB>kind<TAB>name")
		}
		d, err := ParseDay(f[0])
		if err != nil {
			return nil, Invalidf("dandang.ReadCalendar", "XC03", field, fmt.Sprintf("bad date %q", f[0]))
		}
		var k dayKind
		switch f[1] {
		case "off":
		case "work":
			k.work = true
		default:
			return nil, Invalidf("dandang.ReadCalendar", "XC03", field, fmt.Sprintf("kind %q is neither off nor work", f[1]))
		}
		if len(f) > 2 {
			k.name = f[2]
		}
		c.days[d] = k
		if c.from == 0 || d < c.from {
			c.from = d
		}
		if d > c.to {
			c.to = d
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{Code: Invalid, Op: "dandang.ReadCalendar", Rule: "XC03", Err: err}
	}
	return c, nil
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Day) bool {
	if k, ok := c.days[d]; ok {
		return k.work
	}
	wd := d.Date().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Holiday returns the name of the holiday d is part of (or the holiday a
// swapped working day makes up for), and whether it is listed.
func (c *Calendar) Holiday(d Day) (string, bool) {
	k, ok := c.days[d]
	return k.name, ok
}

// Covers reports whether the calendar lists days for the whole of year y.
// Outside it, only the weekend rule applies.
func (c *Calendar) Covers(year int) bool {
	return len(c.days) > 0 && c.from.Date().Year() <= year && c.to.Date().Year() >= year
}

// AddWorkdays returns the n-th working day after d (n > 0), or d itself when
// n <= 0. A step due "within 5 working days" of d is due on AddWorkdays(d, 5).
func (c *Calendar) AddWorkdays(d Day, n int) Day {
	for n > 0 {
		d++
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// Workdays counts the working days after from up to and including to; it is
// 0 when to is not after from.
func (c *Calendar) Workdays(from, to Day) int {
	n := 0
	for d := from + 1; d <= to; d++ {
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}
