package accusation_test

import (
	"context"
	"testing"
	"time"

	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/internal/checks"
	"github.com/dandang/dandang/kit"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
)

var (
	ctx = context.Background()
	// 2021-03-01 is a Monday.
	t0 = time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China)

	province = dandang.Organ{ID: "zhejiang", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	city     = dandang.Organ{ID: "wenzhou", Name: "温州市纪委监委", Level: dandang.City, Region: "3303", Superior: "zhejiang"}
	county   = dandang.Organ{ID: "dongtou", Name: "洞头区纪委监委", Level: dandang.County, Region: "330305", Superior: "wenzhou"}
	township = dandang.Organ{ID: "yuanjue", Name: "元觉街道纪工委", Level: dandang.Township, Region: "330305002", Superior: "dongtou"}

	directory = func() *dandang.Directory {
		d, err := dandang.NewDirectory(province, city, county, township)
		if err != nil {
			panic(err)
		}
		return d
	}()

	tPetition = actor("t-pet", township, dandang.PetitionOffice)
	cPetition = actor("c-pet", county, dandang.PetitionOffice)
	cLeader   = actor("c-lead", county, dandang.PrincipalLeader)
	cityLead  = actor("city-lead", city, dandang.PrincipalLeader)
	provLead  = actor("prov-lead", province, dandang.PrincipalLeader)
	admin     = actor("admin", province, dandang.CaseManagement)

	zeng = dandang.Subject{ID: "p-zeng", Kind: dandang.Person, Name: "曾国锋", Position: "中队长", Unit: "元觉综合行政执法中队",
		ManagedAt: dandang.County, Region: "330305"}
	dai = dandang.Subject{ID: "p-dai", Kind: dandang.Person, Name: "戴瑞", Position: "办事员", Unit: "元觉综合行政执法中队",
		ManagedAt: dandang.County, Region: "330305"}

	reporterName = "刘建华"
	liu          = accusation.Identity{Name: reporterName, IDNumber: "330322196501010011", Unit: "东岙村股份经济合作社", Address: "元觉街道某村12号", Contact: "13800000001"}
	text         = "曾国锋、戴瑞收受管理服务对象红包股权，接受宴请。"
)

func actor(id string, o dandang.Organ, roles ...dandang.Role) dandang.Actor {
	return dandang.Actor{ID: id, Name: id, Organ: dandang.Organ{ID: o.ID}, Roles: roles}
}

type env struct {
	t     testing.TB
	svc   *accusation.Service
	db    *memdb.DB
	clock *dandang.FixedClock
	keys  *accusation.MemoryKeys
}

func testKeys(t testing.TB) *accusation.MemoryKeys {
	k, err := accusation.NewMemoryKeys("k1", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newEnv(t testing.TB, policies ...accusation.Policy) *env {
	t.Helper()
	db := memdb.New()
	clock := dandang.NewFixedClock(t0)
	keys := testKeys(t)
	cfg := accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Clock: clock, Directory: directory, Keys: keys}
	if len(policies) > 0 {
		cfg.Policies = kit.NewPolicySet(policies[0], policies[1:]...)
	}
	svc, err := accusation.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, svc: svc, db: db, clock: clock, keys: keys}
}

func report(id string, named bool) accusation.NewReport {
	return accusation.NewReport{ID: id, Named: named, ReceivedAt: t0, Subjects: []dandang.Subject{zeng, dai},
		Allegations: []dandang.Allegation{
			{ID: "a1", SubjectID: zeng.ID, Summary: "收受红包股权"},
			{ID: "a2", SubjectID: dai.ID, Summary: "接受宴请"},
		}}
}

func conf(named bool) accusation.Confidential {
	if !named {
		return accusation.Confidential{Text: text}
	}
	return accusation.Confidential{Reporter: liu, Text: text}
}

func ref(c *accusation.Case) accusation.Ref { return c.Ref() }

func (e *env) must(c *accusation.Case, err error) *accusation.Case {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// received registers a named report at the county.
func (e *env) received(id string) *accusation.Case {
	e.t.Helper()
	return e.receivedBy(cPetition, id)
}

// receivedBy registers a named report by actor; each report's text is its
// own, so that none is a repeat of another.
func (e *env) receivedBy(a dandang.Actor, id string) *accusation.Case {
	e.t.Helper()
	return e.must(e.svc.Receive(ctx, a, report(id, true), accusation.Confidential{Reporter: liu, Text: text + "（" + id + "）"}))
}

// verifying takes a report to verification, the acceptance notice given.
func (e *env) verifying(id string) *accusation.Case {
	e.t.Helper()
	return e.verifyingBy(cPetition, id)
}

func (e *env) verifyingBy(a dandang.Actor, id string) *accusation.Case {
	e.t.Helper()
	c := e.receivedBy(a, id)
	c = e.must(e.svc.GiveFeedback(ctx, a, accusation.FeedbackInput{Ref: ref(c), Kind: accusation.AcceptanceNotice, InPerson: true}))
	return e.must(e.svc.Dispose(ctx, a, accusation.DisposeInput{Ref: ref(c), Disposal: accusation.Preliminary}))
}

// concluded finds every allegation unfounded and concludes.
func (e *env) concluded(id string) *accusation.Case {
	e.t.Helper()
	c := e.verifying(id)
	for _, a := range []string{"a1", "a2"} {
		c = e.must(e.svc.RecordFinding(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: a, Finding: dandang.Unfounded}))
	}
	return e.must(e.svc.Conclude(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "经初核，反映问题失实"}))
}

var elements = accusation.Elements{
	Intent:       accusation.Element{Found: true, Evidence: "本人书面承认故意编造"},
	Infringement: accusation.Element{Found: true, Evidence: "影响二人正常履职"},
	EffectScope:  "元觉街道",
	Threshold:    accusation.Element{Found: true, Evidence: "达到党纪追究程度"},
}

// determining opens an inquiry and proposes malice.
func (e *env) determining(id string) *accusation.Case {
	e.t.Helper()
	c := e.concluded(id)
	c = e.must(e.svc.OpenInquiry(ctx, cPetition, accusation.NoteInput{Ref: ref(c), Note: "涉嫌诬告陷害"}))
	return e.must(e.svc.ProposeMalice(ctx, cPetition, accusation.DetermineInput{Ref: ref(c), Elements: elements}))
}

func (e *env) established(id string) *accusation.Case {
	e.t.Helper()
	c := e.determining(id)
	return e.must(e.svc.ApproveMalice(ctx, cityLead, accusation.NoteInput{Ref: ref(c), Note: "同意认定"}))
}

// wantErr checks err's code, rule and field ("" skips the check).
var wantErr = checks.Err

type snapshot struct {
	c       *accusation.Case
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

func events(t testing.TB, db *memdb.DB, kind dandang.EventKind) []event.Payload {
	t.Helper()
	evs, err := db.Outbox().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []event.Payload
	for _, ev := range evs {
		if ev.Kind != kind {
			continue
		}
		p, err := event.Decode(ev)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
