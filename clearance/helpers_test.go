package clearance_test

import (
	"context"
	"testing"
	"time"

	"github.com/dandang/dandang/internal/checks"
	"github.com/dandang/dandang/kit"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
)

var (
	ctx = context.Background()
	// 2023-06-05 is a Monday.
	t0 = time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)

	province = dandang.Organ{ID: "zhejiang", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	city     = dandang.Organ{ID: "jinhua", Name: "金华市纪委监委", Level: dandang.City, Region: "3307", Superior: "zhejiang"}
	hangzhou = dandang.Organ{ID: "hangzhou", Name: "杭州市纪委监委", Level: dandang.City, Region: "3301", Superior: "zhejiang"}
	county   = dandang.Organ{ID: "wuyi", Name: "武义县纪委监委", Level: dandang.County, Region: "330723", Superior: "jinhua"}
	township = dandang.Organ{ID: "wuyi-lx", Name: "武义县履坦镇纪委", Level: dandang.Township, Region: "330723101", Superior: "wuyi"}
	other    = dandang.Organ{ID: "yuhang", Name: "余杭区纪委监委", Level: dandang.County, Region: "330110", Superior: "hangzhou"}
	otherTwn = dandang.Organ{ID: "yuhang-ln", Name: "余杭区良渚街道纪工委", Level: dandang.Township, Region: "330110005", Superior: "yuhang"}

	// directory is the host's organ tree every test service resolves actors in (XC07).
	directory = func() *dandang.Directory {
		d, err := dandang.NewDirectory(province, city, hangzhou, county, township, other, otherTwn)
		if err != nil {
			panic(err)
		}
		return d
	}()

	tPetition = actor("t-pet", township, dandang.PetitionOffice)
	tLeader   = actor("t-lead", township, dandang.PrincipalLeader)
	tDeputy   = actor("t-dep", township, dandang.LeaderInCharge)
	cPetition = actor("c-pet", county, dandang.PetitionOffice)
	cLeader   = actor("c-lead", county, dandang.PrincipalLeader)
	cSuper    = actor("c-sup", county, dandang.SupervisionOffice)
	cTrial    = actor("c-trial", county, dandang.TrialOffice)
	cCaseMgmt = actor("c-cm", county, dandang.CaseManagement)
	oPetition = actor("o-pet", other, dandang.PetitionOffice)
	citySuper = actor("city-sup", city, dandang.SupervisionOffice)
	// admin reads every case: the province's organ reaches all (XC07).
	admin = actor("admin", province, dandang.CaseManagement)

	// secretary is a village party secretary managed by the township.
	secretary = dandang.Subject{ID: "p-zhou", Kind: dandang.Person, Name: "周建国", Position: "村党支部书记",
		Unit: "某村党支部", UnitHead: "吴德明", ManagedAt: dandang.Township, Region: "330723101"}
	// cadre is a county-managed cadre.
	cadre = dandang.Subject{ID: "p-shi", Kind: dandang.Person, Name: "史强", Position: "法官",
		Unit: "县人民法院", UnitHead: "王立平", ManagedAt: dandang.County, Region: "330723"}
	branch = dandang.Subject{ID: "org-1", Kind: dandang.Organization, Name: "某村党支部",
		Unit: "某村党支部", UnitHead: "镇党委", ManagedAt: dandang.Township, Region: "330723101"}
)

func actor(id string, o dandang.Organ, roles ...dandang.Role) dandang.Actor {
	return dandang.Actor{ID: id, Name: id, Organ: o, Roles: roles}
}

type env struct {
	t     testing.TB
	svc   *clearance.Service
	db    *memdb.DB
	clock *dandang.FixedClock
}

func newEnv(t testing.TB, policies ...clearance.Policy) *env {
	t.Helper()
	db := memdb.New()
	clock := dandang.NewFixedClock(t0)
	cfg := clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Clock: clock, Directory: directory}
	if len(policies) > 0 {
		cfg.Policies = kit.NewPolicySet(policies[0], policies[1:]...)
	}
	svc, err := clearance.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, svc: svc, db: db, clock: clock}
}

func newCase(reportID string, s dandang.Subject, named bool, summaries ...string) clearance.NewCase {
	if len(summaries) == 0 {
		summaries = []string{"优亲厚友"}
	}
	in := clearance.NewCase{Report: clearance.Report{ID: reportID, Named: named, ConcludedAt: t0.Add(-time.Hour)}, Subject: s}
	for i, sum := range summaries {
		in.Allegations = append(in.Allegations, dandang.Allegation{ID: string(rune('a' + i)), SubjectID: s.ID, Summary: sum, Finding: dandang.Unfounded})
	}
	return in
}

func ref(c *clearance.Case) clearance.Ref { return clearance.Ref{CaseID: c.ID, Version: c.Version} }

// must fails the test on err and returns c.
func (e *env) must(c *clearance.Case, err error) *clearance.Case {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// opened opens a township case for the secretary with a written and a
// face-to-face plan, the subject consulted on it (CL17).
func (e *env) opened(reportID string, named bool) *clearance.Case {
	e.t.Helper()
	c := e.must(e.svc.Open(ctx, tPetition, newCase(reportID, secretary, named)))
	c = e.must(e.svc.Plan(ctx, tPetition, clearance.PlanInput{Ref: ref(c),
		Forms: []clearance.Form{clearance.Written, clearance.FaceToFace}, Effects: []clearance.Effect{clearance.OnElection}}))
	return e.consulted(c, tPetition)
}

// consulted records, by the actor, the subject's agreement to the forms
// planned (CL17).
func (e *env) consulted(c *clearance.Case, by dandang.Actor) *clearance.Case {
	e.t.Helper()
	return e.must(e.svc.Consult(ctx, by, clearance.ConsultInput{Ref: ref(c), Agreed: true, Forms: c.Forms, Opinion: "同意"}))
}

// approved takes a fresh township case through the Zhejiang chain.
func (e *env) approved(reportID string, named bool) *clearance.Case {
	e.t.Helper()
	c := e.opened(reportID, named)
	c = e.must(e.svc.Propose(ctx, tPetition, clearance.ProposeInput{Ref: ref(c)}))
	c = e.must(e.svc.Approve(ctx, tLeader, clearance.DecisionInput{Ref: ref(c), Comment: "同意"}))
	return e.must(e.svc.Approve(ctx, cPetition, clearance.DecisionInput{Ref: ref(c), Comment: "同意"}))
}

// closed carries an approved case out and closes it.
func (e *env) closed(reportID string, named bool) *clearance.Case {
	e.t.Helper()
	c := e.approved(reportID, named)
	c = e.must(e.svc.CarryOut(ctx, tPetition, clearance.CarryOutInput{Ref: ref(c), Form: clearance.FaceToFace}))
	c = e.must(e.svc.ServeNotice(ctx, tPetition, clearance.NoticeInput{Ref: ref(c)}))
	if named {
		c = e.must(e.svc.GiveFeedback(ctx, tPetition, clearance.FeedbackInput{Ref: ref(c), Accepted: true}))
	}
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		c = e.must(e.svc.File(ctx, tPetition, clearance.FileInput{Ref: ref(c), Filing: f}))
	}
	return e.must(e.svc.Close(ctx, tPetition, clearance.CloseInput{Ref: ref(c)}))
}

// wantErr checks err's code and rule ("" skips the rule).
func wantErr(t testing.TB, err error, code dandang.Code, rule string) {
	t.Helper()
	checks.Err(t, err, code, rule, "")
}

// snapshot is what a refused command must leave untouched.
type snapshot struct {
	c       *clearance.Case
	history int
	events  int
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
