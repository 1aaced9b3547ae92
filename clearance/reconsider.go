package clearance

import (
	"context"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Ground is what brings a declined case to be reconsidered (CL19).
type Ground string

// The grounds.
const (
	OnApplication Ground = "application" // the subject applied in writing
	OnSweep       Ground = "sweep"       // a campaign sweep found it should have been cleared (CL14)
)

var groundEnum = kit.StringEnum[Ground]("Ground", "CL19", OnApplication, OnSweep)

// Reconsideration is a declined case reopened (CL19).
type Reconsideration struct {
	Step
	Ground Ground `json:"ground"`
	// Text is the subject's written application (OnApplication) or what the
	// sweep found (OnSweep).
	Text string `json:"text"`
}

// ReconsiderInput reopens a declined case (CL19).
type ReconsiderInput struct {
	Ref
	Ground Ground `json:"ground" validate:"valid" rule:"CL19"`
	Text   string `json:"text" validate:"nonblank,text" rule:"CL19"` // the subject's written application, or what the sweep found; required
}

func (in ReconsiderInput) ref() Ref { return in.Ref }

var reconsider = func() command[ReconsiderInput] {
	cmd := handling[ReconsiderInput]("reconsider", Declined)
	cmd.Moves[0].To = Opened
	cmd.Guard = func(r *run, _ ReconsiderInput) error {
		if r.Case.Decline == nil || r.Case.Decline.Decided == nil {
			return r.Invalid("CL19", "Decline", "the case holds no decision not to clear")
		}
		return nil
	}
	cmd.Apply = func(r *run, in ReconsiderInput) error {
		c := r.Case
		// The decline stays on record (XC11); the case starts again under
		// the same approval rules.
		c.PastDeclines = kit.KeepLast(append(c.PastDeclines, c.Decline.clone()), MaxRounds)
		c.Decline = nil
		// A review of the decision not to clear is kept; the new decision
		// is reviewed afresh once the case concludes again (CL09).
		if c.Review != nil {
			c.PastReviews = kit.KeepLast(append(c.PastReviews, c.Review.clone()), MaxRounds)
			c.Review = nil
		}
		c.Reconsiderations = kit.KeepLast(append(c.Reconsiderations, Reconsideration{Step: r.Step(in.Text), Ground: in.Ground, Text: in.Text}), MaxRounds)
		c.ClosedAt = time.Time{}
		r.Reason = in.Text
		r.Due("propose", r.Policy.Deadlines.Propose)
		r.Apply("CL19", "CL11", "XC11")
		switch in.Ground {
		case OnApplication:
			r.Apply("CL17")
		case OnSweep:
			r.Apply("CL14")
		}
		return nil
	}
	return cmd
}()

// Reconsider reopens a declined case on the subject's written application
// or because a sweep found it should have been cleared (CL19, CL14): the
// decision not to clear is kept among the past declines (and its quality
// review, if any, among the past reviews), the case opens
// again with a new deadline to propose, and the new decision goes through
// the same approval rules as the first, in the same history. Allowed to the
// handling organ's ProposeRoles.
//
// Errors: Invalid (CL19) for an unknown ground or without the application
// or the sweep's finding; Conflict; NotFound; Transition (XC09) for a case
// that was not declined; Forbidden (XC07, CL15, XC02); Canceled.
func (s *Service) Reconsider(ctx context.Context, actor dandang.Actor, in ReconsiderInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Reconsider", &reconsider, actor, in)
}
