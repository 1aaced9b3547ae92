package followup

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// Kind is the case kind written into history records and events.
const Kind = "followup"

// Cases describes followup cases to a store: memdb.NewStore(db, followup.Cases) or
// postgres.NewStore(db, followup.Cases) opens the store a [Config] takes.
var Cases = kit.Kind[*Case]{Name: Kind, New: func() *Case { return new(Case) }}

// DispatcherID is the actor ID under which the event handlers act: a
// follow-up opened by a delivered event, or stopped by one, is recorded as
// done by the dispatcher for the organ the event names, with the first of
// the policy's roles for the step. The organ is still resolved in the
// directory (XC07).
const DispatcherID = "followup.dispatcher"

// Store is the store the Service consumes: the kit's generic store for
// follow-up cases.
type Store = kit.Store[*Case]

// Ref names a case and the version the caller last read.
type Ref = dandang.Ref

// Config configures a Service: the kit's Setup, as every process is
// configured (Store, Directory, Clock, Calendar, Policies, Limits, Logger,
// Observer). Store and Directory are required; the rest have defaults, the
// policies [DefaultPolicy] alone.
type Config = kit.Setup[*Case, Policy]

// Service runs the follow-up process. It is safe for concurrent use: it
// keeps no state of its own beyond its configuration, and the store's
// version check settles races between commands on one case.
type Service struct {
	// Reads are Get, History, Verify, Overdue, Provisional, LoadCalendar
	// and Redate, as every process has them.
	kit.Reads[State, *Case, Policy]
	engine *kit.Engine[State, *Case, Policy]
}

type run = kit.Run[State, *Case, Policy]

// command declares a follow-up command taking input I.
type command[I any] = kit.Command[State, *Case, Policy, I]

// NewService returns a Service. It returns an Invalid error when the store
// or the directory is missing or a policy of the set does not validate.
func NewService(cfg Config) (*Service, error) {
	e, err := kit.NewEngine(kit.EngineConfig[State, *Case, Policy]{Setup: cfg,
		Kind: Kind, Initial: Opened, Moves: moves(), Active: active, Default: DefaultPolicy})
	if err != nil {
		return nil, err
	}
	return &Service{Reads: kit.NewReads(e), engine: e}, nil
}

// moves is the transition table: every move of every command.
func moves() []Move {
	var out []Move
	for _, ms := range [][]Move{plan.Moves, revisePlan.Moves, visit.Moves, lift.Moves, report.Moves,
		recommend.Moves, promote.Moves, closeCase.Moves, stop.Moves, join.Moves} {
		out = append(out, ms...)
	}
	return out
}

// NewFollowUp is the input to Open: the person, and the decision or the
// clearance followed up.
type NewFollowUp struct {
	Subject  dandang.Subject `json:"subject"`
	Source   Source          `json:"source" validate:"valid" rule:"FU01"`
	Decision *Decision       `json:"decision"` // for a discipline follow-up
	Cleared  *Cleared        `json:"cleared"`  // for a clearance follow-up
	// ImposedBy is the ID of the organ that imposed the discipline or
	// cleared the subject, looked up in the directory (XC07); empty: the
	// actor's organ.
	ImposedBy string `json:"imposedBy" validate:"text"`

	channel  Channel
	campaign string
}

func (n NewFollowUp) sourceID() string {
	if n.Source == FromClearance && n.Cleared != nil {
		return n.Cleared.CaseID
	}
	if n.Decision != nil {
		return n.Decision.ID
	}
	return ""
}

