package accusation

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

func required(op, rule, field, v string) error {
	if strings.TrimSpace(v) == "" {
		return kit.Invalidf(op, rule, field, "required")
	}
	return nil
}

// FlagInput flags a report for review (AC05): pressure on an official or
// forged evidence, as staff find it.
type FlagInput struct {
	Ref
	Kind    FlagKind `json:"kind"`
	Reports []string `json:"reports" validate:"list,dive,text"` // other reports it links
	Note    string   `json:"note" validate:"nonblank,text" rule:"AC05"`
}

func (in FlagInput) ref() Ref { return in.Ref }

// MaxFlags is how many flags a case keeps, the latest ones (AC05, AC10):
// each staff flag, note and all, is a step of the case's history, which
// keeps every one, so that a case's stored size stays under MaxFlags
// flags with their notes (each note at most the input limit, 16 KiB)
// whatever the number of flags raised.
const MaxFlags = 16

var flagCmd = func() command[FlagInput] {
	cmd := handling[FlagInput]("flag", active...)
	cmd.Validate = func(in FlagInput) error {
		if in.Kind != Pressure && in.Kind != ForgedEvidence && in.Kind != Election {
			return kit.Invalidf(Kind+".Flag", "AC05", "Kind", fmt.Sprintf("staff flag pressure, forged evidence or an election, not %q", in.Kind))
		}
		return nil
	}
	cmd.Apply = func(r *run, in FlagInput) error {
		r.Case.Flags = kit.KeepLast(append(r.Case.Flags, Flag{Step: r.Step(in.Note), Rule: "AC05", Kind: in.Kind, Reports: slices.Clone(in.Reports)}), MaxFlags)
		r.Apply("AC05")
		return nil
	}
	return cmd
}()

// Flag flags the report for review (AC05). A flag never decides anything.
//
// Errors: Invalid (AC05) for another kind or no note; Conflict; NotFound;
// Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Flag(ctx context.Context, actor dandang.Actor, in FlagInput) (*Case, error) {
	return exec(ctx, s, Kind+".Flag", &flagCmd, actor, in)
}

// FeedbackInput records a feedback given to a named reporter (AC03, AC14).
type FeedbackInput struct {
	Ref
	Kind     FeedbackKind `json:"kind" validate:"valid" rule:"AC03"`
	InPerson bool         `json:"inPerson"`
	Note     string       `json:"note" validate:"text"`
}

func (in FeedbackInput) ref() Ref { return in.Ref }

var feedback = func() command[FeedbackInput] {
	cmd := handling[FeedbackInput]("feedback", active...)
	cmd.Guard = func(r *run, in FeedbackInput) error {
		c := r.Case
		switch {
		case !c.Named:
			return r.Invalid("AC03", "Kind", "feedback goes to a named reporter; this report is anonymous")
		case c.Given(in.Kind):
			return r.Invalid("AC03", "Kind", fmt.Sprintf("the %s feedback was given already", in.Kind))
		case in.Kind == ResultNotice && c.Concluded == nil && c.State != Settled:
			return r.WrongState("Kind", "the result is told once the report is concluded or settled")
		case in.Kind == InvestigationMet && !slices.Contains([]State{Verifying, Concluded, Inquiry, Deciding, Established}, c.State):
			return r.WrongState("Kind", "the investigation meeting is held once the report is being verified")
		case in.Kind == ResultNotice && !in.InPerson:
			return r.Invalid("AC03", "InPerson", "a named reporter is told the outcome in person (当面反馈)")
		case r.Policy.ThreeMeetings && !in.InPerson:
			return r.Invalid("AC03", "InPerson", fmt.Sprintf("the policy holds three meetings (三见面三反馈): the %s is given in person", in.Kind))
		}
		return nil
	}
	cmd.Apply = func(r *run, in FeedbackInput) error {
		c := r.Case
		f := Feedback{Step: r.Step(in.Note), Kind: in.Kind, InPerson: in.InPerson}
		switch in.Kind {
		case AcceptanceNotice:
			f.Due, c.AcceptanceDue = c.AcceptanceDue.Due, kit.Term{}
		case ResultNotice:
			f.Due, c.ResultDue = c.ResultDue.Due, kit.Term{}
		case InvestigationMet:
			f.Due, c.InvestigationDue = c.InvestigationDue.Due, kit.Term{}
		}
		f.Late = f.Due != 0 && r.Today > f.Due
		c.Feedback = append(c.Feedback, f)
		r.Apply("AC03", "AC14")
		return nil
	}
	return cmd
}()

