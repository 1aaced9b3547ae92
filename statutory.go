package dandang

import (
	"sort"
	"sync"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// Statutory public holidays (XC10), computed rather than typed in.
//
// The State Council's rules on public holidays (全国年节及纪念日放假办法, as
// amended in 2024) give all citizens these days off: New Year's Day,
// 1 January; Spring Festival, 4 days from New Year's Eve (the last day of the
// twelfth lunar month) through the third day of the first lunar month;
// Qingming, the day of the solar term 清明; Labour Day, 1 and 2 May; Dragon
// Boat Festival, the fifth day of the fifth lunar month; Mid-Autumn Festival,
// the fifteenth day of the eighth lunar month; National Day, 1 to 3 October.
// The lunar dates and the solar term come from github.com/6tail/lunar-go.
//
// Each year the General Office of the State Council then publishes the
// official schedule, which joins these days to weekends into longer blocks and
// makes some weekend days working days in return (调休). Until that schedule
// is loaded into a [Calendar], the calendar counts on the conservative reading
// described at [Calendar], which never makes a deadline earlier than
// the official schedule would.

// Names of the holidays, as the State Council's notices write them.
const (
	holidayNewYear     = "元旦"
	holidaySpring      = "春节"
	holidayQingming    = "清明节"
	holidayLabour      = "劳动节"
	holidayDragonBoat  = "端午节"
	holidayMidAutumn   = "中秋节"
	holidayNationalDay = "国庆节"
)

// Lunar dates are computed for the years 1 to 9999 only; outside them the
// statutory days are the fixed-date ones (New Year's Day, Labour Day,
// National Day).
const (
	lunarFirstYear = 1
	lunarLastYear  = 9999
)

// statutoryYear holds one year's statutory days off.
type statutoryYear struct {
	legal []Day          // the statutory days themselves, sorted
	off   map[Day]string // the conservative days off, with their holidays' names
}

// statutoryYears caches a *statutoryYear per year in [lunarFirstYear,
// lunarLastYear], built on first use. statutoryBuild serializes building, and
// with it every call into lunar-go, whose own year cache is shared.
var (
	statutoryYears sync.Map
	statutoryBuild sync.Mutex
)

// statutoryFor returns the statutory days of year.
func statutoryFor(year int) *statutoryYear {
	if year < lunarFirstYear || year > lunarLastYear {
		return buildStatutory(year) // fixed dates only: cheap, and not cached
	}
	if v, ok := statutoryYears.Load(year); ok {
		return v.(*statutoryYear)
	}
	statutoryBuild.Lock()
	defer statutoryBuild.Unlock()
	if v, ok := statutoryYears.Load(year); ok {
		return v.(*statutoryYear)
	}
	y := buildStatutory(year)
	statutoryYears.Store(year, y)
	return y
}

// lunarDates returns the Gregorian dates, in year, of New Year's Eve,
// Qingming, the Dragon Boat Festival and the Mid-Autumn Festival. The caller
// holds statutoryBuild.
func lunarDates(year int) (eve, qingming, dragonBoat, midAutumn Day) {
	day := func(s *calendar.Solar) Day { return dateDay(s.GetYear(), time.Month(s.GetMonth()), s.GetDay()) }
	// The first lunar month always begins in the Gregorian year of its
	// number, between 21 January and 20 February; its eve is the day before.
	eve = day(calendar.NewLunarFromYmd(year, 1, 1).GetSolar()) - 1
	qingming = day(calendar.NewSolarFromYmd(year, 4, 1).GetLunar().GetJieQiTable()["清明"])
	dragonBoat = day(calendar.NewLunarFromYmd(year, 5, 5).GetSolar())
	midAutumn = day(calendar.NewLunarFromYmd(year, 8, 15).GetSolar())
	return eve, qingming, dragonBoat, midAutumn
}

// span is a run of days, both ends included, belonging to one holiday.
type span struct {
	from, to Day
	name     string
}

// buildStatutory computes year's statutory days and conservative days off.
// For a year in [lunarFirstYear, lunarLastYear] the caller holds
// statutoryBuild.
func buildStatutory(year int) *statutoryYear {
	newYear := dateDay(year, time.January, 1)
	labour := dateDay(year, time.May, 1)
	national := dateDay(year, time.October, 1)

	y := &statutoryYear{off: make(map[Day]string)}
	legal := []Day{newYear, labour, labour + 1, national, national + 1, national + 2}
	var spans []span
	spans = append(spans,
		bridge(single(newYear, holidayNewYear)),
		bridge(span{labour, labour + 4, holidayLabour}),
	)
	nationalSpan := span{national, national + 7, holidayNationalDay}
	if year >= lunarFirstYear && year <= lunarLastYear {
		eve, qingming, dragonBoat, midAutumn := lunarDates(year)
		legal = append(legal, eve, eve+1, eve+2, eve+3, qingming, dragonBoat, midAutumn)
		spans = append(spans,
			bridge(span{eve, eve + 8, holidaySpring}),
			bridge(single(qingming, holidayQingming)),
			bridge(single(dragonBoat, holidayDragonBoat)),
		)
		ma := bridge(single(midAutumn, holidayMidAutumn))
		spans = append(spans, ma)
		// Mid-Autumn next to National Day merges with it: when at most two
		// weekdays lie between their blocks, the days between are off as
		// well, as part of both.
		both := holidayMidAutumn + "、" + holidayNationalDay
		if between := (span{ma.to + 1, nationalSpan.from - 1, both}); between.from <= between.to && weekdays(between) <= 2 {
			spans = append(spans, between)
		}
		if between := (span{nationalSpan.to + 1, ma.from - 1, both}); between.from <= between.to && weekdays(between) <= 2 {
			spans = append(spans, between)
		}
	}
	spans = append(spans, nationalSpan)

	sort.Slice(legal, func(i, j int) bool { return legal[i] < legal[j] })
	for i, d := range legal {
		if i == 0 || d != legal[i-1] { // Mid-Autumn can fall on 1 October
			y.legal = append(y.legal, d)
		}
	}
	for _, s := range spans {
		for d := s.from; d <= s.to; d++ {
			if old, ok := y.off[d]; ok && old != s.name {
				y.off[d] = old + "、" + s.name // Mid-Autumn within National Day
				continue
			}
			y.off[d] = s.name
		}
	}
	return y
}

// single returns the block of a one-day holiday on d: the day itself, and
// when it falls on a Saturday or Sunday, the days through the following
// Monday, the weekday given in its place.
func single(d Day, name string) span {
	switch weekday(d) {
	case time.Saturday:
		return span{d, d + 2, name}
	case time.Sunday:
		return span{d, d + 1, name}
	}
	return span{d, d, name}
}

// weekdays counts the days of s from Monday to Friday; 0 for an empty s.
func weekdays(s span) int {
	n := 0
	for d := s.from; d <= s.to; d++ {
		if wd := weekday(d); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// bridge widens s by its bridge days: a block beginning on a Tuesday takes
// the Monday before it, one ending on a Thursday the Friday after it.
func bridge(s span) span {
	if weekday(s.from) == time.Tuesday {
		s.from--
	}
	if weekday(s.to) == time.Thursday {
		s.to++
	}
	return s
}

// statutoryHolidays returns the statutory public holidays of year, in order:
// the days the State Council's rules on public holidays (as amended in 2024)
// give off, 13 in all: 1 January; New Year's Eve and the first three days of
// the first lunar month; Qingming; 1 and 2 May; the Dragon Boat Festival
// (fifth day of the fifth lunar month); the Mid-Autumn Festival (fifteenth
// day of the eighth lunar month); 1 to 3 October. A day that is two holidays
// at once (the Mid-Autumn Festival on one of 1 to 3 October) is listed once.
//
// These are the legal days only, whatever weekday they fall on: not the
// blocks the yearly official schedule makes of them, nor the wider blocks a
// [Calendar] assumes for a year it has no official schedule for (see
// [Calendar]). The amended rules took effect on 1 January 2025 but
// are applied to every year: the official 2024 schedule, made under the old
// rules, kept New Year's Eve (9 February) a working day. The lunar dates are
// computed for the years 1 to 9999; for other years only the fixed-date
// holidays are returned.
func statutoryHolidays(year int) []Day {
	return append([]Day(nil), statutoryFor(year).legal...)
}

// statutoryCalendar returns a calendar that holds no official schedule, so
// that every year is counted on the statutory holidays alone and every
// deadline on it is provisional (XC10). It counts as any [Calendar] does in a
// year it does not cover (see [Calendar.Covers]).
//
// (The reading is described at [Calendar].)
func statutoryCalendar() *Calendar {
	return &Calendar{}
}

// statutoryOff reports whether d, in schedule year y, is off on the
// conservative reading, and the holiday it belongs to.
func statutoryOff(d Day, y int) (string, bool) {
	name, ok := statutoryFor(y).off[d]
	return name, ok
}

// dateDay returns the Day of a Gregorian date.
func dateDay(year int, month time.Month, day int) Day {
	return Day(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// weekday returns d's day of the week; 1970-01-01 was a Thursday.
func weekday(d Day) time.Weekday {
	return time.Weekday(((int64(d)+4)%7 + 7) % 7)
}
