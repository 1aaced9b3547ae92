package dandang

// StatutoryHolidays is the statutory schedule's days off in year, for the
// tests of the calendar past the official schedule (XC10).
var StatutoryHolidays = statutoryHolidays

// StatutoryCalendar is a calendar with no official schedule, every year read
// on the statutory holidays alone (XC10): what ReadCalendar of an empty
// schedule returns.
var StatutoryCalendar = statutoryCalendar

// ParseDay parses a day as 2006-01-02, as a schedule file writes it.
var ParseDay = parseDay
