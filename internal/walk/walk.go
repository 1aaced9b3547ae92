// Package walk replays the clearance cases of the seed documents, for the
// example programs: the same cases on whichever store an example wires.
//
// The cases:
//
//   - 001: a district court judge, reported by name for delaying cases, is
//     cleared by a written notice copied to his department head, and the
//     reporter is told in person;
//   - 002: a village party secretary in Wuyi is cleared at a public meeting
//     after his consent; the township lets it slip behind other work, and
//     the county's registered supervision and a formal talk push it through;
//   - 004: a community party secretary in Pingyao township, anonymously
//     accused for three years, is cleared with the Yuhang district's
//     approval, the public invited;
//   - a party branch is cleared by circular;
//   - a case where clearing is declined, with the reason approved by a
//     committee leader and told to the subject;
//   - 004, Dongtou: two law-enforcement officers of one report, falsely
//     accused by a villager, cleared together at the province's press
//     conference in September 2022 (CL23), named in full with their
//     consent; the accuser was disciplined;
//   - a clearance revoked when a later report substantiated part of what it
//     cleared (CL20): those told are told again, and follow-up stops.
package walk

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/kit"
	"golang.org/x/text/language"
	"golang.org/x/text/width"
)

// day returns 09:00 on a date in 2023, China time.
func day(month time.Month, d int) time.Time {
	return time.Date(2023, month, d, 9, 0, 0, 0, dandang.China)
}

type world struct {
	ctx     context.Context
	out     io.Writer
	clock   *dandang.FixedClock
	svc     *clearance.Service
	reports *accusation.Service
	dir     *dandang.Directory
	reader  dandang.Actor
	rules   []string // rule IDs applied, in the order first met
	err     error    // the first error; later steps are skipped
}

// do runs one command unless an earlier one failed.
func (w *world) do(c *clearance.Case, f func(clearance.Ref) (*clearance.Case, error)) *clearance.Case {
	if w.err != nil || c == nil {
		return c
	}
	next, err := f(clearance.Ref{CaseID: c.ID, Version: c.Version})
	if err != nil {
		w.err = err
		return c
	}
	return next
}

// report takes a registered named report through the register as the
// organ's office does (AC03, AC14, AC15): the acceptance notice on
// accepted, disposal for preliminary verification, one finding per
// allegation in order and the conclusion on concluded, and the result told
// the same day. Concluding writes the report-concluded event (CL01).
func (w *world) report(c *accusation.Case, office dandang.Actor, accepted, concluded time.Time, findings ...dandang.Finding) {
	if w.err != nil {
		return
	}
	step := func(next *accusation.Case, err error) {
		if err != nil && w.err == nil {
			w.err = err
		}
		if err == nil {
			c = next
		}
	}
	w.clock.Set(accepted)
	step(w.reports.GiveFeedback(w.ctx, office, accusation.FeedbackInput{Ref: c.Ref(), Kind: accusation.AcceptanceNotice, InPerson: true}))
	step(w.reports.Dispose(w.ctx, office, accusation.DisposeInput{Ref: c.Ref(), Disposal: accusation.Preliminary}))
	w.clock.Set(concluded)
	for i, a := range c.Allegations {
		if i < len(findings) {
			step(w.reports.RecordFinding(w.ctx, office, accusation.FindingInput{Ref: c.Ref(), Allegation: a.ID, Finding: findings[i]}))
		}
	}
	step(w.reports.Conclude(w.ctx, office, accusation.NoteInput{Ref: c.Ref(), Note: "经初核，反映问题失实"}))
	step(w.reports.GiveFeedback(w.ctx, office, accusation.FeedbackInput{Ref: c.Ref(), Kind: accusation.ResultNotice, InPerson: true}))
}

func (w *world) file(c *clearance.Case, a dandang.Actor) *clearance.Case {
	for _, f := range []clearance.Filing{clearance.IntegrityFile, clearance.PersonnelFile, clearance.Platform} {
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return w.svc.File(w.ctx, a, clearance.FileInput{Ref: r, Filing: f})
		})
	}
	return c
}

// actor is a user of organ o: it names its organ by ID only, and the
// service looks the rest up in the directory (XC07).
func actor(name string, o dandang.Organ, roles ...dandang.Role) dandang.Actor {
	return dandang.Actor{ID: o.ID + "/" + name, Name: name, Organ: dandang.Organ{ID: o.ID}, Roles: roles}
}

