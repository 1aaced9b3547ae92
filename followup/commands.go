package followup

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

// The steps a follow-up's deadline is for.
const (
	stepPlan     = "plan"      // working days from the opening (FU04)
	stepVisit    = "visit"     // at least one visit a year (FU08): a calendar date
	stepLift     = "lift"      // the day the sanction lifts (FU07): a calendar date
	stepEndVisit = "end_visit" // working days from the recorded lift (FU08)
)

func refOf[I interface{ ref() Ref }](in I) Ref { return in.ref() }

// staff authorizes the handling organ's staff holding one of roles: under
// the default policy only the organ that imposed the discipline (FU08);
// otherwise that organ and the organs above it (XC02).
func staff[I any](roles func(Policy) []dandang.Role) func(r *run, _ I) error {
	return func(r *run, _ I) error {
		if r.Policy.ImposerFollowsUp {
			return r.Authorize(roles, kit.InOrgan, "XC02", "FU08")
		}
		return r.Authorize(roles, kit.InOrganOrAbove, "XC02", "XC02")
	}
}

func visitRoles(p Policy) []dandang.Role  { return p.VisitRoles }
func decideRoles(p Policy) []dandang.Role { return p.DecideRoles }

// setDue sets a calendar-date deadline: the visits a year apart and the day
// the sanction lifts are counted in calendar months, not working days, and
// are never provisional (XC10 concerns working-day counts).
func setDue(c *Case, step string, d dandang.Day) {
	c.Due, c.DueStep, c.DueFrom, c.DueDays, c.Provisional = d, step, 0, 0, false
}

// schedule sets the case's deadline after a command (FU07, FU08): the visit
// at the period's end while it is due after the lift; otherwise the earlier
// of the next yearly visit and, before the lift, the day the sanction lifts.
func schedule(r *run) {
	c := r.Case
	switch {
	case c.Ended() || c.State == Opened:
		return
	case c.hasPeriod() && c.unlifted() == nil && !c.EndVisited():
		if c.DueStep != stepEndVisit {
			r.Due(stepEndVisit, r.Policy.EndVisitDays)
		}
		return
	}
	step, due := stepVisit, c.NextVisit
	if p := c.unlifted(); p != nil && p.Lifts <= due {
		step, due = stepLift, p.Lifts
	}
	setDue(c, step, due)
}

// PlanInput is the plan for one person (一人一策, FU03, FU04, FU05).
type PlanInput struct {
	Ref
	Condition Condition `json:"condition" validate:"valid" rule:"FU03"`
	Approach  Approach  `json:"approach" validate:"valid" rule:"FU03"`                // must fit the condition (FU03)
	Help      []Help    `json:"help" validate:"min=1,list,dive" rule:"FU04"`          // each problem and its help (一病一方): at least one
	Forms     []Form    `json:"forms" validate:"min=1,list,dive,valid" rule:"FU05"`   // the forms the visits take
	Targets   []Target  `json:"targets" validate:"min=1,list,dive,valid" rule:"FU05"` // whom the visits hear
	Note      string    `json:"note" validate:"text"`
}

func (in PlanInput) ref() Ref { return in.Ref }

func (in PlanInput) validate(op string) error {
	if want, ok := in.Condition.Fits(); ok && in.Approach != want {
		return kit.Invalidf(op, "FU03", "Approach", fmt.Sprintf("a person %s is met with %s, not %s", in.Condition, want, in.Approach))
	}
	for i, f := range in.Forms {
		if slices.Index(in.Forms, f) != i {
			return kit.Invalidf(op, "FU05", fmt.Sprintf("Forms[%d]", i), fmt.Sprintf("form %q listed twice", f))
		}
	}
	return repeatedTarget(op, in.Targets)
}

// repeatedTarget refuses a target listed twice (FU05); the targets' tags
// refuse an unknown one.
func repeatedTarget(op string, ts []Target) error {
	for i, t := range ts {
		if slices.Index(ts, t) != i {
			return kit.Invalidf(op, "FU05", fmt.Sprintf("Targets[%d]", i), fmt.Sprintf("target %q listed twice", t))
		}
	}
	return nil
}

// missingTarget returns the first of the policy's targets ts lacks (FU05).
func missingTarget(p Policy, ts []Target) (Target, bool) {
	for _, t := range p.VisitTargets {
		if !slices.Contains(ts, t) {
			return t, true
		}
	}
	return "", false
}

