package accusation

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
)

// Purpose is why the sealed identity is read (AC04).
type Purpose string

// The purposes.
const (
	ForFeedback Purpose = "feedback" // to give a named reporter feedback (AC03)
	ForTrace    Purpose = "trace"    // to trace a reporter for a suspected malicious accusation (AC04)
)

var purposeEnum = dandang.StringEnum[Purpose]("Purpose", "AC04", ForFeedback, ForTrace)

// Valid reports whether v is a known purpose.
func (v Purpose) Valid() bool { return purposeEnum.Valid(v) }

// MarshalText implements encoding.TextMarshaler.
func (v Purpose) MarshalText() ([]byte, error) { return purposeEnum.Marshal(v) }

// UnmarshalText implements encoding.TextUnmarshaler; an unknown name is an
// Invalid error.
func (v *Purpose) UnmarshalText(b []byte) error { return purposeEnum.Unmarshal(v, b) }

// ReadInput asks to read the sealed identity (AC04): the purpose, and the
// authorization — who approved it and the approval's reference.
type ReadInput struct {
	Ref
	Purpose    Purpose
	Authorizer dandang.Actor // resolved in the directory (XC07)
	Reference  string        // the approval document
}

func (in ReadInput) ref() Ref { return in.Ref }

var readIdentity = command[ReadInput]{
	Name: "read_identity", Moves: []Move{{Event: "read_identity", From: withClosed()}}, Ref: refOf[ReadInput],
	Validate: func(in ReadInput) error {
		if !in.Purpose.Valid() {
			return dandang.Invalidf(Kind+".ReadIdentity", "AC04", "Purpose", fmt.Sprintf("unknown purpose %q", in.Purpose))
		}
		return nil
	},
	Authorize: func(r *run, in ReadInput) error {
		c := r.Case
		dir := r.Directory()
		role, ok := r.Actor.Has(append(slices.Clone(r.Policy.HandleRoles), r.Policy.ApproveRoles...)...)
		if !ok {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Actor.Roles",
				Message: "no unit or person may read a reporter's identity on its own"}
		}
		r.Role = role
		if !dir.Reaches(r.Actor.Organ.ID, c.Organ.ID) {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Actor.Organ",
				Message: fmt.Sprintf("%s is neither %s nor above it", r.Actor.Organ.ID, c.Organ.ID)}
		}
		if in.Purpose == ForTrace && r.Actor.Organ.Level < r.Policy.TraceLevel {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Actor.Organ",
				Message: fmt.Sprintf("tracing a reporter is done by an organ at %s level or above; %s is at %s level",
					r.Policy.TraceLevel, r.Actor.Organ.ID, r.Actor.Organ.Level)}
		}
		if strings.TrimSpace(in.Authorizer.ID) == "" || strings.TrimSpace(in.Reference) == "" {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Authorizer",
				Message: "reading the reporter's identity needs an authorization: who approved it and the approval's reference"}
		}
		auth, err := dir.Resolve(r.Op, in.Authorizer)
		if err != nil {
			return err
		}
		if auth.ID == r.Actor.ID {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC08", Field: "Authorizer",
				Message: "no one authorizes their own read"}
		}
		if _, ok := auth.Has(r.Policy.ApproveRoles...); !ok {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Authorizer.Roles",
				Awaiting: slices.Clone(r.Policy.ApproveRoles), Message: fmt.Sprintf("the authorizer needs one of the roles %v", r.Policy.ApproveRoles)}
		}
		if !dir.Reaches(auth.Organ.ID, c.Organ.ID) {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Authorizer.Organ",
				Message: fmt.Sprintf("%s is neither %s nor above it", auth.Organ.ID, c.Organ.ID)}
		}
		if in.Purpose == ForTrace && auth.Organ.Level < r.Policy.TraceApproval {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC04", Field: "Authorizer.Organ",
				Message: fmt.Sprintf("tracing is approved at %s level or above; %s is at %s level",
					r.Policy.TraceApproval, auth.Organ.ID, auth.Organ.Level)}
		}
		return nil
	},
	Guard: func(r *run, in ReadInput) error {
		c := r.Case
		switch {
		case !c.Named && in.Purpose == ForFeedback:
			return r.Invalid("AC04", "Purpose", "an anonymous report has no reporter to give feedback to")
		case in.Purpose == ForTrace && !slices.Contains([]State{Inquiry, Deciding, Established, Closed}, c.State):
			return r.Invalid("AC04", "Purpose", "a reporter is traced only where a malicious false accusation must be pursued: open an inquiry first")
		case len(c.Sealed.Data) == 0:
			return r.Invalid("AC16", "Sealed", "nothing is sealed")
		}
		return nil
	},
	Apply: func(r *run, in ReadInput) error {
		auth, _ := r.Directory().Resolve(r.Op, in.Authorizer)
		r.Case.Reads = append(r.Case.Reads, IdentityRead{Step: r.Step(""), Purpose: in.Purpose,
			Authorizer: dandang.RefOf(auth, firstRole(auth, r.Policy.ApproveRoles)), Reference: in.Reference})
		r.Apply("AC04", "AC16")
		return nil
	},
}

func firstRole(a dandang.Actor, roles []dandang.Role) dandang.Role {
	role, _ := a.Has(roles...)
	return role
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
	Scope: dandang.InOrganOrAbove,
	Apply: func(r *run, in refusal) error {
		r.Case.Reads = append(r.Case.Reads, IdentityRead{Step: r.Step(""), Purpose: in.Purpose, Refused: in.Refused})
		r.Reason = in.Refused
		r.Apply("AC04")
		return nil
	},
}

// ReadIdentity opens the sealed identity and text of a report (AC04,
// AC16). The read needs an authorization naming who approved it, with one
// of the policy's ApproveRoles, in the handling organ or above, and not the
// reader (XC08); the reader holds a HandleRole or ApproveRole in the
// handling organ or above. Tracing a reporter for a suspected malicious
// accusation (ForTrace) is done only once an inquiry is open, by an organ at
// the policy's TraceLevel or above (county), with approval at TraceApproval
// or above (city). Every read is a recorded step of the case's history; a
// read refused for want of authorization is recorded too, and the refusal
// returned.
//
// Errors: Invalid (AC04) for an unknown purpose or a purpose the case does
// not allow; Forbidden (AC04, XC08, XC07) for a read not authorized — the
// refusal recorded in the history; Conflict; NotFound; Transition (XC09);
// Canceled; Internal (AC16) when the identity does not open.
func (s *Service) ReadIdentity(ctx context.Context, actor dandang.Actor, in ReadInput) (Confidential, *Case, error) {
	const op = Kind + ".ReadIdentity"
	c, err := dandang.Exec(ctx, s.engine, op, &readIdentity, actor, in)
	if err != nil {
		if rule := dandang.ErrorRule(err); dandang.ErrorCode(err) == dandang.Forbidden && (rule == "AC04" || rule == "XC08") {
			if cur, gerr := s.engine.Store().Get(ctx, in.CaseID); gerr == nil {
				msg := err.Error()
				var de *dandang.Error
				if asError(err, &de) {
					msg = de.Message
				}
				_, _ = dandang.Exec(ctx, s.engine, Kind+".RefuseRead", &refuseRead, actor,
					refusal{Ref: cur.Ref(), Purpose: in.Purpose, Refused: fmt.Sprintf("[%s] %s", rule, msg)})
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
