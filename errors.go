package dandang

import (
	"errors"
	"strings"
)

// Code classifies an [Error] so that callers can react to it without
// parsing messages.
type Code string

// The codes an [Error] carries.
const (
	Invalid    Code = "invalid"    // the input breaks a rule; nothing was changed
	NotFound   Code = "not_found"  // the case or record does not exist
	Conflict   Code = "conflict"   // someone else saved first, or the thing exists already
	Forbidden  Code = "forbidden"  // the actor may not do this (role, level, authority)
	Transition Code = "transition" // the command is not allowed in the case's state
	Internal   Code = "internal"   // a fault of the library or its store
)

// Error is the one error type of the library. Every refusal names the code,
// the operation, and where it applies the rule ID from DOMAIN.md that refused
// and the input field at fault.
type Error struct {
	Code    Code   // classification
	Op      string // operation, such as "clearance.Propose"
	Rule    string // rule ID, such as "CL06"; empty when no rule applies
	Field   string // input field at fault, such as "Plan.Forms"
	Message string // human-readable detail, English
	Err     error  // wrapped cause, if any
}

// Error implements the error interface.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(string(e.Code))
	if e.Rule != "" {
		b.WriteString(" [")
		b.WriteString(e.Rule)
		b.WriteString("]")
	}
	if e.Field != "" {
		b.WriteString(" ")
		b.WriteString(e.Field)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error whose non-empty Code, Rule and
// Field all match e. It makes the sentinels [ErrInvalid], [ErrNotFound] and
// the others usable with [errors.Is].
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return (t.Code == "" || t.Code == e.Code) &&
		(t.Rule == "" || t.Rule == e.Rule) &&
		(t.Field == "" || t.Field == e.Field) &&
		(t.Op == "" || t.Op == e.Op)
}

// Sentinels, one per code, for use with errors.Is.
var (
	ErrInvalid    = &Error{Code: Invalid}
	ErrNotFound   = &Error{Code: NotFound}
	ErrConflict   = &Error{Code: Conflict}
	ErrForbidden  = &Error{Code: Forbidden}
	ErrTransition = &Error{Code: Transition}
	ErrInternal   = &Error{Code: Internal}
)

// ErrorCode returns the code of the first *Error in err's chain, Internal for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ErrorRule returns the rule ID of the first *Error in err's chain that
// names one, or "".
func ErrorRule(err error) string {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return ""
		}
		if e.Rule != "" {
			return e.Rule
		}
		err = e.Err
	}
	return ""
}

// ErrorField returns the field of the first *Error in err's chain that names
// one, or "".
func ErrorField(err error) string {
	for err != nil {
		var e *Error
		if !errors.As(err, &e) {
			return ""
		}
		if e.Field != "" {
			return e.Field
		}
		err = e.Err
	}
	return ""
}

// Invalidf returns an Invalid error for op naming the rule and field.
func Invalidf(op, rule, field, msg string) *Error {
	return &Error{Code: Invalid, Op: op, Rule: rule, Field: field, Message: msg}
}

// Forbiddenf returns a Forbidden error for op naming the rule.
func Forbiddenf(op, rule, msg string) *Error {
	return &Error{Code: Forbidden, Op: op, Rule: rule, Message: msg}
}
