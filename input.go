package dandang

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

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
// UTF-8, holds a NUL byte or is longer than lim.Text bytes, and the first
// slice or map longer than lim.List. field names v in the error, such as
// "Actor"; "" names its fields alone.
func CheckInput(op, field string, v any, lim Limits) error {
	lim = lim.withDefaults()
	return checkValue(op, field, reflect.ValueOf(v), lim, 0)
}

func checkValue(op, field string, v reflect.Value, lim Limits, depth int) error {
	if depth > 16 || !v.IsValid() {
		return nil
	}
	join := func(name string) string {
		if field == "" {
			return name
		}
		return field + "." + name
	}
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		switch {
		case len(s) > lim.Text:
			return Invalidf(op, "XC06", field, fmt.Sprintf("%d bytes, more than the %d allowed", len(s), lim.Text))
		case !utf8.ValidString(s):
			return Invalidf(op, "XC06", field, "not valid UTF-8")
		case strings.IndexByte(s, 0) >= 0:
			return Invalidf(op, "XC06", field, "holds a NUL byte")
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return checkValue(op, field, v.Elem(), lim, depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name := join(f.Name)
			if f.Anonymous {
				name = field // an embedded struct's fields are the outer's
			}
			if err := checkValue(op, name, v.Field(i), lim, depth+1); err != nil {
				return err
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			if v.Len() > lim.Text {
				return Invalidf(op, "XC06", field, fmt.Sprintf("%d bytes, more than the %d allowed", v.Len(), lim.Text))
			}
			return nil
		}
		if v.Len() > lim.List {
			return Invalidf(op, "XC06", field, fmt.Sprintf("%d entries, more than the %d allowed", v.Len(), lim.List))
		}
		for i := 0; i < v.Len(); i++ {
			if err := checkValue(op, fmt.Sprintf("%s[%d]", field, i), v.Index(i), lim, depth+1); err != nil {
				return err
			}
		}
	case reflect.Map:
		if v.Len() > lim.List {
			return Invalidf(op, "XC06", field, fmt.Sprintf("%d entries, more than the %d allowed", v.Len(), lim.List))
		}
		it := v.MapRange()
		for it.Next() {
			name := fmt.Sprintf("%s[%v]", field, it.Key())
			if err := checkValue(op, name, it.Key(), lim, depth+1); err != nil {
				return err
			}
			if err := checkValue(op, name, it.Value(), lim, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}
