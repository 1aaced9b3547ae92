package tolerance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/internal/checks"
	"github.com/dandang/dandang/kit"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/tolerance"
)

var (
	ctx = context.Background()
	// 2023-06-05 is a Monday.
	t0 = time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)

	province = dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	lishui   = dandang.Organ{ID: "ls", Name: "丽水市纪委监委", Level: dandang.City, Region: "3311", Superior: "zj"}
	jingning = dandang.Organ{ID: "jn", Name: "景宁县纪委监委", Level: dandang.County, Region: "331127", Superior: "ls"}
	longquan = dandang.Organ{ID: "lq", Name: "龙泉市纪委监委", Level: dandang.County, Region: "331181", Superior: "ls"}
	wenzhou  = dandang.Organ{ID: "wz", Name: "温州市纪委监委", Level: dandang.City, Region: "3303", Superior: "zj"}
	lucheng  = dandang.Organ{ID: "lc", Name: "鹿城区纪委监委", Level: dandang.County, Region: "330302", Superior: "wz"}

	directory = func() *dandang.Directory {
		d, err := dandang.NewDirectory(province, lishui, jingning, longquan, wenzhou, lucheng)
		if err != nil {
			panic(err)
		}
		return d
	}()

	jnSuper  = actor("jn-sup", jingning, dandang.SupervisionOffice)
	jnSuper2 = actor("jn-sup2", jingning, dandang.SupervisionOffice, dandang.LeaderInCharge)
	jnLeader = actor("jn-lead", jingning, dandang.PrincipalLeader)
	jnOrg    = actor("jn-org", jingning, dandang.OrganizationDept)
	jnParty  = actor("jn-party", jingning, dandang.PartyCommittee)
	lqSuper  = actor("lq-sup", longquan, dandang.SupervisionOffice)
	lqLeader = actor("lq-lead", longquan, dandang.PrincipalLeader)
	cityLead = actor("ls-lead", lishui, dandang.PrincipalLeader)
	admin    = actor("admin", province, dandang.CaseManagement)

	committee = dandang.Subject{ID: "village-1", Kind: dandang.Organization, Name: "沙湾镇某村村民委员会",
		Unit: "沙湾镇某村", ManagedAt: dandang.Township, Region: "331127101"}
	cadre = dandang.Subject{ID: "p-lan", Kind: dandang.Person, Name: "蓝建华", Position: "村党支部书记",
		Unit: "沙湾镇某村党支部", ManagedAt: dandang.Township, Region: "331127101"}
)

func actor(id string, o dandang.Organ, roles ...dandang.Role) dandang.Actor {
	return dandang.Actor{ID: id, Name: id, Organ: dandang.Organ{ID: o.ID}, Roles: roles}
}

type env struct {
	t     testing.TB
	svc   *tolerance.Service
	db    *memdb.DB
	clock *dandang.FixedClock
}

func newEnv(t testing.TB, policies ...tolerance.Policy) *env {
	t.Helper()
	db := memdb.New()
	clock := dandang.NewFixedClock(t0)
	cfg := tolerance.Config{Store: memdb.NewStore(db, tolerance.Cases), Clock: clock, Directory: directory}
	if len(policies) > 0 {
		cfg.Policies = kit.NewPolicySet(policies[0], policies[1:]...)
	}
	svc, err := tolerance.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, svc: svc, db: db, clock: clock}
}

func ref(c *tolerance.Case) tolerance.Ref { return c.Ref() }

