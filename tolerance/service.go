package tolerance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// Kind is the case kind written into history records and events.
const Kind = "tolerance"

// Cases describes tolerance cases to a store: memdb.NewStore(db, tolerance.Cases) or
// postgres.NewStore(db, tolerance.Cases) opens the store a [Config] takes.
var Cases = kit.Kind[*Case]{Name: Kind, New: func() *Case { return new(Case) }}

// Store is the store the Service consumes: the kit's generic store for
// tolerance cases.
type Store = kit.Store[*Case]

// Ref names a case and the version the caller last read.
type Ref = dandang.Ref

// Config configures a Service: the kit's Setup, as every process is
// configured (Store, Directory, Clock, Calendar, Policies, Limits, Logger,
// Observer). Store and Directory are required; the rest have defaults, the
// policies [DefaultPolicy] alone.
type Config = kit.Setup[*Case, Policy]

// Service runs the tolerance process. It is safe for concurrent use: it
// keeps no state of its own beyond its configuration, and the store's
// version check settles races between commands on one case.
type Service struct {
	// Reads are Get, History, Verify, Overdue, Provisional, LoadCalendar
	// and Redate, as every process has them.
	kit.Reads[State, *Case, Policy]
	engine *kit.Engine[State, *Case, Policy]
}

type run = kit.Run[State, *Case, Policy]

// command declares a tolerance command taking input I.
type command[I any] = kit.Command[State, *Case, Policy, I]

// NewService returns a Service. It returns an Invalid error when the store
// or the directory is missing or a policy of the set does not validate
// (FT04: a policy without exclusions).
func NewService(cfg Config) (*Service, error) {
	e, err := kit.NewEngine(kit.EngineConfig[State, *Case, Policy]{Setup: cfg,
		Kind: Kind, Initial: Assessing, Moves: moves(), Active: active, Default: DefaultPolicy})
	if err != nil {
		return nil, err
	}
	return &Service{Reads: kit.NewReads(e), engine: e}, nil
}

// moves is the transition table: every move of every command.
func moves() []Move {
	var out []Move
	for _, ms := range [][]Move{distinguish.Moves, weigh.Moves, establish.Moves, consult.Moves, hearExperts.Moves,
		propose.Moves, reject.Moves, decide.Moves, recordAccountability.Moves, withdraw.Moves, reconsider.Moves, revoke.Moves} {
		out = append(out, ms...)
	}
	return out
}

func refOf[I interface{ ref() Ref }](in I) Ref { return in.ref() }

// exec runs a command on a case. A case past deciding is one situation,
// refused under one rule whatever the command (FT05): once the
// accountability decision foreclosed it, tolerance is no longer assessed,
// proposed or decided (防止翻烧饼); once decided, tolerance is decided
// anew only by reconsidering or revoking the decision. The refusal keeps
// the state and the commands allowed there.
func exec[I any](ctx context.Context, s *Service, op string, cmd *command[I], actor dandang.Actor, in I) (*Case, error) {
	c, err := kit.Exec(ctx, s.engine, op, cmd, actor, in)
	var de *dandang.Error
	if !errors.As(err, &de) || de.Code != dandang.Transition {
		return c, err
	}
	var msg string
	switch State(de.State) {
	case Foreclosed:
		msg = "the accountability decision came first: tolerance is no longer assessed, proposed or decided, and never reverses it (防止翻烧饼)"
	case Decided:
		msg = "tolerance is decided once, alongside accountability: a decision is changed only by reconsidering or revoking it"
	case Revoked:
		msg = "the tolerance decision is revoked: the accountability proceeds in full"
	default:
		return c, err
	}
	return nil, &dandang.Error{Code: dandang.Transition, Op: op, Rule: "FT05", State: de.State, Allowed: de.Allowed, Message: msg, Err: err}
}

func assessRoles(p Policy) []dandang.Role { return p.AssessRoles }

// assessing declares a command of the pursuing organ's assessors, in the
// assessing state, keeping it. Another organ is refused under FT05.
func assessing[I interface{ ref() Ref }](name string) command[I] {
	return command[I]{Name: name, Moves: []Move{{Event: name, From: []State{Assessing}}}, Roles: assessRoles,
		OrganRule: "FT05", Ref: refOf[I]}
}

// authorizeDecider admits the roles that decide for the case's pursuer, in
// the pursuing organ (FT05).
func authorizeDecider(r *run) error {
	pu := r.Case.Pursuer
	return r.Authorize(func(p Policy) []dandang.Role { return p.deciders(pu) }, kit.InOrgan, "FT05", "FT05")
}

// pursuerRoles are the roles of whoever pursues accountability as pu: the
// party committee's, the organization department's, or the discipline
// organ's staff.
func pursuerRoles(pu Pursuer) []dandang.Role {
	switch pu {
	case ByPartyCommittee:
		return []dandang.Role{dandang.PartyCommittee}
	case ByOrganizationDept:
		return []dandang.Role{dandang.OrganizationDept}
	case ByDisciplineOrgan:
		return []dandang.Role{dandang.SupervisionOffice, dandang.TrialOffice, dandang.StationedGroup, dandang.PetitionOffice,
			dandang.CaseManagement, dandang.PrincipalLeader, dandang.LeaderInCharge}
	}
	return nil
}

