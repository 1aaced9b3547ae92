package accusation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// NewReport is the input to Receive: the register entry of a report. The
// reporter's identity and the report's text are not part of it: they go to
// Receive apart, as [Confidential], and are sealed before anything is
// recorded (AC16).
type NewReport struct {
	ID      string  `json:"id" validate:"id"` // the register number; one entry per report (AC15)
	Named   bool    `json:"named"`            // AC01
	Channel Channel `json:"channel" validate:"omitempty,valid" rule:"AC14"`
	// From is the organ that passed the report on, by ID in the directory:
	// for PassedDown an organ above, for FromBelow one below.
	From       string            `json:"from" validate:"text"`
	ReceivedAt time.Time         `json:"receivedAt" validate:"required" rule:"AC14"` // when the organ received it; deadlines count from it (AC14)
	Subjects   []dandang.Subject `json:"subjects" validate:"min=1,list" rule:"AC02"`
	// Allegations, each against one of Subjects, without findings (AC02).
	Allegations []dandang.Allegation `json:"allegations" validate:"min=1,list" rule:"AC02"`
	// RepeatOf names an earlier report of the same matter, as staff judge
	// it (AC15); repeats of the same reporter and text are found without it.
	RepeatOf string `json:"repeatOf" validate:"text"`
}

// intake is what the engine records of a report received: the register
// entry, and the identity and text sealed.
type intake struct {
	NewReport
	Sealed      Sealed
	Pseudonym   string
	ContentHash string
	Repeat      string // the first report this one repeats
	Prior       string // an earlier concluded report of the reporter against a subject (AC10)
	Flags       []Flag

	// The reporter's pseudonym and the text's hash as screening looks them
	// up: under every key version the host keeps, and as kept before
	// versions were (see [Keys]); not recorded.
	pseudonyms, contents []string
}

// mine reports whether pseudonym is the reporter's, under any key version.
func (x *intake) mine(pseudonym string) bool {
	return pseudonym != "" && slices.Contains(x.pseudonyms, pseudonym)
}

func (n NewReport) validate(op string) error {
	if (n.Channel == PassedDown || n.Channel == FromBelow) && strings.TrimSpace(n.From) == "" {
		return kit.Invalidf(op, "AC14", "From", "a report passed on names the organ that passed it")
	}
	subjects := map[string]bool{}
	for i, s := range n.Subjects {
		field := fmt.Sprintf("Subjects[%d]", i)
		if err := s.Validate(op, field); err != nil {
			return err
		}
		if subjects[s.ID] {
			return kit.Invalidf(op, "XC06", field+".ID", fmt.Sprintf("subject %s listed twice", s.ID))
		}
		subjects[s.ID] = true
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
		case !subjects[a.SubjectID]:
			return kit.Invalidf(op, "AC02", field+".SubjectID", "the allegation is against none of the report's subjects")
		case a.Finding != "":
			return kit.Invalidf(op, "AC02", field+".Finding", "findings are made after verification, not at intake")
		}
		seen[a.ID] = true
	}
	return nil
}

func (s *Service) checkConfidential(op string, named bool, c Confidential) error {
	if err := kit.CheckInput(op, "Confidential", c, s.limits); err != nil {
		return err
	}
	id := c.Reporter
	hasIdentity := id != (Identity{})
	switch {
	case named && strings.TrimSpace(id.Name) == "":
		return kit.Invalidf(op, "AC01", "Confidential.Reporter.Name", "a named report gives the reporter's name")
	case !named && hasIdentity:
		return kit.Invalidf(op, "AC01", "Confidential.Reporter", "an anonymous report holds no identity: register it as named")
	case strings.TrimSpace(c.Text) == "":
		return kit.Invalidf(op, "AC16", "Confidential.Text", "required")
	}
	// The sealed form must fit the input limits once encrypted.
	size := len(c.Text) + len(id.Name) + len(id.IDNumber) + len(id.Unit) + len(id.Address) + len(id.Contact)
	if size > s.limits.Text-512 {
		return kit.Invalidf(op, "XC06", "Confidential.Text", fmt.Sprintf("%d bytes, more than the %d allowed", size, s.limits.Text-512))
	}
	return nil
}