func (e *env) must(c *tolerance.Case, err error) *tolerance.Case {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func newCase(inquiry string, s dandang.Subject) tolerance.NewCase {
	return tolerance.NewCase{Inquiry: tolerance.Inquiry{ID: inquiry, Matter: "村委用村集体资金租用巴士接送村民代表赴异地开会", OpenedAt: t0.Add(-time.Hour)},
		Subject: s, Pursuer: tolerance.ByDisciplineOrgan}
}

// opened opens an assessment in Jingning.
func (e *env) opened(inquiry string) *tolerance.Case {
	e.t.Helper()
	return e.must(e.svc.Open(ctx, jnSuper, newCase(inquiry, committee)))
}

// facts are the facts a test case establishes (FT07).
const facts = "该村村委用村集体资金租用巴士接送村民代表赴异地开会，与县农村集体“三资”管理办法不符"

func distinctions(mistake bool) []tolerance.Distinguished {
	var out []tolerance.Distinguished
	for _, d := range tolerance.Distinctions() {
		out = append(out, tolerance.Distinguished{Distinction: d, Mistake: mistake, Evidence: []string{"谈话笔录"}})
	}
	return out
}

func answers(edit map[tolerance.Question]tolerance.Answer) []tolerance.Answered {
	var out []tolerance.Answered
	for _, q := range tolerance.Questions() {
		a, _ := q.Answers()
		if v, ok := edit[q]; ok {
			a = v
		}
		out = append(out, tolerance.Answered{Question: q, Answer: a, Evidence: []string{"会议记录", "银行流水"}})
	}
	return out
}

func weighings() []tolerance.Weighing {
	var out []tolerance.Weighing
	for _, f := range tolerance.Factors() {
		out = append(out, tolerance.Weighing{Factor: f, Finding: "已查明", Favourable: true})
	}
	return out
}

func allConditions() []string {
	var out []string
	for _, c := range tolerance.DefaultPolicy().Conditions {
		out = append(out, c.ID)
	}
	return out
}

// assessed takes a fresh case through the assessment: tolerable on every
// count, no exclusion, every condition met.
func (e *env) assessed(inquiry string) *tolerance.Case {
	e.t.Helper()
	c := e.opened(inquiry)
	return e.assess(c, distinctions(true), answers(nil), tolerance.EstablishInput{Conditions: allConditions()})
}

func (e *env) assess(c *tolerance.Case, ds []tolerance.Distinguished, as []tolerance.Answered, est tolerance.EstablishInput) *tolerance.Case {
	e.t.Helper()
	c = e.must(e.svc.Distinguish(ctx, jnSuper, tolerance.DistinguishInput{Ref: ref(c), Distinctions: ds, Answers: as}))
	c = e.must(e.svc.Weigh(ctx, jnSuper, tolerance.WeighInput{Ref: ref(c), Weighings: weighings()}))
	est.Ref = ref(c)
	if est.Facts == "" {
		est.Facts = facts
	}
	return e.must(e.svc.Establish(ctx, jnSuper, est))
}

func exemption(c *tolerance.Case) tolerance.ProposeInput {
	return tolerance.ProposeInput{Ref: ref(c), Outcome: tolerance.Exemption, Grounds: []tolerance.Ground{tolerance.ThreeDistinctions},
		Reason: "该行为是为加快工作进度采取的权宜措施，且没有村干部从中谋取不正当利益"}
}

// proposed assesses and proposes an exemption.
func (e *env) proposed(inquiry string) *tolerance.Case {
	e.t.Helper()
	c := e.assessed(inquiry)
	return e.must(e.svc.Propose(ctx, jnSuper, exemption(c)))
}

// decided assesses, proposes and decides an exemption.
func (e *env) decided(inquiry string) *tolerance.Case {
	e.t.Helper()
	c := e.proposed(inquiry)
	return e.must(e.svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: ref(c), Number: "景纪容〔2023〕1号"}))
}

// wantErr checks err's code and rule ("" skips the rule).
func wantErr(t testing.TB, err error, code dandang.Code, rule string) {
	t.Helper()
	checks.Err(t, err, code, rule, "")
}

// snapshot is what a refused command must leave untouched.
type snapshot struct {
	C       *tolerance.Case
	History int
	Events  int
}

func (e *env) snap(id string) snapshot {
	e.t.Helper()
	c, err := e.svc.Get(ctx, admin, id)
	if err != nil {
		e.t.Fatal(err)
	}
	h, _ := e.svc.History(ctx, admin, id)
	evs, _ := e.db.Outbox().All(ctx)
	return snapshot{c, len(h), len(evs)}
}

// events returns the payloads in the outbox.
func (e *env) events() []event.Payload {
	e.t.Helper()
	evs, err := e.db.Outbox().All(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []event.Payload
	for _, ev := range evs {
		p, err := event.Decode(ev)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func asError(err error, target **dandang.Error) bool { return errors.As(err, target) }
