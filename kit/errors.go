package kit

import (
	"context"
	"errors"

	"github.com/dandang/dandang"
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
