package accusation

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// ClassifyInput classifies an unfounded report as mistaken or inaccurate
// (AC06).
type ClassifyInput struct {
	Ref
	Class Class  `json:"class"`
	Note  string `json:"note" validate:"text"`
}

func (in ClassifyInput) ref() Ref { return in.Ref }

var classify = func() command[ClassifyInput] {
	cmd := handling[ClassifyInput]("classify", Concluded, Inquiry)
	cmd.Moves[0].To = Concluded
	cmd.Validate = func(in ClassifyInput) error {
		const op = Kind + ".Classify"
		switch {
		case in.Class == Malicious:
			return kit.Invalidf(op, "AC07", "Class", "malicious false accusation is established only by an approved determination of its three elements")
		case !in.Class.Valid():
			return kit.Invalidf(op, "AC06", "Class", fmt.Sprintf("unknown class %q", in.Class))
		}
		return nil
	}
	cmd.Guard = func(r *run, _ ClassifyInput) error {
		if len(r.Case.Unfounded()) == 0 {
			return r.Invalid("AC06", "Class", "only a report with an allegation found unfounded is classified")
		}
		return nil
	}
	cmd.Apply = func(r *run, in ClassifyInput) error {
		r.Case.Class = in.Class
		// An inquiry closed by classifying owes no determination; the
		// reporter's result stays due apart (ResultDue).
		clearDue(r.Case)
		r.Reason = in.Note
		r.Apply("AC06")
		return nil
	}
	return cmd
}()

// Classify classifies a report with an unfounded allegation as mistaken
// (错告) or inaccurate (误告), kept apart from malicious false accusation
// (AC06); classifying during an inquiry closes the inquiry and its
// deadline. Malicious is never set here (AC07).
//
// Errors: Invalid (AC07) for Malicious, (AC06) for an unknown class or a
// report without an unfounded allegation; Conflict; NotFound; Transition
// (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Classify(ctx context.Context, actor dandang.Actor, in ClassifyInput) (*Case, error) {
	return exec(ctx, s, Kind+".Classify", &classify, actor, in)
}

var openInquiry = func() command[NoteInput] {
	cmd := handling[NoteInput]("open_inquiry", Concluded)
	cmd.Moves[0].To = Inquiry
	cmd.Validate = func(in NoteInput) error { return required(Kind+".OpenInquiry", "AC07", "Note", in.Note) }
	cmd.Guard = func(r *run, _ NoteInput) error {
		if len(r.Case.Unfounded()) == 0 {
			return r.Invalid("AC17", "Allegations", "no allegation was found unfounded: a matter neither verified nor excluded may not start a false-accusation inquiry")
		}
		return nil
	}
	cmd.Apply = func(r *run, in NoteInput) error {
		st := r.Step(in.Note)
		r.Case.Inquiry = &st
		r.Reason = in.Note
		r.Due("propose_malice", r.Policy.Deadlines.Verify)
		r.Apply("AC08", "AC17")
		return nil
	}
	return cmd
}()

// OpenInquiry opens a false-accusation inquiry on a concluded report
// (AC08, AC17): only where an allegation was found unfounded. The
// determination is due within Verify working days; the reporter's result
// stays due apart (ResultDue, AC14).
//
// Errors: Invalid (AC07) without a note, (AC17) when no allegation is
// unfounded; Conflict; NotFound; Transition (XC09); Forbidden (XC07, XC02);
// Canceled.
func (s *Service) OpenInquiry(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".OpenInquiry", &openInquiry, actor, in)
}

// DetermineInput proposes the determination of malicious false accusation
// with its three elements and their evidence (AC07).
type DetermineInput struct {
	Ref
	Elements Elements `json:"elements"`
	Note     string   `json:"note" validate:"text"`
}

func (in DetermineInput) ref() Ref { return in.Ref }

