package clearance

import (
	"context"
	"fmt"
	"slices"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

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
			return i, slices.Clone(st.Roles)
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

// authorizeSigner admits the actor to sign the pending step of the chain
// (CL07): an actor of the organ the directory places at the step's level
// above the handling organ (XC07), holding a role the step still awaits,
// who has not signed in this round and did not propose it (XC08).
func authorizeSigner(r *run) error {
	c := r.Case
	chain := r.Policy.chainFor(c.Organ.Level)
	i, roles := c.pendingStep(chain)
	if i >= len(chain) {
		return &dandang.Error{Code: dandang.Internal, Op: r.Op, Message: "approval chain complete but case in review"}
	}
	st := chain[i]
	level := c.Organ.Level + dandang.Level(st.Above)
	want, ok := r.Directory().Above(c.Organ.ID, level)
	switch {
	case !ok:
		return r.Forbidden("XC07", fmt.Sprintf("the directory has no organ at %s level above %s to sign step %q", level, c.Organ.ID, st.Name))
	case r.Actor.Organ.Level != level:
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "CL07", Field: "Actor.Organ", Awaiting: roles,
			Message: fmt.Sprintf("step %q is signed at %s level by %s, not at %s level", st.Name, level, want.ID, r.Actor.Organ.Level)}
	case r.Actor.Organ.ID != want.ID:
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC07", Field: "Actor.Organ", Awaiting: roles,
			Message: fmt.Sprintf("step %q is signed by %s, the %s-level organ above %s in the directory, not by %s", st.Name, want.ID, level, c.Organ.ID, r.Actor.Organ.ID)}
	}
	if slices.ContainsFunc(c.Proposals, func(p Step) bool { return p.By.ID == r.Actor.ID }) {
		return r.Forbidden("XC08", fmt.Sprintf("%s proposed this clearance and may not approve it", r.Actor.ID))
	}
	for _, a := range c.Approvals {
		if a.Round == c.Round && a.By.ID == r.Actor.ID {
			return r.Forbidden("XC08", fmt.Sprintf("%s signed step %q of this chain already: no one signs twice", r.Actor.ID, a.StepName))
		}
	}
	role, ok := r.Actor.Has(roles...)
	if !ok {
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "CL07", Field: "Actor.Roles", Awaiting: roles,
			Message: fmt.Sprintf("step %q awaits one of %v", st.Name, roles)}
	}
	r.Role = role
	return nil
}

// sign records the actor's signature, approving or sending back, on the
// pending step of the case's chain (CL07, CL15), and returns the chain.
func sign(r *run, comment string, approved bool) []ChainStep {
	c := r.Case
	chain := r.Policy.chainFor(c.Organ.Level)
	i, _ := c.pendingStep(chain)
	c.Approvals = keepApprovals(append(c.Approvals, Approval{Step: r.Step(comment), Round: c.Round, StepName: chain[i].Name, Index: i, Approved: approved}), c.Round)
	r.Reason = comment
	r.Apply("CL07", "CL15", "XC08")
	return chain
}

// DecisionInput is a decision with a comment or reason.
type DecisionInput struct {
	Ref
	Comment string `json:"comment" validate:"text"`
}

func (in DecisionInput) ref() Ref { return in.Ref }

var approve = command[DecisionInput]{
	Name: "approve",
	Moves: []Move{
		{Event: "sign", From: []State{InReview}},                  // a signature the chain goes on from
		{Event: "approve", From: []State{InReview}, To: Approved}, // the last signature
	},
	Ref:       refOf[DecisionInput],
	Authorize: func(r *run, _ DecisionInput) error { return authorizeSigner(r) },
	Choose: func(r *run, _ DecisionInput) string {
		c := *r.Case
		chain := r.Policy.chainFor(c.Organ.Level)
		i, _ := c.pendingStep(chain)
		c.Approvals = append(slices.Clone(c.Approvals), Approval{Step: r.Step(""), Round: c.Round, Index: i, Approved: true})
		if next, _ := c.pendingStep(chain); next < len(chain) {
			return "sign"
		}
		return "approve"
	},
	Apply: func(r *run, in DecisionInput) error {
		chain := sign(r, in.Comment, true)
		if next, _ := r.Case.pendingStep(chain); next < len(chain) {
			r.Due("approve", r.Policy.Deadlines.Approve)
			return nil
		}
		r.Due("carry_out", r.Policy.Deadlines.CarryOut)
		r.Apply("CL18")
		return nil
	},
}

// Approve signs the step of the approval chain that is due (CL07): the
// actor must belong to the organ the directory places at the step's level
// above the handling organ (XC07) and hold a role the step still awaits; no
// one signs twice in a chain or approves what they proposed (XC08). The
// last signature approves the case, which then has the policy's CarryOut
// working days (CL18).
//
// Errors: Conflict; NotFound; Transition (XC09) outside review; Forbidden
// (XC07, CL07, XC08); Canceled.
func (s *Service) Approve(ctx context.Context, actor dandang.Actor, in DecisionInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Approve", &approve, actor, in)
}

var reject = command[DecisionInput]{
	Name:      "reject",
	Moves:     []Move{{Event: "reject", From: []State{InReview}, To: Opened}},
	Ref:       refOf[DecisionInput],
	Validate:  func(in DecisionInput) error { return required("clearance.Reject", "CL07", "Comment", in.Comment) },
	Authorize: func(r *run, _ DecisionInput) error { return authorizeSigner(r) },
	Apply: func(r *run, in DecisionInput) error {
		sign(r, in.Comment, false)
		r.Due("propose", r.Policy.Deadlines.Propose)
		return nil
	},
}