func planCommand(name string, from []State, to State, op string) command[PlanInput] {
	return command[PlanInput]{
		Name: name, Moves: []Move{{Event: name, From: from, To: to}}, Ref: refOf[PlanInput],
		Authorize: staff[PlanInput](visitRoles),
		Validate:  func(in PlanInput) error { return in.validate(op) },
		Guard: func(r *run, in PlanInput) error {
			if t, ok := missingTarget(r.Policy, in.Targets); ok {
				return r.Invalid("FU05", "Targets", fmt.Sprintf("every visit hears the %s under the policy", t))
			}
			return nil
		},
		Apply: func(r *run, in PlanInput) error {
			c := r.Case
			rev := 1
			if c.Plan != nil {
				rev = c.Plan.Revision + 1
			}
			c.Plan = &Plan{Step: r.Step(in.Note), Revision: rev, Condition: in.Condition, Approach: in.Approach,
				Help: slices.Clone(in.Help), Forms: slices.Clone(in.Forms), Targets: slices.Clone(in.Targets)}
			r.Reason = in.Note
			r.Apply("FU03", "FU04", "FU05")
			schedule(r)
			return nil
		},
	}
}

var (
	plan       = planCommand("plan", []State{Opened}, Following, "followup.Plan")
	revisePlan = planCommand("revise_plan", []State{Following, Lifted, Recommended}, "", "followup.RevisePlan")
)

// Plan sets the plan for the person (一人一策, FU04): the approach that fits
// the person's condition (FU03), each problem and its help, the forms and
// whom the visits hear (FU05), and starts the visits. Allowed while opened.
//
// Errors: Invalid (FU03) for an approach that does not fit, (FU04) without
// help, (FU05) without forms or targets, or missing a target the policy
// requires; Conflict for a stale version; NotFound; Transition (XC09) in
// another state; Forbidden (XC07, XC02, FU08); Canceled.
func (s *Service) Plan(ctx context.Context, actor dandang.Actor, in PlanInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.Plan", &plan, actor, in)
}

// RevisePlan replaces the plan with a new revision, the earlier kept in the
// history. Allowed while following, lifted or recommended.
//
// Errors: as for Plan.
func (s *Service) RevisePlan(ctx context.Context, actor dandang.Actor, in PlanInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.RevisePlan", &revisePlan, actor, in)
}

// VisitInput records one visit (一访一档, FU04, FU05, FU08).
type VisitInput struct {
	Ref
	On       time.Time `json:"on"` // the day of the visit; zero: today
	Form     Form      `json:"form" validate:"valid" rule:"FU05"`
	Targets  []Target  `json:"targets" validate:"min=1,list,dive,valid" rule:"FU05"`
	Visitors []string  `json:"visitors" validate:"list,dive,nonblank,text" rule:"FU08"`
	Findings string    `json:"findings" validate:"nonblank,text" rule:"FU04"` // the record of the visit
	Rating   Rating    `json:"rating" validate:"valid" rule:"FU08"`
}

func (in VisitInput) ref() Ref { return in.Ref }

func (in VisitInput) validate(op string) error {
	if err := repeatedTarget(op, in.Targets); err != nil {
		return err
	}
	// Visitors are people: "甲" and "甲 " are one, compared by name key
	// (FU08: at least two visitors).
	seen := map[string]bool{}
	for i, v := range in.Visitors {
		k := kit.NameKey(v)
		if seen[k] {
			return kit.Invalidf(op, "FU08", fmt.Sprintf("Visitors[%d]", i), fmt.Sprintf("%s listed twice", strings.TrimSpace(v)))
		}
		seen[k] = true
	}
	return nil
}

// visitors returns the visitors as recorded: trimmed, white space inside
// collapsed.
func visitors(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.Join(strings.Fields(v), " ")
	}
	return out
}