// NewCase is the input to Open: the accountability inquiry, its subject and
// who pursues it.
type NewCase struct {
	Inquiry Inquiry         `json:"inquiry"`
	Subject dandang.Subject `json:"subject"`
	Pursuer Pursuer         `json:"pursuer" validate:"valid" rule:"FT05"`
	Domain  string          `json:"domain" validate:"text"` // the checklist domain (FT08), such as BusinessEnvironment; "" for none
	Complex bool            `json:"complex"`                // the expert group is heard before deciding (FT06)
}

func (n NewCase) validate(op string) error {
	return n.Subject.Validate(op, "Subject")
}

var open = kit.Creation[State, *Case, Policy, NewCase]{
	Name:     "open",
	Roles:    func(p Policy) []dandang.Role { return p.AssessRoles },
	Rule:     "XC02",
	Validate: func(in NewCase) error { return in.validate("tolerance.Open") },
	New: func(r *run, in NewCase) (*Case, error) {
		if in.Inquiry.OpenedAt.After(r.Now) {
			return nil, r.Invalid("FT05", "Inquiry.OpenedAt", "the inquiry has not started yet")
		}
		if in.Domain != "" {
			if _, ok := r.Policy.checklist(in.Domain); !ok {
				return nil, r.Invalid("FT08", "Domain", fmt.Sprintf("the policy has no checklist for %q", in.Domain))
			}
		}
		c := &Case{Inquiry: in.Inquiry, Subject: in.Subject, Pursuer: in.Pursuer, Domain: in.Domain, Complex: in.Complex}
		c.ID, c.State = CaseID(in.Inquiry.ID, in.Subject.ID), Assessing
		return c, nil
	},
	// Whoever pursues the accountability assesses and decides (FT05): the
	// organ holding management authority over the subject (干部管理权限),
	// by the level the subject is managed at or the directory's word.
	Authorize: func(r *run, in NewCase) error {
		if !r.Directory().Manages(r.Actor.Organ.ID, in.Subject) {
			return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "FT05", Field: "Actor.Organ",
				Message: fmt.Sprintf("%s does not hold management authority over %s (managed at %s level in %s): it neither pursues accountability nor decides tolerance for them",
					r.Actor.Organ.ID, in.Subject.ID, in.Subject.ManagedAt, in.Subject.Region)}
		}
		// The pursuer is who the actor is, by role, not what the caller
		// says: a party committee's accountability is opened by its staff.
		if roles := pursuerRoles(in.Pursuer); len(roles) > 0 {
			if _, ok := r.Actor.Has(roles...); !ok {
				return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "FT05", Field: "Pursuer", Awaiting: roles,
					Message: fmt.Sprintf("accountability pursued by the %s is opened by one of %v", in.Pursuer, roles)}
			}
		}
		return nil
	},
	Apply: func(r *run, in NewCase) error {
		r.Reason = in.Inquiry.Matter
		r.Apply("FT05")
		r.Due("propose", r.Policy.Deadlines.Assess)
		r.Apply("XC03")
		return nil
	},
}

// Open opens the tolerance assessment of a subject alongside an
// accountability inquiry (FT05), directly; [Service.HandleAccountabilityOpened]
// opens it from the event. The actor must hold one of the policy's
// AssessRoles in the organ pursuing the accountability, which holds
// management authority over the subject ([dandang.Directory.Manager]); the
// case is that organ's. One case exists per inquiry
// and subject ([CaseID]).
//
// Errors, as *dandang.Error: Invalid for a missing or bad field (FT05 for
// the inquiry and the pursuer, FT08 for a domain without a checklist);
// Forbidden (XC07) for an organ not in the directory or forged, (XC02) for
// an actor without the role, (FT05) for an organ that does not manage the
// subject; Conflict (FT05) when the case exists already; Canceled.
func (s *Service) Open(ctx context.Context, actor dandang.Actor, in NewCase) (*Case, error) {
	return s.open(ctx, "tolerance.Open", actor, in)
}

func (s *Service) open(ctx context.Context, op string, actor dandang.Actor, in NewCase) (*Case, error) {
	c, err := kit.Create(ctx, s.engine, op, &open, actor, in)
	if dandang.ErrorCode(err) == dandang.Conflict {
		return nil, &dandang.Error{Code: dandang.Conflict, Op: op, Rule: "FT05",
			Message: fmt.Sprintf("case %s exists already", CaseID(in.Inquiry.ID, in.Subject.ID)), Err: err}
	}
	return c, err
}

