package clearance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// consentCovers refuses a public form f reaching scope that the subject's
// consent does not cover: no consent sought or not agreed (CL06); a form
// or a scope wider than the consent, or a consent withdrawn (CL21). A form
// that is not public needs no consent.
func consentCovers(r *run, f Form, scope string) error {
	if !f.Public() {
		return nil
	}
	c := r.Case.Consent
	switch {
	case c == nil:
		return r.Invalid("CL06", "Consent", fmt.Sprintf("the subject's opinion must be sought before a %s clearance", f))
	case c.Withdrawn != nil:
		return r.Invalid("CL21", "Consent", "the subject withdrew consent: consult the subject again")
	case !c.Agreed:
		return r.Invalid("CL06", "Consent", fmt.Sprintf("the subject has not agreed to a %s clearance", f))
	case !slices.Contains(c.Forms, f):
		return r.Invalid("CL21", "Consent", fmt.Sprintf("the subject agreed to %v, not to a %s clearance: consult the subject again", c.Forms, f))
	case strings.TrimSpace(scope) != strings.TrimSpace(c.Scope):
		return r.Invalid("CL21", "Scope", fmt.Sprintf("the subject agreed to the scope %q, not %q: consult the subject again", c.Scope, scope))
	}
	return nil
}

// WithdrawInput records the subject withdrawing consent, or refusing
// public clearance (CL21).
type WithdrawInput struct {
	Ref
	Opinion string `json:"opinion" validate:"nonblank,text" rule:"CL21"` // the subject's words, required
}

func (in WithdrawInput) ref() Ref { return in.Ref }

// publicCarried returns the first public form carried out, or "".
func (c *Case) publicCarried() Form {
	for _, cr := range c.Carried {
		if cr.Form.Public() {
			return cr.Form
		}
	}
	return ""
}

// withdrawGuard refuses a withdrawal with no consent to withdraw, or after
// a public clearance was carried out (CL21).
func withdrawGuard(r *run, _ WithdrawInput) error {
	c := r.Case
	if f := c.publicCarried(); f != "" {
		return r.Invalid("CL21", "Consent", fmt.Sprintf("the %s clearance was carried out already: consent cannot be withdrawn", f))
	}
	if c.Consent == nil || c.Consent.Withdrawn != nil || !c.Consent.Agreed {
		return r.Invalid("CL21", "Consent", "the subject has given no consent to withdraw")
	}
	return nil
}

// retire moves the case's consent to the past consents, withdrawn now.
func retire(r *run, opinion string) {
	c := r.Case
	old := c.Consent.clone()
	st := r.Step(opinion)
	old.Withdrawn = &st
	c.PastConsents = kit.KeepLast(append(c.PastConsents, old), MaxRounds)
	c.Consent = nil
}

var withdrawConsent = func() command[WithdrawInput] {
	cmd := handling[WithdrawInput]("withdraw_consent", Opened, InReview, Approved)
	cmd.Moves[0].To = Opened
	cmd.Guard = withdrawGuard
	cmd.Apply = func(r *run, in WithdrawInput) error {
		retire(r, in.Opinion)
		r.Reason = in.Opinion
		if r.From != Opened {
			// The plan goes back for a new one, and a new round of approval.
			r.Due("propose", r.Policy.Deadlines.Propose)
			r.Apply("CL11")
		}
		r.Apply("CL06", "CL21")
		return nil
	}
	return cmd
}()

// WithdrawConsent records the subject withdrawing consent to a public
// clearance before it is carried out (CL21): the consent is kept among the
// past consents, and the case goes back to opened for a new plan, a new
// consultation and a new proposal, through the same approval chain.
//
// Errors: Invalid (CL21) without the subject's words, with no consent to
// withdraw, or once a public form was carried out; Conflict; NotFound;
// Transition (XC09) outside opened, in review and approved; Forbidden
// (XC07, CL15, XC02); Canceled.
func (s *Service) WithdrawConsent(ctx context.Context, actor dandang.Actor, in WithdrawInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.WithdrawConsent", &withdrawConsent, actor, in)
}

var refusePublic = func() command[WithdrawInput] {
	cmd := handling[WithdrawInput]("refuse_public", Opened, InReview, Approved)
	cmd.Guard = func(r *run, in WithdrawInput) error {
		if f := r.Case.publicCarried(); f != "" {
			return r.Invalid("CL21", "Forms", fmt.Sprintf("the %s clearance was carried out already", f))
		}
		if !slices.ContainsFunc(r.Case.Forms, Form.Public) {
			return r.Invalid("CL21", "Forms", "the plan has no public form to refuse")
		}
		return nil
	}
	cmd.Apply = func(r *run, in WithdrawInput) error {
		c := r.Case
		if c.Consent != nil {
			retire(r, in.Opinion)
		}
		c.Forms = slices.DeleteFunc(slices.Clone(c.Forms), Form.Public)
		c.Scope = ""
		r.Reason = in.Opinion
		r.Apply("CL06", "CL16", "CL21")
		return nil
	}
	return cmd
}()

// RefusePublic records the subject refusing public clearance (CL21): the
// meeting and circular forms leave the plan, and the written clearance (and
// a face-to-face one, if planned) remains, in the state the case is in: a
// narrower plan needs no new approval. A consent given is kept among the
// past consents.
//
// Errors: Invalid (CL21) without the subject's words, for a plan with no
// public form, or once a public form was carried out; Conflict; NotFound;
// Transition (XC09); Forbidden (XC07, CL15, XC02); Canceled.
func (s *Service) RefusePublic(ctx context.Context, actor dandang.Actor, in WithdrawInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.RefusePublic", &refusePublic, actor, in)
}
