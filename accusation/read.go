package accusation

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Purpose is why the sealed identity is read (AC04).
type Purpose string

// The purposes.
const (
	ForFeedback Purpose = "feedback" // to give a named reporter feedback (AC03)
	ForTrace    Purpose = "trace"    // to trace a reporter for a suspected malicious accusation (AC04)
)

var purposeEnum = kit.StringEnum[Purpose]("Purpose", "AC04", ForFeedback, ForTrace)

// GrantInput authorizes one read of the sealed identity (AC04): by whom,
// for what, under which approval document. The approver runs it as
// themselves; what a reader asserts about an approval is never taken.
type GrantInput struct {
	Ref
	Reader    string  `json:"reader" validate:"id"` // the ID of the actor who may read, once
	Purpose   Purpose `json:"purpose" validate:"valid" rule:"AC04"`
	Reference string  `json:"reference" validate:"nonblank,text" rule:"AC04"` // the approval document, such as a numbered form
}

func (in GrantInput) ref() Ref { return in.Ref }

// Grant is an authorization to read the sealed identity once (AC04).
type Grant struct {
	Step              // the approver, when
	Reader    string  `json:"reader"` // who may read
	Purpose   Purpose `json:"purpose"`
	Reference string  `json:"reference"`
	Used      bool    `json:"used"` // read already: a grant serves one read
}

// ReadInput asks to read the sealed identity (AC04) for a purpose, under a
// grant an approver recorded for the reader ([Service.AuthorizeRead]).
type ReadInput struct {
	Ref
	Purpose Purpose `json:"purpose" validate:"valid" rule:"AC04"`
}

func (in ReadInput) ref() Ref { return in.Ref }

// traced reports whether reads of c are held to the tracing rules: a trace,
// or any read once a false-accusation inquiry is open (AC04).
func traced(c *Case, p Purpose) bool { return p == ForTrace || c.Inquiry != nil }

var authorizeRead = command[GrantInput]{
	Name: "authorize_read", Moves: []Move{{Event: "authorize_read", From: withClosed()}}, Ref: refOf[GrantInput],
	Authorize: func(r *run, in GrantInput) error {
		if err := r.Authorize(func(p Policy) []dandang.Role { return p.ApproveRoles }, kit.InOrganOrAbove, "AC04", "AC04"); err != nil {
			return err
		}
		if in.Reader == r.Actor.ID {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC08", Field: "Reader",
				Message: "no one authorizes their own read"}
		}
		if traced(r.Case, in.Purpose) && r.Actor.Organ.Level < r.Policy.TraceApproval {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Actor.Organ",
				Message: fmt.Sprintf("tracing a reporter is approved at %s level or above; %s is at %s level",
					r.Policy.TraceApproval, r.Actor.Organ.ID, r.Actor.Organ.Level)}
		}
		return nil
	},
	Guard: func(r *run, in GrantInput) error { return readAllowed(r, in.Purpose) },
	Apply: func(r *run, in GrantInput) error {
		r.Case.Grants = append(r.Case.Grants, Grant{Step: r.Step(""), Reader: in.Reader, Purpose: in.Purpose, Reference: in.Reference})
		r.Reason = in.Reference
		r.Apply("AC04", "XC08")
		return nil
	},
}

// readAllowed checks what the case allows a read for (AC04): feedback only
// to a named reporter; a trace only once an inquiry is open; something
// sealed to read.
func readAllowed(r *run, p Purpose) error {
	c := r.Case
	switch {
	case !c.Named && p == ForFeedback:
		return r.Invalid("AC04", "Purpose", "an anonymous report has no reporter to give feedback to")
	case p == ForTrace && c.Inquiry == nil:
		return r.Invalid("AC04", "Purpose", "a reporter is traced only where a malicious false accusation must be pursued: open an inquiry first")
	case len(c.Sealed.Data) == 0:
		return r.Invalid("AC16", "Sealed", "nothing is sealed")
	}
	return nil
}