func (e Elements) validate(op string) error {
	if !e.Intent.Found {
		return kit.Invalidf(op, "AC07", "Elements.Intent", "without intent it is not malicious: classify it as mistaken or inaccurate")
	}
	for _, el := range []struct {
		field string
		e     Element
	}{{"Elements.Intent", e.Intent}, {"Elements.Infringement", e.Infringement}, {"Elements.Threshold", e.Threshold}} {
		if !el.e.Found {
			return kit.Invalidf(op, "AC07", el.field, "all three elements must be found")
		}
		if strings.TrimSpace(el.e.Evidence) == "" {
			return kit.Invalidf(op, "AC07", el.field+".Evidence", "each element is recorded with its evidence")
		}
	}
	return required(op, "AC07", "Elements.EffectScope", e.EffectScope)
}

var proposeMalice = func() command[DetermineInput] {
	cmd := handling[DetermineInput]("propose_malice", Inquiry)
	cmd.Moves[0].To = Deciding
	cmd.Validate = func(in DetermineInput) error { return in.Elements.validate(Kind + ".ProposeMalice") }
	cmd.Apply = func(r *run, in DetermineInput) error {
		d := &Determination{Proposed: r.Step(in.Note), Elements: in.Elements}
		if prev := r.Case.Determination; prev != nil {
			// A proposal again after a rejection keeps the rejections
			// (XC11: nothing recorded is erased).
			d.Rejected = slices.Clone(prev.Rejected)
		}
		r.Case.Determination = d
		r.Reason = in.Note
		r.Due("approve_malice", r.Policy.Deadlines.Dispose)
		r.Apply("AC07", "AC08")
		return nil
	}
	return cmd
}()

// ProposeMalice proposes that malicious false accusation be established
// (AC07): intent, rights infringed with adverse effect in a scope, and the
// threshold for accountability, each found with its evidence. Proposing
// again after a rejection keeps the earlier rejections (XC11).
//
// Errors: Invalid (AC07) naming the missing element or evidence; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) ProposeMalice(ctx context.Context, actor dandang.Actor, in DetermineInput) (*Case, error) {
	return exec(ctx, s, Kind+".ProposeMalice", &proposeMalice, actor, in)
}

// approvalLevel is the level that approves establishing malice for c
// (AC17): province for a province-managed subject.
func approvalLevel(p Policy, c *Case) dandang.Level {
	if slices.ContainsFunc(c.Subjects, func(s dandang.Subject) bool { return s.ManagedAt >= dandang.Province }) {
		return p.ProvinceManagedApproval
	}
	return p.MaliceApproval
}

// authorizeDetermination admits an approver of the policy's ApproveRoles,
// in an organ at the approval level or above that reaches the handling
// organ, who did not propose it (AC17, XC07, XC08).
func authorizeDetermination[I any](r *run, _ I) error {
	c := r.Case
	role, ok := r.Actor.Has(r.Policy.ApproveRoles...)
	if !ok {
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC17", Field: "Actor.Roles",
			Awaiting: slices.Clone(r.Policy.ApproveRoles), Message: fmt.Sprintf("needs one of the roles %v", r.Policy.ApproveRoles)}
	}
	r.Role = role
	level := approvalLevel(r.Policy, c)
	if r.Actor.Organ.Level < level || !r.Directory().Reaches(r.Actor.Organ.ID, c.Organ.ID) {
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "AC17", Field: "Actor.Organ",
			Message: fmt.Sprintf("establishing malicious false accusation is approved at %s level or above over %s; %s is at %s level",
				level, c.Organ.ID, r.Actor.Organ.ID, r.Actor.Organ.Level)}
	}
	// The approver's level and place above the handling organ are the
	// directory's, never what the caller asserts (XC07).
	r.Apply("XC07")
	if c.Determination != nil && c.Determination.Proposed.By.ID == r.Actor.ID {
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC08", Field: "Actor.ID",
			Message: "no one approves a determination they proposed"}
	}
	return nil
}

