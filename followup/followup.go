package followup

import (
	"fmt"
	"slices"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Form returns the form of handling a sanction belongs to: light party
// discipline (warning, serious warning) and the lighter administrative
// sanctions (warning, demerit, major demerit) are the second form; removal
// from party posts, demotion and dismissal from post are heavy, the third.
func (s Sanction) Form() HandlingForm {
	switch s {
	case RemovalFromPartyPosts, Demotion, DismissalFromPost:
		return ThirdForm
	case "":
		return FirstForm
	}
	return SecondForm
}

// Fits returns the approach that fits a person's condition (FU03): explain
// the policy to the resistant, counsel those under pressure, encourage the
// slack. For a steady person any approach fits, and ok is false.
func (c Condition) Fits() (a Approach, ok bool) {
	switch c {
	case Resistant:
		return ExplainPolicy, true
	case Pressured:
		return Counsel, true
	case Slack:
		return Encourage, true
	}
	return "", false
}

// Decision is the discipline decision or handling a follow-up follows
// (FU01, FU07).
type Decision struct {
	ID       string       `json:"id"`
	Form     HandlingForm `json:"form" validate:"omitempty,valid" rule:"FU01"`     // the form of handling (四种形态)
	Sanction Sanction     `json:"sanction" validate:"omitempty,valid" rule:"FU07"` // "" for handling without a sanction (the first form)
	// EffectiveAt is when the decision took effect: the period counts from
	// that day (FU07).
	EffectiveAt time.Time `json:"effectiveAt"`
}

// Cleared is the clearance a follow-up follows (CL13).
type Cleared struct {
	CaseID   string    `json:"caseId"` // the clearance case
	ReportID string    `json:"reportId"`
	ClosedAt time.Time `json:"closedAt"`
}

// Step is a recorded step: who did it, when, and a note.
type Step = kit.Step

// Help is one problem of the person and the help for it (一病一方, FU04).
type Help struct {
	Problem string `json:"problem" validate:"nonblank,text" rule:"FU04"`
	Measure string `json:"measure" validate:"nonblank,text" rule:"FU04"`
}

// Plan is the plan for one person (一人一策, FU04): the approach that fits
// the person's condition (FU03), the help for each problem, and the forms
// and the people the visits will take and hear (FU05).
type Plan struct {
	Step
	Revision  int       `json:"revision"` // 1 for the first plan, then 2, 3, … as it is revised
	Condition Condition `json:"condition"`
	Approach  Approach  `json:"approach"`
	Help      []Help    `json:"help"`
	Forms     []Form    `json:"forms"`
	Targets   []Target  `json:"targets"`
}

// Visit is one visit and its record (一访一档, FU04, FU05, FU08).
type Visit struct {
	Step
	No       int         `json:"no"` // 1, 2, … in the person's file
	On       dandang.Day `json:"on"` // the day of the visit
	Form     Form        `json:"form"`
	Targets  []Target    `json:"targets"`  // whom it heard
	Visitors []string    `json:"visitors"` // at least two (FU08)
	Findings string      `json:"findings"` // the record: thinking, family, work (一访一档)
	Rating   Rating      `json:"rating"`
	// AtPeriodEnd marks the visit made when the discipline period ended
	// (FU08): the first after the lift.
	AtPeriodEnd bool `json:"atPeriodEnd"`
	Appraised   bool `json:"appraised"` // a good rating yielded an appraisal (FU08)
}

// Lift is the recorded end of the discipline period (FU07).
type Lift struct {
	Step
	On dandang.Day `json:"on"` // the day the sanction lifted: the day after the period's last
}

// Report is the results reported to the party committee and the
// organization department (FU06).
type Report struct {
	Step
	Summary string `json:"summary"`
	Visits  int    `json:"visits"` // visits reported on
	Rating  Rating `json:"rating"` // the latest visit's rating, as recorded
}

// Recommendation is a recommendation for promotion (FU06).
type Recommendation struct {
	Step
	Reason string `json:"reason"`
	Post   string `json:"post"`
}

// Promotion is the organization department's promotion of a recommended
// cadre, as the handling organ recorded it (FU06).
type Promotion struct {
	Step
	Post string      `json:"post"`
	On   dandang.Day `json:"on"`
}

// Stop is the end of a follow-up that was not concluded: the clearance it
// followed was revoked (CL20), or the person is no longer to be followed up.
type Stop struct {
	Step
	Reason string `json:"reason"`
	Rule   string `json:"rule"` // CL20 for a revoked clearance, FU01 otherwise
}

// MaxVisits is how many visits a case keeps, the latest (一访一档, FU04,
// FU08): a person visited again and again keeps at most MaxVisits in the
// case, numbered on from the first, and the history keeps every one,
// findings and all. What the case needs of the visits it no longer holds
// it keeps beside them: their number (the last visit's No) and the day of
// the latest visit at a period's end (EndVisit); [Service.Stats] reads
// the history of a case for a period older than the visits it keeps.
const MaxVisits = 24

// MaxReports is how many reports of results a case keeps, the latest
// (FU06); each, summary and all, stays in the history, and
// [Service.Stats] reads it there for a period older than those kept.
const MaxReports = 12

// Case is the follow-up of one person for one decision or clearance: the
// person's file (一人一档, FU04). The embedded header holds its ID, version,
// state, policy, handling organ, deadline and times.
type Case struct {
	kit.Header[State]

	Source   Source          `json:"source"`
	Channel  Channel         `json:"channel"`
	Campaign string          `json:"campaign"` // the campaign that opened it (FU02), if any
	Subject  dandang.Subject `json:"subject"`
	// ImposedBy is the organ that imposed the discipline or cleared the
	// subject, as the directory has it; by default it does the follow-up
	// (FU08).
	ImposedBy dandang.Organ `json:"imposedBy"`
	Decision  *Decision     `json:"decision"` // for a discipline follow-up
	Cleared   *Cleared      `json:"cleared"`  // for a clearance follow-up
	Period    *Period       `json:"period"`   // the sanction's period; nil without a sanction (FU07)

	// Joined are the person's further decisions followed up in this file
	// (一人一策、一人一档, FU04): one plan and one visit schedule for the
	// person, each decision listed within with its own period and lift
	// (FU07).
	Joined []JoinedDecision `json:"joined,omitempty"`

	Plan           *Plan           `json:"plan"`
	Visits         []Visit         `json:"visits"`    // the last MaxVisits, every one in the history
	NextVisit      dandang.Day     `json:"nextVisit"` // a visit is due by then: at least one a year (FU08)
	Lifted         *Lift           `json:"lifted"`
	Reports        []Report        `json:"reports"` // the last MaxReports, every one in the history
	Recommendation *Recommendation `json:"recommendation"`
	Promotion      *Promotion      `json:"promotion"`
	Stopped        *Stop           `json:"stopped"`

	// EndVisit is the day of the latest visit at a period's end (FU08),
	// kept when that visit is no longer among Visits; 0 before any.
	EndVisit dandang.Day `json:"endVisit,omitzero"`
}

// JoinedDecision is a further decision about the person followed up in the
// person's file (FU04): recorded by the step that joined it, with its
// period and, once it ran out, its lift (FU07).
type JoinedDecision struct {
	Step
	Decision Decision `json:"decision"`
	Period   *Period  `json:"period,omitempty"`
	Lifted   *Lift    `json:"lifted,omitempty"`
}

// Decisions returns the decisions followed up in the file: the one it was
// opened for, then those joined, in the order they joined.
func (c *Case) Decisions() []Decision {
	var out []Decision
	if c.Decision != nil {
		out = append(out, *c.Decision)
	}
	for _, j := range c.Joined {
		out = append(out, j.Decision)
	}
	return out
}

// holds reports whether the file follows up the decision with id.
func (c *Case) holds(id string) bool {
	return slices.ContainsFunc(c.Decisions(), func(d Decision) bool { return d.ID == id })
}

// term is one period of the file and where its lift is recorded.
type term struct {
	decision string
	period   *Period
	lifted   **Lift
}

// terms returns the periods of the file: the first decision's, then the
// joined ones', each with its lift.
func (c *Case) terms() []term {
	var out []term
	if c.Period != nil {
		id := ""
		if c.Decision != nil {
			id = c.Decision.ID
		}
		out = append(out, term{id, c.Period, &c.Lifted})
	}
	for i := range c.Joined {
		if j := &c.Joined[i]; j.Period != nil {
			out = append(out, term{j.Decision.ID, j.Period, &j.Lifted})
		}
	}
	return out
}

// hasPeriod reports whether a sanction of the file has a period (FU07).
func (c *Case) hasPeriod() bool { return len(c.terms()) > 0 }

// unlifted returns the first period whose lift is not recorded, or nil.
func (c *Case) unlifted() *Period {
	var first *Period
	for _, t := range c.terms() {
		if *t.lifted == nil && (first == nil || t.period.Lifts < first.Lifts) {
			first = t.period
		}
	}
	return first
}

// endsOn returns the day the last period of the file lifts, or 0.
func (c *Case) endsOn() dandang.Day {
	var last dandang.Day
	for _, t := range c.terms() {
		last = max(last, t.period.Lifts)
	}
	return last
}

// CaseID returns the ID of the follow-up of subject for the decision or
// clearance sourceID: one case per source and person, so that a second
// follow-up for the same decision is found (FU01).
func CaseID(source Source, sourceID, subjectID string) string {
	return kit.CaseID(string(source), sourceID, subjectID)
}

// Open reports whether the follow-up is still in progress.
func (c *Case) Open() bool { return !c.Ended() }

// LastRating returns the latest visit's rating, or "" before any visit.
func (c *Case) LastRating() Rating {
	if len(c.Visits) == 0 {
		return ""
	}
	return c.Visits[len(c.Visits)-1].Rating
}

// EndVisited reports whether the visit at the period's end was made (FU08):
// of the last period of the file to end, when decisions joined it.
func (c *Case) EndVisited() bool {
	end := c.endsOn()
	if c.EndVisit != 0 && c.EndVisit >= end {
		return true
	}
	// A case stored before EndVisit was kept holds every visit.
	return slices.ContainsFunc(c.Visits, func(v Visit) bool { return v.AtPeriodEnd && v.On >= end })
}

// visitsMade returns how many visits were made: the last one's number,
// whether or not the case still keeps the first (MaxVisits).
func (c *Case) visitsMade() int {
	if len(c.Visits) == 0 {
		return 0
	}
	return c.Visits[len(c.Visits)-1].No
}

// Meta returns what stores index of the case.
func (c *Case) Meta() kit.Meta {
	m := c.Header.Meta()
	m.SubjectIDs = []string{c.Subject.ID}
	return m
}

// Clone returns a deep copy of c: nothing of it is shared with c.
func (c *Case) Clone() *Case {
	if c == nil {
		return nil
	}
	n := *c
	if c.Decision != nil {
		v := *c.Decision
		n.Decision = &v
	}
	if c.Cleared != nil {
		v := *c.Cleared
		n.Cleared = &v
	}
	if c.Period != nil {
		v := *c.Period
		n.Period = &v
	}
	if c.Plan != nil {
		v := *c.Plan
		v.Help = slices.Clone(c.Plan.Help)
		v.Forms = slices.Clone(c.Plan.Forms)
		v.Targets = slices.Clone(c.Plan.Targets)
		n.Plan = &v
	}
	if c.Visits != nil {
		n.Visits = make([]Visit, len(c.Visits))
		for i, v := range c.Visits {
			v.Targets = slices.Clone(v.Targets)
			v.Visitors = slices.Clone(v.Visitors)
			n.Visits[i] = v
		}
	}
	if c.Lifted != nil {
		v := *c.Lifted
		n.Lifted = &v
	}
	if c.Joined != nil {
		n.Joined = make([]JoinedDecision, len(c.Joined))
		for i, j := range c.Joined {
			if j.Period != nil {
				v := *j.Period
				j.Period = &v
			}
			if j.Lifted != nil {
				v := *j.Lifted
				j.Lifted = &v
			}
			n.Joined[i] = j
		}
	}
	n.Reports = slices.Clone(c.Reports)
	if c.Recommendation != nil {
		v := *c.Recommendation
		n.Recommendation = &v
	}
	if c.Promotion != nil {
		v := *c.Promotion
		n.Promotion = &v
	}
	if c.Stopped != nil {
		v := *c.Stopped
		n.Stopped = &v
	}
	return &n
}

// Validate checks the invariants every stored case keeps: a store calls it
// on what it reads back, so that a row changed behind the library's back is
// reported, never returned as silent zero values. The error is Internal
// (XC11) and names the case.
func (c *Case) Validate() error {
	const op = "followup.Case.Validate"
	bad := func(field, msg string) error { return kit.Corrupt(op, c.ID, field, msg) }
	if err := c.Header.CheckState(op, State.Valid, func(s State) bool { return s == Closed || s == Stopped }); err != nil {
		return err
	}
	switch {
	case !c.Source.Valid():
		return bad("Source", fmt.Sprintf("unknown source %q", c.Source))
	case c.Source == FromDiscipline && c.Decision == nil:
		return bad("Decision", "a discipline follow-up without its decision")
	case c.Source == FromClearance && c.Cleared == nil:
		return bad("Cleared", "a clearance follow-up without its clearance")
	case c.Subject.Kind != dandang.Person:
		return bad("Subject.Kind", "only persons are followed up (FU01)")
	}
	if err := c.Subject.Validate(op, "Subject"); err != nil {
		return bad("Subject", err.Error())
	}
	for i, v := range c.Visits {
		if !v.Rating.Valid() || !v.Form.Valid() {
			return bad(fmt.Sprintf("Visits[%d]", i), "unknown rating or form")
		}
	}
	return nil
}
