package tolerance_test

import (
	"strings"
	"testing"

	"github.com/dandang/dandang/internal/checks"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/tolerance"
	"github.com/google/go-cmp/cmp"
)

// XC06, for every command: an unknown case, a stale version, a forbidden
// actor, a forged organ, a missing actor and case ID, and the wrong state
// (XC09) each return the typed error naming the rule and the field, and
// leave the case, its history and the outbox exactly as they were.
func TestTolerance_XC06_EveryCommandRefusesCleanly(t *testing.T) {
	e := newEnv(t)
	opened := e.opened("q-open")
	assessed := e.assessed("q-assessed")
	proposed := e.proposed("q-prop")
	proposed2 := e.proposed("q-prop2")
	decided := e.decided("q-dec")
	foreclosed := e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(e.opened("q-fore")), Decision: "诫勉"}))
	excluded := e.assess(e.opened("q-excl"), distinctions(true), answers(nil), tolerance.EstablishInput{Excluded: []string{"vanity_projects"}})
	decided2 := e.decided("q-dec2")
	decided3 := e.decided("q-dec3")

	type do func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error)
	experts := []tolerance.Participant{{Name: "甲", Role: dandang.Expert}, {Name: "乙", Role: dandang.Expert}, {Name: "丙", Role: dandang.Expert}}
	commands := []struct {
		name  string
		on    *tolerance.Case
		right dandang.Actor
		wrong *tolerance.Case // a case in a state the command is not allowed in
		do    do
	}{
		{"Distinguish", opened, jnSuper, proposed, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Distinguish(ctx, a, tolerance.DistinguishInput{Ref: r, Distinctions: distinctions(true), Answers: answers(nil)})
		}},
		{"Weigh", opened, jnSuper, decided, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Weigh(ctx, a, tolerance.WeighInput{Ref: r, Weighings: weighings()})
		}},
		{"Establish", opened, jnSuper, proposed, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Establish(ctx, a, tolerance.EstablishInput{Ref: r, Conditions: allConditions()})
		}},
		{"Consult", opened, jnSuper, foreclosed, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Consult(ctx, a, tolerance.ConsultInput{Ref: r, Conclusion: "同意",
				Participants: []tolerance.Participant{{Name: "审计局干部", Role: dandang.Audit}}})
		}},
		{"HearExperts", opened, jnSuper, decided, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.HearExperts(ctx, a, tolerance.ConsultInput{Ref: r, Participants: experts, Conclusion: "可以容错"})
		}},
		{"Propose", assessed, jnSuper, proposed, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Propose(ctx, a, tolerance.ProposeInput{Ref: r, Outcome: tolerance.Exemption, Grounds: []tolerance.Ground{tolerance.ThreeDistinctions}, Reason: "理由"})
		}},
		{"Reject", proposed2, jnLeader, opened, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Reject(ctx, a, tolerance.DecisionInput{Ref: r, Comment: "补充证据"})
		}},
		{"Decide", proposed, jnLeader, opened, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Decide(ctx, a, tolerance.DecisionInput{Ref: r})
		}},
		{"RecordAccountability", decided, jnLeader, foreclosed, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.RecordAccountability(ctx, a, tolerance.AccountabilityInput{Ref: r, Decision: "不予问责"})
		}},
		{"Withdraw", excluded, jnLeader, proposed, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Withdraw(ctx, a, tolerance.WithdrawInput{Ref: r, Exclusion: "vanity_projects", Reason: "经复核，该项目不属于政绩工程"})
		}},
		{"Reconsider", decided2, jnLeader, opened, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Reconsider(ctx, a, tolerance.CorrectInput{Ref: r, Reason: "发现新的事实"})
		}},
		{"Revoke", decided3, jnLeader, foreclosed, func(a dandang.Actor, r tolerance.Ref) (*tolerance.Case, error) {
			return e.svc.Revoke(ctx, a, tolerance.CorrectInput{Ref: r, Reason: "认定所依据的事实不实"})
		}},
	}
	// stale is a version other than the case's: the one before, or one
	// ahead for a case just opened.
	stale := func(c *tolerance.Case) int {
		if c.Version > 1 {
			return c.Version - 1
		}
		return c.Version + 1
	}
	for _, cmd := range commands {
		on := e.must(e.svc.Get(ctx, admin, cmd.on.ID))
		wrong := e.must(e.svc.Get(ctx, admin, cmd.wrong.ID))
		a := cmd.right
		forged := a
		forged.Organ = dandang.Organ{ID: "ghost"}
		claimed := a
		claimed.Organ.Level = dandang.City
		variants := []struct {
			name  string
			actor dandang.Actor
			ref   tolerance.Ref
			code  dandang.Code
			field string
			rule  string
		}{
			{"unknown case", a, tolerance.Ref{CaseID: "q-none/x", Version: 1}, dandang.NotFound, "CaseID", "XC07"},
			{"stale version", a, tolerance.Ref{CaseID: on.ID, Version: stale(on)}, dandang.Conflict, "Version", ""},
			{"outside the reach: another organ", lqLeader, ref(on), dandang.NotFound, "CaseID", "XC07"},
			{"forbidden actor: the organ above", cityLead, ref(on), dandang.Forbidden, "Actor.Organ", "FT05"},
			{"forbidden actor: the province", admin, ref(on), dandang.Forbidden, "Actor.Organ", "FT05"},
			{"forbidden actor: a role that does not act here", actor("jn-pet", jingning, dandang.PetitionOffice), ref(on), dandang.Forbidden, "Actor.Roles", ""},
			{"no actor", dandang.Actor{}, ref(on), dandang.Invalid, "Actor.ID", "XC06"},
			{"no case ID", a, tolerance.Ref{Version: 1}, dandang.Invalid, "CaseID", "XC06"},
			{"forged organ", forged, ref(on), dandang.Forbidden, "Actor.Organ.ID", "XC07"},
			{"claimed level", claimed, ref(on), dandang.Forbidden, "Actor.Organ", "XC07"},
			{"wrong state", a, ref(wrong), dandang.Transition, "", "XC09"},
		}
		// A case past deciding is one situation, refused under FT05 by
		// every command; any other state under XC09.
		if wrong.State == tolerance.Decided || wrong.State == tolerance.Foreclosed {
			variants[len(variants)-1].rule = "FT05"
		}
		for _, v := range variants {
			t.Run(cmd.name+"/"+v.name, func(t *testing.T) {
				target := on.ID
				if v.name == "wrong state" {
					target = wrong.ID
				}
				before := e.snap(target)
				got, err := cmd.do(v.actor, v.ref)
				if got != nil {
					t.Errorf("a refused command returned a case")
				}
				wantErr(t, err, v.code, v.rule)
				if v.field != "" && dandang.ErrorField(err) != v.field {
					t.Errorf("field = %q, want %q (%v)", dandang.ErrorField(err), v.field, err)
				}
				if v.code == dandang.Transition {
					var de *dandang.Error
					if !asError(err, &de) || de.State != string(wrong.State) {
						t.Errorf("the refusal does not name the state %s: %v", wrong.State, err)
					}
				}
				if diff := cmp.Diff(before, e.snap(target)); diff != "" {
					t.Errorf("the store changed (-before +after):\n%s", diff)
				}
			})
		}
		// XC07: the case outside the reach reads exactly as a missing one,
		// byte for byte apart from the ID, on any version.
		t.Run(cmd.name+"/outside the reach reads as missing", func(t *testing.T) {
			for _, version := range []int{on.Version, on.Version + 7} {
				_, unseen := cmd.do(lqLeader, tolerance.Ref{CaseID: on.ID, Version: version})
				_, missing := cmd.do(lqLeader, tolerance.Ref{CaseID: "q-none/x", Version: version})
				checks.SameAsMissing(t, unseen, on.ID, missing, "q-none/x")
			}
			_, unseen := e.svc.Get(ctx, lqLeader, on.ID)
			_, missing := e.svc.Get(ctx, lqLeader, "q-none/x")
			checks.SameAsMissing(t, unseen, on.ID, missing, "q-none/x")
			_, unseen = e.svc.History(ctx, lqLeader, on.ID)
			_, missing = e.svc.History(ctx, lqLeader, "q-none/x")
			checks.SameAsMissing(t, unseen, on.ID, missing, "q-none/x")
			checks.SameAsMissing(t, e.svc.Verify(ctx, lqLeader, on.ID), on.ID, e.svc.Verify(ctx, lqLeader, "q-none/x"), "q-none/x")
		})
		// The right actor on the right version passes every check the
		// variants test.
		if _, err := cmd.do(a, ref(on)); err != nil {
			t.Errorf("%s with the right actor: %v", cmd.name, err)
		}
	}
}