var visit = command[VisitInput]{
	Name: "visit", Moves: []Move{{Event: "visit", From: []State{Following, Lifted, Recommended}}}, Ref: refOf[VisitInput],
	Authorize: staff[VisitInput](visitRoles),
	Validate:  func(in VisitInput) error { return in.validate("followup.Visit") },
	Guard: func(r *run, in VisitInput) error {
		c := r.Case
		if n := len(in.Visitors); n < r.Policy.MinVisitors {
			return r.Invalid("FU08", "Visitors", fmt.Sprintf("a visit needs at least %d visitors, not %d", r.Policy.MinVisitors, n))
		}
		if t, ok := missingTarget(r.Policy, in.Targets); ok {
			return r.Invalid("FU05", "Targets", fmt.Sprintf("every visit hears the %s under the policy", t))
		}
		on := visitDay(r, in.On)
		switch {
		case on > r.Today:
			return r.Invalid("XC06", "On", "a visit is recorded once made")
		case on < dandang.DayOf(c.OpenedAt):
			return r.Invalid("XC06", "On", "the visit precedes the follow-up")
		case len(c.Visits) > 0 && on < c.Visits[len(c.Visits)-1].On:
			return r.Invalid("XC06", "On", "visits are filed in the order they were made")
		}
		return nil
	},
	Apply: func(r *run, in VisitInput) error {
		c := r.Case
		on := visitDay(r, in.On)
		v := Visit{Step: r.Step(""), No: c.visitsMade() + 1, On: on, Form: in.Form, Targets: slices.Clone(in.Targets),
			Visitors: visitors(in.Visitors), Findings: in.Findings, Rating: in.Rating}
		r.Apply("FU04", "FU05", "FU08")
		// The period's end is a fact of the calendar, the lift record its
		// paperwork: the first visit on or after the day the sanction
		// lifts is the visit at the period's end, recorded lift or not.
		if c.hasPeriod() && on >= c.endsOn() && !c.EndVisited() {
			v.AtPeriodEnd = true
		}
		if in.Rating == Good && r.Policy.AppraiseOnGood {
			v.Appraised = true
			r.Emit(event.AppraisalIssued{CaseID: c.ID, Subject: c.Subject, Organ: c.Organ, Visit: v.No,
				Rating: string(in.Rating), Findings: in.Findings, IssuedAt: r.Now})
		}
		if v.AtPeriodEnd {
			c.EndVisit = on
		}
		c.Visits = kit.KeepLast(append(c.Visits, v), MaxVisits)
		c.NextVisit = AddMonths(on, r.Policy.VisitEveryMonths)
		schedule(r)
		return nil
	},
}

func visitDay(r *run, t time.Time) dandang.Day {
	if t.IsZero() {
		return r.Today
	}
	return dandang.DayOf(t)
}

// Visit records a visit in the person's file (一访一档, FU04): its form and
// whom it heard (FU05), at least the policy's number of visitors, its record
// and its rating, good, average or poor (FU08). A good rating yields an
// appraisal for the organization department, a
// [event.AppraisalIssued] event (FU08). The first visit on or after the
// day the sanction lifts by the calendar is the visit at the period's end,
// whether or not the lift is recorded yet. Visitors are compared by
// [kit.NameKey]: "甲" and "甲 " are one person. The next visit is due within the policy's
// months. Allowed while following, lifted or recommended, to the staff of
// the organ that imposed the discipline (FU08, by default).
//
// Errors: Invalid (FU08) for too few or repeated visitors or a rating off the
// scale, (FU05) for an unknown form or a missing target, (FU04) without
// findings, (XC06) for a day in the future or out of order; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02, FU08 for another
// organ); Canceled.
func (s *Service) Visit(ctx context.Context, actor dandang.Actor, in VisitInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.Visit", &visit, actor, in)
}

// refInput is the input of a command that needs only the case.
type refInput struct{ Ref }

func (in refInput) ref() Ref { return in.Ref }

var lift = command[refInput]{
	Name: "lift",
	// The last period of the file to run out lifts the case; an earlier
	// one, of a decision joined to it, is recorded and the case goes on.
	Moves: []Move{{Event: "lift", From: []State{Following}, To: Lifted}, {Event: "lift_one", From: []State{Following}}},
	Ref:   refOf[refInput],
	Choose: func(r *run, _ refInput) string {
		for _, t := range r.Case.terms() {
			if *t.lifted == nil && t.period.Lifts > r.Today {
				return "lift_one"
			}
		}
		return "lift"
	},
	Authorize: staff[refInput](visitRoles),
	Guard: func(r *run, _ refInput) error {
		p := r.Case.unlifted()
		if p == nil {
			return r.Invalid("FU07", "Period", "no sanction, no period to lift")
		}
		if r.Today < p.Lifts {
			return r.Invalid("FU07", "Period", fmt.Sprintf("the %s is in force through %s", p.Sanction, p.Last))
		}
		return nil
	},
	Apply: func(r *run, _ refInput) error {
		c := r.Case
		var lifted []string
		for _, t := range c.terms() {
			if *t.lifted != nil || t.period.Lifts > r.Today {
				continue
			}
			p := t.period
			*t.lifted = &Lift{Step: r.Step(""), On: p.Lifts}
			lifted = append(lifted, fmt.Sprintf("the %d-month period of the %s ran out on %s", p.Months, p.Sanction, p.Last))
			r.Emit(event.SanctionLifted{CaseID: c.ID, DecisionID: t.decision, Subject: c.Subject, Organ: c.ImposedBy,
				Sanction: string(p.Sanction), LastDay: p.Last, LiftedOn: p.Lifts, RecordedAt: r.Now})
		}
		r.Reason = strings.Join(lifted, "; ")
		r.Apply("FU07", "FU08")
		schedule(r)
		return nil
	},
}

