package clearance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// summaries returns the cleared allegations as the case words them.
func (c *Case) summaries() []string {
	out := make([]string, len(c.Allegations))
	for i, a := range c.Allegations {
		out[i] = a.Summary
	}
	return out
}

// MaxSuperseded is how many corrected notices a case keeps, the latest
// ones (CL23): each correction, reason and all, is a step of the case's
// history, which keeps every one, so that a notice corrected again and
// again leaves the case holding at most MaxSuperseded old notices beside
// the one in force.
const MaxSuperseded = 10

// Notices returns the notices served on the subject, in the order served:
// the last [MaxSuperseded] superseded ones, then the one in force (CL23).
// Older ones are in the case's history.
func (c *Case) Notices() []Notice {
	out := make([]Notice, 0, len(c.Superseded)+1)
	for _, n := range c.Superseded {
		out = append(out, n.clone())
	}
	if c.Notice != nil {
		out = append(out, c.Notice.clone())
	}
	return out
}

// CorrectNoticeInput corrects the notice in force by a new one (CL23).
type CorrectNoticeInput struct {
	Ref
	Reason string `json:"reason" validate:"nonblank,text" rule:"CL23"` // what was wrong in the notice; required
	// CopyTo is who receives a copy of the new notice; empty keeps the one
	// of the notice corrected.
	CopyTo string `json:"copyTo" validate:"text"`
	// Summaries word the cleared allegations anew, one for each in the order
	// of Case.Allegations; nil keeps the wording of the notice corrected. A
	// correction never adds an allegation (CL04).
	Summaries []string `json:"summaries" validate:"list,dive,text"`
}

func (in CorrectNoticeInput) ref() Ref { return in.Ref }

// corrected returns the notice in force corrected by in.
func corrected(r *run, in CorrectNoticeInput) (Notice, error) {
	c := r.Case
	if c.Notice == nil {
		return Notice{}, r.Invalid("CL23", "Notice", "no notice was served: there is nothing to correct")
	}
	old := *c.Notice
	n := Notice{Step: r.Step(in.Reason), CopyTo: old.CopyTo, No: old.No + 1, Summaries: slices.Clone(old.Summaries), Corrects: in.Reason}
	if n.Summaries == nil {
		n.Summaries = c.summaries()
	}
	if strings.TrimSpace(in.CopyTo) != "" {
		n.CopyTo = in.CopyTo
	}
	if in.Summaries != nil {
		if len(in.Summaries) != len(c.Allegations) {
			return Notice{}, r.Invalid("CL04", "Summaries", fmt.Sprintf("the case cleared %d allegations, not %d: a correction words them, never adds or drops one", len(c.Allegations), len(in.Summaries)))
		}
		for i, s := range in.Summaries {
			if strings.TrimSpace(s) == "" {
				return Notice{}, r.Invalid("CL23", fmt.Sprintf("Summaries[%d]", i), "required")
			}
		}
		n.Summaries = slices.Clone(in.Summaries)
	}
	if n.CopyTo == old.CopyTo && slices.Equal(n.Summaries, old.Summaries) {
		return Notice{}, r.Invalid("CL23", "Reason", "the correction changes nothing in the notice")
	}
	return n, nil
}

var correctNotice = func() command[CorrectNoticeInput] {
	cmd := handling[CorrectNoticeInput]("correct_notice", Approved, Closed)
	cmd.Guard = func(r *run, in CorrectNoticeInput) error {
		_, err := corrected(r, in)
		return err
	}
	cmd.Apply = func(r *run, in CorrectNoticeInput) error {
		n, err := corrected(r, in)
		if err != nil {
			return err
		}
		c := r.Case
		c.Superseded = kit.KeepLast(append(c.Superseded, c.Notice.clone()), MaxSuperseded)
		c.Notice = &n
		r.Reason = in.Reason
		r.Apply("CL12", "CL23", "XC11")
		return nil
	}
	return cmd
}()

// CorrectNotice corrects the notice in force, found wrong, by a new notice
// that supersedes it (CL23): the new notice is numbered next, says what it
// corrects, and is served on the subject and copied like the first; the
// notice corrected is kept ([Case.Notices] returns both, in order, and
// [Case.NoticeTexts] renders them). Allowed to the handling organ's
// ProposeRoles once a notice was served, while the case is approved or
// closed.
//
// Errors: Invalid (CL23) without a reason, with no notice served, for a
// correction that changes nothing or leaves an allegation unworded, (CL04)
// for a correction that adds or drops an allegation; Conflict; NotFound;
// Transition (XC09); Forbidden (XC07, CL15, XC02); Canceled.
func (s *Service) CorrectNotice(ctx context.Context, actor dandang.Actor, in CorrectNoticeInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "clearance.CorrectNotice", &correctNotice, actor, in)
}