// GiveFeedback records a feedback to a named reporter, a step with its
// deadline (AC03, AC14): the acceptance notice within the policy's working
// days of receipt, the investigation meeting (Shangyu), the result once the
// report is concluded. A feedback past its deadline is recorded as late.
//
// The result is told in person under every policy (当面反馈, AC03);
// under ThreeMeetings every feedback is a meeting.
//
// Errors: Invalid (AC03) for an anonymous report, an unknown or repeated
// feedback, a result not told in person, or a meeting not in person under
// ThreeMeetings; Transition
// (XC09, naming the field Kind) for a result before the report is
// concluded or settled, or an investigation meeting before verification,
// as for a command in the wrong state; Conflict; NotFound; Forbidden
// (XC07, XC02); Canceled.
func (s *Service) GiveFeedback(ctx context.Context, actor dandang.Actor, in FeedbackInput) (*Case, error) {
	return exec(ctx, s, Kind+".GiveFeedback", &feedback, actor, in)
}

// PassUpInput passes a report up to the organ it belongs to (AC14).
type PassUpInput struct {
	Ref
	To   string `json:"to" validate:"nonblank,text" rule:"AC14"` // the organ above, by ID in the directory
	Note string `json:"note" validate:"text"`
}

func (in PassUpInput) ref() Ref { return in.Ref }

var passUp = func() command[PassUpInput] {
	cmd := handling[PassUpInput]("pass_up", Registered)
	cmd.Moves[0].To = PassedUp
	cmd.Guard = func(r *run, in PassUpInput) error {
		to, ok := r.Directory().Organ(in.To)
		if !ok || to.ID == r.Case.Organ.ID || !r.Directory().Reaches(to.ID, r.Case.Organ.ID) {
			return r.Invalid("AC14", "To", fmt.Sprintf("%q is not an organ above %s", in.To, r.Case.Organ.ID))
		}
		return nil
	}
	cmd.Apply = func(r *run, in PassUpInput) error {
		r.Case.PassedUpTo = in.To
		r.Reason = in.Note
		// The organ above registers it and owes the reporter from there.
		r.Case.AcceptanceDue, r.Case.ResultDue, r.Case.InvestigationDue = kit.Term{}, kit.Term{}, kit.Term{}
		r.End()
		r.Apply("AC14")
		return nil
	}
	return cmd
}()

// PassUp passes a registered report up to the organ above that it belongs
// to (AC14), within the policy's working days; the case ends here and the
// organ above registers it with Channel PassedDown... or as its own.
//
// Errors: Invalid (AC14) for an organ that is not above; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) PassUp(ctx context.Context, actor dandang.Actor, in PassUpInput) (*Case, error) {
	return exec(ctx, s, Kind+".PassUp", &passUp, actor, in)
}

// DisposeInput disposes of an accepted report (AC15).
type DisposeInput struct {
	Ref
	Disposal Disposal `json:"disposal" validate:"valid" rule:"AC15"`
	Note     string   `json:"note" validate:"text"`
}

func (in DisposeInput) ref() Ref { return in.Ref }