// HandleAccountabilityOpened is the handler for
// KindAccountabilityOpened events (FT05): tolerance is assessed at once, in
// a case of the organ the event names, pursued by that discipline organ.
// The case is opened in the name of the accountability process ("问责程序"),
// acting for that organ under the first of the policy's AssessRoles. It is
// idempotent: a case that exists already is left alone, so the event may be
// delivered again.
//
// Errors: Invalid for an event of another kind or a bad payload; whatever
// Open returns but Conflict.
func (s *Service) HandleAccountabilityOpened(ctx context.Context, e dandang.Event) error {
	const op = "tolerance.HandleAccountabilityOpened"
	ao, err := kit.DecodeAs[event.AccountabilityOpened](op, "FT05", e)
	if err != nil {
		return err
	}
	id := CaseID(ao.InquiryID, ao.Subject.ID)
	if c, err := s.engine.Store().Get(ctx, id); err == nil {
		if c.Organ.ID != ao.Organ.ID {
			return &dandang.Error{Code: dandang.Conflict, Op: op, Rule: "FT05", Field: "Organ",
				Message: fmt.Sprintf("tolerance case %s is held by %s, but %s pursues the accountability", id, c.Organ.ID, ao.Organ.ID)}
		}
		return nil
	} else if dandang.ErrorCode(err) != dandang.NotFound {
		return kit.StoreError(op, err)
	}
	pursuer := ByDisciplineOrgan
	if ao.Pursuer != "" {
		if pursuer, err = ParsePursuer(ao.Pursuer); err != nil {
			return err
		}
	}
	pol := s.engine.Policies().Current()
	role := pol.AssessRoles[0]
	for _, r := range pursuerRoles(pursuer) {
		if slices.Contains(pol.AssessRoles, r) {
			role = r
			break
		}
	}
	a := dandang.Actor{ID: "accountability:" + ao.InquiryID, Name: "问责程序", Organ: dandang.Organ{ID: ao.Organ.ID},
		Roles: []dandang.Role{role}}
	in := NewCase{Inquiry: Inquiry{ID: ao.InquiryID, Matter: "问责：" + ao.InquiryID, OpenedAt: ao.OpenedAt},
		Subject: ao.Subject, Pursuer: pursuer}
	if _, err := s.open(ctx, op, a, in); err != nil && !errors.Is(err, dandang.Conflict) {
		return err
	}
	return nil
}

// HandleAccountabilityDecided is the handler for
// KindAccountabilityDecided events (FT05): it records the accountability
// decision on the tolerance case of the inquiry and subject, as
// [Service.RecordAccountability] does, in the name of the accountability
// process acting for the organ the event names under the first role that
// decides for the case's pursuer. It is idempotent: a case with the
// decision recorded is left alone; an inquiry without a tolerance case is
// ignored.
//
// Errors: Invalid for an event of another kind or a bad payload; whatever
// RecordAccountability returns.
func (s *Service) HandleAccountabilityDecided(ctx context.Context, e dandang.Event) error {
	const op = "tolerance.HandleAccountabilityDecided"
	ad, err := kit.DecodeAs[event.AccountabilityDecided](op, "FT05", e)
	if err != nil {
		return err
	}
	c, err := s.engine.Store().Get(ctx, CaseID(ad.InquiryID, ad.Subject.ID))
	if dandang.ErrorCode(err) == dandang.NotFound {
		// The decision came before any tolerance case: events arrive in any
		// order. The case is opened now and foreclosed at once, so that no
		// later opening can decide tolerance after accountability (FT05).
		opened, oerr := kit.NewEvent(e.ID+"/opened", e.CaseKind, e.CaseID, ad.DecidedAt, event.AccountabilityOpened{
			InquiryID: ad.InquiryID, Subject: ad.Subject, Organ: ad.Organ, OpenedAt: ad.DecidedAt})
		if oerr != nil {
			return oerr
		}
		if oerr := s.HandleAccountabilityOpened(ctx, opened); oerr != nil {
			return oerr
		}
		c, err = s.engine.Store().Get(ctx, CaseID(ad.InquiryID, ad.Subject.ID))
	}
	switch {
	case err != nil:
		return kit.StoreError(op, err)
	case c.Accountability != nil:
		return nil
	}
	pol, ok := s.engine.Policies().Get(c.Policy)
	if !ok {
		return &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("policy %s is not loaded", c.Policy)}
	}
	a := dandang.Actor{ID: "accountability:" + ad.InquiryID, Name: "问责程序", Organ: dandang.Organ{ID: ad.Organ.ID},
		Roles: pol.deciders(c.Pursuer)[:1]}
	_, err = kit.Exec(ctx, s.engine, op, &recordAccountability, a, AccountabilityInput{Ref: c.Ref(), Decision: ad.Decision})
	return err
}

// DistinguishInput records the three distinctions (FT01) and the answers to
// the four questions (FT02), each with its evidence.
type DistinguishInput struct {
	Ref
	Distinctions []Distinguished `json:"distinctions" validate:"list,dive"`
	Answers      []Answered      `json:"answers" validate:"list,dive"`
}

func (in DistinguishInput) ref() Ref { return in.Ref }

func (in DistinguishInput) validate(op string) error {
	evidence := func(rule, field string, ev []string) error {
		if len(ev) == 0 || slices.ContainsFunc(ev, func(s string) bool { return strings.TrimSpace(s) == "" }) {
			return kit.Invalidf(op, rule, field, "each finding rests on evidence")
		}
		return nil
	}
	seenD := map[Distinction]bool{}
	for i, d := range in.Distinctions {
		field := fmt.Sprintf("Distinctions[%d]", i)
		if seenD[d.Distinction] {
			return kit.Invalidf(op, "FT01", field+".Distinction", fmt.Sprintf("%s listed twice", d.Distinction))
		}
		seenD[d.Distinction] = true
		if err := evidence("FT01", field+".Evidence", d.Evidence); err != nil {
			return err
		}
	}
	if len(seenD) != len(Distinctions()) {
		return kit.Invalidf(op, "FT01", "Distinctions", "all three distinctions frame the decision")
	}
	seenQ := map[Question]bool{}
	for i, a := range in.Answers {
		field := fmt.Sprintf("Answers[%d]", i)
		if seenQ[a.Question] {
			return kit.Invalidf(op, "FT02", field+".Question", fmt.Sprintf("%s answered twice", a.Question))
		}
		seenQ[a.Question] = true
		if yes, no := a.Question.Answers(); a.Answer != yes && a.Answer != no {
			return kit.Invalidf(op, "FT02", field+".Answer", fmt.Sprintf("%q does not answer %s: %s or %s", a.Answer, a.Question, yes, no))
		}
		if err := evidence("FT02", field+".Evidence", a.Evidence); err != nil {
			return err
		}
	}
	if len(seenQ) != len(Questions()) {
		return kit.Invalidf(op, "FT02", "Answers", "all four questions are answered")
	}
	return nil
}