var approveMalice = command[NoteInput]{
	Name: "approve_malice", Moves: []Move{{Event: "approve_malice", From: []State{Deciding}, To: Established}},
	Ref: refOf[NoteInput], Authorize: authorizeDetermination[NoteInput],
	Apply: func(r *run, in NoteInput) error {
		c := r.Case
		st := r.Step(in.Note)
		c.Determination.Approved = &st
		c.Class = Malicious
		r.Reason = in.Note
		// The officer of the handling organ who concluded the report acts
		// for it in clearance (CL15); the proposer when none is recorded.
		officer := c.Determination.Proposed.By
		var concludedAt time.Time
		if c.Concluded != nil {
			officer, concludedAt = c.Concluded.By, c.Concluded.At
		}
		by := dandang.Actor{ID: officer.ID, Name: officer.Name, Organ: dandang.Organ{ID: officer.OrganID}, Roles: []dandang.Role{officer.Role}}
		for _, sub := range c.Subjects {
			if slices.ContainsFunc(c.Unfounded(), func(a dandang.Allegation) bool { return a.SubjectID == sub.ID }) {
				var against []dandang.Allegation
				for _, a := range c.Allegations {
					if a.SubjectID == sub.ID {
						against = append(against, a)
					}
				}
				r.Emit(event.MaliciousEstablished{ReportID: c.ID, Subject: sub, Organ: c.Organ, EstablishedAt: r.Now,
					By: by, Named: c.Named, ConcludedAt: concludedAt, Allegations: against})
			}
		}
		r.Due("handle_accuser", r.Policy.Deadlines.Verify)
		r.Apply("AC06", "AC07", "AC12", "AC17", "XC08")
		return nil
	},
}

// ApproveMalice establishes malicious false accusation (AC07, AC17): the
// approver holds one of the policy's ApproveRoles in an organ at the
// policy's level or above over the handling organ — city by default,
// province for a province-managed subject — and did not propose it (XC08).
// It writes a malicious-established event for each subject with an
// unfounded allegation, which opens or joins their clearance (AC12).
//
// Errors: Forbidden (AC17) for a role or organ below the level, (XC08) for
// the proposer, (XC07); Conflict; NotFound; Transition (XC09); Canceled.
func (s *Service) ApproveMalice(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".ApproveMalice", &approveMalice, actor, in)
}

var rejectMalice = command[NoteInput]{
	Name: "reject_malice", Moves: []Move{{Event: "reject_malice", From: []State{Deciding}, To: Inquiry}},
	Ref: refOf[NoteInput], Authorize: authorizeDetermination[NoteInput],
	Validate: func(in NoteInput) error { return required(Kind+".RejectMalice", "AC08", "Note", in.Note) },
	Apply: func(r *run, in NoteInput) error {
		d := r.Case.Determination
		d.Rejected = append(d.Rejected, r.Step(in.Note))
		r.Reason = in.Note
		r.Due("propose_malice", r.Policy.Deadlines.Verify)
		r.Apply("AC08", "AC17")
		return nil
	},
}

// RejectMalice sends a determination back to the inquiry with the reason
// (AC08: neither wrong the innocent nor let the guilty go).
//
// Errors: Invalid (AC08) without a note; as for ApproveMalice.
func (s *Service) RejectMalice(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".RejectMalice", &rejectMalice, actor, in)
}

// Ground is an aggravation with its evidence (AC10).
type Ground struct {
	Aggravation Aggravation `json:"aggravation" validate:"valid" rule:"AC10"`
	Evidence    string      `json:"evidence" validate:"nonblank,text" rule:"AC10"`
}

// SanctionInput handles the accuser (AC09, AC18). AccuserName is never
// recorded (its JSON tag drops it from the history): only its masked form
// is kept (XC05, AC16).
type SanctionInput struct {
	Ref
	AccuserID   string        `json:"accuserId" validate:"id"` // the accuser's ID in the host's system
	AccuserName string        `json:"-" validate:"nonblank,text" rule:"XC05"`
	ManagedAt   dandang.Level `json:"managedAt" validate:"valid" rule:"XC02"` // the level managing the accuser, for follow-up
	Region      string        `json:"region" validate:"text"`
	Category    Category      `json:"category" validate:"valid" rule:"AC09"`
	Severity    Severity      `json:"severity" validate:"valid" rule:"AC18"`
	Sanction    Sanction      `json:"sanction"`
	Grounds     []Ground      `json:"grounds" validate:"list,dive"`
	Note        string        `json:"note" validate:"text"`
}

