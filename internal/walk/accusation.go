package walk

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/kit"
	"golang.org/x/text/language"
)

// Accusation walks reports from intake to the events that open clearance:
// a named report with its acceptance and result feedback on time; the
// Tongzhou identical reports flagged and traced to an organizer; the Miyun
// accuser educated; the Dongtou accuser disciplined and the two officers
// cleared (the malicious-established and report-concluded events go to the
// outbox for clearance). Each case runs at the organ of its seed, as
// [Directory] holds it — Dongtou under Wenzhou (004), Tongzhou's Lucheng
// town and Miyun under Beijing (003) — and clock advances.
func Accusation(ctx context.Context, out io.Writer, svc *accusation.Service, clock *dandang.FixedClock, dir *dandang.Directory) error {
	for _, o := range []dandang.Organ{dongtou, wenzhou, luchengTown, miyun, beijing} {
		if _, ok := dir.Organ(o.ID); !ok {
			return fmt.Errorf("walk: the directory has no organ %s (%s)", o.ID, o.Name)
		}
	}
	staff := actor("信访室", dongtou, dandang.PetitionOffice)
	cityLead := actor("市纪委主要负责人", wenzhou, dandang.PrincipalLeader)
	var err error
	step := func(c *accusation.Case, e error) *accusation.Case {
		if e != nil && err == nil {
			err = e
		}
		return c
	}
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	zeng, dai := dongtouOfficers[0], dongtouOfficers[1]
	say("== 检举控告 ==")

	// The Dongtou case (004): a named report, verified unfounded, malice
	// established, the accuser given a party warning on 22 June 2021.
	clock.Set(time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China))
	liu := accusation.Identity{Name: "刘某华", IDNumber: "330322196501010011", Address: "某村", Contact: "13800000001"}
	c := step(svc.Receive(ctx, staff, accusation.NewReport{ID: DongtouReport, Named: true, ReceivedAt: clock.Now(),
		Subjects: []dandang.Subject{zeng, dai},
		Allegations: []dandang.Allegation{{ID: "a1", SubjectID: zeng.ID, Summary: "收受管理服务对象红包股权"},
			{ID: "a2", SubjectID: dai.ID, Summary: "接受宴请"}}},
		accusation.Confidential{Reporter: liu, Text: "曾国锋、戴瑞收受红包股权、接受宴请。"}))
	if err != nil {
		return err
	}
	say("实名举报 %s 已登记，受理告知期限 %s", c.ID, c.AcceptanceDue.Due)
	clock.Advance(3 * 24 * time.Hour)
	c = step(svc.GiveFeedback(ctx, staff, accusation.FeedbackInput{Ref: c.Ref(), Kind: accusation.AcceptanceNotice, InPerson: true}))
	c = step(svc.Dispose(ctx, staff, accusation.DisposeInput{Ref: c.Ref(), Disposal: accusation.Preliminary}))
	clock.Set(time.Date(2021, 4, 20, 9, 0, 0, 0, dandang.China))
	for _, a := range []string{"a1", "a2"} {
		c = step(svc.RecordFinding(ctx, staff, accusation.FindingInput{Ref: c.Ref(), Allegation: a, Finding: dandang.Unfounded}))
	}
	c = step(svc.Conclude(ctx, staff, accusation.NoteInput{Ref: c.Ref(), Note: "经初核，反映问题失实"}))
	clock.Advance(24 * time.Hour)
	c = step(svc.GiveFeedback(ctx, staff, accusation.FeedbackInput{Ref: c.Ref(), Kind: accusation.ResultNotice, InPerson: true}))
	if err != nil {
		return err
	}
	late := c.Feedback[0].Late || c.Feedback[1].Late
	say("办结：两项问题失实；受理告知与结果反馈均已当面完成（逾期：%v）", late)
	c = step(svc.OpenInquiry(ctx, staff, accusation.NoteInput{Ref: c.Ref(), Note: "涉嫌诬告陷害"}))
	clock.Set(time.Date(2021, 5, 10, 9, 0, 0, 0, dandang.China))
	_, c = readIdentity(ctx, svc, staff, cityLead, c, &err)
	c = step(svc.ProposeMalice(ctx, staff, accusation.DetermineInput{Ref: c.Ref(), Elements: accusation.Elements{
		Intent:       accusation.Element{Found: true, Evidence: "本人书面承认故意编造"},
		Infringement: accusation.Element{Found: true, Evidence: "影响二人正常履职"}, EffectScope: "元觉街道",
		Threshold: accusation.Element{Found: true, Evidence: "达到党纪追究程度"}}}))
	clock.Set(time.Date(2021, 6, 15, 9, 0, 0, 0, dandang.China))
	c = step(svc.ApproveMalice(ctx, cityLead, accusation.NoteInput{Ref: c.Ref(), Note: "同意认定"}))
	clock.Set(time.Date(2021, 6, 22, 9, 0, 0, 0, dandang.China))
	c = step(svc.Sanction(ctx, staff, accusation.SanctionInput{Ref: c.Ref(), AccuserID: "walk-liu", AccuserName: liu.Name,
		ManagedAt: dandang.Township, Region: dongtou.Region, Category: accusation.PartyMember, Severity: accusation.Ordinary,
		Sanction: accusation.PartyWarning}))
	c = step(svc.Publish(ctx, staff, accusation.NoteInput{Ref: c.Ref()}))
	c = step(svc.Close(ctx, staff, accusation.NoteInput{Ref: c.Ref()}))
	if err != nil {
		return err
	}
	say("诬告陷害经%s批准认定；%s", wenzhou.Name, c.PublicText)

	// The Tongzhou case: identical reports from different reporters to the
	// Lucheng town commission, flagged; the organizer sought with the
	// town's police station.
	town := actor("镇纪委", luchengTown, dandang.PetitionOffice)
	var last *accusation.Case
	jia := dandang.Subject{ID: "walk-jia", Kind: dandang.Person, Name: "贾建国", Position: "村委会主任", ManagedAt: dandang.Township, Region: luchengTown.Region}
	for i, text := range []string{"贾建国侵占集体土地补偿款。", "贾建国 侵占集体土地补偿款!", "贾建国，侵占集体土地补偿款"} {
		clock.Advance(time.Hour)
		id := accusation.Identity{Name: fmt.Sprintf("举报人%d", i+1), IDNumber: fmt.Sprintf("11010119800101000%d", i)}
		last = step(svc.Receive(ctx, town, accusation.NewReport{ID: fmt.Sprintf("walk-tz-%d", i+1), Named: true, ReceivedAt: clock.Now(),
			Subjects: []dandang.Subject{jia}, Allegations: []dandang.Allegation{{ID: "a1", SubjectID: jia.ID, Summary: "侵占补偿款"}}},
			accusation.Confidential{Reporter: id, Text: text}))
	}
	if err != nil {
		return err
	}
	say("内容一致的举报 %d 件：%s 标记 %s，关联 %v（只作甄别提示，不作结论）", 3, last.ID, last.Flags[0].Kind, last.Flags[0].Reports)
	last = step(svc.GiveFeedback(ctx, town, accusation.FeedbackInput{Ref: last.Ref(), Kind: accusation.AcceptanceNotice}))
	last = step(svc.Dispose(ctx, town, accusation.DisposeInput{Ref: last.Ref(), Disposal: accusation.Preliminary}))
	last = step(svc.RecordFinding(ctx, town, accusation.FindingInput{Ref: last.Ref(), Allegation: "a1", Finding: dandang.Unfounded}))
	last = step(svc.Conclude(ctx, town, accusation.NoteInput{Ref: last.Ref(), Note: "初核失实"}))
	last = step(svc.OpenInquiry(ctx, town, accusation.NoteInput{Ref: last.Ref(), Note: "深挖策划、指使者"}))
	// Tracing is for an organ at county level or above (AC04): the district
	// traces the town's report, approved by the Beijing commission.
	_, last = readIdentity(ctx, svc, actor("区纪委信访室", tongzhou, dandang.PetitionOffice),
		actor("市纪委主要负责人", beijing, dandang.PrincipalLeader), last, &err)
	last = step(svc.LinkOrganizer(ctx, town, accusation.OrganizerInput{Ref: last.Ref(), PersonID: "walk-org", Name: "张某强",
		Role: "organizer", Reports: []string{"walk-tz-1", "walk-tz-2", "walk-tz-3"}}))
	last = step(svc.Refer(ctx, town, accusation.ReferInput{Ref: last.Ref(), Body: accusation.Police, Receiver: "潞城镇派出所"}))
	if err != nil {
		return err
	}
	say("区纪委监委经市纪委监委批准追查举报人（查阅记录 %d 条），联合派出所排查组织者：%s（%s）",
		len(last.Reads), last.Organizers[0].MaskedName, last.Organizers[0].Role)

	// The Miyun case: the district commission educates the accuser, who
	// confesses; malice approved by the Beijing commission, above city level.
	district := actor("信访室", miyun, dandang.PetitionOffice)
	bjLead := actor("市纪委主要负责人", beijing, dandang.PrincipalLeader)
	gao := dandang.Subject{ID: "walk-gao", Kind: dandang.Person, Name: "高志远", Position: "村党支部书记", ManagedAt: dandang.County, Region: miyun.Region}
	clock.Advance(24 * time.Hour)
	guo := accusation.Identity{Name: "果某某", Contact: "13900000002"}
	m := step(svc.Receive(ctx, district, accusation.NewReport{ID: "walk-my-1", Named: true, ReceivedAt: clock.Now(),
		Subjects: []dandang.Subject{gao}, Allegations: []dandang.Allegation{{ID: "a1", SubjectID: gao.ID, Summary: "优亲厚友"}}},
		accusation.Confidential{Reporter: guo, Text: "高志远优亲厚友。"}))
	m = step(svc.GiveFeedback(ctx, district, accusation.FeedbackInput{Ref: m.Ref(), Kind: accusation.AcceptanceNotice}))
	m = step(svc.Dispose(ctx, district, accusation.DisposeInput{Ref: m.Ref(), Disposal: accusation.TalkInquiry}))
	m = step(svc.RecordFinding(ctx, district, accusation.FindingInput{Ref: m.Ref(), Allegation: "a1", Finding: dandang.Unfounded}))
	m = step(svc.Conclude(ctx, district, accusation.NoteInput{Ref: m.Ref(), Note: "失实"}))
	m = step(svc.OpenInquiry(ctx, district, accusation.NoteInput{Ref: m.Ref(), Note: "涉嫌诬告"}))
	m = step(svc.ProposeMalice(ctx, district, accusation.DetermineInput{Ref: m.Ref(), Elements: accusation.Elements{
		Intent:       accusation.Element{Found: true, Evidence: "主动交代诬告动机"},
		Infringement: accusation.Element{Found: true, Evidence: "影响村务工作"}, EffectScope: "本村",
		Threshold: accusation.Element{Found: true, Evidence: "达到追究程度"}}}))
	m = step(svc.ApproveMalice(ctx, bjLead, accusation.NoteInput{Ref: m.Ref()}))
	m = step(svc.Educate(ctx, district, accusation.EducateInput{Ref: m.Ref(), Confessed: true, Note: "严厉批评教育，本人忏悔"}))
	if err != nil {
		return err
	}
	say("密云式处理：批评教育，本人主动交代（%v）", m.Education[0].Confessed)
	return nil
}