// Reject sends a proposal back to the handling organ with a reason; it is
// signed like an approval by whoever the pending step awaits (CL07, XC08).
//
// Errors: Invalid (CL07) without a reason; Conflict; NotFound; Transition
// (XC09); Forbidden (XC07, CL07, XC08); Canceled.
func (s *Service) Reject(ctx context.Context, actor dandang.Actor, in DecisionInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Reject", &reject, actor, in)
}

// DeclineInput proposes not to clear (CL02).
type DeclineInput struct {
	Ref
	Reason string `json:"reason" validate:"nonblank,text" rule:"CL02"` // as stated in the investigation report; required
}

func (in DeclineInput) ref() Ref { return in.Ref }

var decline = func() command[DeclineInput] {
	cmd := handling[DeclineInput]("propose_decline", Opened, InReview)
	cmd.Moves[0].To = DeclinePending
	cmd.Apply = func(r *run, in DeclineInput) error {
		r.Case.Decline = &Decline{Reason: in.Reason, Proposed: r.Step(in.Reason)}
		r.Reason = in.Reason
		r.Due("decide_decline", r.Policy.Deadlines.Approve)
		r.Apply("CL02", "CL11")
		return nil
	}
	return cmd
}()

// Decline proposes not to clear the subject, with the reason stated in the
// investigation report (CL02). A committee leader other than the proposer
// decides with DecideDecline.
//
// Errors: Invalid (CL02) without a reason; Conflict; NotFound; Transition
// (XC09); Forbidden (XC07, CL15, XC02); Canceled.
func (s *Service) Decline(ctx context.Context, actor dandang.Actor, in DeclineInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Decline", &decline, actor, in)
}

// DeclineDecision decides a proposal not to clear.
type DeclineDecisionInput struct {
	Ref
	Approve bool   `json:"approve"`                 // true: the case is declined; false: back to planning
	Comment string `json:"comment" validate:"text"` // required when sending back
}

func (in DeclineDecisionInput) ref() Ref { return in.Ref }

var decideDecline = command[DeclineDecisionInput]{
	Name: "decide_decline",
	Moves: []Move{
		{Event: "approve_decline", From: []State{DeclinePending}, To: Declined},
		{Event: "reject_decline", From: []State{DeclinePending}, To: Opened},
	},
	Ref: refOf[DeclineDecisionInput],
	Validate: func(in DeclineDecisionInput) error {
		if !in.Approve {
			return required("clearance.DecideDecline", "CL02", "Comment", in.Comment)
		}
		return nil
	},
	Authorize: func(r *run, _ DeclineDecisionInput) error {
		if err := r.Authorize(func(p Policy) []dandang.Role { return p.DeclineApprovers }, kit.InOrgan, "CL02", "CL15"); err != nil {
			return err
		}
		if d := r.Case.Decline; d != nil && d.Proposed.By.ID == r.Actor.ID {
			return r.Forbidden("XC08", fmt.Sprintf("%s proposed not to clear and may not approve it", r.Actor.ID))
		}
		return nil
	},
	Choose: func(_ *run, in DeclineDecisionInput) string {
		if in.Approve {
			return "approve_decline"
		}
		return "reject_decline"
	},
	Apply: func(r *run, in DeclineDecisionInput) error {
		r.Reason = in.Comment
		r.Apply("CL02", "XC08")
		if !in.Approve {
			r.Case.Decline = nil
			r.Due("propose", r.Policy.Deadlines.Propose)
			return nil
		}
		st := r.Step(in.Comment)
		r.Case.Decline.Decided = &st
		r.End()
		r.Apply("CL18")
		return nil
	},
}

// DecideDecline is a committee leader's decision on a proposal not to clear
// (CL02): the actor must hold one of the policy's DeclineApprovers in the
// handling organ and may not be who proposed it (XC08). Approved, the case
// closes as declined and the subject is told why (CL18); refused, it goes
// back to planning.
//
// Errors: Invalid (CL02) for a refusal without a comment; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, CL15, CL02, XC08);
// Canceled.
func (s *Service) DecideDecline(ctx context.Context, actor dandang.Actor, in DeclineDecisionInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.DecideDecline", &decideDecline, actor, in)
}

// MaxRounds is how many of each repeated round a case keeps, the latest:
// proposers (XC08), withdrawn consents (CL21), past declines, their quality
// reviews and reconsiderations (CL19, XC11). A case proposed and rejected,
// or declined and reconsidered, again and again keeps at most MaxRounds of
// each, and its history keeps every one, reason and all.
const MaxRounds = 10

// MaxApprovals is how many signatures a case keeps: every one of the
// current round, which the chain reads (CL07, XC08), and the latest of
// earlier rounds up to MaxApprovals in all.
const MaxApprovals = 30

// keepApprovals drops the oldest signatures of rounds before round until
// at most MaxApprovals remain, or only round's do.
func keepApprovals(as []Approval, round int) []Approval {
	old := 0
	for old < len(as) && as[old].Round < round {
		old++
	}
	return slices.Delete(as, 0, min(old, max(len(as)-MaxApprovals, 0)))
}

// keepProposals appends p and drops the earlier proposals of the same
// proposer: the case keeps the latest proposal of everyone who ever
// proposed, however many rounds ran, since no proposer of any round signs
// (XC08). The list grows with the people who proposed, not with the
// rounds.
func keepProposals(ps []Step, p Step) []Step {
	ps = slices.DeleteFunc(ps, func(q Step) bool { return q.By.ID == p.By.ID })
	return append(ps, p)
}