// Receive registers a report (AC01, AC15): the register entry in, the
// reporter's identity and the report's text in conf, which are sealed under
// the host's keys before anything is recorded, and stand in the case only
// as ciphertext, a keyed pseudonym of the reporter and a keyed hash of the
// normalized text (AC16). The actor must hold one of the policy's
// HandleRoles; the case is the actor's organ's.
//
// Screening runs at once (AC05): identical content from different
// reporters within the policy's window, a report in an election period of
// a subject's region, and a reporter accusing again after a report of
// theirs against a subject was concluded (AC10) are flagged for review. A
// repeat report — the same reporter and text, the same text already
// concluded, or one staff name in RepeatOf — is registered as Filed with
// the first, and not handled again (AC15).
//
// Deadlines (AC14): a report passed down — From an organ above the
// receiving one in the directory — is to be accepted within PassedDown
// working days and handled here, whoever manages its subjects;
// a report about a subject managed above the organ is to be passed up
// within PassUp; any other disposed of within Dispose; a named
// report, passed down or not, owes its acceptance notice within Acceptance
// working days of receipt (not a repeat), kept in AcceptanceDue until
// given whatever the step.
//
// Errors, as *dandang.Error: Invalid (AC01, AC02, AC14, AC15, AC16, XC06)
// for a missing or bad field, naming it; Forbidden (XC07) for an organ not
// in the directory or forged, (XC02) for an actor without the role;
// Conflict (AC15) when the register number is taken (field ID), or when
// another instance keeps registering the same reporter's report at this
// moment (field Confidential; try again); Canceled; Internal when the keys
// fail.
func (s *Service) Receive(ctx context.Context, actor dandang.Actor, in NewReport, conf Confidential) (*Case, error) {
	ctx, done := s.engine.Observe(ctx, Kind+".Receive", "receive", "")
	c, err := s.receive(ctx, actor, in, conf)
	id := ""
	if err == nil {
		id = c.ID
	}
	done(id, err)
	return c, err
}

func (s *Service) receive(ctx context.Context, actor dandang.Actor, in NewReport, conf Confidential) (*Case, error) {
	const op = Kind + ".Receive"
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	if in.Channel == "" {
		in.Channel = Direct
	}
	if err := kit.ValidateInput(op, in, s.limits); err != nil {
		return nil, err
	}
	if err := kit.CheckInput(op, "", in, s.limits); err != nil {
		return nil, err
	}
	if err := in.validate(op); err != nil {
		return nil, err
	}
	if err := s.checkConfidential(op, in.Named, conf); err != nil {
		return nil, err
	}
	resolved, err := s.engine.Resolve(op, actor)
	if err != nil {
		return nil, err
	}
	if in.Channel == PassedDown || in.Channel == FromBelow {
		if _, ok := s.engine.Directory().Organ(in.From); !ok {
			return nil, kit.Invalidf(op, "AC14", "From", fmt.Sprintf("organ %q is not in the directory", in.From))
		}
	}
	x := intake{NewReport: in}
	if in.Named && strings.TrimSpace(conf.Reporter.Name) != "" {
		all, err := keyedAll(ctx, s.keys, "reporter", pseudonymBasis(conf.Reporter))
		if err != nil {
			return nil, err
		}
		x.Pseudonym, x.pseudonyms = all[0], lookups(all)
	}
	all, err := keyedAll(ctx, s.keys, "content", Normalize(conf.Text))
	if err != nil {
		return nil, err
	}
	x.ContentHash, x.contents = all[0], lookups(all)
	if x.Sealed, err = seal(ctx, s.keys, in.ID, conf); err != nil {
		return nil, err
	}
	// Screening and registering are one step for reports that share a
	// text or a reporter: two of them received at once see each other, so
	// that a repeat is filed and identical reports are flagged whatever
	// the timing (AC05, AC15).
	unlock, err := s.screens.lock(ctx, x.ContentHash, x.Pseudonym)
	if err != nil {
		return nil, kit.ContextError(ctx, op)
	}
	defer unlock()
	var c *Case
	for attempt := 0; ; attempt++ {
		y := x
		if err := s.screen(ctx, op, resolved.Organ.ID, &y); err != nil {
			return nil, err
		}
		c, err = kit.Create(ctx, s.engine, op, &s.intake, actor, y)
		var de *dandang.Error
		if attempt < 2 && errors.As(err, &de) && de.Code == dandang.Conflict && de.Field == "Unique" {
			// Another instance registered the same reporter's text here
			// between screening and saving: screen again, and this one is
			// its repeat.
			continue
		}
		break
	}
	var de *dandang.Error
	switch {
	case errors.As(err, &de) && de.Code == dandang.Conflict && de.Field == "Unique":
		return nil, &dandang.Error{Code: dandang.Conflict, Op: op, Rule: "AC15", Field: "Confidential",
			Message: "the reporter's same report is being registered here at this moment: try again, and it is filed as its repeat"}
	case dandang.ErrorCode(err) == dandang.Conflict:
		// The register number is taken, here or elsewhere: say no more
		// of another organ's case (XC07).
		return nil, &dandang.Error{Code: dandang.Conflict, Op: op, Rule: "AC15", Field: "ID",
			Message: fmt.Sprintf("register number %s is taken: one register entry per report", in.ID)}
	}
	return c, err
}