// The bad input: each refused with a typed error naming the rule
// and the field, the store unchanged.
func TestTolerance_XC06_BadInput(t *testing.T) {
	e := newEnv(t)
	opened := e.opened("q-open")
	assessed := e.assessed("q-assessed")
	proposed := e.proposed("q-prop")
	excluded := e.assess(e.opened("q-excl"), distinctions(true), answers(nil), tolerance.EstablishInput{Excluded: []string{"vanity_projects"}})
	private := e.assess(e.opened("q-priv"), distinctions(true), answers(map[tolerance.Question]tolerance.Answer{tolerance.PublicOrPrivate: tolerance.ForOneself}), tolerance.EstablishInput{})
	intent := e.assess(e.opened("q-int"), distinctions(true), answers(map[tolerance.Question]tolerance.Answer{tolerance.NegligenceOrIntent: tolerance.Intent}), tolerance.EstablishInput{})
	foreclosed := e.must(e.svc.RecordAccountability(ctx, jnLeader, tolerance.AccountabilityInput{Ref: ref(e.proposed("q-fore")), Decision: "诫勉"}))

	mitigatedAlone := exemption(assessed)
	mitigatedAlone.Grounds = []tolerance.Ground{tolerance.LossesRecovered, tolerance.Cooperated}
	lighter := func(c *tolerance.Case) tolerance.ProposeInput {
		return tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.Lighter, Grounds: []tolerance.Ground{tolerance.LossesRecovered}, Reason: "挽回损失"}
	}
	tests := []struct {
		name  string
		on    *tolerance.Case
		code  dandang.Code
		rule  string
		field string
		call  func() (*tolerance.Case, error)
	}{
		{"decision by an organ not pursuing the accountability", proposed, dandang.Forbidden, "FT05", "Actor.Organ", func() (*tolerance.Case, error) {
			return e.svc.Decide(ctx, cityLead, tolerance.DecisionInput{Ref: ref(proposed)})
		}},
		{"decision by a body not pursuing the accountability", proposed, dandang.Forbidden, "FT05", "Actor.Roles", func() (*tolerance.Case, error) {
			return e.svc.Decide(ctx, jnOrg, tolerance.DecisionInput{Ref: ref(proposed)})
		}},
		{"decision after the accountability decision", foreclosed, dandang.Transition, "FT05", "", func() (*tolerance.Case, error) {
			return e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(foreclosed)})
		}},
		{"exemption on mitigation grounds alone", assessed, dandang.Invalid, "FT10", "Grounds", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, mitigatedAlone)
		}},
		{"exemption for an excluded situation", excluded, dandang.Invalid, "FT04", "Outcome", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, exemption(excluded))
		}},
		{"lighter handling for an excluded situation", excluded, dandang.Invalid, "FT04", "Outcome", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, lighter(excluded))
		}},
		{"tolerance for private gain", private, dandang.Invalid, "FT09", "Outcome", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, lighter(private))
		}},
		{"tolerance for intent", intent, dandang.Invalid, "FT09", "Outcome", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, exemption(intent))
		}},
		{"a decision without the questions answered", opened, dandang.Invalid, "FT02", "Answers", func() (*tolerance.Case, error) {
			return e.svc.Propose(ctx, jnSuper, tolerance.ProposeInput{Ref: ref(opened), Outcome: tolerance.None, Reason: "不予容错"})
		}},
		{"a question without evidence", opened, dandang.Invalid, "FT02", "Answers[0].Evidence", func() (*tolerance.Case, error) {
			as := answers(nil)
			as[0].Evidence = []string{" "}
			return e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(opened), Distinctions: distinctions(true), Answers: as})
		}},
		{"no reason", assessed, dandang.Invalid, "FT07", "Reason", func() (*tolerance.Case, error) {
			in := exemption(assessed)
			in.Reason = ""
			return e.svc.Propose(ctx, jnSuper, in)
		}},
		{"self-approval", proposed, dandang.Forbidden, "XC08", "Actor.ID", func() (*tolerance.Case, error) {
			self := jnSuper
			self.Roles = append(self.Roles, dandang.PrincipalLeader)
			return e.svc.Decide(ctx, self, tolerance.DecisionInput{Ref: ref(proposed)})
		}},
		{"open twice", opened, dandang.Conflict, "FT05", "", func() (*tolerance.Case, error) {
			return e.svc.Open(ctx, jnSuper, newCase("q-open", committee))
		}},
		{"open with an unknown pursuer", opened, dandang.Invalid, "FT05", "Pursuer", func() (*tolerance.Case, error) {
			in := newCase("q-new", committee)
			in.Pursuer = "court"
			return e.svc.Open(ctx, jnSuper, in)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.snap(tt.on.ID)
			got, err := tt.call()
			if got != nil {
				t.Errorf("a refused command returned a case")
			}
			wantErr(t, err, tt.code, tt.rule)
			if f := dandang.ErrorField(err); f != tt.field {
				t.Errorf("field = %q, want %q (%v)", f, tt.field, err)
			}
			if diff := cmp.Diff(before, e.snap(tt.on.ID)); diff != "" {
				t.Errorf("a refused command changed the store (-before +after):\n%s", diff)
			}
		})
	}

	// A policy missing its exclusions.
	p := tolerance.DefaultPolicy()
	p.Exclusions = nil
	err := p.Validate()
	wantErr(t, err, dandang.Invalid, "FT04")
	if f := dandang.ErrorField(err); f != "Exclusions" {
		t.Errorf("field = %q, want Exclusions", f)
	}
}

