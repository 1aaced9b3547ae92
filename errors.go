package dandang

import (
	"context"
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
	Canceled   Code = "canceled"   // the context was canceled or its deadline passed; nothing was changed
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

	// Detail a user acts on, set where it applies; Explain renders it.
	State       string   // the case's current state (Transition refusals)
	Allowed     []string // the commands allowed in State (Transition refusals)
	Awaiting    []Role   // the roles the pending step awaits (refused signatures)
	Outstanding []string // what must still be done, each "RULE: what" (refused closings)
}

// Error implements the error interface: "op: code [rule] field: message:
// cause". A wrapped *Error adds only what it says beyond this one: its code
// and operation are not repeated when they are the same.
func (e *Error) Error() string {
	var b strings.Builder
	e.write(&b, "", "")
	return b.String()
}

// write writes e, leaving out the operation and code when they equal the
// enclosing error's.
func (e *Error) write(b *strings.Builder, op string, code Code) {
	sep := func() {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
	}
	if e.Op != "" && e.Op != op {
		sep()
		b.WriteString(e.Op)
	}
	head := ""
	if e.Code != "" && e.Code != code {
		head = string(e.Code)
	}
	if e.Rule != "" {
		if head != "" {
			head += " "
		}
		head += "[" + e.Rule + "]"
	}
	if e.Field != "" {
		if head != "" {
			head += " "
		}
		head += e.Field
	}
	if head != "" {
		sep()
		b.WriteString(head)
	}
	if e.Message != "" {
		sep()
		b.WriteString(e.Message)
	}
	if e.Err == nil {
		return
	}
	var inner *Error
	if errors.As(e.Err, &inner) && inner == e.Err {
		nextOp, nextCode := e.Op, e.Code
		if nextOp == "" {
			nextOp = op
		}
		if nextCode == "" {
			nextCode = code
		}
		inner.write(b, nextOp, nextCode)
		return
	}
	sep()
	b.WriteString(e.Err.Error())
}

// Unwrap returns the wrapped cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is e's [Code] (errors.Is(err,
// dandang.NotFound)), or an *Error whose non-empty Code, Rule, Field and Op
// all match e (errors.Is(err, &dandang.Error{Rule: "CL06"})).
func (e *Error) Is(target error) bool {
	if c, ok := target.(Code); ok {
		return c == e.Code
	}
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return (t.Code == "" || t.Code == e.Code) &&
		(t.Rule == "" || t.Rule == e.Rule) &&
		(t.Field == "" || t.Field == e.Field) &&
		(t.Op == "" || t.Op == e.Op)
}

// Error returns the code itself: a Code is the target errors.Is matches
// every *Error of that code with, such as errors.Is(err, dandang.Conflict).
func (c Code) Error() string { return string(c) }

// ErrorCode returns the code of the first *Error in err's chain, Canceled
// for a bare context error, Internal for any other non-nil error, and ""
// for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return Canceled
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

// invalidf returns an Invalid error for op naming the rule and field.
func invalidf(op, rule, field, msg string) *Error {
	return &Error{Code: Invalid, Op: op, Rule: rule, Field: field, Message: msg}
}

func asError(err error, e **Error) bool { return errors.As(err, e) }