func (n NewFollowUp) validate(op string) error {
	if err := n.Subject.Validate(op, "Subject"); err != nil {
		return err
	}
	if n.Subject.Kind != dandang.Person {
		return kit.Invalidf(op, "FU01", "Subject.Kind", "party members, cadres and officials are followed up, not organizations")
	}
	switch n.Source {
	case FromDiscipline:
		d := n.Decision
		switch {
		case d == nil:
			return kit.Invalidf(op, "FU01", "Decision", "a discipline follow-up names its decision")
		case n.Cleared != nil:
			return kit.Invalidf(op, "FU01", "Cleared", "a discipline follow-up names no clearance")
		}
		if err := kit.CheckID(op, "Decision.ID", d.ID); err != nil {
			return err
		}
		switch {
		case d.Form == "" && d.Sanction == "":
			return kit.Invalidf(op, "FU01", "Decision.Form", "name the form of handling or the sanction")
		case d.EffectiveAt.IsZero():
			return kit.Invalidf(op, "FU07", "Decision.EffectiveAt", "the period counts from the day the decision takes effect")
		}
	case FromClearance:
		c := n.Cleared
		switch {
		case c == nil:
			return kit.Invalidf(op, "FU01", "Cleared", "a clearance follow-up names its clearance")
		case n.Decision != nil:
			return kit.Invalidf(op, "FU01", "Decision", "a clearance follow-up names no decision")
		}
		if err := kit.CheckID(op, "Cleared.CaseID", c.CaseID); err != nil {
			return err
		}
		if c.ClosedAt.IsZero() {
			return kit.Invalidf(op, "CL13", "Cleared.ClosedAt", "follow-up comes after the clearance")
		}
	}
	return nil
}

var open = kit.Creation[State, *Case, Policy, NewFollowUp]{
	Name:     "open",
	Roles:    func(p Policy) []dandang.Role { return p.OpenRoles },
	Rule:     "XC02",
	Validate: func(in NewFollowUp) error { return in.validate("followup.Open") },
	New: func(r *run, in NewFollowUp) (*Case, error) {
		id := in.ImposedBy
		if id == "" {
			id = r.Actor.Organ.ID
		}
		imposer, ok := r.Directory().Organ(id)
		if !ok {
			return nil, &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC07", Field: "ImposedBy",
				Message: fmt.Sprintf("organ %q is not in the directory", id)}
		}
		ch := in.channel
		if ch == "" {
			ch = Direct
		}
		c := &Case{Source: in.Source, Channel: ch, Campaign: in.campaign, Subject: in.Subject, ImposedBy: imposer}
		c.ID, c.State = CaseID(in.Source, in.sourceID(), in.Subject.ID), Opened
		if in.Decision != nil {
			d := *in.Decision
			if d.Form == "" {
				d.Form = d.Sanction.Form()
			}
			if d.EffectiveAt.After(r.Now) {
				return nil, r.Invalid("FU07", "Decision.EffectiveAt", "the decision has not taken effect yet")
			}
			c.Decision = &d
			if d.Sanction != "" {
				p, ok := r.Policy.Period(d.Sanction, dandang.DayOf(d.EffectiveAt))
				if !ok {
					return nil, r.Invalid("FU07", "Decision.Sanction", fmt.Sprintf("the policy has no period for %s", d.Sanction))
				}
				c.Period = &p
			}
		}
		if in.Cleared != nil {
			v := *in.Cleared
			c.Cleared = &v
		}
		return c, nil
	},
	// Whoever imposed the discipline follows up (FU08); without that policy,
	// the imposing organ or an organ above it.
	Authorize: func(r *run, _ NewFollowUp) error {
		imposer := r.Case.ImposedBy
		// The organ named as imposing the discipline must hold management
		// authority over the subject (干部管理权限), by the level the subject
		// is managed at or the directory's word: a caller cannot claim
		// another organ's decision (XC07).
		if !r.Directory().Manages(imposer.ID, r.Case.Subject) {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "FU08", Field: "ImposedBy",
				Message: fmt.Sprintf("%s does not hold management authority over %s (managed at %s level in %s): it imposed no discipline on them",
					imposer.ID, r.Case.Subject.ID, r.Case.Subject.ManagedAt, r.Case.Subject.Region)}
		}
		if r.Policy.ImposerFollowsUp {
			if r.Actor.Organ.ID != imposer.ID {
				return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "FU08", Field: "Actor.Organ",
					Message: fmt.Sprintf("whoever imposed the discipline follows up: %s, not %s", imposer.ID, r.Actor.Organ.ID)}
			}
			return nil
		}
		if !r.Directory().Reaches(r.Actor.Organ.ID, imposer.ID) {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC02", Field: "Actor.Organ",
				Message: fmt.Sprintf("%s is neither %s nor above it", r.Actor.Organ.ID, imposer.ID)}
		}
		return nil
	},
	Apply: func(r *run, in NewFollowUp) error {
		c := r.Case
		r.Apply("FU01")
		if in.channel == ByCampaign {
			r.Apply("FU02")
			r.Reason = in.campaign
		}
		if c.Period != nil {
			r.Apply("FU07")
		}
		if r.Policy.ImposerFollowsUp {
			r.Apply("FU08")
		}
		c.NextVisit = AddMonths(r.Today, r.Policy.VisitEveryMonths)
		r.Due(stepPlan, r.Policy.PlanDays)
		r.Apply("FU04")
		return nil
	},
}