// The organs of the walkthrough, as the host's directory holds them.
var (
	zhejiang   = dandang.Organ{ID: "33", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	hangzhou   = dandang.Organ{ID: "3301", Name: "杭州市纪委监委", Level: dandang.City, Region: "3301", Superior: "33"}
	jinhua     = dandang.Organ{ID: "3307", Name: "金华市纪委监委", Level: dandang.City, Region: "3307", Superior: "33"}
	shangcheng = dandang.Organ{ID: "330102", Name: "杭州市上城区纪委监委", Level: dandang.County, Region: "330102", Superior: "3301"}
	yuhang     = dandang.Organ{ID: "330110", Name: "杭州市余杭区纪委监委", Level: dandang.County, Region: "330110", Superior: "3301"}
	pingyao    = dandang.Organ{ID: "330110104", Name: "余杭区瓶窑镇纪委", Level: dandang.Township, Region: "330110104", Superior: "330110"}
	wuyi       = dandang.Organ{ID: "330723", Name: "武义县纪委监委", Level: dandang.County, Region: "330723", Superior: "3307"}
	town       = dandang.Organ{ID: "330723104", Name: "武义县某镇纪委", Level: dandang.Township, Region: "330723104", Superior: "330723"}
	xinzhai    = dandang.Organ{ID: "330723105", Name: "武义县新宅镇纪委", Level: dandang.Township, Region: "330723105", Superior: "330723"}
	dongtou    = dandang.Organ{ID: "330305", Name: "温州市洞头区纪委监委", Level: dandang.County, Region: "330305", Superior: "3303"}

	// Beijing, for the cases of seed 003: a municipality at province
	// level, its districts at county level.
	beijing     = dandang.Organ{ID: "11", Name: "北京市纪委监委", Level: dandang.Province, Region: "11"}
	tongzhou    = dandang.Organ{ID: "110112", Name: "北京市通州区纪委监委", Level: dandang.County, Region: "110112", Superior: "11"}
	luchengTown = dandang.Organ{ID: "110112104", Name: "通州区潞城镇纪委", Level: dandang.Township, Region: "110112104", Superior: "110112"}
	miyun       = dandang.Organ{ID: "110118", Name: "北京市密云区纪委监委", Level: dandang.County, Region: "110118", Superior: "11"}
)

// Directory returns the organ tree the walkthrough's cases run in: the
// directory a host supplies to every service (XC07).
func Directory() (*dandang.Directory, error) {
	organs := []dandang.Organ{zhejiang, hangzhou, jinhua, shangcheng, yuhang, pingyao, wuyi, town, xinzhai, dongtou,
		beijing, tongzhou, luchengTown, miyun}
	organs = append(organs, FollowUpOrgans()...)
	return dandang.NewDirectory(append(organs, toleranceOrgans()...)...)
}

// Env is what the walkthrough runs on: a clearance service on some store,
// the report register it is fed from, the outbox that store writes to, and
// the services' clock, which the walkthrough moves through 2023.
type Env struct {
	Service *clearance.Service
	// Reports registers and concludes the reports clearance opens from
	// (CL01), on the same store and outbox.
	Reports *accusation.Service
	// FollowUp, when set, follows up the subjects cleared (CL13): it hears
	// the clearance-completed events through the outbox.
	FollowUp *followup.Service
	Outbox   dandang.Outbox
	Clock    *dandang.FixedClock
}

// Start is the time the walkthrough's clock should read when Run starts.
var Start = day(3, 1)

// Run replays the seed cases on env and prints what they produce to out.
func Run(ctx context.Context, out io.Writer, env Env) error {
	clock, svc := env.Clock, env.Service
	clock.Set(Start)
	w := &world{ctx: ctx, out: out, clock: clock, svc: svc, reports: env.Reports}

	dir, err := Directory()
	if err != nil {
		return err
	}
	w.dir = dir
	// The province's case management office reads every case (XC07).
	reader := actor("省纪委案管室", zhejiang, dandang.CaseManagement)
	w.reader = reader

	// Actors.
	courtGroup := actor("魏东", shangcheng, dandang.StationedGroup)
	scLeader := actor("区纪委书记", shangcheng, dandang.PrincipalLeader)
	townOffice := actor("镇纪委干部", town, dandang.PetitionOffice)
	townLeader := actor("镇纪委书记", town, dandang.PrincipalLeader)
	wuyiPetition := actor("县信访室主任", wuyi, dandang.PetitionOffice)
	wuyiSuper := actor("县纪委分管领导", wuyi, dandang.SupervisionOffice, dandang.LeaderInCharge)
	// The county's joint review group: petition, trial and supervision
	// offices (CL09, Huangyan's 联审小组).
	wuyiTrial := actor("县审理室", wuyi, dandang.TrialOffice)
	xzOffice := actor("镇纪委干部", xinzhai, dandang.PetitionOffice)
	xzLeader := actor("镇纪委书记", xinzhai, dandang.PrincipalLeader)
	pyOffice := actor("镇纪委干部", pingyao, dandang.PetitionOffice)
	pyLeader := actor("镇纪委书记", pingyao, dandang.PrincipalLeader)
	yhPetition := actor("区信访室", yuhang, dandang.PetitionOffice)

	// The report-concluded event reaches clearance through the outbox (CL01).
	dispatcher := dandang.NewDispatcher(env.Outbox, dandang.DispatcherConfig{Clock: clock})
	dispatcher.Handle(event.KindReportConcluded, svc.HandleReportConcluded)
	var followUps []string
	if env.FollowUp != nil {
		dispatcher.Handle(event.KindClearanceCompleted, env.FollowUp.HandleClearanceCompleted)
		dispatcher.Handle(event.KindClearanceRevoked, env.FollowUp.HandleClearanceRevoked)
	}
	var stopped []string
	dispatcher.Handle(event.KindClearanceRevoked, func(_ context.Context, e dandang.Event) error {
		rv, err := kit.DecodeAs[event.ClearanceRevoked]("walk.Run", "CL20", e)
		if err != nil {
			return err
		}
		stopped = append(stopped, fmt.Sprintf("%s %s（%s）回访停止：%s", rv.RevokedAt.In(dandang.China).Format(time.DateOnly), kit.PublicName(rv.Subject), rv.Organ.Name, rv.Reason))
		return nil
	})
	dispatcher.Handle(event.KindClearanceCompleted, func(_ context.Context, e dandang.Event) error {
		done, err := kit.DecodeAs[event.ClearanceCompleted]("walk.Run", "CL13", e)
		if err != nil {
			return err
		}
		followUps = append(followUps, fmt.Sprintf("%s %s（%s）", done.ClosedAt.In(dandang.China).Format(time.DateOnly), kit.PublicName(done.Subject), done.Organ.Name))
		return nil
	})

	// --- 004, Dongtou: two officers of one report cleared at one press
	// conference (CL23), in September 2022.
	dongtouCases := w.dongtou(ctx)
	clock.Set(Start)

	// --- 002: Wuyi village party secretary: the town registers a named
	// report, finds it unfounded and concludes it; the report-concluded
	// event opens the clearance through the outbox (CL01).
	secretary := dandang.Subject{ID: "wy-secretary", Kind: dandang.Person, Name: "何建华", Position: "村党支部书记",
		Unit: "某村党支部", UnitHead: "吴德明", ManagedAt: dandang.Township, Region: "330723104"}
	clock.Set(day(3, 1))
	rep, err := env.Reports.Receive(ctx, townOffice, accusation.NewReport{ID: "WY-2023-031", Named: true, ReceivedAt: clock.Now(),
		Subjects: []dandang.Subject{secretary},
		Allegations: []dandang.Allegation{
			{ID: "1", SubjectID: secretary.ID, Summary: "收受他人好处"},
			{ID: "2", SubjectID: secretary.ID, Summary: "违规发放拆迁补偿款"},
		}}, accusation.Confidential{Reporter: accusation.Identity{Name: "村民甲", Contact: "13900000003"},
		Text: "村党支部书记何建华收受他人好处，违规发放拆迁补偿款。"})
	if err != nil {
		return err
	}
	w.report(rep, townOffice, day(3, 3), day(3, 20), dandang.Unfounded, dandang.Unfounded)
	if w.err != nil {
		return w.err
	}
	if _, err := dispatcher.Dispatch(ctx); err != nil {
		return err
	}
	wyCase, err := svc.Get(ctx, reader, clearance.CaseID("WY-2023-031", secretary.ID))
	if err != nil {
		return err
	}
	clock.Set(day(3, 22))
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Plan(ctx, townOffice, clearance.PlanInput{Ref: r, Forms: []clearance.Form{clearance.Written, clearance.Meeting},
			Scope: "全村党员群众", Effects: []clearance.Effect{clearance.OnDailyLife}, Note: "引起村民非议，宜公开澄清"})
	})
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Consult(ctx, townOffice, clearance.ConsultInput{Ref: r, Agreed: true,
			Forms: []clearance.Form{clearance.Written, clearance.Meeting}, Opinion: "同意召开澄清正名会"})
	})
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Propose(ctx, townOffice, clearance.ProposeInput{Ref: r})
	})
	clock.Set(day(3, 23))
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, townLeader, clearance.DecisionInput{Ref: r, Comment: "同意，报县纪委监委信访室审批"})
	})
	clock.Set(day(3, 27))
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, wuyiPetition, clearance.DecisionInput{Ref: r, Comment: "同意澄清"})
	})

	// --- 001: the judge, by the stationed group at the district court.
	clock.Set(day(6, 12))
	judge := dandang.Subject{ID: "sc-judge", Kind: dandang.Person, Name: "史强", Position: "法官",
		Unit: "上城区人民法院某庭", UnitHead: "陈立新", ManagedAt: dandang.County, Region: "330102"}
	judgeCase, err := svc.Open(ctx, courtGroup, clearance.NewCase{
		Report:  clearance.Report{ID: "SC-2023-117", Named: true, ConcludedAt: day(6, 9)},
		Subject: judge,
		Allegations: []dandang.Allegation{
			{ID: "1", SubjectID: judge.ID, Summary: "拖延办案", Finding: dandang.Unfounded},
			{ID: "2", SubjectID: judge.ID, Summary: "偏袒对方当事人", Finding: dandang.Unfounded},
		},
	})
	if err != nil {
		return err
	}
	judgeCase = w.do(judgeCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Plan(ctx, courtGroup, clearance.PlanInput{Ref: r, Forms: []clearance.Form{clearance.Written},
			Scope: "所在部门范围", Effects: []clearance.Effect{clearance.OnRights}})
	})
	judgeCase = w.do(judgeCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Consult(ctx, courtGroup, clearance.ConsultInput{Ref: r, Agreed: true,
			Forms: []clearance.Form{clearance.Written}, Opinion: "同意书面澄清"})
	})
	judgeCase = w.do(judgeCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Propose(ctx, courtGroup, clearance.ProposeInput{Ref: r})
	})
	clock.Set(day(6, 13))
	judgeCase = w.do(judgeCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, scLeader, clearance.DecisionInput{Ref: r, Comment: "同意"})
	})
	clock.Set(day(6, 15))
	judgeCase = w.do(judgeCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.ServeNotice(ctx, courtGroup, clearance.NoticeInput{Ref: r})
	})
	judgeCase = w.do(judgeCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.GiveFeedback(ctx, courtGroup, clearance.FeedbackInput{Ref: r, Accepted: true, Note: "当面反馈，获得认可"})
	})
	judgeCase = w.file(judgeCase, courtGroup)
	judgeCase = w.do(judgeCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Close(ctx, courtGroup, clearance.CloseInput{Ref: r})
	})

	// --- 002 continued: the township let it slip; the county supervises.
	clock.Set(day(4, 10))
	overdue, err := svc.Overdue(ctx, reader, clock.Now())
	if err != nil {
		return err
	}
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Supervise(ctx, wuyiSuper, clearance.SuperviseInput{Ref: r, Kind: clearance.Registered, Note: "澄清正名问题集中排查发现推迟澄清，启动挂号督办"})
	})
	clock.Set(day(4, 11))
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Supervise(ctx, wuyiSuper, clearance.SuperviseInput{Ref: r, Kind: clearance.Talk, Target: "镇纪委书记",
			Note: "拆迁安置和澄清正名并不冲突，一刻也不能耽搁"})
	})
	clock.Set(day(4, 18))
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.CarryOut(ctx, townOffice, clearance.CarryOutInput{Ref: r, Form: clearance.Meeting, Venue: "镇中心广场澄清正名会"})
	})
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.ServeNotice(ctx, townOffice, clearance.NoticeInput{Ref: r})
	})
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.GiveFeedback(ctx, townOffice, clearance.FeedbackInput{Ref: r, Accepted: true})
	})
	wyCase = w.file(wyCase, townOffice)
	wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Close(ctx, townOffice, clearance.CloseInput{Ref: r})
	})
	clock.Set(day(4, 25))
	for _, sc := range []struct {
		by    dandang.Actor
		score int
		note  string
	}{{wuyiPetition, 90, "核查细致"}, {wuyiTrial, 88, "处置精准"}, {wuyiSuper, 80, "澄清滞后，程序扣分"}} {
		wyCase = w.do(wyCase, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Review(ctx, sc.by, clearance.ReviewInput{Ref: r, Thoroughness: sc.score, Precision: sc.score, Regularity: sc.score, Note: sc.note})
		})
	}

	// --- 004: Pingyao township, approved at county level by Yuhang.
	clock.Set(day(5, 8))
	lu := dandang.Subject{ID: "py-lu", Kind: dandang.Person, Name: "陆伟芳", Position: "社区党委书记",
		Unit: "里窑社区党委", UnitHead: "沈国强", ManagedAt: dandang.Township, Region: "330110104"}
	luCase, err := svc.Open(ctx, pyOffice, clearance.NewCase{
		Report:      clearance.Report{ID: "PY-2023-009", Named: false, ConcludedAt: day(5, 5)},
		Subject:     lu,
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: lu.ID, Summary: "违规操作社区工程", Finding: dandang.Unfounded}},
	})
	if err != nil {
		return err
	}
	luCase = w.do(luCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Plan(ctx, pyOffice, clearance.PlanInput{Ref: r, Forms: []clearance.Form{clearance.Written, clearance.Meeting},
			Scope: "邀请社区群众参加", Effects: []clearance.Effect{clearance.RepeatedReports, clearance.OnDailyLife}})
	})
	luCase = w.do(luCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Consult(ctx, pyOffice, clearance.ConsultInput{Ref: r, Agreed: true,
			Forms: []clearance.Form{clearance.Written, clearance.Meeting}, Opinion: "希望当着群众的面说清楚"})
	})
	luCase = w.do(luCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Propose(ctx, pyOffice, clearance.ProposeInput{Ref: r})
	})
	luCase = w.do(luCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, pyLeader, clearance.DecisionInput{Ref: r, Comment: "审核同意"})
	})
	clock.Set(day(5, 10))
	luCase = w.do(luCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, yhPetition, clearance.DecisionInput{Ref: r, Comment: "批准实施"})
	})
	clock.Set(day(5, 12))
	luCase = w.do(luCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.CarryOut(ctx, pyOffice, clearance.CarryOutInput{Ref: r, Form: clearance.Meeting, Venue: "社区澄清会，说明举报答复情况"})
	})
	luCase = w.do(luCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.ServeNotice(ctx, pyOffice, clearance.NoticeInput{Ref: r})
	})
	luCase = w.file(luCase, pyOffice)
	luCase = w.do(luCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Close(ctx, pyOffice, clearance.CloseInput{Ref: r})
	})

	// --- A party branch, cleared by circular (illustrative).
	clock.Set(day(6, 1))
	branch := dandang.Subject{ID: "xz-branch", Kind: dandang.Organization, Name: "新宅镇后林畈村党支部",
		Unit: "新宅镇党委", UnitHead: "郑志远", ManagedAt: dandang.Township, Region: "330723105"}
	branchCase, err := svc.Open(ctx, xzOffice, clearance.NewCase{
		Report:      clearance.Report{ID: "XZ-2023-014", Named: true, ConcludedAt: day(5, 30)},
		Subject:     branch,
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: branch.ID, Summary: "“三资”管理混乱", Finding: dandang.Unfounded}},
	})
	if err != nil {
		return err
	}
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Plan(ctx, xzOffice, clearance.PlanInput{Ref: r, Forms: []clearance.Form{clearance.Written, clearance.Circular},
			Scope: "村民代表大会", Effects: []clearance.Effect{clearance.OnDailyLife}, Note: "涉及“三资”管理，群众比较关心"})
	})
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Consult(ctx, xzOffice, clearance.ConsultInput{Ref: r, Agreed: true,
			Forms: []clearance.Form{clearance.Written, clearance.Circular}, Opinion: "支部委员会同意通报澄清"})
	})
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Propose(ctx, xzOffice, clearance.ProposeInput{Ref: r})
	})
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, xzLeader, clearance.DecisionInput{Ref: r})
	})
	clock.Set(day(6, 2))
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, wuyiPetition, clearance.DecisionInput{Ref: r})
	})
	clock.Set(day(6, 6))
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.CarryOut(ctx, xzOffice, clearance.CarryOutInput{Ref: r, Form: clearance.Circular, Note: "在村民代表大会上通报"})
	})
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.ServeNotice(ctx, xzOffice, clearance.NoticeInput{Ref: r})
	})
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.GiveFeedback(ctx, xzOffice, clearance.FeedbackInput{Ref: r, Accepted: true})
	})
	branchCase = w.file(branchCase, xzOffice)
	branchCase = w.do(branchCase, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Close(ctx, xzOffice, clearance.CloseInput{Ref: r})
	})

	// --- Declined: no adverse effect, and the subject does not want it.
	clock.Set(day(6, 5))
	clerk := dandang.Subject{ID: "wy-clerk", Kind: dandang.Person, Name: "徐丽", Position: "镇财政所会计",
		Unit: "某镇财政所", UnitHead: "蒋文", ManagedAt: dandang.Township, Region: "330723104"}
	declined, err := svc.Open(ctx, townOffice, clearance.NewCase{
		Report:      clearance.Report{ID: "WY-2023-077", Named: false, ConcludedAt: day(6, 2)},
		Subject:     clerk,
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: clerk.ID, Summary: "上班时间打牌", Finding: dandang.Unfounded}},
	})
	if err != nil {
		return err
	}
	declined = w.do(declined, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Decline(ctx, townOffice, clearance.DeclineInput{Ref: r, Reason: "举报未在一定范围造成不良影响，本人亦不希望公开澄清"})
	})
	clock.Set(day(6, 7))
	declined = w.do(declined, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.DecideDecline(ctx, townLeader, clearance.DeclineDecisionInput{Ref: r, Approve: true, Comment: "同意不予澄清，向本人说明理由"})
	})
	revoked := w.revoked(ctx, townOffice, townLeader, wuyiPetition)
	if w.err != nil {
		return w.err
	}

	// Deliver the completion events: follow-up is requested (CL13).
	clock.Set(day(6, 30))
	if _, err := dispatcher.Dispatch(ctx); err != nil {
		return err
	}

	// --- Print.
	cases := []*clearance.Case{judgeCase, wyCase, luCase, branchCase, declined}
	fmt.Fprintln(out, "== 澄清正名 walkthrough ==")
	for _, c := range cases {
		if err := w.timeline(c); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "\n== 超期待督办 (overdue on 2023-04-10, CL11) ==")
	for _, c := range overdue {
		fmt.Fprintf(out, "%s  %s  %s 应于 %s 前完成\n", pad(c.ID, 28), pad(kit.PublicName(c.Subject), 8),
			clearance.CommandText(c.DueStep, language.SimplifiedChinese), c.Due)
	}
	fmt.Fprintln(out, "\n== 通知书 ==")
	fmt.Fprint(out, "\n"+judgeCase.NoticeText(language.SimplifiedChinese))
	fmt.Fprint(out, "\n"+wyCase.NoticeText(language.SimplifiedChinese))
	fmt.Fprint(out, "\n"+branchCase.NoticeText(language.SimplifiedChinese))
	fmt.Fprint(out, "\n"+declined.DeclineText(language.SimplifiedChinese))
	fmt.Fprint(out, "\n"+judgeCase.NoticeText(language.English))

	fmt.Fprintln(out, "\n== 统计 2023 年 (XC04) ==")
	// A closed period: the year 2023, counted once it has ended (XC04).
	clock.Set(time.Date(2024, 1, 2, 9, 0, 0, 0, dandang.China))
	stats, err := svc.Stats(ctx, reader, dandang.Period{Region: "33", From: time.Date(2023, 1, 1, 0, 0, 0, 0, dandang.China), To: time.Date(2024, 1, 1, 0, 0, 0, 0, dandang.China)})
	if err != nil {
		return err
	}
	persons, orgs := 0, 0
	for _, s := range stats.Organs {
		fmt.Fprintf(out, "%s %s 党员干部 %d 名  党组织 %d 个  不予澄清 %d 件\n", pad(s.Organ.Name, 22), pad(s.Organ.Level.Text(language.SimplifiedChinese), 14), s.Persons, s.Organizations, s.Declined)
		persons += s.Persons
		orgs += s.Organizations
	}
	fmt.Fprintf(out, "共为受到失实检举控告的%d名党员干部和%d个党组织澄清正名\n", persons, orgs)

	fmt.Fprintln(out, "\n== 回访请求 (CL13) ==")
	for _, f := range followUps {
		fmt.Fprintln(out, f)
	}
	if env.FollowUp != nil {
		opened, err := env.FollowUp.Find(ctx, reader, followup.Filter{})
		if err != nil {
			return err
		}
		for _, c := range opened {
			fmt.Fprintf(out, "回访已启动：%s  %s  %s\n", pad(c.ID, 36), pad(kit.PublicName(c.Subject), 8), c.State.Text(language.SimplifiedChinese))
		}
	}

	fmt.Fprintln(out, "\n== 历史链校验 (XC01, XC11) ==")
	for _, c := range cases {
		status := "verifies"
		if err := svc.Verify(ctx, reader, c.ID); err != nil {
			status = err.Error()
		}
		fmt.Fprintf(out, "%s %2d records  %s\n", pad(c.ID, 28), c.Version, status)
	}

	fmt.Fprintln(out, "\n== 洞头：一场发布会为两人澄清 (004, CL23) ==")
	for _, c := range dongtouCases {
		if err := w.timeline(c); err != nil {
			return err
		}
	}
	fmt.Fprintln(out, "诬告陷害者刘某某已受党内警告处分（AC12）；不对失实的主观故意作全面评价（CL04）")
	for _, c := range dongtouCases {
		fmt.Fprint(out, "\n"+c.NoticeText(language.SimplifiedChinese))
	}

	fmt.Fprintln(out, "\n== 撤销澄清 (CL20, XC11) ==")
	if err := w.timeline(revoked); err != nil {
		return err
	}
	fmt.Fprint(out, "\n"+revoked.RevocationText(language.SimplifiedChinese))
	fmt.Fprint(out, "\n"+revoked.RevocationText(language.English))
	for _, s := range stopped {
		fmt.Fprintln(out, s)
	}

	fmt.Fprintln(out, "\n== 新增案件历史链校验 (XC11) ==")
	for _, c := range append(slices.Clone(dongtouCases), revoked) {
		status := "历史链校验通过"
		if err := svc.Verify(ctx, reader, c.ID); err != nil {
			status = err.Error()
		}
		fmt.Fprintf(out, "%s %2d 条记录  %s\n", pad(c.ID, 28), c.Version, status)
	}

	fmt.Fprintln(out, "\n== 所依据的规则 (rules applied) ==")
	for _, id := range w.rules {
		if r, ok := dandang.RuleByID(id); ok {
			fmt.Fprintf(out, "%s  %s\n", id, r.SummaryZh)
		}
	}
	return nil
}

