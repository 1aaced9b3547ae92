// Package enum is the table of an enumerated type's values and names that
// gives the root's and every process's enums their Valid, Parse, String
// and text (un)marshalling, so that every enum decodes the same way and
// refuses what it does not know. It builds no error of its own: the caller
// passes how an Invalid refusal is made (the root's or the kit's).
package enum

import (
	"fmt"
	"slices"
)

// Enum is the table of one enumerated type's values and their names: it
// gives the type its Valid, Parse, String and text (un)marshalling, so that
// every enum of every process decodes the same way and refuses what it does
// not know. An Enum is immutable and safe for concurrent use.
type Enum[T comparable] struct {
	typ     string // the type's name, such as "Form": the field of a refusal
	rule    string // the rule a refusal names
	values  []T
	names   []string
	invalid Invalid
}

// Invalid makes the Invalid error for op naming rule and field.
type Invalid func(op, rule, field, msg string) error

// New returns the enum of values named by names (same length, names
// unique and non-empty). typ names the type in refusals, rule the rule they
// cite. It panics on a malformed table: tables are constants of the program.
func New[T comparable](typ, rule string, values []T, names []string, invalid Invalid) Enum[T] {
	if len(values) != len(names) {
		panic("enum.New: " + typ + ": values and names differ in length")
	}
	for i, n := range names {
		if n == "" || slices.Index(names, n) != i || slices.Index(values, values[i]) != i {
			panic("enum.New: " + typ + ": empty or repeated entry")
		}
	}
	return Enum[T]{typ: typ, rule: rule, values: slices.Clone(values), names: slices.Clone(names), invalid: invalid}
}

// Strings returns the enum of a string type whose values are their own
// names.
func Strings[T ~string](typ, rule string, invalid Invalid, values ...T) Enum[T] {
	names := make([]string, len(values))
	for i, v := range values {
		names[i] = string(v)
	}
	return New(typ, rule, values, names, invalid)
}

// Values returns the values in table order.
func (e Enum[T]) Values() []T { return slices.Clone(e.values) }

// Valid reports whether v is one of the values.
func (e Enum[T]) Valid(v T) bool { return slices.Contains(e.values, v) }

// Name returns v's name, or "" for a value not in the table.
func (e Enum[T]) Name(v T) string {
	if i := slices.Index(e.values, v); i >= 0 {
		return e.names[i]
	}
	return ""
}

// Parse returns the value named s, or an Invalid error naming the type and
// the rule.
func (e Enum[T]) Parse(s string) (T, error) {
	if i := slices.Index(e.names, s); i >= 0 {
		return e.values[i], nil
	}
	var zero T
	return zero, e.invalid("Parse"+e.typ, e.rule, e.typ, fmt.Sprintf("unknown %s %q", e.typ, s))
}

// Marshal returns v's name for encoding.TextMarshaler; the zero value
// encodes as the empty text, and any other value not in the table is an
// Invalid error.
func (e Enum[T]) Marshal(v T) ([]byte, error) {
	var zero T
	if v == zero {
		return []byte{}, nil
	}
	if n := e.Name(v); n != "" {
		return []byte(n), nil
	}
	return nil, e.invalid("MarshalText("+e.typ+")", e.rule, e.typ, fmt.Sprintf("unknown %s %v", e.typ, v))
}

// Unmarshal sets *dst to the value named b for encoding.TextUnmarshaler:
// the empty text decodes to the zero value, an unknown name is an Invalid
// error and leaves *dst alone.
func (e Enum[T]) Unmarshal(dst *T, b []byte) error {
	if len(b) == 0 {
		var zero T
		*dst = zero
		return nil
	}
	v, err := e.Parse(string(b))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}