// screen finds, through the store's index on the content hash and the
// pseudonym, the reports this one repeats or is linked with (AC05, AC10,
// AC15), and raises the flags. It looks only at reports within the reach of
// organ, the intake's: screening never tells an organ of another's reports
// or reporters (AC04, XC07). A yes-or-no of its own reach remains: a flag
// says a matching report exists there.
func (s *Service) screen(ctx context.Context, op, organ string, x *intake) error {
	store := s.engine.Store()
	pol := s.engine.Policies().Current()
	reach := s.engine.Directory().Subtree(organ)
	same, err := store.Find(ctx, kit.Filter{Keys: map[string][]string{keyContent: x.contents}, OrganIDs: reach})
	if err != nil {
		return kit.StoreError(op, err)
	}
	var mine []*Case
	if x.Pseudonym != "" {
		if mine, err = store.Find(ctx, kit.Filter{Keys: map[string][]string{keyPseudonym: x.pseudonyms}, OrganIDs: reach}); err != nil {
			return kit.StoreError(op, err)
		}
	}
	first := func(c *Case) string {
		if c.RepeatOf != "" {
			return c.RepeatOf
		}
		return c.ID
	}
	// Repeats (AC15): the staff's judgment, the same reporter and text, or
	// the same text already concluded.
	if x.RepeatOf != "" {
		c, err := store.Get(ctx, x.RepeatOf)
		if err == nil && !slices.Contains(reach, c.Organ.ID) {
			err = &dandang.Error{Code: dandang.NotFound} // another organ's report is not told of
		}
		switch {
		case dandang.ErrorCode(err) == dandang.NotFound:
			return kit.Invalidf(op, "AC15", "RepeatOf", fmt.Sprintf("no report %s", x.RepeatOf))
		case err != nil:
			return kit.StoreError(op, err)
		}
		x.Repeat = first(c)
	}
	for _, c := range same {
		if x.Repeat != "" {
			break
		}
		if c.State == PassedUp && c.Organ.ID != organ {
			continue // registered below and passed up here: not handled yet, so no repeat of it
		}
		if x.mine(c.Pseudonym) || c.Concluded != nil {
			x.Repeat = first(c)
		}
	}
	// AC10: the same reporter again after a report of theirs against one
	// of the subjects was concluded with an allegation unfounded.
	for _, c := range mine {
		if c.Concluded == nil || x.Prior != "" {
			continue
		}
		for _, a := range c.Unfounded() {
			if slices.ContainsFunc(x.Subjects, func(sub dandang.Subject) bool { return sub.ID == a.SubjectID }) {
				x.Prior = c.ID
				break
			}
		}
	}
	now := s.now()
	step := Step{At: now.Truncate(time.Microsecond), By: dandang.ActorRef{}, Note: "screening"}
	if x.Prior != "" {
		x.Flags = append(x.Flags, Flag{Step: step, Rule: "AC10", Kind: AfterConclusion, Reports: []string{x.Prior}})
	}
	// AC05: identical content from different reporters within the window,
	// either side of this report's receipt: reports are not always
	// registered in the order they came in.
	from := x.ReceivedAt.AddDate(0, 0, -pol.Screening.WindowDays)
	to := x.ReceivedAt.AddDate(0, 0, pol.Screening.WindowDays)
	var linked []string
	reporters := map[string]bool{}
	if x.Pseudonym != "" {
		reporters[x.Pseudonym] = true
	}
	for _, c := range same {
		if c.ReceivedAt.Before(from) || c.ReceivedAt.After(to) || c.State == PassedUp {
			continue
		}
		if c.Pseudonym != "" && (reporters[c.Pseudonym] || x.mine(c.Pseudonym)) {
			continue
		}
		if c.Pseudonym != "" {
			reporters[c.Pseudonym] = true
		}
		linked = append(linked, c.ID)
	}
	if len(linked)+1 >= pol.Screening.Count {
		slices.Sort(linked)
		x.Flags = append(x.Flags, Flag{Step: step, Rule: "AC05", Kind: Identical, Reports: linked})
	}
	// AC05: election periods of a subject's region.
	day := dandang.DayOf(x.ReceivedAt)
	for _, e := range pol.Screening.Elections {
		if day < e.From || day > e.To {
			continue
		}
		if slices.ContainsFunc(x.Subjects, func(sub dandang.Subject) bool { return strings.HasPrefix(sub.Region, e.Region) }) {
			x.Flags = append(x.Flags, Flag{Step: step, Rule: "AC05", Kind: Election})
			break
		}
	}
	return nil
}