// pad pads s with spaces to n columns as a terminal shows them: East Asian
// wide and fullwidth characters take two columns (golang.org/x/text/width).
func pad(s string, n int) string {
	cols := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			cols += 2
		default:
			cols++
		}
	}
	if cols >= n {
		return s
	}
	return s + strings.Repeat(" ", n-cols)
}

// timeline prints a case's history, Chinese first: the date, the command
// and the states in words from the catalog, who acted (organ and role), the
// rule IDs applied (explained once at the end), and the reason.
func (w *world) timeline(c *clearance.Case) error {
	recs, err := w.svc.History(w.ctx, w.reader, c.ID)
	if err != nil {
		return err
	}
	zh := language.SimplifiedChinese
	position := c.Subject.Position
	if position == "" {
		position = "党组织"
	}
	fmt.Fprintf(w.out, "\n-- %s  %s（%s）  %s  policy %s\n", c.ID, kit.PublicName(c.Subject), position,
		c.State.Text(zh), c.Policy)
	for _, r := range recs {
		to := clearance.State(r.To).Text(zh)
		move := to
		if r.From != r.To {
			move = clearance.State(r.From).Text(zh) + " → " + to
			if r.From == "" {
				move = "→ " + to
			}
		}
		who := r.Actor.OrganID
		if o, ok := w.dir.Organ(r.Actor.OrganID); ok {
			who = o.Name
		}
		line := fmt.Sprintf("  %s  %s %s %s %s [%s]", r.At.In(dandang.China).Format(time.DateOnly),
			pad(clearance.CommandText(r.Command, zh), 14), pad(move, 22), pad(who, 22),
			pad(r.Actor.Role.Text(zh), 14), strings.Join(r.Rules, " "))
		if r.Reason != "" {
			line += "  " + r.Reason
		}
		fmt.Fprintln(w.out, line)
		for _, id := range r.Rules {
			if !slices.Contains(w.rules, id) {
				w.rules = append(w.rules, id)
			}
		}
	}
	return nil
}