func TestPolicy_Validate(t *testing.T) {
	if err := tolerance.DefaultPolicy().Validate(); err != nil {
		t.Fatalf("default policy: %v", err)
	}
	tests := []struct {
		name  string
		edit  func(*tolerance.Policy)
		rule  string
		field string
	}{
		{"no exclusions", func(p *tolerance.Policy) { p.Exclusions = nil }, "FT04", "Exclusions"},
		{"exclusion without name", func(p *tolerance.Policy) { p.Exclusions[2].Name = "" }, "FT04", "Exclusions[2].Name"},
		{"exclusion twice", func(p *tolerance.Policy) { p.Exclusions[1].ID = p.Exclusions[0].ID }, "FT04", "Exclusions[1].ID"},
		{"no conditions", func(p *tolerance.Policy) { p.Conditions = nil }, "FT11", "Conditions"},
		{"condition twice", func(p *tolerance.Policy) { p.Conditions[3].ID = p.Conditions[0].ID }, "FT11", "Conditions[3].ID"},
		{"empty checklist", func(p *tolerance.Policy) { p.Checklists[0].Items = nil }, "FT08", "Checklists[0].Items"},
		{"no deciders for a pursuer", func(p *tolerance.Policy) { p.Deciders = p.Deciders[:2] }, "FT05", "Deciders"},
		{"unknown role", func(p *tolerance.Policy) { p.ConsultBodies = []dandang.Role{"janitor"} }, "XC02", "ConsultBodies"},
		{"no experts", func(p *tolerance.Policy) { p.Experts = 0 }, "FT06", "Experts"},
		{"no deadline", func(p *tolerance.Policy) { p.Deadlines.Decide = 0 }, "XC03", "Deadlines.Decide"},
		{"no version", func(p *tolerance.Policy) { p.Ref.Version = 0 }, "FT04", "Ref.Version"},
	}
	for _, tt := range tests {
		p := tolerance.DefaultPolicy()
		tt.edit(&p)
		err := p.Validate()
		if dandang.ErrorCode(err) != dandang.Invalid || dandang.ErrorField(err) != tt.field || dandang.ErrorRule(err) != tt.rule {
			t.Errorf("%s: Validate = %v, want invalid [%s] %s", tt.name, err, tt.rule, tt.field)
		}
	}
}