// Open opens the follow-up of a person disciplined or handled under the
// first or second form, or cleared (FU01). The actor must hold one of the
// policy's OpenRoles; under the default policy, in the organ that imposed
// the discipline (FU08). The period of a sanction is counted from the day
// the decision took effect (FU07); a plan is due within the policy's working
// days (FU04), and a visit within a year (FU08). One case exists per
// decision or clearance and person ([CaseID]).
//
// Errors, as *dandang.Error: Invalid for a missing or bad field (FU01 for an
// organization or a missing decision, FU07 for an unknown sanction or a
// decision not yet in effect, CL13 for a clearance not closed); Forbidden
// (XC07) for an organ not in the directory or forged, (XC02) without the
// role, (FU08) for an organ that did not impose the discipline; Conflict
// (FU01) for a second follow-up of the same decision and person; Canceled.
//
// A plan is made for each person (一人一策, FU04): a discipline decision
// about a person the imposing organ follows up already, in an open file,
// joins that file ([Case.Joined]) — one plan and one visit schedule, the
// decisions listed within ([Case.Decisions]), each with its own period and
// lift (FU07) — and Open returns the file.
func (s *Service) Open(ctx context.Context, actor dandang.Actor, in NewFollowUp) (*Case, error) {
	in.channel, in.campaign = Direct, ""
	return s.open(ctx, "followup.Open", actor, in)
}

func (s *Service) open(ctx context.Context, op string, actor dandang.Actor, in NewFollowUp) (*Case, error) {
	c, _, err := s.openOrJoin(ctx, op, actor, in)
	return c, err
}

// openOrJoin opens the follow-up, or, for a person the imposing organ
// follows up already for another decision, adds the decision to the
// person's file (一人一策、一人一档, FU04): one plan and one visit schedule
// per person, the decisions listed within. joined reports which.
func (s *Service) openOrJoin(ctx context.Context, op string, actor dandang.Actor, in NewFollowUp) (c *Case, joined bool, err error) {
	if in.Source == FromDiscipline && in.Decision != nil {
		if err := kit.ValidateInput(op, in, s.engine.Limits()); err != nil {
			return nil, false, err
		}
		if err := in.validate(op); err != nil {
			return nil, false, err
		}
		imposer := in.ImposedBy
		if imposer == "" {
			resolved, err := s.engine.Resolve(op, actor)
			if err != nil {
				return nil, false, err
			}
			imposer = resolved.Organ.ID
		}
		file, err := s.fileOf(ctx, op, in.Subject.ID, imposer)
		if err != nil {
			return nil, false, err
		}
		if file != nil && file.ID != CaseID(in.Source, in.sourceID(), in.Subject.ID) {
			c, err := s.joinFile(ctx, op, actor, file, *in.Decision)
			return c, err == nil, err
		}
	}
	c, err = s.create(ctx, op, actor, in)
	return c, false, err
}

