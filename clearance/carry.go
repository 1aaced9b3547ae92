package clearance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
)

// CarryOutInput records a planned form carried out (CL05).
type CarryOutInput struct {
	Ref
	Form  Form   // face to face, meeting or circular; the written form is ServeNotice
	Venue string // for a meeting, required: which meeting
	Note  string
}

// CarryOut records a planned form of clearance carried out (CL05). The
// written form is carried out by ServeNotice.
//
// Errors: Invalid (CL05) for a form not planned, the written form, a form
// already carried out, or a meeting without a venue; Forbidden; Transition
// outside the approved state; NotFound; Conflict.
func (s *Service) CarryOut(ctx context.Context, actor dandang.Actor, in CarryOutInput) (*Case, error) {
	const op = "clearance.CarryOut"
	validate := func() error {
		switch {
		case !in.Form.Valid():
			return dandang.Invalidf(op, "CL05", "Form", fmt.Sprintf("unknown form %q", in.Form))
		case in.Form == Written:
			return dandang.Invalidf(op, "CL05", "Form", "the written form is carried out by serving the notice")
		case in.Form == Meeting && strings.TrimSpace(in.Venue) == "":
			return dandang.Invalidf(op, "CL05", "Venue", "name the meeting")
		}
		return nil
	}
	return s.exec(ctx, op, actor, in.Ref, "carry_out", in, validate, func(r *run) error {
		if err := r.allow(Approved); err != nil {
			return err
		}
		if err := r.inOrgan("CL05", r.pol.ProposeRoles); err != nil {
			return err
		}
		if !slices.Contains(r.c.Forms, in.Form) {
			return dandang.Invalidf(op, "CL05", "Form", fmt.Sprintf("%s was not in the approved plan %v", in.Form, r.c.Forms))
		}
		for _, cr := range r.c.Carried {
			if cr.Form == in.Form {
				return dandang.Invalidf(op, "CL05", "Form", fmt.Sprintf("%s was carried out already", in.Form))
			}
		}
		r.c.Carried = append(r.c.Carried, Carried{Step: r.step(in.Note), Form: in.Form, Venue: in.Venue})
		r.reason = strings.TrimSpace(in.Venue + " " + in.Note)
		r.apply("CL05")
		if in.Form.Public() {
			r.apply("CL06")
		}
		return nil
	})
}

// NoticeInput serves the clearance notice (CL12).
type NoticeInput struct {
	Ref
	// CopyTo is who receives a copy: the head of the subject's unit. Empty
	// takes the subject's UnitHead; one of the two is required.
	CopyTo string
}

// ServeNotice records the clearance notice served on the subject and copied
// to the head of the subject's unit (CL12); it carries out the written form
// (CL05, CL16). The notice's text is Case.NoticeText.
//
// Errors: Invalid (CL12) when no one is named for the copy or the notice was
// served already; Forbidden; Transition outside approved; NotFound; Conflict.
func (s *Service) ServeNotice(ctx context.Context, actor dandang.Actor, in NoticeInput) (*Case, error) {
	const op = "clearance.ServeNotice"
	return s.exec(ctx, op, actor, in.Ref, "serve_notice", in, nil, func(r *run) error {
		if err := r.allow(Approved); err != nil {
			return err
		}
		if err := r.inOrgan("CL12", r.pol.ProposeRoles); err != nil {
			return err
		}
		if r.c.Notice != nil {
			return dandang.Invalidf(op, "CL12", "Notice", "the notice was served already")
		}
		copyTo := in.CopyTo
		if strings.TrimSpace(copyTo) == "" {
			copyTo = r.c.Subject.UnitHead
		}
		if strings.TrimSpace(copyTo) == "" {
			return dandang.Invalidf(op, "CL12", "CopyTo", "the notice is copied to the head of the subject's unit: name them")
		}
		r.c.Notice = &Notice{Step: r.step(""), CopyTo: copyTo}
		r.apply("CL05", "CL12", "CL16")
		return nil
	})
}

// FeedbackInput records feedback to the named reporter (CL12, AC03).
type FeedbackInput struct {
	Ref
	Accepted bool   // the reporter accepted the outcome
	Note     string // what the reporter said
}