var distinguish = func() command[DistinguishInput] {
	cmd := assessing[DistinguishInput]("distinguish")
	cmd.Validate = func(in DistinguishInput) error { return in.validate("tolerance.Distinguish") }
	cmd.Apply = func(r *run, in DistinguishInput) error {
		fresh := (&Case{Distinctions: in.Distinctions, Answers: in.Answers}).Clone()
		r.Case.Distinctions, r.Case.Answers = fresh.Distinctions, fresh.Answers
		r.Apply("FT01", "FT02")
		return nil
	}
	return cmd
}()

// Distinguish records the three distinctions (FT01) and the answers to the
// four questions (FT02) — for the public or for oneself, negligence or
// intent, taking responsibility or slacking, daring or reckless — each with
// its evidence. All three and all four are given at once; a later call
// replaces them. Allowed while assessing, to the AssessRoles of the
// pursuing organ.
//
// Errors: Invalid (FT01, FT02) for a missing, repeated or unknown finding
// or one without evidence; Conflict; NotFound; Transition (XC09);
// Forbidden (XC07, FT05, XC02); Canceled.
func (s *Service) Distinguish(ctx context.Context, actor dandang.Actor, in DistinguishInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Distinguish", &distinguish, actor, in)
}

// WeighInput records how the six factors were weighed (FT03).
type WeighInput struct {
	Ref
	Weighings []Weighing `json:"weighings" validate:"list,dive"`
}

func (in WeighInput) ref() Ref { return in.Ref }

var weigh = func() command[WeighInput] {
	cmd := assessing[WeighInput]("weigh")
	cmd.Validate = func(in WeighInput) error {
		const op = "tolerance.Weigh"
		seen := map[Factor]bool{}
		for i, w := range in.Weighings {
			field := fmt.Sprintf("Weighings[%d]", i)
			if seen[w.Factor] {
				return kit.Invalidf(op, "FT03", field+".Factor", fmt.Sprintf("%s weighed twice", w.Factor))
			}
			seen[w.Factor] = true
		}
		if len(seen) != len(Factors()) {
			return kit.Invalidf(op, "FT03", "Weighings", "the six factors are weighed case by case")
		}
		return nil
	}
	cmd.Apply = func(r *run, in WeighInput) error {
		r.Case.Weighings = slices.Clone(in.Weighings)
		r.Apply("FT03")
		return nil
	}
	return cmd
}()

// Weigh records how the six factors were weighed, case by case (一事一议,
// FT03): motive and attitude, objective conditions, procedure, nature,
// consequences, remediation. All six are given at once; a later call
// replaces them. Allowed while assessing.
//
// Errors: Invalid (FT03) for a missing, repeated or unknown factor or one
// without a finding; Conflict; NotFound; Transition (XC09); Forbidden
// (XC07, FT05, XC02); Canceled.
func (s *Service) Weigh(ctx context.Context, actor dandang.Actor, in WeighInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Weigh", &weigh, actor, in)
}

// EstablishInput records what was established of the policy's excluded
// situations (FT04), private gain (FT09), the typical conditions (FT11)
// and the domain checklist (FT08), by the policy's IDs.
type EstablishInput struct {
	Ref
	Excluded    []string `json:"excluded" validate:"list,dive,text"`   // the excluded situations found; empty: none applies
	PrivateGain bool     `json:"privateGain"`                          // improper benefit to self, others or the unit was found
	Conditions  []string `json:"conditions" validate:"list,dive,text"` // the typical conditions met
	Checklist   []string `json:"checklist" validate:"list,dive,text"`  // the checklist items met, for a case in a checklist domain
	// Facts are the facts established (经调查核实), as the written decision
	// states them, in Chinese; FactsEn the same in English, for the English
	// text. A tolerated outcome is decided only with the facts recorded
	// (FT07); empty keeps what an earlier call recorded.
	Facts   string `json:"facts" validate:"text"`
	FactsEn string `json:"factsEn,omitempty" validate:"text"`
	Note    string `json:"note" validate:"text"`
}

func (in EstablishInput) ref() Ref { return in.Ref }

