package clearance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// NewCase is the input to Open: the concluded report, the subject and the
// allegations against the subject found unfounded.
type NewCase struct {
	Report      Report               `json:"report"`
	Subject     dandang.Subject      `json:"subject"`
	Allegations []dandang.Allegation `json:"allegations" validate:"min=1,list" rule:"CL04"`
	// Application is the subject's written application for clearance, when
	// the subject applied (CL17); empty when the department proposes it.
	Application string `json:"application" validate:"text"`
}

func (n NewCase) validate(op string) error {
	if err := n.Subject.Validate(op, "Subject"); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, a := range n.Allegations {
		field := fmt.Sprintf("Allegations[%d]", i)
		if err := a.Validate(op, field); err != nil {
			return err
		}
		switch {
		case seen[a.ID]:
			return kit.Invalidf(op, "XC06", field+".ID", fmt.Sprintf("allegation %s listed twice", a.ID))
		case a.SubjectID != n.Subject.ID:
			return kit.Invalidf(op, "CL03", field+".SubjectID", "each case is weighed for one subject: the allegation is against another")
		case a.Finding == dandang.Substantiated || a.Finding == dandang.PartlySubstantiated:
			return kit.Invalidf(op, "CL04", field+".Finding", "an allegation found substantiated or partly substantiated is never cleared")
		case a.Finding == dandang.Undetermined:
			return kit.Invalidf(op, "CL17", field+".Finding", "a matter neither verified nor excluded warrants no clearance")
		case a.Finding != dandang.Unfounded:
			return kit.Invalidf(op, "XC06", field+".Finding", fmt.Sprintf("unknown finding %q", a.Finding))
		}
		seen[a.ID] = true
	}
	return nil
}

var open = kit.Creation[State, *Case, Policy, NewCase]{
	Name:     "open",
	Roles:    func(p Policy) []dandang.Role { return p.OpenRoles },
	Rule:     "XC02",
	Validate: func(in NewCase) error { return in.validate("clearance.Open") },
	New: func(r *run, in NewCase) (*Case, error) {
		if in.Report.ConcludedAt.After(r.Now) {
			return nil, r.Invalid("CL01", "Report.ConcludedAt", "the report is not concluded yet")
		}
		c := &Case{Source: FromReport, Report: in.Report, Subject: in.Subject,
			Allegations: slices.Clone(in.Allegations), Application: in.Application}
		c.ID, c.State = CaseID(in.Report.ID, in.Subject.ID), Opened
		return c, nil
	},
	// The organ that verified the report clears, within its management
	// authority over the subject (CL15): the organ the directory names as
	// the subject's manager ([dandang.Directory.Manager]), which honours
	// the host's own word ([dandang.Directory.WithManagers]).
	Authorize: func(r *run, in NewCase) error {
		if !manages(r.Directory(), r.Actor.Organ.ID, in.Subject) {
			return r.Forbidden("CL15", fmt.Sprintf("%s does not hold management authority over %s (managed at %s level in %s)",
				r.Actor.Organ.ID, in.Subject.ID, in.Subject.ManagedAt, in.Subject.Region))
		}
		return nil
	},
	Apply: func(r *run, in NewCase) error {
		r.Apply("CL01", "CL03", "CL04", "CL15")
		if in.Application != "" {
			r.Case.Source = FromApplication
			r.Apply("CL17")
		}
		r.Due("propose", r.Policy.Deadlines.Propose)
		r.Apply("CL11")
		return nil
	},
}

func required(op, rule, field, v string) error {
	if strings.TrimSpace(v) == "" {
		return kit.Invalidf(op, rule, field, "required")
	}
	return nil
}
