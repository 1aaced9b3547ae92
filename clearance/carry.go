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

// CarryOutInput records a planned form carried out (CL05).
type CarryOutInput struct {
	Ref
	Form  Form   `json:"form" validate:"valid" rule:"CL05"` // face to face, meeting or circular; the written form is ServeNotice
	Venue string `json:"venue" validate:"text"`             // for a meeting, required: which meeting
	// Scope is where a public form reached; empty: the planned scope. It
	// must be the scope the subject consented to (CL21).
	Scope string `json:"scope" validate:"text"`
	Note  string `json:"note" validate:"text"`
}

func (in CarryOutInput) ref() Ref { return in.Ref }

func (in CarryOutInput) validate(op string) error {
	switch {
	case in.Form == Written:
		return kit.Invalidf(op, "CL05", "Form", "the written form is carried out by serving the notice")
	case in.Form == Meeting && strings.TrimSpace(in.Venue) == "":
		return kit.Invalidf(op, "CL05", "Venue", "name the meeting")
	}
	return nil
}

// scope is where the form reached: the input's, or the plan's.
func (in CarryOutInput) scope(c *Case) string {
	if !in.Form.Public() {
		return ""
	}
	if strings.TrimSpace(in.Scope) != "" {
		return in.Scope
	}
	return c.Scope
}

func carryGuard(r *run, in CarryOutInput) error {
	if !slices.Contains(r.Case.Forms, in.Form) {
		return r.Invalid("CL05", "Form", fmt.Sprintf("%s was not in the approved plan %v", in.Form, r.Case.Forms))
	}
	if slices.ContainsFunc(r.Case.Carried, func(cr Carried) bool { return cr.Form == in.Form }) {
		return r.Invalid("CL05", "Form", fmt.Sprintf("%s was carried out already", in.Form))
	}
	// Consent is checked again: it must still hold, for the form and for
	// the scope the clearance actually reaches (CL21).
	return consentCovers(r, in.Form, in.scope(r.Case))
}

func carryApply(r *run, in CarryOutInput, with []string) {
	r.Case.Carried = append(r.Case.Carried, Carried{Step: r.Step(in.Note), Form: in.Form, Venue: in.Venue, Scope: in.scope(r.Case), With: slices.Clone(with)})
	r.Reason = strings.TrimSpace(in.Venue + " " + in.Note)
	r.Apply("CL05")
	if in.Form.Public() {
		r.Apply("CL06", "CL21")
	}
}

var carryOut = func() command[CarryOutInput] {
	cmd := handling[CarryOutInput]("carry_out", Approved)
	cmd.Validate = func(in CarryOutInput) error { return in.validate("clearance.CarryOut") }
	cmd.Guard = carryGuard
	cmd.Apply = func(r *run, in CarryOutInput) error {
		carryApply(r, in, nil)
		return nil
	}
	return cmd
}()

// CarryOut records a planned form of clearance carried out (CL05). The
// written form is carried out by ServeNotice. A meeting or circular is
// checked against the subject's consent again, for the form and the scope
// it reaches (CL06, CL21).
//
// Errors: Invalid (CL05) for a form not planned, the written form, a form
// already carried out, or a meeting without a venue, (CL06, CL21) for a
// public form or scope the subject's consent does not cover; Conflict;
// NotFound; Transition (XC09) outside the approved state; Forbidden (XC07,
// CL15, XC02); Canceled.
func (s *Service) CarryOut(ctx context.Context, actor dandang.Actor, in CarryOutInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.CarryOut", &carryOut, actor, in)
}

// NoticeInput serves the clearance notice (CL12).
type NoticeInput struct {
	Ref
	// CopyTo is who receives a copy: the head of the subject's unit. Empty
	// takes the subject's UnitHead; one of the two is required.
	CopyTo string `json:"copyTo" validate:"text"`
}

func (in NoticeInput) ref() Ref { return in.Ref }