var establish = func() command[EstablishInput] {
	cmd := assessing[EstablishInput]("establish")
	cmd.Guard = func(r *run, in EstablishInput) error {
		known := func(rule, field string, ids []string, has func(string) bool) error {
			for i, id := range ids {
				f := fmt.Sprintf("%s[%d]", field, i)
				if !has(id) {
					return r.Invalid(rule, f, fmt.Sprintf("%q is not in the policy", id))
				}
				if slices.Index(ids, id) != i {
					return r.Invalid(rule, f, fmt.Sprintf("%s listed twice", id))
				}
			}
			return nil
		}
		// A found exclusion leaves the case only by Withdraw, with a reason
		// and a signer (FT04): a later assessment step that omits it is
		// refused.
		for _, id := range r.Case.Excluded {
			if !slices.Contains(in.Excluded, id) {
				return r.Invalid("FT04", "Excluded", fmt.Sprintf("%s was found: withdraw it (Withdraw), with the reason, rather than omit it", id))
			}
		}
		p := r.Policy
		if err := known("FT04", "Excluded", in.Excluded, func(id string) bool { _, ok := p.exclusion(id); return ok }); err != nil {
			return err
		}
		if err := known("FT11", "Conditions", in.Conditions, func(id string) bool {
			return slices.ContainsFunc(p.Conditions, func(c Condition) bool { return c.ID == id })
		}); err != nil {
			return err
		}
		list, ok := p.checklist(r.Case.Domain)
		if len(in.Checklist) > 0 && !ok {
			return r.Invalid("FT08", "Checklist", "the case is in no checklist domain")
		}
		return known("FT08", "Checklist", in.Checklist, func(id string) bool {
			return slices.ContainsFunc(list.Items, func(c Condition) bool { return c.ID == id })
		})
	}
	cmd.Apply = func(r *run, in EstablishInput) error {
		c := r.Case
		c.Excluded, c.PrivateGain = slices.Clone(in.Excluded), in.PrivateGain
		c.Conditions, c.Checklist = slices.Clone(in.Conditions), slices.Clone(in.Checklist)
		if f := strings.TrimSpace(in.Facts); f != "" {
			c.Facts = f
		}
		if f := strings.TrimSpace(in.FactsEn); f != "" {
			c.FactsEn = f
		}
		st := r.Step(in.Note)
		c.Established = &st
		r.Reason = in.Note
		r.Apply("FT04", "FT09", "FT11")
		if c.Domain != "" {
			r.Apply("FT08")
		}
		return nil
	}
	return cmd
}()

// Establish records the facts established and, by the policy's IDs, the excluded situations found
// (FT04), whether private gain was found (FT09), the typical conditions
// met (FT11) and, for a case in a checklist domain, the checklist items met
// (FT08). A later call replaces what an earlier one recorded. Allowed while
// assessing.
//
// Errors: Invalid (FT04, FT11, FT08) for an ID the policy does not hold or
// one listed twice, and (FT08) for checklist items on a case in no
// checklist domain; Conflict; NotFound; Transition (XC09); Forbidden (XC07,
// FT05, XC02); Canceled.
func (s *Service) Establish(ctx context.Context, actor dandang.Actor, in EstablishInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Establish", &establish, actor, in)
}

// ConsultInput records a joint consultation with outside bodies, or an
// expert group's opinion (FT06).
type ConsultInput struct {
	Ref
	Participants []Participant `json:"participants" validate:"min=1,list,dive" rule:"FT06"`
	Conclusion   string        `json:"conclusion" validate:"nonblank,text" rule:"FT06"`
}

func (in ConsultInput) ref() Ref { return in.Ref }

func (in ConsultInput) validate(op string) error {
	for i, p := range in.Participants {
		field := fmt.Sprintf("Participants[%d]", i)
		if slices.IndexFunc(in.Participants, func(q Participant) bool { return q.Name == p.Name && q.Unit == p.Unit }) != i {
			return kit.Invalidf(op, "FT06", field+".Name", fmt.Sprintf("%s listed twice", p.Name))
		}
	}
	return nil
}

var consult = func() command[ConsultInput] {
	cmd := assessing[ConsultInput]("consult")
	cmd.Validate = func(in ConsultInput) error { return in.validate("tolerance.Consult") }
	cmd.Guard = func(r *run, in ConsultInput) error {
		for i, p := range in.Participants {
			if !slices.Contains(r.Policy.ConsultBodies, p.Role) {
				return r.Invalid("FT06", fmt.Sprintf("Participants[%d].Role", i),
					fmt.Sprintf("%s is not one of the bodies the policy consults: %v", p.Role, r.Policy.ConsultBodies))
			}
		}
		return nil
	}
	cmd.Apply = func(r *run, in ConsultInput) error {
		r.Case.Consultations = keepConsultations(append(r.Case.Consultations, Consultation{Step: r.Step(""), Participants: slices.Clone(in.Participants), Conclusion: in.Conclusion}))
		r.Reason = in.Conclusion
		r.Apply("FT06")
		return nil
	}
	return cmd
}()

// Consult records a joint consultation (会商研判, 联席会议) with the bodies
// the policy names (FT06) — organization, audit, political-legal, petition
// — with each participant and the conclusion. Allowed while assessing.
//
// Errors: Invalid (FT06) without participants or a conclusion, with a
// participant unnamed, repeated, of an unknown role or of a body the policy
// does not consult; Conflict; NotFound; Transition (XC09); Forbidden (XC07,
// FT05, XC02); Canceled.
func (s *Service) Consult(ctx context.Context, actor dandang.Actor, in ConsultInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Consult", &consult, actor, in)
}

