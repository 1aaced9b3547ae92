package tolerance

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// WithdrawInput withdraws an excluded situation found earlier (FT04).
type WithdrawInput struct {
	Ref
	Exclusion string `json:"exclusion" validate:"nonblank,text" rule:"FT04"` // the policy's ID of the exclusion found
	Reason    string `json:"reason" validate:"nonblank,text" rule:"FT04"`    // why it no longer holds; required
}

func (in WithdrawInput) ref() Ref { return in.Ref }

var withdraw = command[WithdrawInput]{
	Name: "withdraw", Moves: []Move{{Event: "withdraw", From: []State{Assessing}}},
	Ref: refOf[WithdrawInput],
	// A found exclusion is withdrawn by whoever decides for the pursuer:
	// the step records the signer and the role they signed in.
	Authorize: func(r *run, _ WithdrawInput) error { return authorizeDecider(r) },
	Guard: func(r *run, in WithdrawInput) error {
		if !slices.Contains(r.Case.Excluded, in.Exclusion) {
			return r.Invalid("FT04", "Exclusion", fmt.Sprintf("%q was not found on the case", in.Exclusion))
		}
		return nil
	},
	Apply: func(r *run, in WithdrawInput) error {
		c := r.Case
		c.Excluded = slices.DeleteFunc(slices.Clone(c.Excluded), func(id string) bool { return id == in.Exclusion })
		c.Withdrawals = kit.KeepLast(append(c.Withdrawals, Withdrawal{Step: r.Step(in.Reason), Exclusion: in.Exclusion, Reason: in.Reason}), MaxRounds)
		r.Reason = in.Reason
		r.Apply("FT04", "XC11")
		return nil
	},
}

// Withdraw withdraws an excluded situation found earlier (FT04): the only
// way a found exclusion leaves the case, by a recorded step with the reason
// and the signer, in the role they signed in (one of the roles that decide
// for the case's pursuer, in the pursuing organ). Establish never drops
// one. Allowed while assessing.
//
// Errors: Invalid (FT04) without the reason, or for an exclusion not found
// on the case; Conflict; NotFound; Transition (XC09, FT05 once decided or
// foreclosed); Forbidden (XC07, FT05); Canceled.
func (s *Service) Withdraw(ctx context.Context, actor dandang.Actor, in WithdrawInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Withdraw", &withdraw, actor, in)
}

// CorrectInput reconsiders or revokes a tolerance decision (XC11).
type CorrectInput struct {
	Ref
	Reason string `json:"reason" validate:"nonblank,text" rule:"XC11"` // why the decision is taken up again; required
}

func (in CorrectInput) ref() Ref { return in.Ref }

var reconsider = command[CorrectInput]{
	Name: "reconsider", Moves: []Move{{Event: "reconsider", From: []State{Decided}, To: Assessing}},
	Ref:       refOf[CorrectInput],
	Authorize: func(r *run, _ CorrectInput) error { return authorizeDecider(r) },
	Guard: func(r *run, _ CorrectInput) error {
		if r.Case.Accountability != nil {
			return &dandang.Error{Code: dandang.Transition, Op: r.Op, Rule: "FT05", State: string(r.Case.State), Field: "Accountability",
				Message: "the accountability decision is made: tolerance is not decided again, and never reverses it (防止翻烧饼); revoke the decision instead"}
		}
		return nil
	},
	Apply: func(r *run, in CorrectInput) error {
		c := r.Case
		c.PastDecisions = kit.KeepLast(append(c.PastDecisions, *c.Decision), MaxRounds)
		c.Decision = nil
		c.Reconsiderations = kit.KeepLast(append(c.Reconsiderations, Reconsideration{Step: r.Step(in.Reason), Reason: in.Reason}), MaxRounds)
		c.ClosedAt = time.Time{}
		r.Reason = in.Reason
		r.Due("propose", r.Policy.Deadlines.Assess)
		r.Apply("FT05", "XC11")
		return nil
	},
}

// Reconsider takes a tolerance decision up again (XC11): the decision is
// kept among the past decisions, the case goes back to the assessment, and
// the new decision is proposed and decided under the same rules as the
// first, in the same history. Only the roles that decide for the case's
// pursuer, in the pursuing organ, reconsider; once the accountability
// decision is made, tolerance is not decided again (FT05).
//
// Errors: Invalid (XC11) without the reason; Transition (FT05) after the
// accountability decision, on a case not decided, foreclosed or revoked;
// Conflict; NotFound; Forbidden (XC07, FT05); Canceled.
func (s *Service) Reconsider(ctx context.Context, actor dandang.Actor, in CorrectInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Reconsider", &reconsider, actor, in)
}

var revoke = command[CorrectInput]{
	Name: "revoke", Moves: []Move{{Event: "revoke", From: []State{Decided}, To: Revoked}},
	Ref:       refOf[CorrectInput],
	Authorize: func(r *run, _ CorrectInput) error { return authorizeDecider(r) },
	Apply: func(r *run, in CorrectInput) error {
		c := r.Case
		c.Revocation = &Revocation{Step: r.Step(in.Reason), Reason: in.Reason}
		r.Reason = in.Reason
		r.Emit(event.ToleranceRevoked{CaseID: c.ID, InquiryID: c.Inquiry.ID, Subject: c.Subject, Organ: c.Organ,
			Outcome: string(c.Decision.Outcome), Reason: in.Reason, RevokedAt: r.Now})
		r.Apply("FT05", "XC11")
		if c.Decision.Outcome.Tolerated() {
			r.Apply("FT12")
		}
		return nil
	},
}

// Revoke revokes a tolerance decision by a recorded decision citing the
// reason (XC11): the decision stays on the case, which ends as revoked; an
// [event.ToleranceRevoked] tells the accountability process and the
// personnel systems that the tolerance, and the no-negative-evaluation it
// published (FT12), no longer hold. Nothing earlier is changed: the history
// verifies as before. Only the roles that decide for the case's pursuer,
// in the pursuing organ, revoke.
//
// Errors: Invalid (XC11) without the reason; Transition (FT05) on a case
// not decided; Conflict; NotFound; Forbidden (XC07, FT05); Canceled.
func (s *Service) Revoke(ctx context.Context, actor dandang.Actor, in CorrectInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Revoke", &revoke, actor, in)
}