// readIdentity reads the sealed reporter for a trace, approved at city
// level, and says nothing of it.
func readIdentity(ctx context.Context, svc *accusation.Service, reader, approver dandang.Actor, c *accusation.Case, err *error) (accusation.Confidential, *accusation.Case) {
	if *err != nil {
		return accusation.Confidential{}, c
	}
	c, e := svc.AuthorizeRead(ctx, approver, accusation.GrantInput{Ref: c.Ref(), Reader: reader.ID, Purpose: accusation.ForTrace, Reference: "追查审批表"})
	if e != nil {
		*err = e
		return accusation.Confidential{}, c
	}
	conf, n, e := svc.ReadIdentity(ctx, reader, accusation.ReadInput{Ref: c.Ref(), Purpose: accusation.ForTrace})
	if e != nil {
		*err = e
		return accusation.Confidential{}, c
	}
	return conf, n
}

// DongtouReport is the register number of the Dongtou report (004); the
// clearance of its two officers (CL23) opens from its events.
const DongtouReport = "DT-2021-006"

// dongtouOfficers are the two officers of the Dongtou case (004), who
// consented to being named in full.
var dongtouOfficers = []dandang.Subject{
	{ID: "dt-zeng", Kind: dandang.Person, Name: "曾国锋", Position: "元觉综合行政执法中队中队长",
		Unit: "洞头区综合行政执法局", UnitHead: "林海涛", ManagedAt: dandang.County, Region: "330305"},
	{ID: "dt-dai", Kind: dandang.Person, Name: "戴瑞", Position: "元觉综合行政执法中队办事员",
		Unit: "洞头区综合行政执法局", UnitHead: "林海涛", ManagedAt: dandang.County, Region: "330305"},
}

