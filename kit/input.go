package kit

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The years a date the library takes may fall in: 1949 to 2200, China
// time. A date outside them is a typing slip or a probe, and would fail
// deep inside an encoder or a database (the year 0 or 300000) if let in.
const (
	FirstYear = 1949
	LastYear  = 2200
)

var (
	firstDate = time.Date(FirstYear, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	afterLast = time.Date(LastYear+1, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	timeType  = reflect.TypeFor[time.Time]()
)

// dateProblem says what is wrong with t as a date the library takes, or ""
// when nothing is: the zero time (not given) and a time in the years
// [FirstYear] to [LastYear] are right.
func dateProblem(t time.Time) string {
	if t.IsZero() || (!t.Before(firstDate) && t.Before(afterLast)) {
		return ""
	}
	return fmt.Sprintf("%d is outside the years %d to %d", t.Year(), FirstYear, LastYear)
}

// CheckTime refuses, as Invalid (XC06) naming field, a time outside the
// years [FirstYear] to [LastYear]; the zero time passes (not given).
func CheckTime(op, field string, t time.Time) error {
	if p := dateProblem(t); p != "" {
		return Invalidf(op, "XC06", field, p)
	}
	return nil
}

// Limits caps what a command's input may hold, so that no string the store
// keeps is one the library did not check, and no command makes every later
// one rewrite a huge row.
type Limits struct {
	// Text is the most bytes a string field may hold (default 16 KiB:
	// reasons, notes and opinions run to a few thousand characters).
	Text int
	// List is the most elements a slice or map field may hold (default 200:
	// allegations, subjects, forms).
	List int
}

// DefaultLimits returns the limits a service has when its config sets none.
func DefaultLimits() Limits { return Limits{Text: 16 << 10, List: 200} }

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Text <= 0 {
		l.Text = d.Text
	}
	if l.List <= 0 {
		l.List = d.List
	}
	return l
}

// CheckInput walks v — a command's input, an actor — and refuses, as
// Invalid (XC06) naming the field, the first string that is not valid
// UTF-8, holds a NUL byte or is longer than lim.Text bytes, the first
// slice or map longer than lim.List, and the first time outside the years
// [FirstYear] to [LastYear]. field names v in the error, such as
// "Actor"; "" names its fields alone.
//
// An input declares its shape with tags ([ValidateInput]); CheckInput is
// the net under them, run after them, for what carries no tag: types of
// other packages an input holds, such as Subject or Allegation, and a
// field added without one.
func CheckInput(op, field string, v any, lim Limits) error {
	lim = lim.withDefaults()
	if msg, at := checkValue(reflect.ValueOf(v), lim, 0); msg != "" {
		return Invalidf(op, "XC06", join(field, at), msg)
	}
	return nil
}

// join appends the path at to field: "Actor" and "Name" give "Actor.Name",
// "Forms" and "[2]" give "Forms[2]".
func join(field, at string) string {
	switch {
	case field == "":
		return at
	case at == "":
		return field
	case strings.HasPrefix(at, "["):
		return field + at
	}
	return field + "." + at
}

// checkValue returns what is wrong with v and where, relative to v, or "".
// The path is built only on the way out of a refusal, so that a valid
// input costs no formatting.
func checkValue(v reflect.Value, lim Limits, depth int) (msg, at string) {
	if depth > 16 || !v.IsValid() {
		return "", ""
	}
	if v.Type() == timeType {
		if v.CanInterface() {
			return dateProblem(v.Interface().(time.Time)), ""
		}
		return "", ""
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		switch {
		case len(s) > lim.Text:
			return fmt.Sprintf("%d bytes, more than the %d allowed", len(s), lim.Text), ""
		case !utf8.ValidString(s):
			return "not valid UTF-8", ""
		case strings.IndexByte(s, 0) >= 0:
			return "holds a NUL byte", ""
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkValue(v.Elem(), lim, depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if msg, at := checkValue(v.Field(i), lim, depth+1); msg != "" {
				if f.Anonymous {
					return msg, at // an embedded struct's fields are the outer's
				}
				return msg, join(f.Name, at)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			if v.Len() > lim.Text {
				return fmt.Sprintf("%d bytes, more than the %d allowed", v.Len(), lim.Text), ""
			}
			return "", ""
		}
		if v.Len() > lim.List {
			return fmt.Sprintf("%d entries, more than the %d allowed", v.Len(), lim.List), ""
		}
		if !holdsText(v.Type().Elem()) {
			return "", ""
		}
		for i := 0; i < v.Len(); i++ {
			if msg, at := checkValue(v.Index(i), lim, depth+1); msg != "" {
				return msg, join("["+strconv.Itoa(i)+"]", at)
			}
		}
	case reflect.Map:
		if v.Len() > lim.List {
			return fmt.Sprintf("%d entries, more than the %d allowed", v.Len(), lim.List), ""
		}
		it := v.MapRange()
		for it.Next() {
			for _, x := range []reflect.Value{it.Key(), it.Value()} {
				if msg, at := checkValue(x, lim, depth+1); msg != "" {
					return msg, join(fmt.Sprintf("[%v]", it.Key()), at)
				}
			}
		}
	}
	return "", ""
}

// holdsText reports whether a value of t can hold a string or a list: the
// elements of a slice of numbers or booleans need no walk.
func holdsText(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return false
	}
	return true
}