var dispose = func() command[DisposeInput] {
	cmd := command[DisposeInput]{Name: "dispose", Roles: handleRoles, Ref: refOf[DisposeInput],
		Moves: []Move{
			{Event: "dispose", From: []State{Registered, Shelved}, To: Verifying},
			{Event: "shelve", From: []State{Registered}, To: Shelved},
			{Event: "settle", From: []State{Registered, Shelved}, To: Closed},
			{Event: "settle_named", From: []State{Registered, Shelved}, To: Settled},
		}}
	cmd.Choose = func(r *run, in DisposeInput) string {
		switch {
		case in.Disposal == Shelve:
			return "shelve"
		case in.Disposal == Close && r.Case.Named:
			return "settle_named"
		case in.Disposal == Close:
			return "settle"
		}
		return "dispose"
	}
	cmd.Guard = func(r *run, in DisposeInput) error {
		if r.Case.DueStep == "pass_up" {
			return r.Invalid("AC14", "Disposal", "the report belongs to a higher level: pass it up")
		}
		if in.Disposal == Close && r.Case.Named && !r.Case.Given(AcceptanceNotice) {
			return r.Invalid("AC03", "Feedback", "the named reporter has not had the acceptance notice: give it before the report is settled")
		}
		return nil
	}
	cmd.Apply = func(r *run, in DisposeInput) error {
		c := r.Case
		c.Disposal = in.Disposal
		st := r.Step(in.Note)
		c.Disposed = &st
		r.Reason = in.Note
		switch in.Disposal {
		case Shelve:
			clearDue(c)
		case Close:
			if !c.Named {
				r.End()
				break
			}
			// The named reporter is told the result of closing (AC14);
			// the report stays open, settled, until it is.
			clearDue(c)
			c.ResultDue = r.Term(r.Policy.Deadlines.Result)
			r.Apply("AC14")
		default:
			r.Due("conclude", r.Policy.Deadlines.Verify)
			if c.Named && r.Policy.ThreeMeetings && !c.Given(InvestigationMet) {
				days := r.Policy.Deadlines.Investigation
				if days == 0 {
					days = r.Policy.Deadlines.Verify
				}
				c.InvestigationDue = r.Term(days)
				r.Apply("AC03")
			}
		}
		r.Apply("AC15")
		return nil
	}
	return cmd
}()

// Dispose disposes of a registered or shelved report (AC15): talk or
// written inquiry, preliminary verification or formal investigation lead
// to verification; shelved pending keeps it for later; closed (予以了结)
// ends an anonymous report, and settles a named one once its reporter has
// had the acceptance notice (AC03): a Settled report owes the result within
// the policy's working days of closing (ResultDue, AC14) and is closed with
// [Service.Close] once told. The acceptance notice stays due
// (AcceptanceDue) whatever the disposal.
//
// Errors: Invalid (AC15) for an unknown disposal, (AC14) for a report that
// belongs to a higher level, (AC03) for settling a named report before its
// acceptance notice; Conflict; NotFound; Transition (XC09);
// Forbidden (XC07, XC02); Canceled.
func (s *Service) Dispose(ctx context.Context, actor dandang.Actor, in DisposeInput) (*Case, error) {
	return exec(ctx, s, Kind+".Dispose", &dispose, actor, in)
}

// FindingInput records the finding on one allegation (AC02).
type FindingInput struct {
	Ref
	Allegation string          `json:"allegation" validate:"nonblank,text" rule:"AC02"`
	Finding    dandang.Finding `json:"finding" validate:"valid" rule:"AC02"`
	Note       string          `json:"note" validate:"text"`
}

func (in FindingInput) ref() Ref { return in.Ref }

var find = func() command[FindingInput] {
	cmd := handling[FindingInput]("find", Verifying)
	cmd.Guard = func(r *run, in FindingInput) error {
		if _, ok := r.Case.Allegation(in.Allegation); !ok {
			return r.Invalid("AC02", "Allegation", fmt.Sprintf("report %s makes no allegation %q", r.Case.ID, in.Allegation))
		}
		return nil
	}
	cmd.Apply = func(r *run, in FindingInput) error {
		for i := range r.Case.Allegations {
			if r.Case.Allegations[i].ID == in.Allegation {
				r.Case.Allegations[i].Finding = in.Finding
			}
		}
		r.Reason = in.Note
		r.Apply("AC02")
		return nil
	}
	return cmd
}()

