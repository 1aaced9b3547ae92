package clearance

import (
	"context"
	"fmt"
	"slices"

	"github.com/dandang/dandang"
)

// GradeInput grades a case and marks its priority (CL08).
type GradeInput struct {
	Ref
	Grade     Grade
	Priority  bool // cadres who work hard, areas of high public concern
	Sensitive bool // sensitive or complex: may be escalated to the principal leader (CL10)
	Note      string
}

// Grade sets the case's grade, priority and sensitivity (CL08). Allowed
// while the case is opened or in review, to the ProposeRoles of the handling
// organ.
//
// Errors: Invalid (CL08) for a grade the policy does not offer; Forbidden;
// Transition in another state; NotFound; Conflict for a stale version.
func (s *Service) Grade(ctx context.Context, actor dandang.Actor, in GradeInput) (*Case, error) {
	const op = "clearance.Grade"
	return s.exec(ctx, op, actor, in.Ref, "grade", in, nil, func(r *run) error {
		if !slices.Contains(r.pol.Grades, in.Grade) {
			return dandang.Invalidf(op, "CL08", "Grade", fmt.Sprintf("%q is not one of %v", in.Grade, r.pol.Grades))
		}
		if err := r.allow(Opened, InReview); err != nil {
			return err
		}
		if err := r.inOrgan("CL08", r.pol.ProposeRoles); err != nil {
			return err
		}
		r.c.Grade, r.c.Priority, r.c.Sensitive = in.Grade, in.Priority, in.Sensitive
		r.reason = in.Note
		r.apply("CL08")
		return nil
	})
}

// PlanInput is the clearance plan: forms, scope and the adverse effects the
// false report had.
type PlanInput struct {
	Ref
	Forms   []Form
	Scope   string   // required for a meeting or circular: where it reaches
	Effects []Effect // CL17
	Note    string
}

func (in PlanInput) validate(op string) error {
	if len(in.Forms) == 0 {
		return dandang.Invalidf(op, "CL05", "Forms", "choose at least one form")
	}
	if err := validForms(op, "CL05", in.Forms); err != nil {
		return err
	}
	public := slices.ContainsFunc(in.Forms, Form.Public)
	if !slices.Contains(in.Forms, Written) {
		return dandang.Invalidf(op, "CL16", "Forms", "a meeting, face-to-face or circular clearance comes with a written clearance as well")
	}
	if public {
		if err := required(op, "CL05", "Scope", in.Scope); err != nil {
			return err
		}
	}
	for i, e := range in.Effects {
		if !e.Valid() {
			return dandang.Invalidf(op, "CL17", fmt.Sprintf("Effects[%d]", i), fmt.Sprintf("unknown effect %q", e))
		}
	}
	return nil
}

// validForms refuses unknown and repeated forms under rule.
func validForms(op, rule string, forms []Form) error {
	for i, f := range forms {
		field := fmt.Sprintf("Forms[%d]", i)
		if !f.Valid() {
			return dandang.Invalidf(op, rule, field, fmt.Sprintf("unknown form %q", f))
		}
		if slices.Index(forms, f) != i {
			return dandang.Invalidf(op, rule, field, fmt.Sprintf("form %s listed twice", f))
		}
	}
	return nil
}

// Plan sets the forms of clearance (CL05, CL16), the scope of a public
// clearance, and the adverse effects that warrant it (CL17). Allowed while
// opened. Changing the forms after the subject was consulted does not carry
// the consent over to forms the subject did not agree to (CL06).
//
// Errors: Invalid (CL05, CL16, CL17) for a bad plan; Forbidden; Transition;
// NotFound; Conflict.
func (s *Service) Plan(ctx context.Context, actor dandang.Actor, in PlanInput) (*Case, error) {
	const op = "clearance.Plan"
	return s.exec(ctx, op, actor, in.Ref, "plan", in, func() error { return in.validate(op) }, func(r *run) error {
		if err := r.allow(Opened); err != nil {
			return err
		}
		if err := r.inOrgan("CL05", r.pol.ProposeRoles); err != nil {
			return err
		}
		if r.pol.RequireEffect && len(in.Effects) == 0 {
			return dandang.Invalidf(op, "CL17", "Effects", "clearance is warranted only where the false report had an adverse effect")
		}
		r.c.Forms, r.c.Scope, r.c.Effects = slices.Clone(in.Forms), in.Scope, slices.Clone(in.Effects)
		r.reason = in.Note
		r.apply("CL05", "CL16", "CL17")
		return nil
	})
}

// ConsultInput records the subject's opinion on the forms (CL06).
type ConsultInput struct {
	Ref
	Agreed  bool
	Forms   []Form // the forms the subject agrees to
	Opinion string // the subject's words, required
}