func (s *Service) create(ctx context.Context, op string, actor dandang.Actor, in NewFollowUp) (*Case, error) {
	c, err := kit.Create(ctx, s.engine, op, &open, actor, in)
	if dandang.ErrorCode(err) == dandang.Conflict {
		return nil, &dandang.Error{Code: dandang.Conflict, Op: op, Rule: "FU01",
			Message: fmt.Sprintf("the follow-up %s exists already", CaseID(in.Source, in.sourceID(), in.Subject.ID)), Err: err}
	}
	return c, err
}

// exists reports whether the case with id exists.
func (s *Service) exists(ctx context.Context, op, id string) (bool, error) {
	_, err := s.engine.Store().Get(ctx, id)
	switch dandang.ErrorCode(err) {
	case "":
		return true, nil
	case dandang.NotFound:
		return false, nil
	}
	return false, kit.StoreError(op, err)
}

// dispatcher is the actor an event handler acts as for organ, with role.
func dispatcher(organID string, role dandang.Role) dandang.Actor {
	return dandang.Actor{ID: DispatcherID, Name: "事件分发", Organ: dandang.Organ{ID: organID}, Roles: []dandang.Role{role}}
}

// openOnce opens in unless its case exists: the handlers' idempotence.
func (s *Service) openOnce(ctx context.Context, op, organID string, in NewFollowUp) error {
	in.channel = ByEvent
	id := CaseID(in.Source, in.sourceID(), in.Subject.ID)
	if exists, err := s.exists(ctx, op, id); err != nil {
		return err
	} else if exists {
		// Idempotent for the organ the event names; a case another organ
		// opened for the same decision is a conflict, never silently kept.
		c, err := s.engine.Store().Get(ctx, id)
		if err != nil {
			return kit.StoreError(op, err)
		}
		if c.ImposedBy.ID != organID {
			return &dandang.Error{Code: dandang.Conflict, Op: op, Rule: "FU08", Field: "ImposedBy",
				Message: fmt.Sprintf("follow-up %s is held by %s, but %s imposed the discipline", id, c.ImposedBy.ID, organID)}
		}
		return nil
	}
	pol := s.engine.Policies().Current()
	_, err := s.open(ctx, op, dispatcher(organID, pol.OpenRoles[0]), in)
	if errors.Is(err, dandang.Conflict) {
		return nil
	}
	return err
}

// earlierSanctions are the names the report register wrote into
// discipline-decided events before they carried the follow-up's
// vocabulary and a form of handling: events still in an outbox from then
// are followed up as they would be now.
var earlierSanctions = map[string]struct {
	sanction Sanction
	form     HandlingForm
}{
	"serious_party_warning":   {PartySeriousWarning, ""},
	"organizational_handling": {"", SecondForm},
	"party_probation":         {"", ThirdForm},
	"expulsion_from_party":    {"", ThirdForm},
	"expulsion_from_office":   {"", ThirdForm},
}

// HandleDisciplineDecided is the handler for KindDisciplineDecided
// events (FU01): it opens the follow-up of the disciplined person, for the
// organ that decided it (FU08), acting as [DispatcherID]. The sanction's name
// is a [Sanction], whose period runs (FU07); a sanction without one here,
// such as party probation, is followed up in the event's form of handling,
// without a period; neither sanction nor form is handling under the first
// form. It is idempotent: a follow-up that exists is left alone, so the
// event may be delivered again.
//
// Errors: Invalid for an event of another kind, an undecodable one, or one
// whose fields Open refuses; Forbidden (XC07) for an organ not in the
// directory; the store's errors.
func (s *Service) HandleDisciplineDecided(ctx context.Context, e dandang.Event) error {
	const op = "followup.HandleDisciplineDecided"
	dd, err := kit.DecodeAs[event.DisciplineDecided](op, "FU01", e)
	if err != nil {
		return err
	}
	if dd.Subject.Kind == dandang.Organization {
		return nil // organizations are not visited (FU01)
	}
	d := &Decision{ID: dd.DecisionID, Sanction: Sanction(dd.Sanction), Form: HandlingForm(dd.Form), EffectiveAt: dd.EffectiveAt}
	if old, ok := earlierSanctions[dd.Sanction]; ok && dd.Form == "" {
		d.Sanction, d.Form = old.sanction, old.form
	}
	if d.Sanction != "" && !d.Sanction.Valid() && d.Form.Valid() {
		// A sanction without a period here (留党察看, 开除): followed up in
		// its form of handling, with no period to run out.
		d.Sanction = ""
	}
	if d.Sanction == "" && d.Form == "" {
		d.Form = FirstForm
	}
	return s.openOnce(ctx, op, dd.Organ.ID, NewFollowUp{Subject: dd.Subject, Source: FromDiscipline, Decision: d, ImposedBy: dd.Organ.ID})
}

