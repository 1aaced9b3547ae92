package followup_test

import (
	"context"
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/followup"
	"golang.org/x/text/language"
)

// A disciplined cadre is followed up: a plan, visits, the period's end, a
// recommendation for promotion.
func Example() {
	ctx := context.Background()
	county := dandang.Organ{ID: "songyang", Name: "松阳县纪委监委", Level: dandang.County, Region: "331124", Superior: "lishui"}
	dir, _ := dandang.NewDirectory(
		dandang.Organ{ID: "zhejiang", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"},
		dandang.Organ{ID: "lishui", Name: "丽水市纪委监委", Level: dandang.City, Region: "3311", Superior: "zhejiang"},
		county)
	clock := dandang.NewFixedClock(time.Date(2023, 3, 1, 9, 0, 0, 0, dandang.China))
	svc, _ := followup.NewService(followup.Config{Store: memdb.NewStore(memdb.New(), followup.Cases), Clock: clock, Directory: dir})
	staff := dandang.Actor{ID: "s1", Organ: dandang.Organ{ID: county.ID}, Roles: []dandang.Role{dandang.SupervisionOffice}}
	lead := dandang.Actor{ID: "l1", Organ: dandang.Organ{ID: county.ID}, Roles: []dandang.Role{dandang.PrincipalLeader}}
	cadre := dandang.Subject{ID: "meng", Kind: dandang.Person, Name: "孟某", ManagedAt: dandang.County, Region: "331124"}

	c, err := svc.Open(ctx, staff, followup.NewFollowUp{Subject: cadre, Source: followup.FromDiscipline,
		Decision: &followup.Decision{ID: "SY-2022-07", Sanction: followup.PartyWarning,
			EffectiveAt: time.Date(2022, 3, 31, 0, 0, 0, 0, dandang.China)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("period:", c.Period.Sanction.Text(language.SimplifiedChinese), c.Period.Effective, "to", c.Period.Last)
	c, _ = svc.Plan(ctx, staff, followup.PlanInput{Ref: c.Ref(), Condition: followup.Slack, Approach: followup.Encourage,
		Help:  []followup.Help{{Problem: "工作松劲", Measure: "压担子、给任务"}},
		Forms: []followup.Form{followup.Meeting}, Targets: []followup.Target{followup.ThePerson, followup.TheUnit}})
	visit := func(r followup.Rating) {
		c, err = svc.Visit(ctx, staff, followup.VisitInput{Ref: c.Ref(), Form: followup.Meeting,
			Targets:  []followup.Target{followup.ThePerson, followup.TheUnit},
			Visitors: []string{"县纪委干部", "县委组织部干部"}, Findings: "主动担当作为", Rating: r})
		if err != nil {
			fmt.Println(err)
		}
	}
	visit(followup.Good)
	_, err = svc.Recommend(ctx, lead, followup.RecommendInput{Ref: c.Ref(), Reason: "表现优秀"})
	fmt.Println(followup.Explain(err, language.English))

	clock.Set(time.Date(2023, 4, 3, 9, 0, 0, 0, dandang.China))
	lifted, _ := svc.LiftDue(ctx, staff)
	c = lifted[0]
	fmt.Println(c.State, "on", c.Lifted.On)
	visit(followup.Good)
	c, _ = svc.Report(ctx, staff, followup.ReportInput{Ref: c.Ref(), Summary: "期满回访，表现优秀"})
	c, err = svc.Recommend(ctx, lead, followup.RecommendInput{Ref: c.Ref(), Reason: "主动担当作为、工作实绩突出"})
	fmt.Println(c.State, err)
	// Output:
	// period: 党内警告 2022-03-31 to 2023-03-31
	// the input breaks a rule (FU06: Results are reported truthfully to the party committee and the organization department and used for restoring party rights, appraisal and promotion, and a cadre whose discipline period has run out and who performs well may be recommended for promotion; field: the discipline period)
	// lifted on 2023-04-01
	// recommended <nil>
}