var serveNotice = func() command[NoticeInput] {
	cmd := handling[NoticeInput]("serve_notice", Approved)
	cmd.Guard = func(r *run, in NoticeInput) error {
		if r.Case.Notice != nil {
			return r.Invalid("CL12", "Notice", "the notice was served already")
		}
		if strings.TrimSpace(in.CopyTo) == "" && strings.TrimSpace(r.Case.Subject.UnitHead) == "" {
			return r.Invalid("CL12", "CopyTo", "the notice is copied to the head of the subject's unit: name them")
		}
		return nil
	}
	cmd.Apply = func(r *run, in NoticeInput) error {
		copyTo := in.CopyTo
		if strings.TrimSpace(copyTo) == "" {
			copyTo = r.Case.Subject.UnitHead
		}
		r.Case.Notice = &Notice{Step: r.Step(""), CopyTo: copyTo, No: 1, Summaries: r.Case.summaries()}
		r.Apply("CL05", "CL12", "CL16")
		return nil
	}
	return cmd
}()

// ServeNotice records the clearance notice served on the subject and copied
// to the head of the subject's unit (CL12); it carries out the written form
// (CL05, CL16). The notice's text is Case.NoticeText.
//
// Errors: Invalid (CL12) when no one is named for the copy or the notice was
// served already; Conflict; NotFound; Transition (XC09) outside approved;
// Forbidden (XC07, CL15, XC02); Canceled.
func (s *Service) ServeNotice(ctx context.Context, actor dandang.Actor, in NoticeInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.ServeNotice", &serveNotice, actor, in)
}

// FeedbackInput records feedback to the named reporter (CL12, AC03).
type FeedbackInput struct {
	Ref
	Accepted bool   `json:"accepted"`             // the reporter accepted the outcome
	Note     string `json:"note" validate:"text"` // what the reporter said; for an unreachable reporter, the attempts made (required)
	// Unreachable records that the named reporter could not be reached
	// after the attempts the note describes (CL12).
	Unreachable bool `json:"unreachable"`
}

func (in FeedbackInput) ref() Ref { return in.Ref }

var giveFeedback = func() command[FeedbackInput] {
	cmd := handling[FeedbackInput]("feedback", Approved)
	cmd.Validate = func(in FeedbackInput) error {
		const op = "clearance.GiveFeedback"
		if in.Unreachable {
			if in.Accepted {
				return kit.Invalidf(op, "CL12", "Accepted", "a reporter who could not be reached accepted nothing")
			}
			return required(op, "CL12", "Note", in.Note)
		}
		return nil
	}
	cmd.Guard = func(r *run, _ FeedbackInput) error {
		if !r.Case.Report.Named {
			return r.Invalid("CL12", "Report.Named", "an anonymous reporter cannot be given feedback")
		}
		if r.Case.Feedback != nil {
			return r.Invalid("CL12", "Feedback", "feedback was given already")
		}
		return nil
	}
	cmd.Apply = func(r *run, in FeedbackInput) error {
		r.Case.Feedback = &Feedback{Step: r.Step(in.Note), Accepted: in.Accepted, Unreachable: in.Unreachable}
		r.Reason = in.Note
		r.Apply("CL12")
		return nil
	}
	return cmd
}()

// GiveFeedback records that the named reporter was told the outcome in
// person (CL12), or, with Unreachable, that the reporter could not be
// reached: the note records the attempts, and the case may close.
//
// Errors: Invalid (CL12) for an anonymous report, feedback given already,
// or an unreachable reporter without the attempts or marked as accepting;
// Conflict; NotFound; Transition (XC09) outside approved; Forbidden (XC07,
// CL15, XC02); Canceled.
func (s *Service) GiveFeedback(ctx context.Context, actor dandang.Actor, in FeedbackInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.GiveFeedback", &giveFeedback, actor, in)
}

// FileInput records the clearance material entered somewhere (CL12).
type FileInput struct {
	Ref
	Filing Filing `json:"filing" validate:"valid" rule:"CL12"`
	Note   string `json:"note" validate:"text"` // such as the file number
}

func (in FileInput) ref() Ref { return in.Ref }

var file = func() command[FileInput] {
	cmd := handling[FileInput]("file", Approved)
	cmd.Guard = func(r *run, in FileInput) error {
		if _, done := r.Case.Filed[in.Filing]; done {
			return r.Invalid("CL12", "Filing", fmt.Sprintf("%s was filed already", in.Filing))
		}
		return nil
	}
	cmd.Apply = func(r *run, in FileInput) error {
		if r.Case.Filed == nil {
			r.Case.Filed = make(map[Filing]Step)
		}
		r.Case.Filed[in.Filing] = r.Step(in.Note)
		r.Reason = in.Note
		r.Apply("CL12")
		return nil
	}
	return cmd
}()

