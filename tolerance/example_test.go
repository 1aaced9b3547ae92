package tolerance_test

import (
	"context"
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/tolerance"
	"golang.org/x/text/language"
)

// jingning is the example's organ tree and service.
func jingningService() (*tolerance.Service, *memdb.DB) {
	dir, err := dandang.NewDirectory(
		dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"},
		dandang.Organ{ID: "ls", Name: "丽水市纪委监委", Level: dandang.City, Region: "3311", Superior: "zj"},
		dandang.Organ{ID: "jn", Name: "景宁县纪委监委", Level: dandang.County, Region: "331127", Superior: "ls"},
	)
	if err != nil {
		panic(err)
	}
	db := memdb.New()
	svc, err := tolerance.NewService(tolerance.Config{Store: memdb.NewStore(db, tolerance.Cases), Directory: dir,
		Clock: dandang.NewFixedClock(time.Date(2023, 6, 12, 10, 0, 0, 0, dandang.China))})
	if err != nil {
		panic(err)
	}
	return svc, db
}

// The Jingning village committee paid a bus for the villagers'
// representatives out of collective funds, against the county's rules, to
// speed up the pumped-storage power station: exempted (seed 001).
func Example() {
	ctx := context.Background()
	svc, db := jingningService()
	jn := dandang.Organ{ID: "jn"} // an actor names its organ by ID
	office := dandang.Actor{ID: "sup", Name: "第一监督检查室", Organ: jn, Roles: []dandang.Role{dandang.SupervisionOffice}}
	leader := dandang.Actor{ID: "lead", Name: "县纪委书记", Organ: jn, Roles: []dandang.Role{dandang.PrincipalLeader}}
	committee := dandang.Subject{ID: "village", Kind: dandang.Organization, Name: "沙湾镇某村村民委员会",
		ManagedAt: dandang.Township, Region: "331127101"}

	step := func(c *tolerance.Case, err error) *tolerance.Case {
		if err != nil {
			panic(err)
		}
		return c
	}
	c := step(svc.Open(ctx, office, tolerance.NewCase{
		Inquiry: tolerance.Inquiry{ID: "JN-2023-05", OpenedAt: time.Date(2023, 6, 1, 9, 0, 0, 0, dandang.China),
			Matter: "该村村委用村集体资金安排巴士接送出行不便的村民代表赴异地会场参加会议，与县农村集体“三资”管理办法不符"},
		Subject: committee, Pursuer: tolerance.ByDisciplineOrgan}))
	var ds []tolerance.Distinguished
	for _, d := range tolerance.Distinctions() {
		ds = append(ds, tolerance.Distinguished{Distinction: d, Mistake: true, Evidence: []string{"调查核实材料"}})
	}
	var as []tolerance.Answered
	for _, q := range tolerance.Questions() {
		yes, _ := q.Answers()
		as = append(as, tolerance.Answered{Question: q, Answer: yes, Evidence: []string{"村民代表会议记录", "车辆费用凭证"}})
	}
	var ws []tolerance.Weighing
	for _, f := range tolerance.Factors() {
		ws = append(ws, tolerance.Weighing{Factor: f, Finding: "已查明", Favourable: true})
	}
	c = step(svc.Distinguish(ctx, office, tolerance.DistinguishInput{Ref: c.Ref(), Distinctions: ds, Answers: as}))
	c = step(svc.Weigh(ctx, office, tolerance.WeighInput{Ref: c.Ref(), Weighings: ws}))
	c = step(svc.Establish(ctx, office, tolerance.EstablishInput{Ref: c.Ref(),
		Conditions: []string{"public_interest", "no_benefit", "diligent"},
		Facts:      "该村村委用村集体资金安排巴士接送出行不便的村民代表赴异地会场参加会议，与县农村集体“三资”管理办法不符"}))
	c = step(svc.Propose(ctx, office, tolerance.ProposeInput{Ref: c.Ref(), Outcome: tolerance.Exemption,
		Grounds: []tolerance.Ground{tolerance.ThreeDistinctions},
		Reason:  "该行为是为加快景宁抽水蓄能电站建设项目工作进度采取的权宜措施，且没有村干部从中谋取不正当利益"}))
	c = step(svc.Decide(ctx, leader, tolerance.DecisionInput{Ref: c.Ref(), Number: "景纪容〔2023〕1号"}))

	fmt.Println(c.State.Text(language.SimplifiedChinese), c.Outcome().Text(language.SimplifiedChinese), svc.Verify(ctx, leader, c.ID))
	evs, _ := db.Outbox().All(ctx)
	for _, ev := range evs {
		fmt.Println(ev.Kind)
	}
	fmt.Print(c.DecisionText(language.SimplifiedChinese))
	// Output:
	// 已认定 容错免责 <nil>
	// tolerance.no_negative
	// tolerance.decided
	// 容错免责决定书
	// 景纪容〔2023〕1号
	// 沙湾镇某村村民委员会：
	// 经调查核实，该村村委用村集体资金安排巴士接送出行不便的村民代表赴异地会场参加会议，与县农村集体“三资”管理办法不符。该行为是为加快景宁抽水蓄能电站建设项目工作进度采取的权宜措施，且没有村干部从中谋取不正当利益。
	// 经研究，依据“三个区分开来”，决定对你单位予以容错免责。
	// 根据规定，本决定所涉问题不影响你单位的考核评价、选拔任用、评先评优和推荐提名。
	// 景宁县纪委监委
	// 2023年6月12日
}

// Once the accountability decision is made, tolerance cannot reverse it
// (防止翻烧饼, FT05): the refusal names the rule.
func ExampleService_RecordAccountability() {
	ctx := context.Background()
	svc, _ := jingningService()
	jn := dandang.Organ{ID: "jn"}
	office := dandang.Actor{ID: "sup", Organ: jn, Roles: []dandang.Role{dandang.SupervisionOffice}}
	leader := dandang.Actor{ID: "lead", Organ: jn, Roles: []dandang.Role{dandang.PrincipalLeader}}
	c, _ := svc.Open(ctx, office, tolerance.NewCase{
		Inquiry: tolerance.Inquiry{ID: "JN-2023-09", Matter: "项目审批滞后", OpenedAt: time.Date(2023, 6, 1, 9, 0, 0, 0, dandang.China)},
		Subject: dandang.Subject{ID: "s", Kind: dandang.Person, Name: "李明", ManagedAt: dandang.County, Region: "331127"},
		Pursuer: tolerance.ByDisciplineOrgan})
	c, _ = svc.RecordAccountability(ctx, leader, tolerance.AccountabilityInput{Ref: c.Ref(), Decision: "诫勉谈话"})
	_, err := svc.Decide(ctx, leader, tolerance.DecisionInput{Ref: c.Ref()})
	fmt.Println(c.State, dandang.ErrorRule(err))
	fmt.Println(tolerance.Explain(err, language.English))
	// Output:
	// foreclosed FT05
	// not allowed in the case's state (FT05: Whoever pursues accountability decides tolerance and assesses it as soon as accountability starts, and tolerance may not reverse an accountability decision already made; current state: foreclosed by the accountability decision)
}