// JointCarryOutInput carries out one meeting or circular that clears
// several subjects of one report at once (CL23).
type JointCarryOutInput struct {
	Refs  []Ref  `json:"refs" validate:"min=2,list" rule:"CL23"` // the cases, at least two, of one report and one handling organ
	Form  Form   `json:"form"`                                   // Meeting or Circular
	Venue string `json:"venue" validate:"text"`                  // for a meeting, required: which meeting, such as a press conference
	Scope string `json:"scope" validate:"text"`                  // where it reached; empty: each case's planned scope
	Note  string `json:"note" validate:"text"`
}

// CarryOutJointly carries out one meeting or circular on several cases of
// one report, handled by one organ (CL23): each case keeps its own history
// and records the act with the other cases cleared in it (Carried.With);
// each subject's consent is checked for the form and the scope (CL06,
// CL21), and each subject gets a notice of their own (ServeNotice). Every
// case is checked — reach, version, state, authority, plan and consent —
// before any changes; it returns the cases as saved, in the order of
// in.Refs.
//
// Errors: Invalid (CL23) for fewer than two cases, a case named twice, a
// form that is not a meeting or a circular, or cases of different reports
// or organs, and the errors of CarryOut for any case, naming it; when a
// case moved on between the check and the change (Conflict), the cases
// before it are carried out and the error says which.
func (s *Service) CarryOutJointly(ctx context.Context, actor dandang.Actor, in JointCarryOutInput) ([]*Case, error) {
	const op = "clearance.CarryOutJointly"
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	resolved, err := s.engine.Resolve(op, actor)
	if err != nil {
		return nil, err
	}
	if err := kit.ValidateInput(op, in, s.engine.Limits()); err != nil {
		return nil, err
	}
	if !in.Form.Public() {
		return nil, kit.Invalidf(op, "CL23", "Form", fmt.Sprintf("subjects are cleared together at a meeting or in a circular, not by %q", in.Form))
	}
	ids := make([]string, len(in.Refs))
	for i, rf := range in.Refs {
		if slices.Contains(ids[:i], rf.CaseID) {
			return nil, kit.Invalidf(op, "CL23", fmt.Sprintf("Refs[%d]", i), fmt.Sprintf("case %s named twice", rf.CaseID))
		}
		ids[i] = rf.CaseID
	}
	one := func(i int) CarryOutInput {
		return CarryOutInput{Ref: in.Refs[i], Form: in.Form, Venue: in.Venue, Scope: in.Scope, Note: in.Note}
	}
	if err := one(0).validate(op); err != nil {
		return nil, err
	}
	// Check every case before changing any.
	var first *Case
	for i, rf := range in.Refs {
		field := fmt.Sprintf("Refs[%d]", i)
		c, err := s.engine.Get(ctx, op, resolved, rf.CaseID)
		if err != nil {
			return nil, err
		}
		if first == nil {
			first = c
		} else if c.Report.ID != first.Report.ID || c.Organ.ID != first.Organ.ID {
			return nil, kit.Invalidf(op, "CL23", field, fmt.Sprintf("case %s is of report %s handled by %s, not of report %s handled by %s: each act clears subjects of one report and organ",
				c.ID, c.Report.ID, c.Organ.ID, first.Report.ID, first.Organ.ID))
		}
		if err := check(ctx, s.engine, op, &carryOut, resolved, c, one(i)); err != nil {
			return nil, err
		}
	}
	cmd := carryOut
	out := make([]*Case, 0, len(in.Refs))
	for i := range in.Refs {
		with := slices.Delete(slices.Clone(ids), i, i+1)
		cmd.Apply = func(r *run, in CarryOutInput) error {
			carryApply(r, in, with)
			r.Apply("CL23")
			return nil
		}
		c, err := kit.Exec(ctx, s.engine, op, &cmd, actor, one(i))
		if err != nil {
			if len(out) > 0 {
				return out, &dandang.Error{Code: dandang.ErrorCode(err), Op: op, Rule: dandang.ErrorRule(err), Field: fmt.Sprintf("Refs[%d]", i),
					Message: fmt.Sprintf("carried out on %d of %d cases; %s moved on since it was checked", len(out), len(in.Refs), ids[i]), Err: err}
			}
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