// File records the clearance material filed in the integrity file, the
// personnel file, or entered on the reporting platform (CL12).
//
// Errors: Invalid (CL12) for an unknown filing or one done already;
// Conflict; NotFound; Transition (XC09) outside approved; Forbidden (XC07,
// CL15, XC02); Canceled.
func (s *Service) File(ctx context.Context, actor dandang.Actor, in FileInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.File", &file, actor, in)
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
	for _, f := range filingEnum.Values() {
		if _, ok := c.Filed[f]; !ok {
			out = append(out, fmt.Sprintf("CL12: file in the %s", strings.ReplaceAll(string(f), "_", " ")))
		}
	}
	return out
}

var closeCase = func() command[refInput] {
	cmd := handling[refInput]("close", Approved)
	cmd.Moves[0].To = Closed
	cmd.Guard = func(r *run, _ refInput) error {
		if out := r.Case.Outstanding(); len(out) > 0 {
			rule, _, _ := strings.Cut(out[0], ":")
			return &dandang.Error{Code: dandang.Invalid, Op: r.Op, Rule: rule, Field: "Outstanding", Outstanding: out,
				Message: strings.Join(out, "; ")}
		}
		return nil
	}
	cmd.Apply = func(r *run, _ refInput) error {
		c := r.Case
		r.End()
		forms := make([]string, len(c.Forms))
		for i, f := range c.Forms {
			forms[i] = string(f)
		}
		r.Emit(event.ClearanceCompleted{CaseID: c.ID, ReportID: c.Report.ID, Subject: c.Subject, Organ: c.Organ, Forms: forms, ClosedAt: r.Now})
		r.Apply("CL05", "CL12", "CL13", "CL16")
		return nil
	}
	return cmd
}()

// Close closes an approved case as cleared. Its guard requires every
// planned form carried out, the notice served and copied, feedback to a
// named reporter, and the three filings (CL05, CL12, CL16). Closing writes a
// event.ClearanceCompleted event to the outbox, which asks for follow-up
// (CL13).
//
// Errors: Invalid (CL12 or CL05) naming what is outstanding; Conflict;
// NotFound; Transition (XC09) outside approved; Forbidden (XC07, CL15,
// XC02); Canceled.
func (s *Service) Close(ctx context.Context, actor dandang.Actor, in CloseInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Close", &closeCase, actor, refInput(in))
}

// MaxSupervision is how many supervision actions a case keeps, the latest
// ones, without their notes: each action, note and all, is a step of the
// case's history ([Service.History]), so that a case's stored size does
// not grow with the number of supervisions.
const MaxSupervision = 10

// SuperviseInput is a supervision action (CL10).
type SuperviseInput struct {
	Ref
	Kind   SupervisionKind `json:"kind" validate:"valid" rule:"CL10"`
	Target string          `json:"target" validate:"text"` // who is talked to (Talk) or oversees (Escalated); required for those
	Note   string          `json:"note" validate:"text"`
}

func (in SuperviseInput) ref() Ref { return in.Ref }

var supervise = command[SuperviseInput]{
	Name:  "supervise",
	Moves: []Move{{Event: "supervise", From: active}},
	Roles: func(p Policy) []dandang.Role { return p.SuperviseRoles },
	Rule:  "CL10",
	Scope: kit.InOrganOrAbove,
	Ref:   refOf[SuperviseInput],
	Validate: func(in SuperviseInput) error {
		if in.Kind == Talk || in.Kind == Escalated {
			return required("clearance.Supervise", "CL10", "Target", in.Target)
		}
		return nil
	},
	Guard: func(r *run, in SuperviseInput) error {
		switch in.Kind {
		case Registered, Talk:
			if !r.Case.Overdue(r.Today) {
				return r.Invalid("CL11", "Kind", fmt.Sprintf("%s supervision is for a case past its deadline; %s is due %s", in.Kind, r.Case.ID, r.Case.Due))
			}
		case Escalated:
			if !r.Case.Sensitive {
				return r.Invalid("CL10", "Kind", "only a sensitive or complex case is escalated to the principal leader")
			}
		case JointReview:
			if r.Case.Grade == "" {
				return r.Invalid("CL08", "Kind", "the monthly three-office review is of graded cases: grade the case first")
			}
		}
		return nil
	},
	Apply: func(r *run, in SuperviseInput) error {
		// The note is the step's reason in the history, not copied into the
		// case, and the case keeps the last MaxSupervision entries: a case
		// supervised every week for years stays the size it was (the
		// history holds every one, notes and all).
		step := r.Step("")
		r.Case.Supervision = append(r.Case.Supervision, Supervision{Step: step, Kind: in.Kind, Target: in.Target})
		if n := len(r.Case.Supervision); n > MaxSupervision {
			r.Case.Supervision = slices.Delete(r.Case.Supervision, 0, n-MaxSupervision)
		}
		r.Reason = in.Note
		if in.Kind == Registered || in.Kind == Talk {
			r.Apply("CL11")
		}
		if in.Kind == JointReview {
			r.Apply("CL08")
		}
		r.Apply("CL10")
		return nil
	},
}