var readIdentity = command[ReadInput]{
	Name: "read_identity", Moves: []Move{{Event: "read_identity", From: withClosed()}}, Ref: refOf[ReadInput],
	Authorize: func(r *run, in ReadInput) error {
		c := r.Case
		role, ok := r.Actor.Has(append(slices.Clone(r.Policy.HandleRoles), r.Policy.ApproveRoles...)...)
		if !ok {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Actor.Roles",
				Message: "no unit or person may read a reporter's identity on its own"}
		}
		r.Role = role
		switch {
		case !traced(c, in.Purpose) && r.Actor.Organ.ID != c.Organ.ID:
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Actor.Organ",
				Message: fmt.Sprintf("feedback to the reporter is given by %s, which handles the report", c.Organ.ID)}
		case traced(c, in.Purpose) && r.Actor.Organ.Level < r.Policy.TraceLevel:
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Actor.Organ",
				Message: fmt.Sprintf("tracing a reporter is done by an organ at %s level or above; %s is at %s level",
					r.Policy.TraceLevel, r.Actor.Organ.ID, r.Actor.Organ.Level)}
		}
		i := grantFor(c, r.Actor.ID, in.Purpose)
		if i < 0 {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Authorizer",
				Message: "reading the reporter's identity needs an authorization recorded by its approver for this reader and purpose"}
		}
		// A grant made before an inquiry opened was not held to the
		// tracing rules; the read now is (AC04).
		if g := c.Grants[i]; traced(c, in.Purpose) && g.By.Level < r.Policy.TraceApproval {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Authorizer",
				Message: fmt.Sprintf("a read held to the tracing rules is approved at %s level or above; this grant was approved at %s level",
					r.Policy.TraceApproval, g.By.Level)}
		}
		return nil
	},
	Guard: func(r *run, in ReadInput) error { return readAllowed(r, in.Purpose) },
	Apply: func(r *run, in ReadInput) error {
		i := grantFor(r.Case, r.Actor.ID, in.Purpose)
		g := &r.Case.Grants[i]
		g.Used = true
		r.Case.Reads = kit.KeepLast(append(r.Case.Reads, IdentityRead{Step: r.Step(""), Purpose: in.Purpose, Authorizer: g.By, Reference: g.Reference}), MaxReads)
		r.Case.Grants = keepGrants(r.Case.Grants)
		r.Apply("AC04", "AC16")
		return nil
	},
}

// MaxReads is how many identity reads, made or refused, a case keeps: the
// latest ones. Each read is a step of the case's history, which keeps
// every one (AC16), so that a case's stored size does not grow with the
// number of reads. Used grants are kept the same way, the last MaxReads of
// them; a grant not yet used is always kept.
const MaxReads = 20

// keepGrants drops the oldest used grants beyond the last MaxReads.
func keepGrants(gs []Grant) []Grant {
	used := 0
	for _, g := range gs {
		if g.Used {
			used++
		}
	}
	drop := used - MaxReads
	if drop <= 0 {
		return gs
	}
	return slices.DeleteFunc(gs, func(g Grant) bool {
		if g.Used && drop > 0 {
			drop--
			return true
		}
		return false
	})
}

// grantFor returns the index of an unused grant of purpose to reader, or -1.
func grantFor(c *Case, reader string, p Purpose) int {
	for i, g := range c.Grants {
		if !g.Used && g.Reader == reader && g.Purpose == p {
			return i
		}
	}
	return -1
}

// refusal records a read refused for want of authorization (AC04).
type refusal struct {
	Ref
	Purpose Purpose
	Refused string
}

func (in refusal) ref() Ref { return in.Ref }

var refuseRead = command[refusal]{
	Name: "refuse_read", Moves: []Move{{Event: "refuse_read", From: withClosed()}}, Ref: refOf[refusal],
	Scope: kit.InOrganOrAbove,
	Apply: func(r *run, in refusal) error {
		r.Case.Reads = kit.KeepLast(append(r.Case.Reads, IdentityRead{Step: r.Step(""), Purpose: in.Purpose, Refused: in.Refused, Version: r.Case.Version + 1}), MaxReads)
		r.Reason = in.Refused
		r.Apply("AC04")
		return nil
	},
}

// refusalAttempts bounds how often a refusal is recorded again when
// another command saved the case in between.
const refusalAttempts = 5

