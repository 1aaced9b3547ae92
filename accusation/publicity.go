package accusation

import (
	"context"
	"slices"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// ConsentInput records a named reporter's consent to publicity about them,
// or its withdrawal (AC16): the signed document, and what the reporter
// agreed to. Neither may hold the reporter's identity: the library keeps
// that sealed.
type ConsentInput struct {
	Ref
	Reference string `json:"reference" validate:"nonblank,text" rule:"AC16"` // the signed consent or withdrawal, such as a numbered form
	Scope     string `json:"scope" validate:"text"`                          // what the reporter agreed to, such as "以化名在表彰通报中介绍举报经过"; empty for a withdrawal
	Withdraw  bool   `json:"withdraw"`
	Note      string `json:"note" validate:"text"`
}

func (in ConsentInput) ref() Ref { return in.Ref }

// Consent is a reporter's consent to publicity, or its withdrawal (AC16),
// as recorded.
type Consent struct {
	Step
	Reference string `json:"reference"`
	Scope     string `json:"scope"`
	Withdrawn bool   `json:"withdrawn"`
}

// PublicityInput records publicity about the reporter (AC16), such as a
// commendation of a named report: the publication, and what it said of the
// reporter within the consent's scope.
type PublicityInput struct {
	Ref
	Reference string `json:"reference" validate:"nonblank,text" rule:"AC16"` // the publication, such as a numbered notice
	Note      string `json:"note" validate:"text"`
}

func (in PublicityInput) ref() Ref { return in.Ref }

// Consented reports whether the reporter's latest recorded word on
// publicity is a consent (AC16).
func (c *Case) Consented() bool {
	return len(c.Consents) > 0 && !c.Consents[len(c.Consents)-1].Withdrawn
}

var consent = func() command[ConsentInput] {
	cmd := handling[ConsentInput]("consent", withClosed()...)
	cmd.Validate = func(in ConsentInput) error {
		if !in.Withdraw {
			return required(Kind+".Consent", "AC16", "Scope", in.Scope)
		}
		return nil
	}
	cmd.Guard = func(r *run, in ConsentInput) error {
		switch c := r.Case; {
		case !c.Named:
			return r.Invalid("AC16", "Ref", "an anonymous reporter cannot be asked: no publicity is made about them")
		case in.Withdraw && !c.Consented():
			return r.Invalid("AC16", "Withdraw", "no consent stands to withdraw")
		}
		return nil
	}
	cmd.Apply = func(r *run, in ConsentInput) error {
		keepConsents(r.Case, Consent{Step: r.Step(in.Note), Reference: in.Reference, Scope: in.Scope, Withdrawn: in.Withdraw})
		r.Reason = in.Reference
		r.Apply("AC16")
		return nil
	}
	return cmd
}()

// Consent records a named reporter's consent to publicity about them, with
// its scope, or the withdrawal of it (AC16). Publicity is recorded with
// [Service.Publicize], which needs a consent that stands.
//
// Errors: Invalid (AC16) without a reference, without a scope for a
// consent, for an anonymous report, or for a withdrawal when no consent
// stands; Conflict; NotFound; Transition (XC09); Forbidden (XC07, XC02);
// Canceled.
func (s *Service) Consent(ctx context.Context, actor dandang.Actor, in ConsentInput) (*Case, error) {
	return exec(ctx, s, Kind+".Consent", &consent, actor, in)
}

var publicize = func() command[PublicityInput] {
	cmd := handling[PublicityInput]("publicize", withClosed()...)
	cmd.Guard = func(r *run, _ PublicityInput) error {
		if !r.Case.Consented() {
			return r.Invalid("AC16", "Consents", "publicity about a reporter needs the reporter's consent, and none stands")
		}
		return nil
	}
	cmd.Apply = func(r *run, in PublicityInput) error {
		r.Case.Publicity = kit.KeepLast(append(r.Case.Publicity, Publicity{Step: r.Step(in.Note), Reference: in.Reference,
			Consent: len(r.Case.Consents) - 1}), MaxRepeats)
		r.Reason = in.Reference
		r.Apply("AC16")
		return nil
	}
	return cmd
}()

// Publicity is publicity made about the reporter (AC16), under the consent
// it names (an index into Case.Consents, or -1 once the case no longer
// keeps that consent: the history does).
type Publicity struct {
	Step
	Reference string `json:"reference"`
	Consent   int    `json:"consent"`
}

// keepConsents appends k to c's consents and keeps the last MaxRepeats,
// the indices of the publicity made under them moved with them.
func keepConsents(c *Case, k Consent) {
	c.Consents = append(c.Consents, k)
	cut := len(c.Consents) - MaxRepeats
	if cut <= 0 {
		return
	}
	c.Consents = slices.Delete(c.Consents, 0, cut)
	for i := range c.Publicity {
		c.Publicity[i].Consent = max(c.Publicity[i].Consent-cut, -1)
	}
}

// Publicize records publicity about the reporter, such as a commendation of
// a named report (AC16). It needs the reporter's consent, standing
// ([Service.Consent]); the library itself publishes nothing, and the
// reporter's identity stays sealed in the case.
//
// Errors: Invalid (AC16) without a reference or without a standing
// consent; Conflict; NotFound; Transition (XC09); Forbidden (XC07, XC02);
// Canceled.
func (s *Service) Publicize(ctx context.Context, actor dandang.Actor, in PublicityInput) (*Case, error) {
	return exec(ctx, s, Kind+".Publicize", &publicize, actor, in)
}
