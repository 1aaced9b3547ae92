package clearance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
)

// NewCase is the input to Open: the concluded report, the subject and the
// allegations against the subject found unfounded.
type NewCase struct {
	Report      Report
	Subject     dandang.Subject
	Allegations []dandang.Allegation
	// Application is the subject's written application for clearance, when
	// the subject applied (CL17); empty when the department proposes it.
	Application string
}

func (n NewCase) validate(op string, now time.Time) error {
	if err := required(op, "CL01", "Report.ID", n.Report.ID); err != nil {
		return err
	}
	if n.Report.ConcludedAt.IsZero() {
		return dandang.Invalidf(op, "CL01", "Report.ConcludedAt", "clearance starts once the report is concluded")
	}
	if n.Report.ConcludedAt.After(now) {
		return dandang.Invalidf(op, "CL01", "Report.ConcludedAt", "the report is not concluded yet")
	}
	if err := n.Subject.Validate(op, "Subject"); err != nil {
		return err
	}
	if len(n.Allegations) == 0 {
		return dandang.Invalidf(op, "CL04", "Allegations", "name the unfounded allegations to clear")
	}
	seen := map[string]bool{}
	for i, a := range n.Allegations {
		field := fmt.Sprintf("Allegations[%d]", i)
		switch {
		case strings.TrimSpace(a.ID) == "":
			return dandang.Invalidf(op, "XC06", field+".ID", "required")
		case seen[a.ID]:
			return dandang.Invalidf(op, "XC06", field+".ID", fmt.Sprintf("allegation %s listed twice", a.ID))
		case a.SubjectID != n.Subject.ID:
			return dandang.Invalidf(op, "CL03", field+".SubjectID", "each case is weighed for one subject: the allegation is against another")
		case strings.TrimSpace(a.Summary) == "":
			return dandang.Invalidf(op, "XC06", field+".Summary", "required")
		case a.Finding == dandang.Substantiated || a.Finding == dandang.PartlySubstantiated:
			return dandang.Invalidf(op, "CL04", field+".Finding", "an allegation found substantiated or partly substantiated is never cleared")
		case a.Finding == dandang.Undetermined:
			return dandang.Invalidf(op, "CL17", field+".Finding", "a matter neither verified nor excluded warrants no clearance")
		case a.Finding != dandang.Unfounded:
			return dandang.Invalidf(op, "XC06", field+".Finding", fmt.Sprintf("unknown finding %q", a.Finding))
		}
		seen[a.ID] = true
	}
	return nil
}

// Open opens a case to clear the subject of a concluded report's unfounded
// allegations (CL01). The actor must hold one of the policy's OpenRoles in
// an organ that manages the subject (CL15); the case is that organ's. One
// case exists per report and subject ([CaseID]).
//
// Errors, as *dandang.Error: Invalid for a missing or bad field, with rule
// CL04 for an allegation found substantiated or partly substantiated and
// CL17 for one neither verified nor excluded; Forbidden (CL15, XC02) for an
// actor without the role or the authority; Conflict (CL01) when the case
// exists already.
func (s *Service) Open(ctx context.Context, actor dandang.Actor, in NewCase) (*Case, error) {
	return s.open(ctx, "clearance.Open", actor, in)
}

func (s *Service) open(ctx context.Context, op string, actor dandang.Actor, in NewCase) (*Case, error) {
	if err := ctx.Err(); err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: op, Err: err}
	}
	if err := actor.Validate(op); err != nil {
		return nil, err
	}
	now := s.clock.Now().Truncate(time.Microsecond)
	if err := in.validate(op, now); err != nil {
		return nil, err
	}
	pol := s.policies.Current()
	c := &Case{
		ID: CaseID(in.Report.ID, in.Subject.ID), Policy: pol.Ref, Source: FromReport,
		Report: in.Report, Subject: in.Subject, Organ: actor.Organ,
		Allegations: slices.Clone(in.Allegations), Application: in.Application, OpenedAt: now,
	}
	r := s.newRun(ctx, op, actor, c, pol)
	role, ok := actor.Has(pol.OpenRoles...)
	if !ok {
		return nil, dandang.Forbiddenf(op, "XC02", fmt.Sprintf("opening needs one of the roles %v", pol.OpenRoles))
	}
	r.role = role
	if !actor.Organ.Manages(in.Subject) {
		return nil, dandang.Forbiddenf(op, "CL15", fmt.Sprintf("%s does not hold management authority over %s (managed at %s level in %s)",
			actor.Organ.ID, in.Subject.ID, in.Subject.ManagedAt, in.Subject.Region))
	}
	r.apply("CL01", "CL04", "CL15")
	if in.Application != "" {
		c.Source = FromApplication
		r.apply("CL17")
	}
	c.State = Opened
	r.due("propose", pol.Deadlines.Propose)
	r.apply("CL11")
	saved, err := r.save("open", in, 0)
	if dandang.ErrorCode(err) == dandang.Conflict {
		return nil, &dandang.Error{Code: dandang.Conflict, Op: op, Rule: "CL01",
			Message: fmt.Sprintf("case %s exists already", c.ID), Err: err}
	}
	return saved, err
}

// HandleReportConcluded is the dandang.Handler for KindReportConcluded
// events (CL01): it opens one case for each subject with unfounded
// allegations, as the actor who concluded the report. It is idempotent: a
// case that exists already is left alone, so the event may be delivered
// again.
func (s *Service) HandleReportConcluded(ctx context.Context, e dandang.Event) error {
	const op = "clearance.HandleReportConcluded"
	p, err := e.Decode()
	if err != nil {
		return err
	}
	rc, ok := p.(dandang.ReportConcluded)
	if !ok {
		return dandang.Invalidf(op, "", "Kind", fmt.Sprintf("event %s is not a concluded report", e.ID))
	}
	for _, sub := range rc.Subjects {
		unfounded := unfoundedAgainst(rc, sub.ID)
		if len(unfounded) == 0 {
			continue
		}
		if _, err := s.store.Get(ctx, CaseID(rc.ReportID, sub.ID)); err == nil {
			continue
		} else if dandang.ErrorCode(err) != dandang.NotFound {
			return err
		}
		in := NewCase{Report: Report{ID: rc.ReportID, Named: rc.Named, ConcludedAt: rc.ConcludedAt}, Subject: sub, Allegations: unfounded}
		if _, err := s.open(ctx, op, rc.By, in); err != nil && !errors.Is(err, dandang.ErrConflict) {
			return err
		}
	}
	return nil
}

// unfoundedAgainst returns the report's allegations against the subject
// that were found unfounded: the only ones a clearance covers (CL04).
func unfoundedAgainst(rc dandang.ReportConcluded, subjectID string) []dandang.Allegation {
	var out []dandang.Allegation
	for _, a := range rc.Allegations {
		if a.SubjectID == subjectID && a.Finding == dandang.Unfounded {
			out = append(out, a)
		}
	}
	return out
}
