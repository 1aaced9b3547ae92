package clearance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// GradeInput grades a case and marks its priority (CL08).
type GradeInput struct {
	Ref
	Grade     Grade  `json:"grade" validate:"valid" rule:"CL08"`
	Priority  bool   `json:"priority"`  // cadres who work hard, areas of high public concern
	Sensitive bool   `json:"sensitive"` // sensitive or complex: may be escalated to the principal leader (CL10)
	Note      string `json:"note" validate:"text"`
}

func (in GradeInput) ref() Ref { return in.Ref }

var grade = func() command[GradeInput] {
	cmd := handling[GradeInput]("grade", Opened, InReview)
	cmd.Guard = func(r *run, in GradeInput) error {
		if !slices.Contains(r.Policy.Grades, in.Grade) {
			return r.Invalid("CL08", "Grade", fmt.Sprintf("%q is not one of %v", in.Grade, r.Policy.Grades))
		}
		return nil
	}
	cmd.Apply = func(r *run, in GradeInput) error {
		r.Case.Grade, r.Case.Priority, r.Case.Sensitive = in.Grade, in.Priority, in.Sensitive
		r.Reason = in.Note
		r.Apply("CL08")
		return nil
	}
	return cmd
}()

// Grade sets the case's grade, priority and sensitivity (CL08). Allowed
// while the case is opened or in review, to the ProposeRoles of the handling
// organ.
//
// Errors: Invalid (CL08) for a grade the policy does not offer; Conflict for
// a stale version; NotFound; Transition (XC09) in another state; Forbidden
// (XC07, CL15, XC02); Canceled.
func (s *Service) Grade(ctx context.Context, actor dandang.Actor, in GradeInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Grade", &grade, actor, in)
}

// PlanInput is the clearance plan: forms, scope and the adverse effects the
// false report had.
type PlanInput struct {
	Ref
	Forms   []Form   `json:"forms" validate:"min=1,list,dive,valid" rule:"CL05"`
	Scope   string   `json:"scope" validate:"text"`                          // required for a meeting or circular: where it reaches
	Effects []Effect `json:"effects" validate:"list,dive,valid" rule:"CL17"` // CL17
	Note    string   `json:"note" validate:"text"`
}

func (in PlanInput) ref() Ref { return in.Ref }

func (in PlanInput) validate(op string) error {
	if err := repeatedForm(op, "CL05", in.Forms); err != nil {
		return err
	}
	if !slices.Contains(in.Forms, Written) {
		return kit.Invalidf(op, "CL16", "Forms", "a meeting, face-to-face or circular clearance comes with a written clearance as well")
	}
	if slices.ContainsFunc(in.Forms, Form.Public) {
		if err := required(op, "CL05", "Scope", in.Scope); err != nil {
			return err
		}
	}
	return nil
}

// repeatedForm refuses a form listed twice under rule; the forms' tags
// refuse an unknown one.
func repeatedForm(op, rule string, forms []Form) error {
	for i, f := range forms {
		field := fmt.Sprintf("Forms[%d]", i)
		if slices.Index(forms, f) != i {
			return kit.Invalidf(op, rule, field, fmt.Sprintf("form %s listed twice", f))
		}
	}
	return nil
}

var plan = func() command[PlanInput] {
	cmd := handling[PlanInput]("plan", Opened)
	cmd.Validate = func(in PlanInput) error { return in.validate("clearance.Plan") }
	cmd.Guard = func(r *run, in PlanInput) error {
		if r.Policy.RequireEffect && len(in.Effects) == 0 {
			return r.Invalid("CL17", "Effects", "clearance is warranted only where the false report had an adverse effect")
		}
		return nil
	}
	cmd.Apply = func(r *run, in PlanInput) error {
		c := r.Case
		c.Forms, c.Scope, c.Effects = slices.Clone(in.Forms), in.Scope, slices.Clone(in.Effects)
		r.Reason = in.Note
		r.Apply("CL05", "CL16", "CL17")
		return nil
	}
	return cmd
}()

// Plan sets the forms of clearance (CL05, CL16), the scope of a public
// clearance, and the adverse effects that warrant it (CL17). Allowed while
// opened. Changing the forms after the subject was consulted does not carry
// the consent over to forms the subject did not agree to (CL06).
//
// Errors: Invalid (CL05, CL16, CL17) for a bad plan; Conflict; NotFound;
// Transition (XC09); Forbidden (XC07, CL15, XC02); Canceled.
func (s *Service) Plan(ctx context.Context, actor dandang.Actor, in PlanInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Plan", &plan, actor, in)
}