// unlifted refuses a command that needs the sanction lifted on a case whose
// lift is not recorded, saying which it is (FU07): the sanction in force
// through its last day, or the period run out and the lift due but not
// recorded — never "in force" through a day gone by.
func unlifted(r *run, rule, why string) error {
	p := r.Case.unlifted()
	if r.Today < p.Lifts {
		return r.Invalid(rule, "Period", fmt.Sprintf("%s: the %s is in force through %s", why, p.Sanction, p.Last))
	}
	return r.Invalid("FU07", "Lifted", fmt.Sprintf("the %s ran out on %s and lifted on %s, but the lift is not recorded: record it (Lift, or LiftDue for every lift due)",
		p.Sanction, p.Last, p.Lifts))
}

// Lift records that the discipline period ran out and the sanction lifted
// by itself (FU07), as a step of the case, and writes a
// [event.SanctionLifted] event; the visit at the period's end is then due
// within the policy's working days (FU08). [Service.LiftDue] records every
// lift due in the actor's reach. Allowed while following.
//
// Errors: Invalid (FU07) for a case without a sanction or a period not yet
// run out; Conflict; NotFound; Transition (XC09); Forbidden (XC07, XC02,
// FU08); Canceled.
func (s *Service) Lift(ctx context.Context, actor dandang.Actor, in LiftInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.Lift", &lift, actor, refInput(in))
}

// LiftInput is the input of [Service.Lift]: the case, at the version read.
type LiftInput struct{ Ref }

// ReportInput reports the results (FU06).
type ReportInput struct {
	Ref
	Summary string `json:"summary" validate:"nonblank,text" rule:"FU06"` // the report's words; the ratings are the visits' own
}

func (in ReportInput) ref() Ref { return in.Ref }

// Recipients are those the results are reported to (FU06).
var recipients = []string{"party_committee", string(dandang.OrganizationDept)}

var report = command[ReportInput]{
	Name: "report", Moves: []Move{{Event: "report", From: []State{Following, Lifted, Recommended}}}, Ref: refOf[ReportInput],
	Authorize: staff[ReportInput](visitRoles),
	Guard: func(r *run, _ ReportInput) error {
		if len(r.Case.Visits) == 0 {
			return r.Invalid("FU06", "Visits", "results are reported from visits: none was made")
		}
		return nil
	},
	Apply: func(r *run, in ReportInput) error {
		c := r.Case
		c.Reports = kit.KeepLast(append(c.Reports, Report{Step: r.Step(""), Summary: in.Summary, Visits: c.visitsMade(), Rating: c.LastRating()}), MaxReports)
		ratings := make([]string, len(c.Visits))
		for i, v := range c.Visits {
			ratings[i] = string(v.Rating)
		}
		ev := event.FollowUpReported{CaseID: c.ID, Subject: c.Subject, Organ: c.Organ, To: slices.Clone(recipients),
			Summary: in.Summary, Visits: c.visitsMade(), Ratings: ratings, Lifted: c.hasPeriod() && c.unlifted() == nil, ReportedAt: r.Now}
		if c.hasPeriod() {
			ev.PeriodEnds = c.endsOn() - 1
		}
		r.Emit(ev)
		r.Apply("FU06")
		schedule(r)
		return nil
	},
}

// Report reports the results of the visits truthfully to the party
// committee and the organization department (FU06), as a
// [event.FollowUpReported] event carrying the number of visits made and
// the ratings, as recorded, of the last MaxVisits the case keeps (every
// visit's rating stays in the history). Allowed while following, lifted or recommended.
//
// Errors: Invalid (FU06) without a summary or before any visit; Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02, FU08); Canceled.
func (s *Service) Report(ctx context.Context, actor dandang.Actor, in ReportInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.Report", &report, actor, in)
}

