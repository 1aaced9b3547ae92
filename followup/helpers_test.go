package followup_test

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
	"github.com/dandang/dandang/followup"
	"golang.org/x/text/language"
)

var (
	ctx = context.Background()
	// 2023-06-05 is a Monday.
	t0 = time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)

	province = dandang.Organ{ID: "zhejiang", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	lishui   = dandang.Organ{ID: "lishui", Name: "丽水市纪委监委", Level: dandang.City, Region: "3311", Superior: "zhejiang"}
	songyang = dandang.Organ{ID: "songyang", Name: "松阳县纪委监委", Level: dandang.County, Region: "331124", Superior: "lishui"}
	jinyun   = dandang.Organ{ID: "jinyun", Name: "缙云县纪委监委", Level: dandang.County, Region: "331122", Superior: "lishui"}

	directory = func() *dandang.Directory {
		d, err := dandang.NewDirectory(province, lishui, songyang, jinyun)
		if err != nil {
			panic(err)
		}
		return d
	}()

	office  = actor("sy-office", songyang, dandang.SupervisionOffice)
	leader  = actor("sy-leader", songyang, dandang.PrincipalLeader)
	orgDept = actor("sy-org", songyang, dandang.OrganizationDept)
	jyOffce = actor("jy-office", jinyun, dandang.SupervisionOffice)
	cityOff = actor("ls-office", lishui, dandang.SupervisionOffice)
	admin   = actor("admin", province, dandang.CaseManagement)

	meng = dandang.Subject{ID: "p-meng", Kind: dandang.Person, Name: "孟建军", Position: "乡镇干部",
		Unit: "某乡镇", UnitHead: "李明", ManagedAt: dandang.County, Region: "331124"}
	branch = dandang.Subject{ID: "org-1", Kind: dandang.Organization, Name: "某村党支部",
		Unit: "某村党支部", UnitHead: "镇党委", ManagedAt: dandang.County, Region: "331124"}

	twoVisitors = []string{"县纪委干部甲", "县委组织部干部乙"}
)

func actor(id string, o dandang.Organ, roles ...dandang.Role) dandang.Actor {
	return dandang.Actor{ID: id, Name: id, Organ: dandang.Organ{ID: o.ID}, Roles: roles}
}

type env struct {
	t     testing.TB
	svc   *followup.Service
	db    *memdb.DB
	clock *dandang.FixedClock
}

func newEnv(t testing.TB, policies ...followup.Policy) *env {
	t.Helper()
	db := memdb.New()
	clock := dandang.NewFixedClock(t0)
	cfg := followup.Config{Store: memdb.NewStore(db, followup.Cases), Clock: clock, Directory: directory}
	if len(policies) > 0 {
		cfg.Policies = kit.NewPolicySet(policies[0], policies[1:]...)
	}
	svc, err := followup.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, svc: svc, db: db, clock: clock}
}

func ref(c *followup.Case) followup.Ref { return followup.Ref{CaseID: c.ID, Version: c.Version} }

func (e *env) must(c *followup.Case, err error) *followup.Case {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// discipline is a decision of songyang: a party warning effective on day.
func discipline(id string, s followup.Sanction, effective time.Time) followup.NewFollowUp {
	return followup.NewFollowUp{Subject: meng, Source: followup.FromDiscipline,
		Decision: &followup.Decision{ID: id, Sanction: s, EffectiveAt: effective}}
}

func planInput(c *followup.Case) followup.PlanInput {
	return followup.PlanInput{Ref: ref(c), Condition: followup.Pressured, Approach: followup.Counsel,
		Help:  []followup.Help{{Problem: "担心影响前途", Measure: "讲清处分影响期和使用政策"}},
		Forms: []followup.Form{followup.Meeting, followup.Phone}, Targets: []followup.Target{followup.ThePerson, followup.TheUnit}}
}

func visitInput(c *followup.Case, r followup.Rating) followup.VisitInput {
	return followup.VisitInput{Ref: ref(c), Form: followup.Meeting, Targets: []followup.Target{followup.ThePerson},
		Visitors: twoVisitors, Findings: "思想稳定，工作积极", Rating: r}
}

// planned opens a follow-up of a decision about a person of its own (one
// file per person, FU04) and plans it.
func (e *env) planned(id string, s followup.Sanction, effective time.Time) *followup.Case {
	e.t.Helper()
	in := discipline(id, s, effective)
	in.Subject.ID = meng.ID + "-" + id
	c := e.must(e.svc.Open(ctx, office, in))
	return e.must(e.svc.Plan(ctx, office, planInput(c)))
}

// lifted is a followed-up party warning effective eleven months before t0,
// visited once while in force, its lift recorded two months after t0 (the
// clock is left there).
func (e *env) lifted(id string) *followup.Case {
	e.t.Helper()
	c := e.planned(id, followup.PartyWarning, t0.AddDate(0, -11, 0))
	c = e.must(e.svc.Visit(ctx, office, visitInput(c, followup.Average)))
	e.clock.Set(t0.AddDate(0, 2, 0))
	return e.must(e.svc.Lift(ctx, office, followup.LiftInput{Ref: ref(c)}))
}

// wantErr checks err's code, rule and field ("" skips the check).
var wantErr = checks.Err

// snapshot is what a refused command must leave untouched.
type snapshot struct {
	Case    *followup.Case
	History int
	Events  int
}

func (e *env) snap(id string) snapshot {
	e.t.Helper()
	c, err := e.svc.Get(ctx, admin, id)
	if err != nil && dandang.ErrorCode(err) != dandang.NotFound {
		e.t.Fatal(err)
	}
	h, _ := e.svc.History(ctx, admin, id)
	evs, _ := e.db.Outbox().All(ctx)
	return snapshot{c, len(h), len(evs)}
}

// events returns the payloads of the outbox's events of kind.
func (e *env) events(kind dandang.EventKind) []event.Payload {
	e.t.Helper()
	evs, err := e.db.Outbox().All(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []event.Payload
	for _, ev := range evs {
		if ev.Kind != kind {
			continue
		}
		p, err := event.Decode(ev)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func errorsAs(err error, target **dandang.Error) bool { return errors.As(err, target) }

var (
	zh = language.SimplifiedChinese
	en = language.English
)
