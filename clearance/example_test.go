package clearance_test

import (
	"context"
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"golang.org/x/text/language"
)

// A county-managed judge is cleared by written notice, copied to the head of
// his department (seed 001).
func Example() {
	ctx := context.Background()
	db := memdb.New()
	// The host's organ tree (XC07): services look every actor's organ up here.
	dir, err := dandang.NewDirectory(
		dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"},
		dandang.Organ{ID: "hz", Name: "杭州市纪委监委", Level: dandang.City, Region: "3301", Superior: "zj"},
		dandang.Organ{ID: "sc", Name: "上城区纪委监委", Level: dandang.County, Region: "330102", Superior: "hz"},
	)
	if err != nil {
		panic(err)
	}
	svc, err := clearance.NewService(clearance.Config{
		Store:     memdb.NewStore(db, clearance.Cases),
		Directory: dir,
		Clock:     dandang.NewFixedClock(time.Date(2023, 6, 20, 10, 0, 0, 0, dandang.China)),
	})
	if err != nil {
		panic(err)
	}
	sc := dandang.Organ{ID: "sc"} // an actor names its organ by ID
	group := dandang.Actor{ID: "wei", Name: "魏东", Organ: sc, Roles: []dandang.Role{dandang.StationedGroup}}
	leader := dandang.Actor{ID: "lead", Organ: sc, Roles: []dandang.Role{dandang.PrincipalLeader}}
	judge := dandang.Subject{ID: "shi", Kind: dandang.Person, Name: "史强", Position: "法官", Unit: "区人民法院某庭",
		UnitHead: "陈立新", ManagedAt: dandang.County, Region: "330102"}

	c, err := svc.Open(ctx, group, clearance.NewCase{
		Report:  clearance.Report{ID: "R-2023-017", Named: true, ConcludedAt: time.Date(2023, 6, 16, 0, 0, 0, 0, dandang.China)},
		Subject: judge,
		Allegations: []dandang.Allegation{
			{ID: "1", SubjectID: "shi", Summary: "拖延办案", Finding: dandang.Unfounded},
		},
	})
	if err != nil {
		panic(err)
	}
	step := func(c *clearance.Case, err error) *clearance.Case {
		if err != nil {
			panic(err)
		}
		return c
	}
	at := func(c *clearance.Case) clearance.Ref { return clearance.Ref{CaseID: c.ID, Version: c.Version} }
	c = step(svc.Plan(ctx, group, clearance.PlanInput{Ref: at(c), Forms: []clearance.Form{clearance.Written},
		Effects: []clearance.Effect{clearance.OnDailyLife}}))
	// The subject is consulted before the department proposes (CL17).
	c = step(svc.Consult(ctx, group, clearance.ConsultInput{Ref: at(c), Agreed: true, Forms: []clearance.Form{clearance.Written},
		Opinion: "同意以书面方式澄清"}))
	c = step(svc.Propose(ctx, group, clearance.ProposeInput{Ref: at(c)}))
	c = step(svc.Approve(ctx, leader, clearance.DecisionInput{Ref: at(c), Comment: "同意"}))
	c = step(svc.ServeNotice(ctx, group, clearance.NoticeInput{Ref: at(c)}))
	c = step(svc.GiveFeedback(ctx, group, clearance.FeedbackInput{Ref: at(c), Accepted: true}))
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		c = step(svc.File(ctx, group, clearance.FileInput{Ref: at(c), Filing: f}))
	}
	c = step(svc.Close(ctx, group, clearance.CloseInput{Ref: at(c)}))

	fmt.Println(c.State.Text(language.SimplifiedChinese), c.Version, svc.Verify(ctx, leader, c.ID))
	fmt.Print(c.NoticeText(language.SimplifiedChinese))
	// Output:
	// 已澄清 11 <nil>
	// 澄清正名通知书
	// 史某同志：
	// 经核查，反映你拖延办案等问题的检举控告失实，现正式对相关问题作出澄清。
	// 上城区纪委监委
	// 2023年6月20日
	// 抄送：陈某某（区人民法院某庭主要负责人）
}

// Declining to clear needs a reason and a committee leader (CL02); a refused
// command says which rule refused it.
func ExampleService_Decline() {
	ctx := context.Background()
	dir, _ := dandang.NewDirectory(
		dandang.Organ{ID: "zj", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"},
		dandang.Organ{ID: "hz", Name: "杭州市纪委监委", Level: dandang.City, Region: "3301", Superior: "zj"},
		dandang.Organ{ID: "sc", Name: "上城区纪委监委", Level: dandang.County, Region: "330102", Superior: "hz"},
	)
	svc, _ := clearance.NewService(clearance.Config{Store: memdb.NewStore(memdb.New(), clearance.Cases), Directory: dir,
		Clock: dandang.NewFixedClock(time.Date(2023, 6, 20, 10, 0, 0, 0, dandang.China))})
	office := dandang.Actor{ID: "pet", Organ: dandang.Organ{ID: "sc"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	c, _ := svc.Open(ctx, office, clearance.NewCase{
		Report:      clearance.Report{ID: "R1", ConcludedAt: time.Date(2023, 6, 1, 0, 0, 0, 0, dandang.China)},
		Subject:     dandang.Subject{ID: "s", Kind: dandang.Person, Name: "李明", ManagedAt: dandang.County, Region: "330102"},
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: "s", Summary: "违规吃喝", Finding: dandang.Unfounded}},
	})
	_, err := svc.Decline(ctx, office, clearance.DeclineInput{Ref: clearance.Ref{CaseID: c.ID, Version: c.Version}})
	fmt.Println(err)
	fmt.Println(dandang.ErrorRule(err), dandang.ErrorField(err))
	// Output:
	// clearance.Decline: invalid [CL02] Reason: required
	// CL02 Reason
}