// recordRefusal records the refused read as a step of the case's history
// (AC04), on the case as it now stands: a command saved in between does
// not lose the record, which is tried again on a Conflict.
func (s *Service) recordRefusal(ctx context.Context, actor dandang.Actor, in ReadInput, refused error) error {
	msg := refused.Error()
	var de *dandang.Error
	if asError(refused, &de) {
		msg = de.Message
	}
	var err error
	for range refusalAttempts {
		var cur *Case
		if cur, err = s.engine.Store().Get(ctx, in.CaseID); err != nil {
			// Told as every read tells it: a row that does not read back
			// is NotFound outside its organ's reach (XC07, XC11).
			a, rerr := s.engine.Resolve(Kind+".RefuseRead", actor)
			if rerr != nil {
				return rerr
			}
			return s.engine.ReadError(ctx, Kind+".RefuseRead", a, in.CaseID, err)
		}
		_, err = kit.Exec(ctx, s.engine, Kind+".RefuseRead", &refuseRead, actor,
			refusal{Ref: cur.Ref(), Purpose: in.Purpose, Refused: fmt.Sprintf("[%s] %s", dandang.ErrorRule(refused), msg)})
		if dandang.ErrorCode(err) != dandang.Conflict {
			return err
		}
	}
	return err
}

// AuthorizeRead records the approver's authorization of one read of the
// sealed identity by reader, for purpose (AC04): the actor is the
// approver, with one of the policy's ApproveRoles in the handling organ or
// above, and not the reader (XC08); a trace, or any read once an inquiry is
// open, is approved at the policy's TraceApproval level or above (city).
//
// Errors: Invalid (AC04) for an unknown purpose, a missing reader or
// reference, or a purpose the case does not allow; Forbidden (AC04, XC08,
// XC07); Conflict; NotFound; Transition (XC09); Canceled.
func (s *Service) AuthorizeRead(ctx context.Context, actor dandang.Actor, in GrantInput) (*Case, error) {
	return exec(ctx, s, Kind+".AuthorizeRead", &authorizeRead, actor, in)
}

// ReadIdentity opens the sealed identity and text of a report (AC04,
// AC16), under a grant its approver recorded for this reader and purpose
// ([Service.AuthorizeRead]); a grant serves one read. The reader holds a
// HandleRole or ApproveRole; feedback is read in the handling organ; a
// trace — or any read once a false-accusation inquiry is open — only once
// the inquiry is open, by an organ at the policy's TraceLevel or above
// (county). Every read is a recorded step of the case's history; a read
// refused for want of authorization is recorded too, and the refusal
// returned. A refusal changes nothing others work on: a command made at the
// version read before it runs as if it had not been recorded.
//
// Errors: Invalid (AC04) for an unknown purpose or a purpose the case does
// not allow, and Forbidden (AC04) for a read not authorized — each refusal
// recorded in the history, and joined with the recording's error in the
// rare case that the record could not be saved; Forbidden (XC07) for a
// reader outside the handling organ's reach, refused before the case is
// read; Conflict; NotFound; Transition (XC09); Canceled; Internal (AC16)
// when the identity does not open.
func (s *Service) ReadIdentity(ctx context.Context, actor dandang.Actor, in ReadInput) (Confidential, *Case, error) {
	const op = Kind + ".ReadIdentity"
	c, err := exec(ctx, s, op, &readIdentity, actor, in)
	if err != nil {
		// A read refused is recorded; malformed input (an unknown purpose)
		// changes nothing.
		if rule := dandang.ErrorRule(err); rule == "AC04" && in.Purpose.Valid() &&
			(dandang.ErrorCode(err) == dandang.Forbidden || dandang.ErrorCode(err) == dandang.Invalid) {
			if rerr := s.recordRefusal(ctx, actor, in, err); rerr != nil {
				return Confidential{}, nil, errors.Join(err, fmt.Errorf("%s: the refusal was not recorded: %w", op, rerr))
			}
		}
		return Confidential{}, nil, err
	}
	conf, err := unseal(ctx, s.keys, c.ID, c.Sealed)
	if err != nil {
		return Confidential{}, nil, err
	}
	return conf, c, nil
}