// RecommendInput recommends the person for promotion (FU06).
type RecommendInput struct {
	Ref
	Reason string `json:"reason" validate:"nonblank,text" rule:"FU06"` // why: the performance the visits found
	Post   string `json:"post" validate:"text"`                        // the post recommended for, if named
}

func (in RecommendInput) ref() Ref { return in.Ref }

var recommend = command[RecommendInput]{
	Name: "recommend", Moves: []Move{{Event: "recommend", From: []State{Following, Lifted}, To: Recommended}}, Ref: refOf[RecommendInput],
	Authorize: staff[RecommendInput](decideRoles),
	Guard: func(r *run, _ RecommendInput) error {
		c := r.Case
		switch last := c.LastRating(); {
		case c.unlifted() != nil:
			return unlifted(r, "FU06", "only a cadre whose period has run out is recommended")
		case last == "":
			return r.Invalid("FU06", "Visits", "the performance is judged on visits: none was made")
		case last == Poor:
			return r.Invalid("FU06", "Rating", "the latest visit was rated poor")
		case last != Good:
			return r.Invalid("FU06", "Rating", fmt.Sprintf("a cadre who performs well is recommended: the latest visit was rated %s", last))
		case c.hasPeriod() && !c.EndVisited():
			return r.Invalid("FU08", "Visits", "visit the person at the period's end first")
		}
		return nil
	},
	Apply: func(r *run, in RecommendInput) error {
		c := r.Case
		c.Recommendation = &Recommendation{Step: r.Step(""), Reason: in.Reason, Post: in.Post}
		r.Reason = in.Reason
		ev := event.PromotionRecommended{CaseID: c.ID, Subject: c.Subject, Organ: c.Organ, Reason: in.Reason, Post: in.Post, RecommendedAt: r.Now}
		r.Apply("FU06")
		if c.hasPeriod() {
			ev.PeriodEnded = c.endsOn() - 1
			r.Apply("FU07", "FU08")
		}
		r.Emit(ev)
		schedule(r)
		return nil
	},
}

// Recommend records a recommendation for promotion (FU06) and writes a
// [event.PromotionRecommended] event for the organization department: for
// a cadre whose discipline period has run out and been lifted (FU07), who
// was visited at the period's end (FU08), and whose latest visit was rated
// good; a cleared person or one handled without a sanction needs the good
// rating alone. Allowed while following or lifted, to the policy's
// DecideRoles.
//
// Errors: Invalid (FU06) without a reason, before the period ends, before
// any visit, or after a poor or average latest rating, (FU07, field Lifted)
// once the period ran out but before its lift is recorded, (FU08) before
// the visit at the period's end; Conflict; NotFound; Transition (XC09);
// Forbidden (XC07, XC02, FU08); Canceled.
func (s *Service) Recommend(ctx context.Context, actor dandang.Actor, in RecommendInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.Recommend", &recommend, actor, in)
}

// PromoteInput records the organization department's promotion of a
// recommended cadre (FU06).
type PromoteInput struct {
	Ref
	Post string    `json:"post" validate:"nonblank,text" rule:"FU06"`
	On   time.Time `json:"on"` // zero: today
}

func (in PromoteInput) ref() Ref { return in.Ref }

var promote = command[PromoteInput]{
	Name: "promote", Moves: []Move{{Event: "promote", From: []State{Recommended}}}, Ref: refOf[PromoteInput],
	Authorize: func(r *run, in PromoteInput) error {
		if err := staff[PromoteInput](func(p Policy) []dandang.Role { return p.PromotionRoles })(r, in); err != nil {
			return err
		}
		// Who recommended does not record the promotion as made (XC08).
		if rec := r.Case.Recommendation; rec != nil && rec.By.ID == r.Actor.ID {
			return r.Forbidden("XC08", fmt.Sprintf("%s recommended the promotion and may not record it", r.Actor.ID))
		}
		return nil
	},
	Guard: func(r *run, in PromoteInput) error {
		switch {
		case r.Case.Promotion != nil:
			return r.Invalid("FU06", "Promotion", "the promotion is recorded already")
		case visitDay(r, in.On) > r.Today:
			return r.Invalid("XC06", "On", "a promotion is recorded once made")
		}
		return nil
	},
	Apply: func(r *run, in PromoteInput) error {
		r.Case.Promotion = &Promotion{Step: r.Step(""), Post: in.Post, On: visitDay(r, in.On)}
		r.Apply("FU06")
		return nil
	},
}