// RecordFinding records the finding on one allegation (AC02): substantiated, partly
// substantiated, unfounded, or neither verified nor excluded.
//
// Errors: Invalid (AC02) for an unknown allegation or finding; Conflict;
// NotFound; Transition (XC09) outside verification; Forbidden (XC07,
// XC02); Canceled.
func (s *Service) RecordFinding(ctx context.Context, actor dandang.Actor, in FindingInput) (*Case, error) {
	return exec(ctx, s, Kind+".Find", &find, actor, in)
}

// NoteInput is the input of a command that needs the case and a note.
type NoteInput struct {
	Ref
	Note string `json:"note" validate:"text"` // required or not, and under which rule, is each command's
}

func (in NoteInput) ref() Ref { return in.Ref }

var conclude = func() command[NoteInput] {
	cmd := handling[NoteInput]("conclude", Verifying)
	cmd.Moves[0].To = Concluded
	cmd.Guard = func(r *run, _ NoteInput) error {
		for i, a := range r.Case.Allegations {
			if a.Finding == "" {
				return r.Invalid("AC02", fmt.Sprintf("Allegations[%d].Finding", i), fmt.Sprintf("allegation %s has no finding yet", a.ID))
			}
		}
		return nil
	}
	cmd.Apply = func(r *run, in NoteInput) error {
		c := r.Case
		st := r.Step(in.Note)
		c.Concluded = &st
		r.Reason = in.Note
		r.Emit(event.ReportConcluded{ReportID: c.ID, Named: c.Named, Organ: c.Organ, By: r.Actor, ConcludedAt: r.Now,
			Subjects: slices.Clone(c.Subjects), Allegations: slices.Clone(c.Allegations)})
		clearDue(c)
		if c.Named {
			c.ResultDue = r.Term(r.Policy.Deadlines.Result)
		}
		r.Apply("AC02", "CL01", "AC14")
		return nil
	}
	return cmd
}()

// Conclude concludes the report once every allegation has a finding (AC02)
// and writes the report-concluded event that opens clearance for the
// unfounded allegations (CL01). A named reporter is due the result within
// the policy's working days (AC14).
//
// Errors: Invalid (AC02) naming the first allegation without a finding;
// Conflict; NotFound; Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Conclude(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".Conclude", &conclude, actor, in)
}

// afterConclusion are the states a reporter's objection to the result is
// recorded and answered in: closing does not end the reporter's right to
// object (AC14).
var afterConclusion = []State{Settled, Concluded, Inquiry, Deciding, Established, Closed}

// MaxObjections is how many answered objections a case keeps, the latest
// ones (AC14); an objection awaiting its answer is always kept, as its
// deadline runs. Each objection and answer, note and all, is a step of the
// case's history, which keeps every one, so that a case objected to and
// answered again and again keeps at most MaxObjections answered ones.
const MaxObjections = 10

// keepObjections drops the oldest answered objections beyond the last
// MaxObjections.
func keepObjections(os []Objection) []Objection {
	answered := 0
	for _, o := range os {
		if o.Answered != nil {
			answered++
		}
	}
	drop := answered - MaxObjections
	if drop <= 0 {
		return os
	}
	return slices.DeleteFunc(os, func(o Objection) bool {
		if o.Answered != nil && drop > 0 {
			drop--
			return true
		}
		return false
	})
}

var object = func() command[NoteInput] {
	cmd := handling[NoteInput]("object", afterConclusion...)
	cmd.Validate = func(in NoteInput) error { return required(Kind+".Object", "AC14", "Note", in.Note) }
	cmd.Guard = func(r *run, _ NoteInput) error {
		if !r.Case.Named {
			return r.Invalid("AC14", "Note", "objections are recorded for a named reporter")
		}
		return nil
	}
	cmd.Apply = func(r *run, in NoteInput) error {
		r.Case.Objections = append(r.Case.Objections, Objection{Raised: r.Step(in.Note), Due: r.Term(r.Policy.Deadlines.Objection)})
		r.Apply("AC14")
		return nil
	}
	return cmd
}()