// dongtou replays seed 004's Dongtou case: two officers of one
// law-enforcement squad, falsely accused in one report by a villager whose
// illegal building they had ordered corrected, are cleared together at the
// province's press conference of September 2022 (CL23), each in a case of
// their own (CL03), each named in full with consent (XC05), each served a
// notice of their own.
func (w *world) dongtou(ctx context.Context) []*clearance.Case {
	svc := w.svc
	office := actor("区纪委信访室", dongtou, dandang.PetitionOffice)
	leader := actor("区纪委书记", dongtou, dandang.PrincipalLeader)
	const venue = "全省失实检举控告澄清正名发布会"
	var cases []*clearance.Case
	w.clock.Set(time.Date(2022, 9, 13, 9, 0, 0, 0, dandang.China))
	// The two cases were opened from the Dongtou report's events, through
	// the outbox (Accusation, Deliver: CL01, AC12).
	for _, o := range dongtouOfficers {
		if w.err != nil {
			return nil
		}
		c, err := svc.Get(ctx, w.reader, clearance.CaseID(DongtouReport, o.ID))
		if err != nil {
			w.err = fmt.Errorf("the Dongtou report did not open the clearance of %s: %w", o.Name, err)
			return nil
		}
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Plan(ctx, office, clearance.PlanInput{Ref: r, Forms: []clearance.Form{clearance.Written, clearance.Meeting},
				Scope: "全省新闻发布", Effects: []clearance.Effect{clearance.RepeatedReports, clearance.OnDailyLife}, Note: "诬告造成不良影响"})
		})
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Consult(ctx, office, clearance.ConsultInput{Ref: r, Agreed: true,
				Forms: []clearance.Form{clearance.Written, clearance.Meeting}, Opinion: "同意在发布会上公开澄清"})
		})
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.NameInPublic(ctx, office, clearance.NameInput{Ref: r, Consent: "同意公开姓名"})
		})
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Propose(ctx, office, clearance.ProposeInput{Ref: r})
		})
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Approve(ctx, leader, clearance.DecisionInput{Ref: r, Comment: "同意，报请在全省发布会上澄清"})
		})
		cases = append(cases, c)
	}
	if w.err != nil {
		return nil
	}
	// One act, two cases (CL23).
	w.clock.Set(time.Date(2022, 9, 20, 10, 0, 0, 0, dandang.China))
	joint, err := svc.CarryOutJointly(ctx, office, clearance.JointCarryOutInput{
		Refs: []clearance.Ref{cases[0].Ref(), cases[1].Ref()}, Form: clearance.Meeting, Venue: venue})
	if err != nil {
		w.err = err
		return nil
	}
	for i, c := range joint {
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.ServeNotice(ctx, office, clearance.NoticeInput{Ref: r})
		})
		// The report was named: its reporter, the accuser, is told (CL12).
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.GiveFeedback(ctx, office, clearance.FeedbackInput{Ref: r, Accepted: true, Note: "举报人承认诬告并书面致歉"})
		})
		c = w.file(c, office)
		c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
			return svc.Close(ctx, office, clearance.CloseInput{Ref: r})
		})
		cases[i] = c
	}
	return cases
}