func (in SanctionInput) ref() Ref { return in.Ref }

var sanction = func() command[SanctionInput] {
	cmd := handling[SanctionInput]("sanction", Established)
	cmd.Validate = func(in SanctionInput) error {
		const op = Kind + ".Sanction"
		if in.Category == Anyone {
			return kit.Invalidf(op, "AC18", "Category", "anyone else goes to the police: refer the matter (Refer)")
		}
		return dandang.Subject{ID: in.AccuserID, Kind: dandang.Person, Name: in.AccuserName, ManagedAt: in.ManagedAt, Region: in.Region}.Validate(op, "Accuser")
	}
	cmd.Guard = func(r *run, in SanctionInput) error {
		// Discipline is imposed by the organ holding management authority
		// over the accuser (干部管理权限), which then follows it up (FU08).
		accuser := dandang.Subject{ID: in.AccuserID, Kind: dandang.Person, ManagedAt: in.ManagedAt, Region: in.Region}
		if !r.Directory().Manages(r.Case.Organ.ID, accuser) {
			m, _ := r.Directory().Manager(accuser)
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC02", Field: "ManagedAt",
				Message: fmt.Sprintf("%s does not hold management authority over %s (managed at %s level in %s): refer the accuser to %s",
					r.Case.Organ.ID, in.AccuserID, in.ManagedAt, in.Region, m.ID)}
		}
		if slices.ContainsFunc(r.Case.Handling, func(h Handling) bool { return h.AccuserID == in.AccuserID }) {
			return r.Invalid("AC09", "AccuserID", fmt.Sprintf("%s is handled already for this accusation: one sanction a person", in.AccuserID))
		}
		for i, g := range in.Grounds {
			if g.Aggravation == PersistedAfter && r.Case.PriorReport == "" {
				return r.Invalid("AC10", fmt.Sprintf("Grounds[%d].Aggravation", i), "no earlier concluded report of this reporter is linked: screening found none")
			}
		}
		offered := r.Policy.Offered(in.Category, in.Severity, len(in.Grounds) > 0)
		if !slices.Contains(offered, in.Sanction) {
			return r.Invalid("AC09", "Sanction", fmt.Sprintf("the policy offers %v for a %s, %s", offered, in.Category, in.Severity))
		}
		return nil
	}
	cmd.Apply = func(r *run, in SanctionInput) error {
		c := r.Case
		h := Handling{Step: r.Step(in.Note), AccuserID: in.AccuserID, MaskedName: kit.MaskName(in.AccuserName),
			Category: in.Category, Severity: in.Severity, Sanction: in.Sanction}
		for _, g := range in.Grounds {
			h.Aggravations = append(h.Aggravations, g.Aggravation)
		}
		c.Handling = append(c.Handling, h)
		// A place's own sanction goes out by its name, without a form.
		ev, ok := eventSanctions[in.Sanction]
		if !ok {
			ev.name = string(in.Sanction)
		}
		r.Emit(event.DisciplineDecided{DecisionID: kit.CaseID(c.ID, "handling", fmt.Sprint(len(c.Handling))),
			Subject: dandang.Subject{ID: in.AccuserID, Kind: dandang.Person, Name: h.MaskedName, ManagedAt: in.ManagedAt, Region: in.Region},
			Organ:   c.Organ, Sanction: ev.name, Form: ev.form, EffectiveAt: r.Now})
		clearDue(c)
		r.Reason = in.Note
		r.Apply("AC09", "AC12", "AC18", "XC05") // the accuser kept and sent only masked
		if len(in.Grounds) > 0 {
			r.Apply("AC10")
		}
		return nil
	}
	return cmd
}()