// Object records the named reporter's objection to the result (AC14); it
// is due an answer within the policy's working days.
//
// Errors: Invalid (AC14) without a note or for an anonymous report;
// Conflict; NotFound; Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Object(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".Object", &object, actor, in)
}

var answer = func() command[NoteInput] {
	cmd := handling[NoteInput]("answer", afterConclusion...)
	cmd.Validate = func(in NoteInput) error { return required(Kind+".Answer", "AC14", "Note", in.Note) }
	cmd.Guard = func(r *run, _ NoteInput) error {
		if pendingObjection(r.Case) < 0 {
			return r.Invalid("AC14", "Note", "no objection awaits an answer")
		}
		return nil
	}
	cmd.Apply = func(r *run, in NoteInput) error {
		c := r.Case
		st := r.Step(in.Note)
		c.Objections[pendingObjection(c)].Answered = &st
		c.Objections = keepObjections(c.Objections)
		r.Apply("AC14")
		return nil
	}
	return cmd
}()

func pendingObjection(c *Case) int {
	return slices.IndexFunc(c.Objections, func(o Objection) bool { return o.Answered == nil })
}

// Answer records the answer to the reporter's oldest open objection
// (AC14).
//
// Errors: Invalid (AC14) without a note or when no objection is open;
// Conflict; NotFound; Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Answer(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".Answer", &answer, actor, in)
}

var closeCmd = func() command[NoteInput] {
	cmd := handling[NoteInput]("close", Settled, Concluded, Established)
	cmd.Moves[0].To = Closed
	cmd.Guard = func(r *run, _ NoteInput) error {
		c := r.Case
		if i := pendingObjection(c); i >= 0 {
			return r.Invalid("AC14", fmt.Sprintf("Objections[%d]", i), "the reporter's objection awaits an answer")
		}
		if c.Named {
			kinds := []FeedbackKind{AcceptanceNotice, ResultNotice}
			if r.Policy.ThreeMeetings && c.State != Settled {
				kinds = []FeedbackKind{AcceptanceNotice, InvestigationMet, ResultNotice}
			}
			for _, k := range kinds {
				if !c.Given(k) {
					return r.Invalid("AC03", "Feedback", fmt.Sprintf("the named reporter has not had the %s feedback", k))
				}
			}
		}
		// The accuser is handled by a sanction (a party member, a public
		// official, AC09) or, anyone else, referred to the public security
		// or judicial organs (AC18); criticism and education come beside
		// either (AC11), never instead.
		referred := slices.ContainsFunc(c.Referrals, func(f Referral) bool { return f.Body != OtherBody })
		switch {
		case c.State != Established || len(c.Handling) > 0 || referred:
		case len(c.Education) > 0 || len(c.Referrals) > 0:
			return r.Invalid("AC18", "Referrals", "education alone does not handle the accuser: anyone else goes to the public security organs (Refer to the police), a suspected crime to the judicial organs")
		default:
			return r.Invalid("AC09", "Handling", "the accuser is sanctioned, or referred to the public security or judicial organs, before the case closes")
		}
		return nil
	}
	cmd.Apply = func(r *run, in NoteInput) error {
		r.Reason = in.Note
		r.End()
		r.Apply("AC03", "AC14")
		return nil
	}
	return cmd
}()

// Close closes a concluded or settled report, or one whose malicious
// accuser was handled: sanctioned (AC09) or, anyone else, referred to the
// public security or judicial organs (AC18) — education alone does not
// handle the accuser. A named reporter must have had the acceptance notice
// and the result (and, for a report that was verified, the investigation
// meeting under ThreeMeetings, AC03), and every objection an answer
// (AC14).
//
// Errors: Invalid (AC03, AC14, AC09, AC18) naming what is missing; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Close(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".Close", &closeCmd, actor, in)
}