// GiveFeedback records that the named reporter was told the outcome in
// person (CL12).
//
// Errors: Invalid (CL12) for an anonymous report or feedback given already;
// Forbidden; Transition outside approved; NotFound; Conflict.
func (s *Service) GiveFeedback(ctx context.Context, actor dandang.Actor, in FeedbackInput) (*Case, error) {
	const op = "clearance.GiveFeedback"
	return s.exec(ctx, op, actor, in.Ref, "feedback", in, nil, func(r *run) error {
		if err := r.allow(Approved); err != nil {
			return err
		}
		if err := r.inOrgan("CL12", r.pol.ProposeRoles); err != nil {
			return err
		}
		if !r.c.Report.Named {
			return dandang.Invalidf(op, "CL12", "Report.Named", "an anonymous reporter cannot be given feedback")
		}
		if r.c.Feedback != nil {
			return dandang.Invalidf(op, "CL12", "Feedback", "feedback was given already")
		}
		r.c.Feedback = &Feedback{Step: r.step(in.Note), Accepted: in.Accepted}
		r.reason = in.Note
		r.apply("CL12")
		return nil
	})
}

// FileInput records the clearance material entered somewhere (CL12).
type FileInput struct {
	Ref
	Filing Filing
	Note   string // such as the file number
}

// File records the clearance material filed in the integrity file, the
// personnel file, or entered on the reporting platform (CL12).
//
// Errors: Invalid (CL12) for an unknown filing or one done already;
// Forbidden; Transition outside approved; NotFound; Conflict.
func (s *Service) File(ctx context.Context, actor dandang.Actor, in FileInput) (*Case, error) {
	const op = "clearance.File"
	validate := func() error {
		if !in.Filing.Valid() {
			return dandang.Invalidf(op, "CL12", "Filing", fmt.Sprintf("unknown filing %q", in.Filing))
		}
		return nil
	}
	return s.exec(ctx, op, actor, in.Ref, "file", in, validate, func(r *run) error {
		if err := r.allow(Approved); err != nil {
			return err
		}
		if err := r.inOrgan("CL12", r.pol.ProposeRoles); err != nil {
			return err
		}
		if _, done := r.c.Filed[in.Filing]; done {
			return dandang.Invalidf(op, "CL12", "Filing", fmt.Sprintf("%s was filed already", in.Filing))
		}
		if r.c.Filed == nil {
			r.c.Filed = make(map[Filing]Step)
		}
		r.c.Filed[in.Filing] = r.step(in.Note)
		r.reason = in.Note
		r.apply("CL12")
		return nil
	})
}

// Outstanding returns what must still be done before an approved case can
// close, each with the rule that asks for it (CL05, CL12, CL16).
func (c *Case) Outstanding() []string {
	var out []string
	for _, f := range c.Forms {
		if f == Written {
			continue
		}
		if !slices.ContainsFunc(c.Carried, func(cr Carried) bool { return cr.Form == f }) {
			out = append(out, fmt.Sprintf("CL05: carry out the %s clearance", f))
		}
	}
	if c.Notice == nil {
		out = append(out, "CL12: serve the notice and copy it to the head of the unit")
	}
	if c.Report.Named && c.Feedback == nil {
		out = append(out, "CL12: give feedback to the named reporter")
	}
	for _, f := range filings {
		if _, ok := c.Filed[f]; !ok {
			out = append(out, fmt.Sprintf("CL12: file in the %s", strings.ReplaceAll(string(f), "_", " ")))
		}
	}
	return out
}

// Close closes an approved case as cleared. Its guard requires every
// planned form carried out, the notice served and copied, feedback to a
// named reporter, and the three filings (CL05, CL12, CL16). Closing writes a
// dandang.ClearanceCompleted event to the outbox, which asks for follow-up
// (CL13).
//
// Errors: Invalid (CL12 or CL05) naming what is outstanding; Forbidden;
// Transition outside approved; NotFound; Conflict.
func (s *Service) Close(ctx context.Context, actor dandang.Actor, ref Ref) (*Case, error) {
	const op = "clearance.Close"
	return s.exec(ctx, op, actor, ref, "close", ref, nil, func(r *run) error {
		if err := r.inOrgan("CL15", r.pol.ProposeRoles); err != nil {
			return err
		}
		c := r.c
		err := r.fire(Close, func() error {
			if out := c.Outstanding(); len(out) > 0 {
				rule, _, _ := strings.Cut(out[0], ":")
				return dandang.Invalidf(op, rule, "Outstanding", strings.Join(out, "; "))
			}
			return nil
		})
		if err != nil {
			return err
		}
		c.ClosedAt, c.Due, c.DueStep = r.now, 0, ""
		forms := make([]string, len(c.Forms))
		for i, f := range c.Forms {
			forms[i] = string(f)
		}
		r.events = append(r.events, dandang.ClearanceCompleted{CaseID: c.ID, ReportID: c.Report.ID, Subject: c.Subject, Organ: c.Organ, Forms: forms, ClosedAt: r.now})
		r.apply("CL05", "CL12", "CL13", "CL16")
		return nil
	})
}