// HandleClearanceCompleted is the handler for KindClearanceCompleted
// events (CL13, FU01): it opens the follow-up of the cleared person for the
// organ that cleared them, acting as [DispatcherID]. A cleared party
// organization is not visited. It is idempotent.
//
// Errors: as for HandleDisciplineDecided.
func (s *Service) HandleClearanceCompleted(ctx context.Context, e dandang.Event) error {
	const op = "followup.HandleClearanceCompleted"
	cc, err := kit.DecodeAs[event.ClearanceCompleted](op, "FU01", e)
	if err != nil {
		return err
	}
	if cc.Subject.Kind == dandang.Organization {
		return nil
	}
	return s.openOnce(ctx, op, cc.Organ.ID, NewFollowUp{Subject: cc.Subject, Source: FromClearance,
		Cleared: &Cleared{CaseID: cc.CaseID, ReportID: cc.ReportID, ClosedAt: cc.ClosedAt}, ImposedBy: cc.Organ.ID})
}

// HandleClearanceRevoked is the handler for KindClearanceRevoked
// events (CL20): the follow-up the clearance started stops, with a recorded
// step naming the new finding, acting as [DispatcherID] for the handling
// organ. Nothing earlier is erased (XC11). It is idempotent: a follow-up
// that does not exist or has ended is left alone.
//
// Errors: Invalid for an event of another kind or an undecodable one;
// Conflict when the case changed meanwhile (the event is delivered again);
// the store's errors.
func (s *Service) HandleClearanceRevoked(ctx context.Context, e dandang.Event) error {
	const op = "followup.HandleClearanceRevoked"
	cr, err := kit.DecodeAs[event.ClearanceRevoked](op, "CL20", e)
	if err != nil {
		return err
	}
	c, err := s.engine.Store().Get(ctx, CaseID(FromClearance, cr.CaseID, cr.Subject.ID))
	switch {
	case dandang.ErrorCode(err) == dandang.NotFound:
		return nil
	case err != nil:
		return kit.StoreError(op, err)
	case c.Ended():
		return nil
	}
	pol, ok := s.engine.Policies().Get(c.Policy)
	if !ok {
		return &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("policy %s of case %s is not loaded", c.Policy, c.ID)}
	}
	reason := strings.TrimSpace(cr.Reason)
	if reason == "" {
		reason = "澄清被撤销"
	}
	_, err = kit.Exec(ctx, s.engine, op, &stop, dispatcher(c.Organ.ID, pol.DecideRoles[0]),
		stopInput{Ref: c.Ref(), Reason: reason, Rule: "CL20"})
	return err
}

// HandlingRecord is one entry of the host's register of decisions, as a
// campaign's query returns it (FU02).
type HandlingRecord struct {
	Subject   dandang.Subject `json:"subject"`
	Decision  Decision        `json:"decision"`
	ImposedBy string          `json:"imposedBy"` // the organ that decided it
}

// CampaignInput is a campaign: the annual follow-up education week (回访教育周),
// or "everyone handled under the first or second form since a date" (FU02).
type CampaignInput struct {
	Name  string    `json:"name" validate:"nonblank,text" rule:"FU02"` // such as "2023年回访教育周"
	Since time.Time `json:"since" validate:"required" rule:"FU02"`     // decisions that took effect on or after it
	// Forms are the forms of handling followed up; empty: the policy's
	// CampaignForms (the first and second).
	Forms []HandlingForm `json:"forms" validate:"list,dive,valid" rule:"FU01"`
	// Handlings are the decisions the host's register holds: the result of
	// the campaign's query. Each is checked as Open checks its input.
	Handlings []HandlingRecord `json:"handlings"`
}

