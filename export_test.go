package dandang

// StatutoryHolidays is the statutory schedule's days off in year, for the
// tests of the calendar past the official schedule (XC10).
var StatutoryHolidays = statutoryHolidays
