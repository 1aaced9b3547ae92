package dandang

import (
	"bufio"
	"bytes"
	_ "embed"
	"errors"
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

// parseDay parses a 2006-01-02 date.
func parseDay(s string) (Day, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, China)
	if err != nil {
		return 0, invalidf("dandang.ReadCalendar", "XC03", "date", fmt.Sprintf("%q is not a date", s))
	}
	return DayOf(t), nil
}

// ScheduleYear returns the year whose official holiday schedule decides d:
// d's own year, except that 25 to 31 December belong to the next year, since
// the State Council publishes the New Year's Day holiday, which can begin in
// late December, with the next year's schedule (the 2023 schedule gave
// 31 December 2022 off).
func (d Day) ScheduleYear() int {
	y, m, dd := time.Unix(int64(d)*86400, 0).UTC().Date()
	if m == time.December && dd >= 25 {
		return y + 1
	}
	return y
}

// Calendar is a working-day calendar (XC03, XC10): Monday to Friday are
// worked, Saturday and Sunday are not, except for the public holidays it
// knows (off) and the weekend days worked in their place (调休, work).
//
// A calendar holds the official schedules of some years (see
// [Calendar.Covers]). In a year it holds no official schedule for, it counts
// on the statutory holidays alone, read conservatively as described
// below, and the deadlines it gives there are provisional (see
// [Calendar.Deadline]). A calendar read from an empty schedule
// (ReadCalendar of nothing, with no base) holds no official schedule at all.
//
// # The statutory reading
//
// Counting only the statutory days off would make deadlines too early, since
// the official schedule joins them to weekends and adds weekdays to the
// blocks (National Day 2025 was 1 to 8 October, not 1 to 3). So, for a year
// without an official schedule, a calendar reads the statutory holidays
// conservatively: Saturday and Sunday are never worked (no make-up working
// day is guessed), and these days are off, each widened to the longest block
// the State Council has given its holiday in recent years:
//
//   - New Year's Day, Qingming, the Dragon Boat Festival and the Mid-Autumn
//     Festival: the day itself; one falling on a Saturday or Sunday also takes
//     the Monday after it.
//   - Spring Festival: New Year's Eve through the eighth day of the first
//     lunar month, 9 days (2024 ran to the eighth day; 2025 and 2026 from the
//     eve to the seventh).
//   - Labour Day: 1 to 5 May.
//   - National Day: 1 to 8 October.
//   - Bridge days, for every block but National Day's: one beginning on a
//     Tuesday also takes the Monday before it, one ending on a Thursday the
//     Friday after it. A Wednesday holiday stays one day, as in 2020 and 2025.
//   - The Mid-Autumn Festival next to National Day merges with it: when at
//     most two weekdays lie between their blocks (as in 2023, when it fell on
//     Friday 29 September), the days between are off too.
//
// Every weekday the official schedules of 2023 to 2026 gave off lies in this
// set, and no weekend day is worked in it, so the working days it counts are
// official working days too: a deadline counted on it is never earlier than
// the one the official schedule gives, and may be later. Loading the official
// schedule with [ReadCalendar] re-dates it.
//
// A Calendar is immutable and safe for concurrent use. The zero Calendar
// holds no official schedule.
type Calendar struct {
	days  map[Day]dayKind
	years map[int]bool // schedule years with an official schedule
}

type dayKind struct {
	work bool
	name string
}

// DefaultCalendar returns the calendar of mainland China's public holidays
// and swapped working days, 2023 to 2026, as the State Council published
// them: it covers exactly the years 2023 to 2026. Use [ReadCalendar] to add
// other years.
func DefaultCalendar() *Calendar {
	c, err := ReadCalendar(bytes.NewReader(holidaysCN), nil)
	if err != nil {
		panic("dandang: embedded holiday table: " + err.Error()) // a build defect, caught by tests
	}
	return c
}