// ConsultInput records the subject's opinion on the forms and the scope of
// the clearance (CL06, CL21).
type ConsultInput struct {
	Ref
	Agreed bool   `json:"agreed"`
	Forms  []Form `json:"forms" validate:"list,dive,valid" rule:"CL06"` // the forms the subject agrees to
	// Scope is the scope of a public clearance the subject agrees to; empty
	// takes the plan's scope as it stands when the subject is consulted.
	Scope   string `json:"scope" validate:"text"`
	Opinion string `json:"opinion" validate:"nonblank,text" rule:"CL06"` // the subject's words, required
}

func (in ConsultInput) ref() Ref { return in.Ref }

var consult = func() command[ConsultInput] {
	cmd := handling[ConsultInput]("consult", Opened)
	cmd.Validate = func(in ConsultInput) error {
		return repeatedForm("clearance.Consult", "CL06", in.Forms)
	}
	cmd.Guard = func(r *run, in ConsultInput) error {
		if in.Agreed && slices.ContainsFunc(in.Forms, Form.Public) && strings.TrimSpace(in.Scope) == "" && strings.TrimSpace(r.Case.Scope) == "" {
			return r.Invalid("CL21", "Scope", "consent to a public clearance names its scope: plan it or name it")
		}
		return nil
	}
	cmd.Apply = func(r *run, in ConsultInput) error {
		scope := in.Scope
		if strings.TrimSpace(scope) == "" && slices.ContainsFunc(in.Forms, Form.Public) {
			scope = r.Case.Scope
		}
		r.Case.Consent = &Consent{Step: r.Step(""), Agreed: in.Agreed, Forms: slices.Clone(in.Forms), Scope: scope, Opinion: in.Opinion}
		r.Apply("CL06", "CL21")
		return nil
	}
	return cmd
}()

// Consult records the subject's opinion on the forms of clearance and the
// scope of a public one (CL06, CL21). Allowed while opened. Consent to a
// meeting or a circular names its scope: ConsultInput.Scope, or the plan's
// scope when the subject is consulted on the plan. Widening the forms or
// the scope afterwards needs the subject's consent again: Propose and
// CarryOut check it.
//
// Errors: Invalid (CL06) without an opinion or with an unknown form, (CL21)
// for consent to a public form with no scope planned or named; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, CL15, XC02); Canceled.
func (s *Service) Consult(ctx context.Context, actor dandang.Actor, in ConsultInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Consult", &consult, actor, in)
}

// refInput is the input of a command that needs only the case.
type refInput struct{ Ref }

func (in refInput) ref() Ref { return in.Ref }

var propose = func() command[refInput] {
	cmd := handling[refInput]("propose", Opened)
	cmd.Moves[0].To = InReview
	cmd.Guard = func(r *run, _ refInput) error {
		c := r.Case
		if len(c.Forms) == 0 {
			return r.Invalid("CL05", "Forms", "plan the forms before proposing")
		}
		for _, f := range c.Forms {
			if err := consentCovers(r, f, c.Scope); err != nil {
				return err
			}
		}
		// Either the subject applied in writing, or the handling
		// department proposes after consulting the subject, whatever the
		// forms (CL17).
		if c.Source != FromApplication && c.Consent == nil {
			return r.Invalid("CL17", "Consent", "the handling department proposes a clearance after consulting the subject: record the subject's opinion (Consult)")
		}
		if r.Policy.RequireEffect && len(c.Effects) == 0 {
			return r.Invalid("CL17", "Effects", "clearance is warranted only where the false report had an adverse effect")
		}
		return nil
	}
	cmd.Apply = func(r *run, _ refInput) error {
		c := r.Case
		c.Round++
		c.Proposals = keepProposals(c.Proposals, r.Step(""))
		r.Due("approve", r.Policy.Deadlines.Approve)
		r.Apply("CL05", "CL06", "CL07", "CL11")
		if slices.ContainsFunc(c.Forms, Form.Public) {
			r.Apply("CL21")
		}
		return nil
	}
	return cmd
}()

// Propose sends the plan up the approval chain (CL07). The guard checks
// that a plan exists (CL05), that the subject agreed to every public form
// (CL06) and to the planned scope, by a consent not withdrawn (CL21), that
// the subject was consulted whatever the forms unless the subject applied
// in writing, and that the policy's adverse-effect condition holds
// (CL17). The
// proposer may not sign the proposal (XC08).
//
// Errors: Invalid (CL05, CL06, CL21, CL17) from the guard; Conflict; NotFound;
// Transition (XC09) outside the opened state; Forbidden (XC07, CL15, XC02);
// Canceled.
func (s *Service) Propose(ctx context.Context, actor dandang.Actor, in ProposeInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Propose", &propose, actor, refInput(in))
}

// ProposeInput is the input of [Service.Propose]: the case, at the version
// the proposer read.
type ProposeInput struct{ Ref }

// CloseInput is the input of [Service.Close]: the case, at the version
// read.
type CloseInput struct{ Ref }