// Promote records the promotion the organization department made after the
// recommendation (FU06). Allowed once, while recommended, to the policy's
// PromotionRoles.
//
// Errors: Invalid (FU06) without the post or when recorded already, (XC06)
// for a day in the future; Conflict; NotFound; Transition (XC09); Forbidden
// (XC07, XC02, FU08, XC08 for whoever recommended it); Canceled.
func (s *Service) Promote(ctx context.Context, actor dandang.Actor, in PromoteInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.Promote", &promote, actor, in)
}

// CloseInput concludes a follow-up.
type CloseInput struct {
	Ref
	Note string `json:"note" validate:"text"`
}

func (in CloseInput) ref() Ref { return in.Ref }

var closeCase = command[CloseInput]{
	Name: "close", Moves: []Move{{Event: "close", From: []State{Following, Lifted, Recommended}, To: Closed}}, Ref: refOf[CloseInput],
	Authorize: staff[CloseInput](decideRoles),
	Guard: func(r *run, _ CloseInput) error {
		c := r.Case
		switch {
		case len(c.Visits) == 0:
			return r.Invalid("FU08", "Visits", "no visit was made")
		case c.unlifted() != nil:
			return unlifted(r, "FU07", "a follow-up is concluded once the sanction lifted")
		case c.hasPeriod() && !c.EndVisited():
			return r.Invalid("FU08", "Visits", "visit the person at the period's end first")
		case len(c.Reports) == 0 || c.Reports[len(c.Reports)-1].Visits < c.visitsMade():
			return r.Invalid("FU06", "Reports", "report the results of the visits first")
		}
		return nil
	},
	Apply: func(r *run, in CloseInput) error {
		r.Reason = in.Note
		r.Apply("FU06", "FU08")
		r.End()
		return nil
	},
}

// Close concludes the follow-up: at least one visit was made (FU08); where
// there was a sanction, it lifted (FU07) and the person was visited at the
// period's end (FU08); and the results of every visit were reported (FU06).
// Allowed while following, lifted or recommended, to the policy's
// DecideRoles.
//
// Errors: Invalid (FU06, FU07, FU08) for what is outstanding (FU07 with
// field Lifted for a lift due but not recorded); Conflict;
// NotFound; Transition (XC09); Forbidden (XC07, XC02, FU08); Canceled.
func (s *Service) Close(ctx context.Context, actor dandang.Actor, in CloseInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.Close", &closeCase, actor, in)
}

// StopInput stops a follow-up that will not be concluded.
type StopInput struct {
	Ref
	Reason string `json:"reason" validate:"nonblank,text" rule:"FU01"`
}

type stopInput struct {
	Ref
	Reason string `json:"reason" validate:"nonblank,text" rule:"FU01"`
	Rule   string `json:"rule"`
}

func (in stopInput) ref() Ref { return in.Ref }

var stop = command[stopInput]{
	Name: "stop", Moves: []Move{{Event: "stop", From: active, To: Stopped}}, Ref: refOf[stopInput],
	Authorize: staff[stopInput](decideRoles),
	Apply: func(r *run, in stopInput) error {
		r.Case.Stopped = &Stop{Step: r.Step(""), Reason: in.Reason, Rule: in.Rule}
		r.Reason = in.Reason
		r.Apply(in.Rule, "XC11")
		r.End()
		return nil
	},
}

// Stop ends a follow-up that will not be concluded — the person is no
// longer one to follow up (FU01) — with the reason recorded; nothing
// earlier is erased (XC11). A revoked clearance stops its follow-up through
// [Service.HandleClearanceRevoked] (CL20). Allowed in every open state, to
// the policy's DecideRoles.
//
// Errors: Invalid (FU01) without a reason; Conflict; NotFound; Transition
// (XC09); Forbidden (XC07, XC02, FU08); Canceled.
func (s *Service) Stop(ctx context.Context, actor dandang.Actor, in StopInput) (*Case, error) {
	return kit.Exec(ctx, s.engine, "followup.Stop", &stop, actor, stopInput{Ref: in.Ref, Reason: in.Reason, Rule: "FU01"})
}