// Skipped is a handling a campaign selected and did not open, and why.
type Skipped struct {
	Handling HandlingRecord `json:"handling"`
	Err      error          `json:"-"` // the refusal, a *dandang.Error
	// Rule and Reason are the refusal's rule and message, as JSON carries
	// them.
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
}

// CampaignResult is what a campaign did.
type CampaignResult struct {
	Opened   []*Case   `json:"opened"`
	Existing []string  `json:"existing"` // IDs of follow-ups that existed already: each person once
	Skipped  []Skipped `json:"skipped"`
}

// Campaign opens, in bulk, the follow-up of every person among in.Handlings
// handled under one of the forms since in.Since (FU01, FU02), each once: a
// follow-up that exists, or a person listed twice for one decision, is not
// opened again. Each opening runs as Open does, by the actor; a handling
// Open refuses (under the default policy, one another organ imposed, FU08)
// is listed as skipped with its refusal, and the campaign goes on.
//
// Errors: Invalid (FU02) without a name or a date, (FU01) for an unknown
// form; Invalid or Forbidden for a bad actor (XC07); Canceled, and the
// store's errors, which stop the campaign with the cases before opened.
func (s *Service) Campaign(ctx context.Context, actor dandang.Actor, in CampaignInput) (*CampaignResult, error) {
	const op = "followup.Campaign"
	if err := kit.ValidateInput(op, in, s.engine.Limits()); err != nil {
		return nil, err
	}
	forms := in.Forms
	if len(forms) == 0 {
		forms = s.engine.Policies().Current().CampaignForms
	}
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	actor, err := s.engine.Resolve(op, actor)
	if err != nil {
		return nil, err
	}
	if roles := s.engine.Policies().Current().OpenRoles; !hasAny(actor, roles) {
		return nil, &dandang.Error{Code: dandang.Forbidden, Op: op, Rule: "XC02", Field: "Actor.Roles", Awaiting: roles,
			Message: fmt.Sprintf("a campaign needs one of the roles %v", roles)}
	}
	res := &CampaignResult{}
	seen := map[string]bool{}
	for _, h := range in.Handlings {
		d := h.Decision
		form := d.Form
		if form == "" {
			form = d.Sanction.Form()
		}
		if d.EffectiveAt.Before(in.Since) || !containsForm(forms, form) {
			continue
		}
		id := CaseID(FromDiscipline, d.ID, h.Subject.ID)
		if seen[id] {
			continue
		}
		seen[id] = true
		exists, err := s.exists(ctx, op, id)
		if err != nil {
			return res, err
		}
		if exists {
			res.Existing = append(res.Existing, id)
			continue
		}
		dec := d
		nf := NewFollowUp{Subject: h.Subject, Source: FromDiscipline, Decision: &dec, ImposedBy: h.ImposedBy,
			channel: ByCampaign, campaign: in.Name}
		c, joined, err := s.openOrJoin(ctx, op, actor, nf)
		switch code := dandang.ErrorCode(err); {
		case err == nil && joined:
			// The person's file existed: the decision joined it (FU04).
			res.Existing = append(res.Existing, c.ID)
		case err == nil:
			res.Opened = append(res.Opened, c)
		case code == dandang.Conflict:
			res.Existing = append(res.Existing, id)
		case code == dandang.Invalid || code == dandang.Forbidden:
			res.Skipped = append(res.Skipped, Skipped{Handling: h, Err: err, Rule: dandang.ErrorRule(err), Reason: err.Error()})
		default:
			return res, err
		}
	}
	return res, nil
}

func containsForm(forms []HandlingForm, f HandlingForm) bool {
	for _, v := range forms {
		if v == f {
			return true
		}
	}
	return false
}

func hasAny(a dandang.Actor, roles []dandang.Role) bool {
	_, ok := a.Has(roles...)
	return ok
}