// Consult records the subject's opinion on the forms of clearance (CL06).
// Allowed while opened.
//
// Errors: Invalid (CL06) without an opinion or with an unknown form;
// Forbidden; Transition; NotFound; Conflict.
func (s *Service) Consult(ctx context.Context, actor dandang.Actor, in ConsultInput) (*Case, error) {
	const op = "clearance.Consult"
	validate := func() error {
		if err := required(op, "CL06", "Opinion", in.Opinion); err != nil {
			return err
		}
		return validForms(op, "CL06", in.Forms)
	}
	return s.exec(ctx, op, actor, in.Ref, "consult", in, validate, func(r *run) error {
		if err := r.allow(Opened); err != nil {
			return err
		}
		if err := r.inOrgan("CL06", r.pol.ProposeRoles); err != nil {
			return err
		}
		r.c.Consent = &Consent{Step: r.step(""), Agreed: in.Agreed, Forms: slices.Clone(in.Forms), Opinion: in.Opinion}
		r.apply("CL06")
		return nil
	})
}

// Propose sends the plan up the approval chain (CL07). The guard checks
// that a plan exists (CL05), that the subject agreed to every public form
// (CL06), and that the policy's adverse-effect condition holds (CL17).
//
// Errors: Invalid (CL05, CL06, CL17) from the guard; Forbidden (CL15,
// XC02); Transition outside the opened state; NotFound; Conflict.
func (s *Service) Propose(ctx context.Context, actor dandang.Actor, ref Ref) (*Case, error) {
	const op = "clearance.Propose"
	return s.exec(ctx, op, actor, ref, "propose", ref, nil, func(r *run) error {
		if err := r.inOrgan("CL15", r.pol.ProposeRoles); err != nil {
			return err
		}
		c := r.c
		err := r.fire(Propose, func() error {
			if len(c.Forms) == 0 {
				return dandang.Invalidf(op, "CL05", "Forms", "plan the forms before proposing")
			}
			for _, f := range c.Forms {
				if !f.Public() {
					continue
				}
				if c.Consent == nil {
					return dandang.Invalidf(op, "CL06", "Consent", fmt.Sprintf("the subject's opinion must be sought before a %s clearance", f))
				}
				if !c.Consent.Agreed || !slices.Contains(c.Consent.Forms, f) {
					return dandang.Invalidf(op, "CL06", "Consent", fmt.Sprintf("the subject has not agreed to a %s clearance", f))
				}
			}
			if r.pol.RequireEffect && len(c.Effects) == 0 {
				return dandang.Invalidf(op, "CL17", "Effects", "clearance is warranted only where the false report had an adverse effect")
			}
			return nil
		})
		if err != nil {
			return err
		}
		c.Round++
		r.due("approve", r.pol.Deadlines.Approve)
		r.apply("CL05", "CL06", "CL07", "CL11")
		return nil
	})
}

// pendingStep returns the index of the chain step that awaits a signature
// and the roles of it that still have to sign.
func (c *Case) pendingStep(chain []ChainStep) (int, []dandang.Role) {
	for i, st := range chain {
		var signed []dandang.Role
		for _, a := range c.Approvals {
			if a.Round == c.Round && a.Index == i && a.Approved {
				signed = append(signed, a.By.Role)
			}
		}
		if len(signed) == 0 {
			return i, st.Roles
		}
		if st.Joint {
			var missing []dandang.Role
			for _, role := range st.Roles {
				if !slices.Contains(signed, role) {
					missing = append(missing, role)
				}
			}
			if len(missing) > 0 {
				return i, missing
			}
		}
	}
	return len(chain), nil
}

// signer authorizes the actor for the pending step of the chain (CL07,
// CL15) and returns the step's index.
func (r *run) signer(chain []ChainStep) (int, error) {
	i, roles := r.c.pendingStep(chain)
	if i >= len(chain) {
		return 0, &dandang.Error{Code: dandang.Internal, Op: r.op, Message: "approval chain complete but case in review"}
	}
	st := chain[i]
	o := r.actor.Organ
	wantLevel := r.c.Organ.Level + dandang.Level(st.Above)
	switch {
	case st.Above == 0 && o.ID != r.c.Organ.ID:
		return 0, dandang.Forbiddenf(r.op, "CL07", fmt.Sprintf("step %q is signed in %s", st.Name, r.c.Organ.ID))
	case o.Level != wantLevel:
		return 0, dandang.Forbiddenf(r.op, "CL07", fmt.Sprintf("step %q is signed at %s level, not %s", st.Name, wantLevel, o.Level))
	case !o.Covers(r.c.Subject.Region):
		return 0, dandang.Forbiddenf(r.op, "CL15", fmt.Sprintf("%s has no authority over the subject in %s", o.ID, r.c.Subject.Region))
	}
	role, ok := r.actor.Has(roles...)
	if !ok {
		return 0, dandang.Forbiddenf(r.op, "CL07", fmt.Sprintf("step %q awaits one of %v", st.Name, roles))
	}
	r.role = role
	return i, nil
}

// sign records the actor's signature, approving or sending back, on the
// pending step of the case's chain, and returns the chain (CL07, CL15).
func (r *run) sign(comment string, approved bool) ([]ChainStep, error) {
	if err := r.allow(InReview); err != nil {
		return nil, err
	}
	chain := r.pol.chainFor(r.c.Organ.Level)
	i, err := r.signer(chain)
	if err != nil {
		return nil, err
	}
	r.c.Approvals = append(r.c.Approvals, Approval{Step: r.step(comment), Round: r.c.Round, StepName: chain[i].Name, Index: i, Approved: approved})
	r.reason = comment
	r.apply("CL07", "CL15")
	return chain, nil
}

