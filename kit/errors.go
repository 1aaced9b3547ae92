package kit

import (
	"context"
	"errors"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/enum"
	"github.com/dandang/dandang/internal/ident"
)

// Forbiddenf returns a Forbidden error for op naming the rule.
func Forbiddenf(op, rule, msg string) *dandang.Error {
	return &dandang.Error{Code: dandang.Forbidden, Op: op, Rule: rule, Message: msg}
}

// ContextError returns nil when ctx is live, and otherwise a Canceled error
// for op that wraps ctx.Err(), so that errors.Is(err, context.Canceled) or
// errors.Is(err, context.DeadlineExceeded) holds.
func ContextError(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return &dandang.Error{Code: dandang.Canceled, Op: op, Err: err}
	}
	return nil
}

// StoreError passes a store's error on for op: an *Error keeps its code,
// rule and field and is wrapped with op named; a context error becomes
// Canceled; anything else is Internal.
func StoreError(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &dandang.Error{Code: dandang.Canceled, Op: op, Err: err}
	}
	return &dandang.Error{Code: dandang.ErrorCode(err), Op: op, Rule: dandang.ErrorRule(err), Field: dandang.ErrorField(err), Err: err}
}

// Invalidf returns an Invalid error for op naming the rule and field.
func Invalidf(op, rule, field, msg string) *dandang.Error {
	return &dandang.Error{Code: dandang.Invalid, Op: op, Rule: rule, Field: field, Message: msg}
}

// CheckID refuses, as Invalid (XC06) naming field, an identifier that is
// empty or blank, not valid UTF-8, or holds a control character or a
// default ignorable code point (a zero-width space, a joiner, a
// bidirectional mark): IDs are joined into keys and case IDs, and must
// read the same everywhere, never as a look-alike of another.
func CheckID(op, field, id string) error {
	if p := ident.Problem(id); p != "" {
		return Invalidf(op, "XC06", field, p)
	}
	return nil
}

// Enum is the table of one enumerated type's values and their names: it
// gives the type its Valid, Parse, String and text (un)marshalling, so that
// every enum of every process decodes the same way and refuses what it does
// not know, as Invalid naming the type and the enum's rule. An Enum is
// immutable and safe for concurrent use.
type Enum[T comparable] = enum.Enum[T]

// NewEnum returns the enum of values named by names (same length, names
// unique and non-empty). typ names the type in refusals, rule the rule they
// cite. It panics on a malformed table: tables are constants of the program.
func NewEnum[T comparable](typ, rule string, values []T, names []string) Enum[T] {
	return enum.New(typ, rule, values, names, invalid)
}

// StringEnum returns the enum of a string type whose values are their own
// names.
func StringEnum[T ~string](typ, rule string, values ...T) Enum[T] {
	return enum.Strings(typ, rule, invalid, values...)
}

// invalid is how the kit's enums refuse an unknown value.
func invalid(op, rule, field, msg string) error { return Invalidf(op, rule, field, msg) }
