package walk

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/kit"
	"golang.org/x/text/language"
)

// The organs of Songyang's follow-up, which the directory passed to
// FollowUp must hold (they are not in [Directory]'s tree): Lishui city and
// Songyang county under the province.
var (
	lishuiOrgan   = dandang.Organ{ID: "3311", Name: "丽水市纪委监委", Level: dandang.City, Region: "3311", Superior: "33"}
	songyangOrgan = dandang.Organ{ID: "331124", Name: "松阳县纪委监委", Level: dandang.County, Region: "331124", Superior: "3311"}
)

// FollowUpOrgans returns the organs FollowUp needs in the directory, beyond
// the province's: a host adds them to the organs of [Directory].
func FollowUpOrgans() []dandang.Organ { return []dandang.Organ{lishuiOrgan, songyangOrgan} }

// FollowUp replays Songyang's cadre (001): disciplined with a party warning
// in 2021, followed up by the county commission with the county
// organization department — one plan for the person, a record for each
// visit — visited, the period run out and lifted, visited at its end,
// reported on, recommended for promotion and promoted. It sets clock to
// each step's day (2021–2022), and prints what happens to out.
//
// It returns an error when dir lacks the organs of [FollowUpOrgans] or a
// step is refused.
func FollowUp(ctx context.Context, out io.Writer, svc *followup.Service, clock *dandang.FixedClock, dir *dandang.Directory) error {
	if _, ok := dir.Organ(songyangOrgan.ID); !ok {
		return fmt.Errorf("walk.FollowUp: the directory lacks %s (%s): add walk.FollowUpOrgans()", songyangOrgan.ID, songyangOrgan.Name)
	}
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, dandang.China) }
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	zh := language.SimplifiedChinese

	staff := actor("县纪委第一纪检监察室", songyangOrgan, dandang.SupervisionOffice)
	lead := actor("县纪委书记", songyangOrgan, dandang.PrincipalLeader)
	reader := actor("省纪委案管室", zhejiang, dandang.CaseManagement)
	meng := dandang.Subject{ID: "sy-meng", Kind: dandang.Person, Name: "孟建军", Position: "乡镇干部",
		Unit: "松阳县某镇", UnitHead: "周立新", ManagedAt: dandang.County, Region: "331124"}
	visitors := []string{"县纪委监委干部", "县委组织部干部"}
	targets := []followup.Target{followup.ThePerson, followup.TheUnit}

	say("== 回访教育：松阳县（001）")
	// The discipline decision reaches the follow-up as a root event (FU01).
	clock.Set(at(2021, 6, 16))
	ev, err := kit.NewEvent("discipline/SY-2021-018", "discipline", "SY-2021-018", clock.Now(), event.DisciplineDecided{
		DecisionID: "SY-2021-018", Subject: meng, Organ: songyangOrgan, Sanction: string(followup.PartyWarning), EffectiveAt: at(2021, 6, 15)})
	if err != nil {
		return err
	}
	if err := svc.HandleDisciplineDecided(ctx, ev); err != nil {
		return err
	}
	c, err := svc.Get(ctx, reader, followup.CaseID(followup.FromDiscipline, "SY-2021-018", meng.ID))
	if err != nil {
		return err
	}
	say("%s 启动回访：%s，%s，%s生效，影响期至%s", dandang.DayOf(c.OpenedAt), kit.PublicName(meng),
		c.Period.Sanction.Text(zh), c.Period.Effective, c.Period.Last)

	var step error
	do := func(day time.Time, f func(followup.Ref) (*followup.Case, error)) {
		if step != nil {
			return
		}
		clock.Set(day)
		next, err := f(c.Ref())
		if err != nil {
			step = err
			return
		}
		c = next
	}
	visit := func(day time.Time, r followup.Rating, findings string) {
		do(day, func(ref followup.Ref) (*followup.Case, error) {
			return svc.Visit(ctx, staff, followup.VisitInput{Ref: ref, Form: followup.Meeting, Targets: targets,
				Visitors: visitors, Findings: findings, Rating: r})
		})
		if step == nil {
			v := c.Visits[len(c.Visits)-1]
			end := ""
			if v.AtPeriodEnd {
				end = "（期满回访）"
			}
			say("%s 第%d次回访%s：%s，评价%s", v.On, v.No, end, v.Form.Text(zh), v.Rating.Text(zh))
		}
	}

	// One plan for the person, one prescription for each problem (FU03, FU04).
	do(at(2021, 6, 21), func(ref followup.Ref) (*followup.Case, error) {
		return svc.Plan(ctx, staff, followup.PlanInput{Ref: ref, Condition: followup.Pressured, Approach: followup.Counsel,
			Help:  []followup.Help{{Problem: "担心处分影响今后使用", Measure: "讲清影响期和使用政策，找准心结、悉心疏导"}},
			Forms: []followup.Form{followup.Meeting, followup.Phone}, Targets: targets})
	})
	if step == nil {
		say("%s 一人一策：%s；一病一方：%s", c.Plan.At.In(dandang.China).Format(time.DateOnly), c.Plan.Approach.Text(zh), c.Plan.Help[0].Measure)
	}
	// A visit by one person alone is refused (FU08).
	clock.Set(at(2021, 9, 14))
	_, refused := svc.Visit(ctx, staff, followup.VisitInput{Ref: c.Ref(), Form: followup.Phone, Targets: targets,
		Visitors: visitors[:1], Findings: "电话了解情况", Rating: followup.Average})
	say("%s 一人回访被拒：%s", dandang.DayOf(clock.Now()), followup.Explain(refused, zh))
	visit(at(2021, 9, 15), followup.Average, "思想包袱较重，工作尚能完成")
	visit(at(2022, 3, 10), followup.Good, "放下包袱，主动承担重点项目")

	// The period runs out; the sanction lifts by itself, recorded (FU07).
	if step == nil {
		clock.Set(at(2022, 6, 16))
		lifted, err := svc.LiftDue(ctx, staff)
		switch {
		case err != nil:
			step = err
		case len(lifted) != 1:
			step = fmt.Errorf("walk.FollowUp: %d sanctions lifted on %s, want 1", len(lifted), dandang.DayOf(clock.Now()))
		default:
			c = lifted[0]
			say("%s 处分影响期满解除（期满日%s）", c.Lifted.On, c.Period.Last)
		}
	}
	visit(at(2022, 6, 20), followup.Good, "综合表现优秀，群众评价好")
	do(at(2022, 6, 22), func(ref followup.Ref) (*followup.Case, error) {
		return svc.Report(ctx, staff, followup.ReportInput{Ref: ref, Summary: "经跟踪回访，孟某各方面综合表现优秀"})
	})
	if step == nil {
		say("%s 向县委和县委组织部如实反馈回访情况（FU06）", dandang.DayOf(clock.Now()))
	}
	do(at(2022, 6, 24), func(ref followup.Ref) (*followup.Case, error) {
		return svc.Recommend(ctx, lead, followup.RecommendInput{Ref: ref, Reason: "主动担当作为、工作实绩突出", Post: "街道工委主任"})
	})
	if step == nil {
		say("%s 建议所在单位向组织推荐提拔使用（%s）", dandang.DayOf(clock.Now()), c.State.Text(zh))
	}
	do(at(2022, 7, 20), func(ref followup.Ref) (*followup.Case, error) {
		return svc.Promote(ctx, staff, followup.PromoteInput{Ref: ref, Post: "县人大常委会某街道工委主任"})
	})
	do(at(2022, 7, 21), func(ref followup.Ref) (*followup.Case, error) {
		return svc.Close(ctx, lead, followup.CloseInput{Ref: ref, Note: "回访教育结束"})
	})
	if step != nil {
		return step
	}
	say("%s 被提拔为%s；%s", c.Promotion.On, c.Promotion.Post, c.State.Text(zh))

	recs, err := svc.History(ctx, reader, c.ID)
	if err != nil {
		return err
	}
	names := make([]string, len(recs))
	for i, r := range recs {
		names[i] = followup.CommandText(r.Command, zh)
	}
	say("一人一档：%s", strings.Join(names, " → "))
	if err := svc.Verify(ctx, reader, c.ID); err != nil {
		return err
	}
	clock.Set(at(2023, 1, 3)) // statistics count a closed period (XC04)
	st, err := svc.Stats(ctx, reader, dandang.Period{From: at(2021, 1, 1), To: at(2023, 1, 1)})
	if err != nil {
		return err
	}
	say("统计（2021—2022）：回访%d人，回访%d次（好%d、一般%d、较差%d），期满解除%d人，推荐提拔%d人，提拔%d人",
		st.Total.Persons, st.Total.Visits, st.Total.Good, st.Total.Average, st.Total.Poor, st.Total.Lifted, st.Total.Recommended, st.Total.Promoted)
	return nil
}