// Supervise records a supervision action on an open case (CL10, CL11): a
// progress report or cross-check at any time, due weekly; the monthly
// three-office review of a graded case (CL08); both listed by
// [Service.Cadences] when due; registered supervision and a
// formal talk only for a case past its deadline; escalation to the principal
// leader only for a case graded sensitive or complex. The actor holds one of
// the policy's SuperviseRoles in the handling organ or an organ above it in
// the directory.
//
// Errors: Invalid (CL10, CL11, CL08) for an action the case does not
// warrant or a missing target; Conflict; NotFound; Transition (XC09) for a case that has
// ended; Forbidden (XC07, XC02); Canceled.
func (s *Service) Supervise(ctx context.Context, actor dandang.Actor, in SuperviseInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Supervise", &supervise, actor, in)
}

// ReviewInput is one office's score of a concluded case in the joint
// quality review (CL09).
type ReviewInput struct {
	Ref
	// Office is the office of the joint group the actor scores for; empty
	// takes the first of the policy's ReviewRoles the actor holds whose
	// office has not scored yet.
	Office       dandang.Role `json:"office" validate:"omitempty,valid" rule:"CL09"`
	Thoroughness int          `json:"thoroughness" validate:"min=0,max=100" rule:"CL09"` // 0–100
	Precision    int          `json:"precision" validate:"min=0,max=100" rule:"CL09"`    // 0–100
	Regularity   int          `json:"regularity" validate:"min=0,max=100" rule:"CL09"`   // 0–100
	Note         string       `json:"note" validate:"text"`
}

func (in ReviewInput) ref() Ref { return in.Ref }

// authorizeReviewer admits one signer per office of the joint group (CL09,
// XC08): an actor of the handling organ or an organ above it holding an
// office of the policy's ReviewRoles that has not scored, who has not
// scored for another office, and of the organ whose group gave the first
// score. It sets r.Role to the office.
func authorizeReviewer(r *run, in ReviewInput) error {
	offices := r.Policy.ReviewRoles
	if err := r.Authorize(func(p Policy) []dandang.Role { return p.ReviewRoles }, kit.InOrganOrAbove, "CL09", ""); err != nil {
		return err
	}
	q := r.Case.Review
	if q == nil {
		q = &QualityReview{Offices: offices}
	}
	if q.Complete() {
		return nil // the guard refuses a second review
	}
	missing := q.Missing()
	for _, s := range q.Scores {
		if s.By.ID == r.Actor.ID {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC08", Field: "Actor.ID", Awaiting: missing,
				Message: fmt.Sprintf("%s scored already for the %s: the joint group needs a distinct signer from each office", r.Actor.ID, s.Office())}
		}
		if s.By.OrganID != r.Actor.Organ.ID {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "CL09", Field: "Actor.Organ", Awaiting: missing,
				Message: fmt.Sprintf("the joint group of %s is reviewing the case; %s is not of it", s.By.OrganID, r.Actor.Organ.ID)}
		}
	}
	if in.Office != "" {
		switch {
		case !slices.Contains(offices, in.Office):
			return r.Invalid("CL09", "Office", fmt.Sprintf("%q is not an office of the joint group %v", in.Office, offices))
		case !slices.Contains(r.Actor.Roles, in.Office):
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "CL09", Field: "Actor.Roles", Awaiting: missing,
				Message: fmt.Sprintf("%s does not hold the %s", r.Actor.ID, in.Office)}
		case !slices.Contains(missing, in.Office):
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC08", Field: "Office", Awaiting: missing,
				Message: fmt.Sprintf("the %s has scored already: one score per office", in.Office)}
		}
		r.Role = in.Office
		return nil
	}
	role, ok := r.Actor.Has(missing...)
	if !ok {
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC08", Field: "Actor.Roles", Awaiting: missing,
			Message: fmt.Sprintf("the offices %s holds have scored already: the review awaits %v", r.Actor.ID, missing)}
	}
	r.Role = role
	return nil
}