var hearExperts = func() command[ConsultInput] {
	cmd := assessing[ConsultInput]("hear_experts")
	cmd.Validate = func(in ConsultInput) error { return in.validate("tolerance.HearExperts") }
	cmd.Guard = func(r *run, in ConsultInput) error {
		for i, p := range in.Participants {
			if p.Role != dandang.Expert {
				return r.Invalid("FT06", fmt.Sprintf("Participants[%d].Role", i), "an expert group is made of experts")
			}
		}
		if len(in.Participants) < r.Policy.Experts {
			return r.Invalid("FT06", "Participants", fmt.Sprintf("an expert group has at least %d members", r.Policy.Experts))
		}
		return nil
	}
	cmd.Apply = func(r *run, in ConsultInput) error {
		r.Case.Consultations = keepConsultations(append(r.Case.Consultations, Consultation{Step: r.Step(""), Expert: true,
			Participants: slices.Clone(in.Participants), Conclusion: in.Conclusion}))
		r.Reason = in.Conclusion
		r.Apply("FT06")
		return nil
	}
	return cmd
}()

// HearExperts records the opinion of an expert group (专家咨询组) on a
// complex case (FT06, Longquan): its members, each of the expert role, at
// least as many as the policy sets, and their conclusion. Allowed while
// assessing.
//
// Errors: Invalid (FT06) for too few members, a member who is not an
// expert, or a missing conclusion; Conflict; NotFound; Transition (XC09);
// Forbidden (XC07, FT05, XC02); Canceled.
func (s *Service) HearExperts(ctx context.Context, actor dandang.Actor, in ConsultInput) (*Case, error) {
	return exec(ctx, s, "tolerance.HearExperts", &hearExperts, actor, in)
}

// ProposeInput proposes the tolerance decision (FT07, FT10).
type ProposeInput struct {
	Ref
	Outcome Outcome  `json:"outcome" validate:"valid" rule:"FT07"`
	Grounds []Ground `json:"grounds" validate:"list,dive,valid" rule:"FT10"`
	Reason  string   `json:"reason" validate:"nonblank,text" rule:"FT07"`
	// ReasonEn is the reason in English, for the English decision text.
	ReasonEn string `json:"reasonEn,omitempty" validate:"text"`
}

func (in ProposeInput) ref() Ref { return in.Ref }

func (in ProposeInput) validate(op string) error {
	for i, g := range in.Grounds {
		if slices.Index(in.Grounds, g) != i {
			return kit.Invalidf(op, "FT10", fmt.Sprintf("Grounds[%d]", i), fmt.Sprintf("%s listed twice", g))
		}
	}
	switch {
	case in.Outcome == Exemption && !slices.ContainsFunc(in.Grounds, Ground.Waives):
		return kit.Invalidf(op, "FT10", "Grounds", "exemption needs a ground for waiving accountability: the three distinctions, an objection to a wrong collective decision, or force majeure; losses recovered, effects removed and cooperation open lighter handling only")
	case in.Outcome.Tolerated() && len(in.Grounds) == 0:
		return kit.Invalidf(op, "FT10", "Grounds", "lighter or mitigated handling needs a ground")
	case in.Outcome == None && len(in.Grounds) > 0:
		return kit.Invalidf(op, "FT10", "Grounds", "no tolerance rests on no ground")
	}
	return nil
}

// check is the rules a proposal is held to on the case; the decision is
// held to them again.
func check(r *run, out Outcome, grounds []Ground) error {
	c := r.Case
	if len(c.Answers) == 0 {
		return r.Invalid("FT02", "Answers", "answer the four questions, with the evidence, first")
	}
	if len(c.Distinctions) == 0 {
		return r.Invalid("FT01", "Distinctions", "the three distinctions frame every decision: record them first")
	}
	if len(c.Weighings) == 0 {
		return r.Invalid("FT03", "Weighings", "weigh the six factors first")
	}
	if !out.Tolerated() {
		return nil
	}
	if c.Established == nil {
		return r.Invalid("FT04", "Excluded", "establish whether an excluded situation applies before tolerating")
	}
	if len(c.Excluded) > 0 {
		e, _ := r.Policy.exclusion(c.Excluded[0])
		return r.Invalid("FT04", "Outcome", fmt.Sprintf("never tolerated: %s", e.Name))
	}
	// A real violation is one fact, refused under one rule wherever it was
	// entered (FT09): private gain, as the answer 谋私, as the finding of
	// gain or on the development distinction; a knowing violation, as the
	// answer 故意 or on the other two distinctions.
	for _, a := range c.Answers {
		switch a.Answer {
		case ForOneself:
			return r.Invalid("FT09", "Outcome", "private gain is never tolerated")
		case Intent:
			return r.Invalid("FT09", "Outcome", "a knowing violation is never tolerated")
		}
	}
	if c.PrivateGain {
		return r.Invalid("FT09", "Outcome", "private gain is never tolerated")
	}
	for _, d := range c.Distinctions {
		if d.Mistake {
			continue
		}
		if d.Distinction == Development {
			return r.Invalid("FT09", "Outcome", "private gain is never tolerated: on the development distinction the conduct is a violation for private gain")
		}
		return r.Invalid("FT09", "Outcome", fmt.Sprintf("a knowing violation is never tolerated: on the %s distinction the conduct is a violation, not a mistake", d.Distinction))
	}
	for _, a := range c.Answers {
		if yes, _ := a.Question.Answers(); a.Answer != yes {
			return r.Invalid("FT02", "Outcome", fmt.Sprintf("%s: %s is not tolerated", a.Question, a.Answer))
		}
	}
	if c.Complex && !slices.ContainsFunc(c.Consultations, func(k Consultation) bool { return k.Expert }) {
		return r.Invalid("FT06", "Consultations", "a complex case is decided after the expert group is heard")
	}
	// Every tolerated outcome, not exemption alone, meets the typical
	// conditions the policy requires (FT11).
	if r.Policy.RequireAllConditions {
		for _, cond := range r.Policy.Conditions {
			if !slices.Contains(c.Conditions, cond.ID) {
				return r.Invalid("FT11", "Conditions", fmt.Sprintf("the policy requires every typical condition: %s is not met", cond.Name))
			}
		}
	}
	// The written decision states the facts established (FT07).
	if c.Facts == "" {
		return r.Invalid("FT07", "Facts", "a tolerance decision states the facts established: record them (Establish)")
	}
	if out != Exemption {
		return nil
	}
	if list, ok := r.Policy.checklist(c.Domain); ok {
		for _, item := range list.Items {
			if !slices.Contains(c.Checklist, item.ID) {
				return r.Invalid("FT08", "Checklist", fmt.Sprintf("%s: %s is not met", list.Name, item.Name))
			}
		}
	}
	return nil
}