// SuperviseInput is a supervision action (CL10).
type SuperviseInput struct {
	Ref
	Kind   SupervisionKind
	Target string // who is talked to (Talk) or oversees (Escalated); required for those
	Note   string
}

// Supervise records a supervision action on an open case (CL10, CL11): a
// progress report or cross-check at any time; registered supervision and a
// formal talk only for a case past its deadline; escalation to the principal
// leader only for a case graded sensitive or complex. The actor holds one of
// the policy's SuperviseRoles in the handling organ or an organ above that
// covers it.
//
// Errors: Invalid (CL10, CL11) for an action the case does not warrant or a
// missing target; Forbidden; Transition for a closed case; NotFound;
// Conflict.
func (s *Service) Supervise(ctx context.Context, actor dandang.Actor, in SuperviseInput) (*Case, error) {
	const op = "clearance.Supervise"
	validate := func() error {
		if !in.Kind.Valid() {
			return dandang.Invalidf(op, "CL10", "Kind", fmt.Sprintf("unknown supervision %q", in.Kind))
		}
		if in.Kind == Talk || in.Kind == Escalated {
			return required(op, "CL10", "Target", in.Target)
		}
		return nil
	}
	return s.exec(ctx, op, actor, in.Ref, "supervise", in, validate, func(r *run) error {
		if err := r.allow(Opened, InReview, Approved, DeclinePending); err != nil {
			return err
		}
		if err := r.overOrgan("CL10", r.pol.SuperviseRoles); err != nil {
			return err
		}
		switch in.Kind {
		case Registered, Talk:
			if !r.c.Overdue(r.today) {
				return dandang.Invalidf(op, "CL11", "Kind", fmt.Sprintf("%s supervision is for a case past its deadline; %s is due %s", in.Kind, r.c.ID, r.c.Due))
			}
			r.apply("CL11")
		case Escalated:
			if !r.c.Sensitive {
				return dandang.Invalidf(op, "CL10", "Kind", "only a sensitive or complex case is escalated to the principal leader")
			}
		}
		r.c.Supervision = append(r.c.Supervision, Supervision{Step: r.step(in.Note), Kind: in.Kind, Target: in.Target})
		r.reason = in.Note
		r.apply("CL10")
		return nil
	})
}

// ReviewInput scores a concluded case (CL09).
type ReviewInput struct {
	Ref
	Thoroughness int // 0–100
	Precision    int // 0–100
	Regularity   int // 0–100
	Note         string
}

// Review records the quality review of a concluded case (CL09) by the
// policy's ReviewRoles of the handling organ or an organ above it. A case is
// reviewed once.
//
// Errors: Invalid (CL09) for a score outside 0–100 or a second review;
// Forbidden; Transition for a case still open; NotFound; Conflict.
func (s *Service) Review(ctx context.Context, actor dandang.Actor, in ReviewInput) (*Case, error) {
	const op = "clearance.Review"
	validate := func() error {
		for _, f := range []struct {
			name string
			v    int
		}{{"Thoroughness", in.Thoroughness}, {"Precision", in.Precision}, {"Regularity", in.Regularity}} {
			if f.v < 0 || f.v > 100 {
				return dandang.Invalidf(op, "CL09", f.name, "a score is from 0 to 100")
			}
		}
		return nil
	}
	return s.exec(ctx, op, actor, in.Ref, "quality_review", in, validate, func(r *run) error {
		if err := r.allow(Closed, Declined); err != nil {
			return err
		}
		if err := r.overOrgan("CL09", r.pol.ReviewRoles); err != nil {
			return err
		}
		if r.c.Review != nil {
			return dandang.Invalidf(op, "CL09", "Review", "the case was reviewed already")
		}
		r.c.Review = &QualityReview{Step: r.step(in.Note), Thoroughness: in.Thoroughness, Precision: in.Precision, Regularity: in.Regularity}
		r.reason = in.Note
		r.apply("CL09")
		return nil
	})
}