// Sanction records how the accuser is handled (AC09, AC18): the sanction
// must be one the policy offers for the accuser's category and severity;
// with a ground for heavier handling (AC10) — vile means, or going on after
// a clear conclusion, which screening must have linked — the lightest of
// the severity is not offered, and nothing beyond its range is (从重, not
// 加重). It writes the
// discipline-decided event for follow-up (AC12), naming the accuser only
// masked (XC05).
//
// The case's organ must hold management authority over the accuser
// ([dandang.Directory.Manages]): it imposes the discipline and follows it
// up; another organ's cadre is referred to it.
//
// Errors: Invalid (AC09) for a sanction not offered, (AC18) for anyone else
// (refer instead), (AC10) for a ground without evidence or link; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02), and (XC02) for an
// accuser the case's organ does not manage; Canceled.
func (s *Service) Sanction(ctx context.Context, actor dandang.Actor, in SanctionInput) (*Case, error) {
	return exec(ctx, s, Kind+".Sanction", &sanction, actor, in)
}

// ReferInput refers the matter to an outside body (AC13).
type ReferInput struct {
	Ref
	Body     Body   `json:"body" validate:"valid" rule:"AC13"`
	Receiver string `json:"receiver" validate:"nonblank,text" rule:"AC13"` // the receiving body by name
	Note     string `json:"note" validate:"text"`
}

func (in ReferInput) ref() Ref { return in.Ref }

var refer = func() command[ReferInput] {
	cmd := handling[ReferInput]("refer", Inquiry, Established)
	cmd.Apply = func(r *run, in ReferInput) error {
		r.Case.Referrals = keepReferrals(append(r.Case.Referrals, Referral{Step: r.Step(in.Note), Body: in.Body, Receiver: in.Receiver}))
		r.Reason = in.Note
		r.Apply("AC13", "AC18")
		return nil
	}
	return cmd
}()

// Refer records the referral of the matter to the police, procuratorate,
// courts or another body, with the receiving body (AC13, AC18): a recorded
// step, never a sentence.
//
// Errors: Invalid (AC13) for an unknown body or no receiver; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Refer(ctx context.Context, actor dandang.Actor, in ReferInput) (*Case, error) {
	return exec(ctx, s, Kind+".Refer", &refer, actor, in)
}

// EducateInput records criticism and education of the accuser (AC11).
type EducateInput struct {
	Ref
	Confessed bool   `json:"confessed"` // the accuser confessed the motive (the Miyun case)
	Note      string `json:"note" validate:"nonblank,text" rule:"AC11"`
}

func (in EducateInput) ref() Ref { return in.Ref }

var educate = func() command[EducateInput] {
	cmd := handling[EducateInput]("educate", Established)
	cmd.Apply = func(r *run, in EducateInput) error {
		r.Case.Education = kit.KeepLast(append(r.Case.Education, Education{Step: r.Step(in.Note), Confessed: in.Confessed}), MaxRepeats)
		r.Apply("AC11")
		return nil
	}
	return cmd
}()

// Educate records the criticism and education of the accuser, and a
// confession when made (AC11).
//
// Errors: Invalid (AC11) without a note; Conflict; NotFound; Transition
// (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Educate(ctx context.Context, actor dandang.Actor, in EducateInput) (*Case, error) {
	return exec(ctx, s, Kind+".Educate", &educate, actor, in)
}

// OrganizerInput links an organizer or instigator to the case (AC11). Name
// is never recorded: only its masked form.
type OrganizerInput struct {
	Ref
	PersonID string   `json:"personId" validate:"id"`
	Name     string   `json:"-" validate:"nonblank,text" rule:"XC05"`
	Role     string   `json:"role" validate:"oneof=organizer instigator" rule:"AC11"` // "organizer" or "instigator"
	Reports  []string `json:"reports" validate:"list,dive,text"`
	Note     string   `json:"note" validate:"text"`
}

func (in OrganizerInput) ref() Ref { return in.Ref }