var propose = func() command[ProposeInput] {
	cmd := assessing[ProposeInput]("propose")
	cmd.Moves[0].To = Proposed
	cmd.Validate = func(in ProposeInput) error { return in.validate("tolerance.Propose") }
	cmd.Guard = func(r *run, in ProposeInput) error { return check(r, in.Outcome, in.Grounds) }
	cmd.Apply = func(r *run, in ProposeInput) error {
		c := r.Case
		c.Round++
		c.Proposals = kit.KeepLast(append(c.Proposals, Proposal{Step: r.Step(""), Round: c.Round, Outcome: in.Outcome,
			Grounds: slices.Clone(in.Grounds), Reason: in.Reason, ReasonEn: strings.TrimSpace(in.ReasonEn)}), MaxRounds)
		r.Reason = in.Reason
		r.Due("decide", r.Policy.Deadlines.Decide)
		r.Apply("FT01", "FT02", "FT03", "FT04", "FT07", "FT09", "FT10")
		return nil
	}
	return cmd
}()

// Propose proposes the tolerance decision: exemption, lighter or mitigated
// handling, or none (FT07), with its grounds (FT10) and reason. The guard
// holds the case to every rule: the distinctions and questions answered
// (FT01, FT02) and the factors weighed (FT03); and for any tolerance, the
// exclusions established and none found (FT04), no private gain and no
// intent (FT09), every distinction on the mistake's side and every answer
// the tolerable one, an expert group heard on a complex case (FT06); and for
// exemption, a waiving ground (FT10), every typical condition where the
// policy requires all (FT11), every item of the domain's checklist (FT08).
// Allowed while assessing.
//
// Errors: Invalid with the rule that refused; Conflict; NotFound;
// Transition (XC09); Forbidden (XC07, FT05, XC02); Canceled.
func (s *Service) Propose(ctx context.Context, actor dandang.Actor, in ProposeInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Propose", &propose, actor, in)
}

// DecisionInput approves or sends back a proposed decision.
type DecisionInput struct {
	Ref
	Number  string `json:"number" validate:"text"`  // the decision's document number, for an exemption
	Comment string `json:"comment" validate:"text"` // required to send back
}

func (in DecisionInput) ref() Ref { return in.Ref }

// lastProposal returns the proposal under decision.
func (c *Case) lastProposal() Proposal {
	if len(c.Proposals) == 0 {
		return Proposal{}
	}
	return c.Proposals[len(c.Proposals)-1]
}

// noSelfApproval refuses the proposer as the one who decides (XC08).
func noSelfApproval(r *run) error {
	if p := r.Case.lastProposal(); p.By.ID == r.Actor.ID {
		return &dandang.Error{Code: dandang.Forbidden, Op: r.Op, Rule: "XC08", Field: "Actor.ID",
			Message: "no one approves the tolerance decision they proposed"}
	}
	return nil
}

var reject = command[DecisionInput]{
	Name: "reject", Moves: []Move{{Event: "reject", From: []State{Proposed}, To: Assessing}},
	Ref:       refOf[DecisionInput],
	Authorize: func(r *run, _ DecisionInput) error { return authorizeDecider(r) },
	Validate: func(in DecisionInput) error {
		if strings.TrimSpace(in.Comment) == "" {
			return kit.Invalidf("tolerance.Reject", "FT07", "Comment", "required: why it goes back")
		}
		return nil
	},
	Apply: func(r *run, in DecisionInput) error {
		r.Reason = in.Comment
		r.Due("propose", r.Policy.Deadlines.Assess)
		r.Apply("FT05")
		return nil
	},
}

// Reject sends a proposed decision back to the assessors, with the reason
// (FT05). Only the roles that decide for the case's pursuer, in the
// pursuing organ, send back.
//
// Errors: Invalid (FT07) without a comment; Conflict; NotFound; Transition
// (XC09) unless proposed; Forbidden (XC07; FT05 for another organ or a role
// that does not decide for the pursuer); Canceled.
func (s *Service) Reject(ctx context.Context, actor dandang.Actor, in DecisionInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Reject", &reject, actor, in)
}