func (s *Service) intakeCreation() kit.Creation[State, *Case, Policy, intake] {
	return kit.Creation[State, *Case, Policy, intake]{
		Name:  "receive",
		Roles: handleRoles,
		Rule:  "XC02",
		New: func(r *run, in intake) (*Case, error) {
			if in.ReceivedAt.After(r.Now) {
				return nil, r.Invalid("AC14", "ReceivedAt", "a report is registered after it is received")
			}
			here := r.Actor.Organ.ID
			switch in.Channel {
			case PassedDown:
				// Passed down (交办) comes from an organ above, as the
				// directory has it, never from the side or below.
				if from, ok := r.Directory().Organ(in.From); !ok || from.ID == here || !r.Directory().Reaches(from.ID, here) {
					return nil, r.Invalid("AC14", "From", fmt.Sprintf("%q is not an organ above %s", in.From, here))
				}
			case FromBelow:
				if from, ok := r.Directory().Organ(in.From); !ok || from.ID == here || !r.Directory().Reaches(here, from.ID) {
					return nil, r.Invalid("AC14", "From", fmt.Sprintf("%q is not an organ below %s", in.From, here))
				}
			}
			c := &Case{Named: in.Named, Channel: in.Channel, ReceivedAt: in.ReceivedAt.Truncate(time.Microsecond), From: in.From,
				Subjects: slices.Clone(in.Subjects), Allegations: slices.Clone(in.Allegations),
				Sealed: in.Sealed.clone(), Pseudonym: in.Pseudonym, ContentHash: in.ContentHash,
				RepeatOf: in.Repeat, PriorReport: in.Prior, Flags: slices.Clone(in.Flags)}
			c.ID, c.State = in.ID, Registered
			return c, nil
		},
		Apply: func(r *run, in intake) error {
			c := r.Case
			for i := range c.Flags {
				c.Flags[i].By = kit.RefOf(r.Actor, r.Role)
				r.Apply(c.Flags[i].Rule)
			}
			r.Apply("AC01", "AC15", "AC16")
			if c.RepeatOf != "" {
				// Kept on file with the first, not handled again (AC15); no
				// acceptance notice for a repeat (AC14).
				c.State = Filed
				r.End()
				r.Reason = "repeat of " + c.RepeatOf
				return nil
			}
			received := dandang.DayOf(c.ReceivedAt)
			switch {
			case c.Channel == PassedDown:
				// Passed down to be handled here (交办), whoever manages
				// the subject: it is not passed up again.
				s.dueFrom(c, "accept", received, r.Policy.Deadlines.PassedDown)
			case s.belongsAbove(r.Actor.Organ, c.Subjects):
				s.dueFrom(c, "pass_up", received, r.Policy.Deadlines.PassUp)
			default:
				s.dueFrom(c, "dispose", received, r.Policy.Deadlines.Dispose)
			}
			if c.Named {
				// Owed whatever the step, passed down or not, until given.
				c.AcceptanceDue = kit.TermOn(s.engine.Calendar(), received, r.Policy.Deadlines.Acceptance)
			}
			r.Apply("AC14")
			r.Counted(c.Provisional || c.AcceptanceDue.Provisional) // counted from receipt (XC03, XC10)
			return nil
		},
	}
}

// belongsAbove reports whether a subject is managed above the organ: the
// report belongs to a higher level (AC14).
func (s *Service) belongsAbove(o dandang.Organ, subjects []dandang.Subject) bool {
	return slices.ContainsFunc(subjects, func(sub dandang.Subject) bool { return sub.ManagedAt > o.Level })
}

// Repeats returns the repeat reports kept with the report first (AC15),
// within the actor's reach, through the store's index.
//
// Errors: Invalid for a bad actor or an empty id; Forbidden (XC07);
// Canceled.
func (s *Service) Repeats(ctx context.Context, actor dandang.Actor, first string) ([]*Case, error) {
	if strings.TrimSpace(first) == "" {
		return nil, kit.Invalidf(Kind+".Repeats", "XC06", "first", "required")
	}
	return s.engine.Find(ctx, Kind+".Repeats", actor, kit.Filter{Keys: map[string][]string{keyRepeatOf: {first}}})
}