func TestCase_Validate(t *testing.T) {
	e := newEnv(t)
	good := e.decided("q1")
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate(a decided case) = %v", err)
	}
	tests := []struct {
		name  string
		edit  func(*tolerance.Case)
		field string
	}{
		{"state", func(c *tolerance.Case) { c.State = "lost" }, "State"},
		{"closed time", func(c *tolerance.Case) { c.ClosedAt = c.OpenedAt.AddDate(-1, 0, 0); c.State = tolerance.Assessing }, "ClosedAt"},
		{"decision", func(c *tolerance.Case) { c.Decision = nil }, "Decision"},
		{"pursuer", func(c *tolerance.Case) { c.Pursuer = "" }, "Pursuer"},
		{"subject", func(c *tolerance.Case) { c.Subject.Kind = "" }, "Subject"},
	}
	for _, tt := range tests {
		c := good.Clone()
		tt.edit(c)
		err := c.Validate()
		if dandang.ErrorCode(err) != dandang.Internal || dandang.ErrorField(err) != tt.field || !strings.Contains(err.Error(), c.ID) {
			t.Errorf("%s: Validate = %v, want internal %s naming the case", tt.name, err, tt.field)
		}
	}
}

// Clone shares nothing with the original.
func TestCase_Clone(t *testing.T) {
	e := newEnv(t)
	c := e.decided("q1")
	n := c.Clone()
	if diff := cmp.Diff(c, n); diff != "" {
		t.Fatalf("clone differs:\n%s", diff)
	}
	n.Distinctions[0].Evidence[0] = "x"
	n.Answers[0].Evidence[0] = "x"
	n.Proposals[0].Grounds[0] = tolerance.Objected
	n.Decision.Grounds[0] = tolerance.Objected
	n.Weighings[0].Finding = "x"
	if c.Distinctions[0].Evidence[0] == "x" || c.Answers[0].Evidence[0] == "x" || c.Proposals[0].Grounds[0] == tolerance.Objected ||
		c.Decision.Grounds[0] == tolerance.Objected || c.Weighings[0].Finding == "x" {
		t.Error("the clone shares memory with the original")
	}
}