// unaffected is what a tolerated mistake leaves untouched (FT12).
var unaffected = []string{"appraisal", "promotion", "honours", "candidacy"}

var decide = command[DecisionInput]{
	Name: "decide", Moves: []Move{{Event: "decide", From: []State{Proposed}, To: Decided}},
	Ref: refOf[DecisionInput],
	Authorize: func(r *run, _ DecisionInput) error {
		if err := authorizeDecider(r); err != nil {
			return err
		}
		return noSelfApproval(r)
	},
	Guard: func(r *run, _ DecisionInput) error {
		p := r.Case.lastProposal()
		return check(r, p.Outcome, p.Grounds)
	},
	Apply: func(r *run, in DecisionInput) error {
		c := r.Case
		p := c.lastProposal()
		c.Decision = &Decision{Step: r.Step(in.Comment), Number: in.Number, Outcome: p.Outcome,
			Grounds: slices.Clone(p.Grounds), Reason: p.Reason, ReasonEn: p.ReasonEn, Proposer: p.By}
		r.Reason = p.Reason
		r.End()
		r.Apply("FT05", "FT07", "XC08")
		// A tolerated mistake carries no negative evaluation (FT12): every
		// tolerated outcome — exemption, lighter or mitigated handling —
		// publishes it, as statistics count all three as tolerated.
		if p.Outcome.Tolerated() {
			r.Apply("FT10", "FT11", "FT12")
			r.Emit(event.NoNegativeEvaluation{CaseID: c.ID, InquiryID: c.Inquiry.ID, Subject: c.Subject, Organ: c.Organ,
				Outcome: string(p.Outcome), Unaffected: slices.Clone(unaffected), DecidedAt: r.Now})
		} else {
			r.Apply("FT09")
		}
		r.Emit(event.ToleranceDecided{CaseID: c.ID, InquiryID: c.Inquiry.ID, Subject: c.Subject, Organ: c.Organ,
			Outcome: string(p.Outcome), Rules: []string{"FT05", "FT07"}, DecidedAt: r.Now})
		return nil
	},
}

// Decide approves the proposed decision (FT07): the decision is the
// pursuing body's (谁追责问责、谁认定容错, FT05), so only the roles that decide
// for the case's pursuer in the pursuing organ approve, and never the one
// who proposed it (XC08). The proposal is held to the rules again. The case
// ends; the accountability process is told the outcome, and an exemption
// publishes that the subject's appraisal, promotion, honours and
// candidacies are unaffected (FT12), both as outbox events. Once the
// accountability decision is recorded, no tolerance decision is made: the
// refusal names FT05 (防止翻烧饼).
//
// Errors: Transition (FT05) after the accountability decision or a
// tolerance decision already made, (XC09) in the assessing state; Forbidden (FT05) for an organ not pursuing the
// accountability or a role that does not decide for the pursuer, (XC08)
// for the proposer, (XC07) for an organ not in the directory or forged;
// Invalid from the rules the proposal is held to; Conflict; NotFound;
// Canceled.
func (s *Service) Decide(ctx context.Context, actor dandang.Actor, in DecisionInput) (*Case, error) {
	return exec(ctx, s, "tolerance.Decide", &decide, actor, in)
}

// AccountabilityInput records the accountability decision (FT05).
type AccountabilityInput struct {
	Ref
	Decision string `json:"decision" validate:"nonblank,text" rule:"FT05"` // what was decided, such as 诫勉谈话 or 不予问责
}

func (in AccountabilityInput) ref() Ref { return in.Ref }

var recordAccountability = command[AccountabilityInput]{
	Name: "accountability",
	Moves: []Move{
		{Event: "accountability", From: []State{Assessing, Proposed}, To: Foreclosed},
		{Event: "accountability", From: []State{Decided}},
	},
	Ref:       refOf[AccountabilityInput],
	Authorize: func(r *run, _ AccountabilityInput) error { return authorizeDecider(r) },
	Guard: func(r *run, _ AccountabilityInput) error {
		if r.Case.Accountability != nil {
			return &dandang.Error{Code: dandang.Conflict, Op: r.Op, Rule: "FT05", Field: "Decision", Message: "the accountability decision is recorded already"}
		}
		return nil
	},
	Apply: func(r *run, in AccountabilityInput) error {
		r.Case.Accountability = &Accountability{Step: r.Step(""), Decision: in.Decision}
		r.Reason = in.Decision
		if !r.Case.Ended() {
			r.End()
		}
		r.Apply("FT05")
		return nil
	},
}

// RecordAccountability records the accountability decision of the inquiry
// (FT05). Made before the tolerance decision, it forecloses it: the case
// ends with no tolerance decided, and none can be decided after
// (防止翻烧饼). Made after, it is recorded on the decided case. Only the
// roles that decide for the pursuer, in the pursuing organ, record it.
//
// Errors: Invalid (FT05) without the decision; Conflict (FT05) when it is
// recorded already, or for a stale version; NotFound; Transition (XC09) on
// a foreclosed case; Forbidden (XC07, FT05); Canceled.
func (s *Service) RecordAccountability(ctx context.Context, actor dandang.Actor, in AccountabilityInput) (*Case, error) {
	return exec(ctx, s, "tolerance.RecordAccountability", &recordAccountability, actor, in)
}