// revoked replays an illustrative clearance revoked (CL20): a township
// cadre cleared in July is found in November, on a new report, to have
// done part of what he was cleared of; the township's principal leader
// revokes the clearance by a recorded decision citing the finding.
func (w *world) revoked(ctx context.Context, office, leader, county dandang.Actor) *clearance.Case {
	svc := w.svc
	w.clock.Set(day(7, 3))
	cadre := dandang.Subject{ID: "wy-cadre", Kind: dandang.Person, Name: "邵志刚", Position: "镇农业办主任",
		Unit: "某镇农业办", UnitHead: "蒋文", ManagedAt: dandang.Township, Region: "330723104"}
	c, err := svc.Open(ctx, office, clearance.NewCase{
		Report:      clearance.Report{ID: "WY-2023-102", ConcludedAt: day(6, 30)},
		Subject:     cadre,
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: cadre.ID, Summary: "在农业补贴发放中优亲厚友", Finding: dandang.Unfounded}},
	})
	if err != nil {
		w.err = err
		return nil
	}
	c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Plan(ctx, office, clearance.PlanInput{Ref: r, Forms: []clearance.Form{clearance.Written, clearance.FaceToFace},
			Effects: []clearance.Effect{clearance.OnAppointment}})
	})
	c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Consult(ctx, office, clearance.ConsultInput{Ref: r, Agreed: true,
			Forms: []clearance.Form{clearance.Written, clearance.FaceToFace}, Opinion: "同意当面并书面澄清"})
	})
	c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Propose(ctx, office, clearance.ProposeInput{Ref: r})
	})
	c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, leader, clearance.DecisionInput{Ref: r, Comment: "同意"})
	})
	c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Approve(ctx, county, clearance.DecisionInput{Ref: r, Comment: "同意澄清"})
	})
	w.clock.Set(day(7, 6))
	c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.CarryOut(ctx, office, clearance.CarryOutInput{Ref: r, Form: clearance.FaceToFace})
	})
	c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.ServeNotice(ctx, office, clearance.NoticeInput{Ref: r})
	})
	c = w.file(c, office)
	c = w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Close(ctx, office, clearance.CloseInput{Ref: r})
	})
	w.clock.Set(day(11, 14))
	return w.do(c, func(r clearance.Ref) (*clearance.Case, error) {
		return svc.Revoke(ctx, leader, clearance.RevokeInput{Ref: r, Note: "依据新的核查结论撤销",
			Finding: clearance.NewFinding{ReportID: "WY-2023-311", AllegationID: "1", Finding: dandang.PartlySubstantiated,
				Summary: "查实其为亲属违规申领农业补贴提供便利"}})
	})
}