var review = command[ReviewInput]{
	Name:      "quality_review",
	Moves:     []Move{{Event: "quality_review", From: []State{Closed, Declined}}},
	Authorize: authorizeReviewer,
	Ref:       refOf[ReviewInput],
	Guard: func(r *run, _ ReviewInput) error {
		if r.Case.Review != nil && r.Case.Review.Complete() {
			return r.Invalid("CL09", "Review", "every office of the joint group has scored the case already")
		}
		return nil
	},
	Apply: func(r *run, in ReviewInput) error {
		c := r.Case
		if c.Review == nil {
			c.Review = &QualityReview{Offices: slices.Clone(r.Policy.ReviewRoles)}
		}
		c.Review.Scores = append(c.Review.Scores, OfficeScore{Step: r.Step(in.Note),
			Thoroughness: in.Thoroughness, Precision: in.Precision, Regularity: in.Regularity})
		r.Reason = in.Note
		r.Apply("CL09", "XC08")
		return nil
	},
}

// Review records one office's score in the quality review of a concluded
// case (CL09): the review is done by a joint group of the offices the
// policy names (ReviewRoles; by default Huangyan's petition, trial and
// supervision offices), of the handling organ or an organ above it. Each
// call is one office's score, given by an actor holding that office
// (ReviewInput.Office, or the first office the actor holds that has not
// scored); each office scores once, and no one scores for two offices
// (XC08); every score comes from the same organ's group. The review is
// complete when every office named has scored (QualityReview.Complete); the
// case's score is the mean of the offices' scores. A case reconsidered and
// concluded again is reviewed again: the earlier review is kept among the
// past reviews (CL19, XC11).
//
// Errors: Invalid (CL09) for a score outside 0–100, an office not of the
// group, or a review already complete; Conflict; NotFound; Transition
// (XC09) for a case still open; Forbidden (XC07, CL09) for an organ out of
// reach, a role not of the group or an office the actor does not hold,
// (XC08) for a signer who scored already or an office that scored already;
// Canceled.
func (s *Service) Review(ctx context.Context, actor dandang.Actor, in ReviewInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.Review", &review, actor, in)
}

// NameInput records the subject's consent to be named in full in public
// texts (XC05).
type NameInput struct {
	Ref
	Consent string `json:"consent" validate:"nonblank,text" rule:"XC05"` // the subject's words, required
}

func (in NameInput) ref() Ref { return in.Ref }

var nameInPublic = func() command[NameInput] {
	cmd := handling[NameInput]("consent_to_name", Opened, InReview, Approved)
	cmd.Guard = func(r *run, _ NameInput) error {
		if r.Case.Subject.Kind != dandang.Person {
			return r.Invalid("XC05", "Subject.Kind", "an organization is named in full without consent")
		}
		return nil
	}
	cmd.Apply = func(r *run, in NameInput) error {
		st := r.Step(in.Consent)
		r.Case.NamedInPublic = &st
		r.Reason = in.Consent
		r.Apply("XC05")
		return nil
	}
	return cmd
}()

// NameInPublic records that the subject consented to be named in full in
// the public texts of the clearance (the seeds name 曾国锋 and 戴瑞 in full);
// without it, a person is named as 王某某 (XC05).
//
// Errors: Invalid (XC05) without the consent's words or for an
// organization; Conflict; NotFound; Transition (XC09); Forbidden (XC07,
// CL15, XC02); Canceled.
func (s *Service) NameInPublic(ctx context.Context, actor dandang.Actor, in NameInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.NameInPublic", &nameInPublic, actor, in)
}