// ReadCalendar returns a calendar holding base's days and official schedules
// (base may be nil) and those read from r.
//
// Each line of r is "date<TAB>kind<TAB>name" with date as 2006-01-02, kind
// "off" or "work" and name the holiday's; blank lines and lines starting
// with '#' are skipped. A day read from r replaces the same day of base.
//
// r is taken to hold the whole official schedule of every year it lists a day
// of, by [Day.ScheduleYear]: the result covers base's years and those. A day
// of 25 to 31 December thus counts for the next year, and a file listing only
// some days of a year still makes the whole year covered, its other days
// following the week. List every holiday and swapped working day of the
// State Council's notice for each year read.
//
// A malformed line, or one too long to read, is an Invalid error (XC03) whose
// field names the line, such as "line 7"; any other read error is an Invalid
// error wrapping it.
func ReadCalendar(r io.Reader, base *Calendar) (*Calendar, error) {
	c := &Calendar{days: make(map[Day]dayKind), years: make(map[int]bool)}
	if base != nil {
		for d, k := range base.days {
			c.days[d] = k
		}
		for y := range base.years {
			c.years[y] = true
		}
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
			return nil, invalidf("dandang.ReadCalendar", "XC03", field, "want date<TAB>kind<TAB>name")
		}
		d, err := parseDay(f[0])
		if err != nil {
			return nil, invalidf("dandang.ReadCalendar", "XC03", field, fmt.Sprintf("bad date %q", f[0]))
		}
		var k dayKind
		switch f[1] {
		case "off":
		case "work":
			k.work = true
		default:
			return nil, invalidf("dandang.ReadCalendar", "XC03", field, fmt.Sprintf("kind %q is neither off nor work", f[1]))
		}
		if len(f) > 2 {
			k.name = f[2]
		}
		c.days[d] = k
		c.years[d.ScheduleYear()] = true
	}
	if err := sc.Err(); err != nil {
		e := &Error{Code: Invalid, Op: "dandang.ReadCalendar", Rule: "XC03", Err: err}
		if errors.Is(err, bufio.ErrTooLong) {
			e.Field = fmt.Sprintf("line %d", line+1)
		}
		return nil, e
	}
	return c, nil
}

// Covers reports whether the calendar holds the official schedule of year:
// the schedule that decides the days from 25 December of the year before
// through 24 December of year (see [Day.ScheduleYear]). A calendar covers the
// years of the files it was read from (see [ReadCalendar]);
// [DefaultCalendar] covers 2023 to 2026.
func (c *Calendar) Covers(year int) bool {
	return c.years[year]
}

// IsWorkday reports whether d is a working day. A day the calendar lists is
// as listed. Otherwise Saturday and Sunday are not worked, and Monday to
// Friday are, except, in a year the calendar does not cover, the days off of
// the conservative statutory reading described at [Calendar].
func (c *Calendar) IsWorkday(d Day) bool {
	if k, ok := c.days[d]; ok {
		return k.work
	}
	if wd := weekday(d); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	y := d.ScheduleYear()
	if c.years[y] {
		return true
	}
	_, off := statutoryOff(d, y)
	return !off
}

// Holiday returns the name of the holiday d is part of (or the holiday a
// swapped working day makes up for), and whether there is one: whether d is
// listed, or, in a year the calendar does not cover, whether d is one of the
// days off of the conservative statutory reading (see [Calendar]).
func (c *Calendar) Holiday(d Day) (string, bool) {
	if k, ok := c.days[d]; ok {
		return k.name, true
	}
	if y := d.ScheduleYear(); !c.years[y] {
		return statutoryOff(d, y)
	}
	return "", false
}

// AddWorkdays returns the n-th working day after d (n > 0), or d itself when
// n <= 0. A step due "within 5 working days" of d is due on AddWorkdays(d, 5).
// Use [Calendar.Deadline] to learn whether the result is provisional.
func (c *Calendar) AddWorkdays(d Day, n int) Day {
	for n > 0 {
		d++
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// Deadline returns the n-th working day after from, as [Calendar.AddWorkdays]
// does, and whether it is provisional (XC10): whether any day counted, after
// from up to and including due, lies in a year the calendar does not cover
// (by [Day.ScheduleYear]). A provisional deadline is counted on the
// conservative statutory reading described at [Calendar], which
// never makes it earlier than the official schedule will; keep it listed,
// and count it again on a calendar holding that schedule (see
// [ReadCalendar]) once the State Council has published it. For n <= 0 due is
// from and nothing is provisional.
func (c *Calendar) Deadline(from Day, n int) (due Day, provisional bool) {
	due = c.AddWorkdays(from, n)
	return due, c.Provisional(from, due)
}

// Provisional reports whether any day after from up to and including to lies
// in a year the calendar does not cover (by [Day.ScheduleYear]), so that
// counting working days over them depends on the statutory reading (XC10).
// It is false when to is not after from.
func (c *Calendar) Provisional(from, to Day) bool {
	if to <= from {
		return false
	}
	for y := (from + 1).ScheduleYear(); y <= to.ScheduleYear(); y++ {
		if !c.years[y] {
			return true
		}
	}
	return false
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