// Deliver runs a dispatcher over outbox with clearance's handlers for
// concluded reports (CL01) and established malice (AC12), and, when fu is
// not nil, follow-up's for the accuser's discipline, as a host does; it
// prints the clearance cases and follow-ups the accusation walk opened.
func Deliver(ctx context.Context, out io.Writer, svc *clearance.Service, fu *followup.Service, outbox dandang.Outbox, clock *dandang.FixedClock) error {
	d := dandang.NewDispatcher(outbox, dandang.DispatcherConfig{Clock: clock})
	d.Handle(event.KindReportConcluded, svc.HandleReportConcluded)
	d.Handle(event.KindMaliciousEstablished, svc.HandleMaliciousEstablished) // AC12: malice joins the clearance
	var followed []string
	if fu != nil {
		d.Handle(event.KindDisciplineDecided, func(ctx context.Context, e dandang.Event) error {
			if err := fu.HandleDisciplineDecided(ctx, e); err != nil {
				return err
			}
			dd, err := kit.DecodeAs[event.DisciplineDecided]("walk.Deliver", "AC12", e)
			if err != nil {
				return err
			}
			followed = append(followed, fmt.Sprintf("回访教育：%s（%s，%s起）", kit.PublicName(dd.Subject), dd.Organ.Name,
				dd.EffectiveAt.In(dandang.China).Format(time.DateOnly)))
			return nil
		})
	}
	n, err := d.Dispatch(ctx)
	if err != nil {
		return err
	}
	// Each province's case management office reads its own (XC07).
	var cs []*clearance.Case
	for _, root := range []dandang.Organ{zhejiang, beijing} {
		found, err := svc.Find(ctx, actor("案管室", root, dandang.CaseManagement), clearance.Filter{})
		if err != nil {
			return err
		}
		cs = append(cs, found...)
	}
	fmt.Fprintf(out, "\n== 办结的举报经发件箱转入澄清（CL01）：送达 %d 件事件 ==\n", n)
	for _, c := range cs {
		if strings.HasPrefix(c.Report.ID, "walk-") || c.Report.ID == DongtouReport {
			fmt.Fprintf(out, "澄清案件 %s  %s  %s\n", pad(c.ID, 30), pad(kit.PublicName(c.Subject), 8), c.State.Text(language.SimplifiedChinese))
		}
	}
	for _, f := range followed {
		fmt.Fprintln(out, f)
	}
	return nil
}
