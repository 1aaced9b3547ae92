package clearance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// NewFinding is a later finding on an allegation that was cleared (CL20).
type NewFinding struct {
	ReportID     string          `json:"reportId" validate:"nonblank,text" rule:"CL20"`     // the report or review that found it; required
	AllegationID string          `json:"allegationId" validate:"nonblank,text" rule:"CL20"` // the cleared allegation it substantiates; required
	Finding      dandang.Finding `json:"finding"`                                           // substantiated or partly substantiated
	Summary      string          `json:"summary" validate:"nonblank,text" rule:"CL20"`      // what was found; required
}

// Revocation is a clearance revoked by a recorded decision citing a new
// finding (CL20, XC11).
type Revocation struct {
	Step
	Finding NewFinding `json:"finding"`
	// Told are those who received the clearance and are told of its
	// revocation: the subject, whoever received a copy of a notice, the
	// named reporter given feedback, and the audience of each public form.
	Told []string `json:"told"`
}

// RevokeInput revokes a clearance (CL20).
type RevokeInput struct {
	Ref
	Finding NewFinding `json:"finding"`
	Note    string     `json:"note" validate:"text"`
}

func (in RevokeInput) ref() Ref { return in.Ref }

func (in RevokeInput) validate(op string) error {
	if f := in.Finding; f.Finding != dandang.Substantiated && f.Finding != dandang.PartlySubstantiated {
		return kit.Invalidf(op, "CL20", "Finding.Finding", fmt.Sprintf("a clearance is revoked only on a finding that substantiates the allegation, not %q", f.Finding))
	}
	return nil
}

// namedReporter is how Revocation.Told lists the named reporter given
// feedback; texts word it from the catalog ("clearance.revoke.reporter").
const namedReporter = "实名举报人"

// told lists who received the clearance (CL20).
func (c *Case) told() []string {
	out := []string{c.Subject.Name}
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	for _, n := range c.Notices() {
		add(n.CopyTo)
	}
	if c.Feedback != nil && !c.Feedback.Unreachable {
		add(namedReporter)
	}
	for _, cr := range c.Carried {
		if cr.Form.Public() {
			add(strings.TrimSpace(cr.Venue + " " + cr.Scope))
		}
	}
	return out
}

var revoke = command[RevokeInput]{
	Name:  "revoke",
	Moves: []Move{{Event: "revoke", From: []State{Closed}, To: Revoked}},
	// A committee leader decides, as for not clearing (CL02, CL20).
	Roles:     func(p Policy) []dandang.Role { return p.DeclineApprovers },
	Rule:      "CL20",
	OrganRule: "CL15",
	Ref:       refOf[RevokeInput],
	Validate:  func(in RevokeInput) error { return in.validate("clearance.Revoke") },
	Guard: func(r *run, in RevokeInput) error {
		if !slices.ContainsFunc(r.Case.Allegations, func(a dandang.Allegation) bool { return a.ID == in.Finding.AllegationID }) {
			return r.Invalid("CL20", "Finding.AllegationID", fmt.Sprintf("allegation %q was not cleared in this case", in.Finding.AllegationID))
		}
		return nil
	},
	Apply: func(r *run, in RevokeInput) error {
		c := r.Case
		c.Revocation = &Revocation{Step: r.Step(in.Note), Finding: in.Finding, Told: c.told()}
		r.Reason = strings.TrimSpace(in.Finding.Summary + " " + in.Note)
		r.Emit(event.ClearanceRevoked{CaseID: c.ID, ReportID: c.Report.ID, Subject: c.Subject, Organ: c.Organ,
			Reason: in.Finding.Summary, RevokedAt: r.Now})
		r.Apply("CL04", "CL20", "XC11")
		return nil
	},
}

// Revoke revokes a clearance because a later finding substantiates an
// allegation it cleared (CL20, CL04): a recorded decision by a committee
// leader of the handling organ (the policy's DeclineApprovers) citing the
// new finding. The case ends as revoked; everyone who received the notice
// is listed to be told, with the text of RevocationText; a
// event.ClearanceRevoked event stops the follow-up the clearance started.
// Nothing earlier is changed: the history verifies as before (XC11).
//
// Errors: Invalid (CL20) for a finding that does not substantiate the
// allegation, that names an allegation the case did not clear, or that
// lacks its report or summary; Conflict; NotFound; Transition (XC09) for a
// case that was not cleared; Forbidden (XC07, CL15, CL20); Canceled.
func (s *Service) Revoke(ctx context.Context, actor dandang.Actor, in RevokeInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Revoke", &revoke, actor, in)
}