// DecisionInput is a decision with a comment or reason.
type DecisionInput struct {
	Ref
	Comment string
}

// Approve signs the step of the approval chain that is due (CL07): the
// actor must sit at the step's level, in an organ that covers the subject
// (CL15), and hold a role the step still awaits. The last signature approves
// the case, which then has the policy's CarryOut working days (CL18).
//
// Errors: Forbidden (CL07, CL15); Transition outside review; NotFound;
// Conflict.
func (s *Service) Approve(ctx context.Context, actor dandang.Actor, in DecisionInput) (*Case, error) {
	const op = "clearance.Approve"
	return s.exec(ctx, op, actor, in.Ref, "approve", in, nil, func(r *run) error {
		chain, err := r.sign(in.Comment, true)
		if err != nil {
			return err
		}
		if next, _ := r.c.pendingStep(chain); next < len(chain) {
			r.due("approve", r.pol.Deadlines.Approve)
			return nil
		}
		if err := r.fire(Approve, nil); err != nil {
			return err
		}
		r.due("carry_out", r.pol.Deadlines.CarryOut)
		r.apply("CL18")
		return nil
	})
}

// Reject sends a proposal back to the handling organ with a reason; it is
// signed like an approval by whoever the pending step awaits (CL07).
//
// Errors: Invalid without a reason; Forbidden (CL07, CL15); Transition;
// NotFound; Conflict.
func (s *Service) Reject(ctx context.Context, actor dandang.Actor, in DecisionInput) (*Case, error) {
	const op = "clearance.Reject"
	validate := func() error { return required(op, "CL07", "Comment", in.Comment) }
	return s.exec(ctx, op, actor, in.Ref, "reject", in, validate, func(r *run) error {
		if _, err := r.sign(in.Comment, false); err != nil {
			return err
		}
		if err := r.fire(Reject, nil); err != nil {
			return err
		}
		r.due("propose", r.pol.Deadlines.Propose)
		return nil
	})
}

// DeclineInput proposes not to clear (CL02).
type DeclineInput struct {
	Ref
	Reason string // as stated in the investigation report; required
}

// Decline proposes not to clear the subject, with the reason stated in the
// investigation report (CL02). A committee leader decides with
// DecideDecline.
//
// Errors: Invalid (CL02) without a reason; Forbidden; Transition; NotFound;
// Conflict.
func (s *Service) Decline(ctx context.Context, actor dandang.Actor, in DeclineInput) (*Case, error) {
	const op = "clearance.Decline"
	validate := func() error { return required(op, "CL02", "Reason", in.Reason) }
	return s.exec(ctx, op, actor, in.Ref, "propose_decline", in, validate, func(r *run) error {
		if err := r.inOrgan("CL02", r.pol.ProposeRoles); err != nil {
			return err
		}
		if err := r.fire(ProposeDecline, nil); err != nil {
			return err
		}
		r.c.Decline = &Decline{Reason: in.Reason, Proposed: r.step(in.Reason)}
		r.reason = in.Reason
		r.due("decide_decline", r.pol.Deadlines.Approve)
		r.apply("CL02", "CL11")
		return nil
	})
}

// DeclineDecision decides a proposal not to clear.
type DeclineDecision struct {
	Ref
	Approve bool   // true: the case is declined; false: back to planning
	Comment string // required when sending back
}

// DecideDecline is a committee leader's decision on a proposal not to clear
// (CL02): the actor must hold one of the policy's DeclineApprovers in the
// handling organ. Approved, the case closes as declined and the subject is
// told why (CL18); refused, it goes back to planning.
//
// Errors: Invalid (CL02) for a refusal without a comment; Forbidden (CL02);
// Transition; NotFound; Conflict.
func (s *Service) DecideDecline(ctx context.Context, actor dandang.Actor, in DeclineDecision) (*Case, error) {
	const op = "clearance.DecideDecline"
	validate := func() error {
		if !in.Approve {
			return required(op, "CL02", "Comment", in.Comment)
		}
		return nil
	}
	name := "approve_decline"
	if !in.Approve {
		name = "reject_decline"
	}
	return s.exec(ctx, op, actor, in.Ref, name, in, validate, func(r *run) error {
		if err := r.inOrgan("CL02", r.pol.DeclineApprovers); err != nil {
			return err
		}
		r.reason = in.Comment
		r.apply("CL02")
		if !in.Approve {
			if err := r.fire(RejectDecline, nil); err != nil {
				return err
			}
			r.c.Decline = nil
			r.due("propose", r.pol.Deadlines.Propose)
			return nil
		}
		if err := r.fire(ApproveDecline, nil); err != nil {
			return err
		}
		st := r.step(in.Comment)
		r.c.Decline.Decided = &st
		r.c.ClosedAt, r.c.Due, r.c.DueStep = r.now, 0, ""
		r.apply("CL18")
		return nil
	})
}