var linkOrganizer = func() command[OrganizerInput] {
	cmd := handling[OrganizerInput]("link_organizer", Inquiry, Established)
	// A person is linked once: their role and reports are theirs alone,
	// and the case's list grows with the people behind the reports, not
	// with the commands.
	cmd.Guard = func(r *run, in OrganizerInput) error {
		if slices.ContainsFunc(r.Case.Organizers, func(o Organizer) bool { return o.PersonID == in.PersonID }) {
			return r.Invalid("AC11", "PersonID", fmt.Sprintf("%s is linked already", in.PersonID))
		}
		return nil
	}
	cmd.Apply = func(r *run, in OrganizerInput) error {
		r.Case.Organizers = append(r.Case.Organizers, Organizer{Step: r.Step(in.Note), PersonID: in.PersonID,
			MaskedName: kit.MaskName(in.Name), Role: in.Role, Reports: slices.Clone(in.Reports)})
		r.Apply("AC11", "XC05") // the organizer kept only masked
		return nil
	}
	return cmd
}()

// LinkOrganizer links an organizer or instigator found behind the reports
// (AC11), with the reports they organized.
//
// Errors: Invalid (AC11) for a bad role or a person linked already, (XC05)
// without a name; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) LinkOrganizer(ctx context.Context, actor dandang.Actor, in OrganizerInput) (*Case, error) {
	return exec(ctx, s, Kind+".LinkOrganizer", &linkOrganizer, actor, in)
}

var undoGains = func() command[NoteInput] {
	cmd := handling[NoteInput]("undo_gains", Established)
	cmd.Validate = func(in NoteInput) error { return required(Kind+".UndoGains", "AC18", "Note", in.Note) }
	cmd.Apply = func(r *run, in NoteInput) error {
		st := r.Step(in.Note)
		r.Case.GainsUndone = &st
		r.Apply("AC18")
		return nil
	}
	return cmd
}()

// UndoGains records that the gains obtained through the false accusation
// were undone (AC18).
//
// Errors: Invalid (AC18) without a note; Conflict; NotFound; Transition
// (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) UndoGains(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".UndoGains", &undoGains, actor, in)
}

var publish = func() command[NoteInput] {
	cmd := handling[NoteInput]("publish", Established)
	cmd.Guard = func(r *run, _ NoteInput) error {
		if len(r.Case.Handling) == 0 {
			return r.Invalid("AC11", "Handling", "a typical case is published once the accuser is handled")
		}
		return nil
	}
	cmd.Apply = func(r *run, in NoteInput) error {
		st := r.Step(in.Note)
		r.Case.Published = &st
		r.Case.PublicText = TypicalCase(r.Case)
		r.Apply("AC11", "XC05")
		return nil
	}
	return cmd
}()

// Publish publishes the case as a typical case (通报曝光, AC11), every name
// masked (XC05): the text is [TypicalCase].
//
// Errors: Invalid (AC11) before the accuser is handled; Conflict; NotFound;
// Transition (XC09); Forbidden (XC07, XC02); Canceled.
func (s *Service) Publish(ctx context.Context, actor dandang.Actor, in NoteInput) (*Case, error) {
	return exec(ctx, s, Kind+".Publish", &publish, actor, in)
}

// MaxRepeats is how many of each repeatable record a case keeps, the
// latest: referrals (AC13, AC18), education (AC11), the reporter's words
// on publicity and the publicity made (AC16). A command repeated again and
// again leaves the case at most MaxRepeats of each; the history keeps
// every one, note and all.
const MaxRepeats = 10

// keepReferrals keeps the last MaxRepeats of fs, and the latest referral
// to the police or the judicial organs first among them if it is older:
// closing reads it (AC18).
func keepReferrals(fs []Referral) []Referral {
	cut := len(fs) - MaxRepeats
	if cut <= 0 {
		return fs
	}
	outside := func(f Referral) bool { return f.Body != OtherBody }
	if !slices.ContainsFunc(fs[cut:], outside) {
		if j := lastIndexFunc(fs[:cut], outside); j >= 0 {
			fs[cut] = fs[j] // in place of the oldest kept
		}
	}
	return slices.Delete(fs, 0, cut)
}

// lastIndexFunc is the index of the last element of s satisfying f, or -1.
func lastIndexFunc[T any](s []T, f func(T) bool) int {
	for i := len(s) - 1; i >= 0; i-- {
		if f(s[i]) {
			return i
		}
	}
	return -1
}
