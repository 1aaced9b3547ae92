package walk

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
	"golang.org/x/text/language"
)

// The organs of the tolerance cases (seed 001).
var (
	jingning = dandang.Organ{ID: "331127", Name: "景宁畲族自治县纪委监委", Level: dandang.County, Region: "331127", Superior: "3311"}
	wenzhou  = dandang.Organ{ID: "3303", Name: "温州市纪委监委", Level: dandang.City, Region: "3303", Superior: "33"}
	lucheng  = dandang.Organ{ID: "330302", Name: "温州市鹿城区纪委监委", Level: dandang.County, Region: "330302", Superior: "3303"}
)

// ToleranceDirectory returns the organ tree of the tolerance walkthrough:
// [Directory], which holds Jingning and Lucheng too.
func ToleranceDirectory() (*dandang.Directory, error) { return Directory() }

// toleranceOrgans are the organs of the tolerance cases beyond Lishui.
func toleranceOrgans() []dandang.Organ { return []dandang.Organ{jingning, wenzhou, lucheng} }

// Tolerance replays the fault tolerance cases of seed 001 on svc, a
// tolerance service built on dir (which must hold the organs of
// [ToleranceDirectory]) and clock, and prints what they produce to out:
//
//   - Jingning: a village committee paid a bus for the villagers'
//     representatives out of collective funds, against the county's rules,
//     to speed up the pumped-storage power station; the county commission
//     assesses it alongside the accountability the event opens, and exempts
//     it with a written decision (《容错免责决定书》);
//   - Lucheng: a deputy director of a subdistrict office faces
//     accountability for work delayed by unforeseeable causes on a key
//     project; the district commission reads the documents, talks to him,
//     holds a joint meeting with the organization department and the audit
//     bureau, and tolerates the mistake; the accountability decision
//     follows.
//
// It ends with the statistics and whether every history verifies. It
// returns the first error a step meets.
func Tolerance(ctx context.Context, out io.Writer, svc *tolerance.Service, clock *dandang.FixedClock, dir *dandang.Directory) error {
	for _, o := range []dandang.Organ{jingning, lucheng} {
		if _, ok := dir.Organ(o.ID); !ok {
			return fmt.Errorf("walk: organ %s (%s) is not in the directory: build the service on walk.ToleranceDirectory()", o.ID, o.Name)
		}
	}
	zh, en := language.SimplifiedChinese, language.English
	reader := actor("省纪委案管室", zhejiang, dandang.CaseManagement)
	var err error
	do := func(c *tolerance.Case, f func(tolerance.Ref) (*tolerance.Case, error)) *tolerance.Case {
		if err != nil {
			return c
		}
		next, e := f(c.Ref())
		if e != nil {
			err = e
			return c
		}
		return next
	}
	distinctions := func(evidence ...string) []tolerance.Distinguished {
		var out []tolerance.Distinguished
		for _, d := range tolerance.Distinctions() {
			out = append(out, tolerance.Distinguished{Distinction: d, Mistake: true, Evidence: evidence})
		}
		return out
	}
	answers := func(evidence ...string) []tolerance.Answered {
		var out []tolerance.Answered
		for _, q := range tolerance.Questions() {
			yes, _ := q.Answers()
			out = append(out, tolerance.Answered{Question: q, Answer: yes, Evidence: evidence})
		}
		return out
	}
	weigh := func(findings map[tolerance.Factor]string) []tolerance.Weighing {
		var out []tolerance.Weighing
		for _, f := range tolerance.Factors() {
			out = append(out, tolerance.Weighing{Factor: f, Finding: findings[f], Favourable: true})
		}
		return out
	}

	fmt.Fprintln(out, "\n== 容错纠错 fault tolerance (seed 001)")

	// --- Jingning: the accountability opens; tolerance is assessed at once (FT05).
	jnOffice := actor("县纪委第一监督检查室", jingning, dandang.SupervisionOffice)
	jnLeader := actor("县纪委书记", jingning, dandang.PrincipalLeader)
	committee := dandang.Subject{ID: "jn-shawan-village", Kind: dandang.Organization, Name: "沙湾镇某村村民委员会",
		Position: "村民委员会", Unit: "沙湾镇某村", ManagedAt: dandang.Township, Region: "331127101"}
	clock.Set(day(5, 15))
	opened, e := kit.NewEvent("accountability/JN-2023-012", "accountability", "JN-2023-012", clock.Now(),
		event.AccountabilityOpened{InquiryID: "JN-2023-012", Subject: committee, Organ: jingning, OpenedAt: clock.Now()})
	if e != nil {
		return e
	}
	// Delivered at least once: twice here, one case.
	for range 2 {
		if e := svc.HandleAccountabilityOpened(ctx, opened); e != nil {
			return e
		}
	}
	jn, e := svc.Get(ctx, reader, tolerance.CaseID("JN-2023-012", committee.ID))
	if e != nil {
		return e
	}
	clock.Set(day(5, 22))
	jn = do(jn, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Distinguish(ctx, jnOffice, tolerance.DistinguishInput{Ref: r,
			Distinctions: distinctions("景宁抽水蓄能电站项目政策处理工作安排", "村民代表会议记录"),
			Answers:      answers("车辆费用凭证", "村干部谈话笔录", "村集体资金收支明细")})
	})
	jn = do(jn, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Weigh(ctx, jnOffice, tolerance.WeighInput{Ref: r, Weighings: weigh(map[tolerance.Factor]string{
			tolerance.Motive:       "为加快省“十四五”重点项目工作进度",
			tolerance.Conditions:   "政策处理、项目核准时间紧、任务重，村民代表出行不便",
			tolerance.Procedure:    "村委集体安排",
			tolerance.Nature:       "违反县农村集体“三资”管理办法关于车辆费用不能报销的规定",
			tolerance.Consequences: "费用用于接送村民代表参会，未造成其他损失",
			tolerance.Remediation:  "已规范村集体资金使用",
		})})
	})
	jn = do(jn, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Establish(ctx, jnOffice, tolerance.EstablishInput{Ref: r,
			Conditions: []string{"public_interest", "diligent", "due_procedure", "no_benefit", "corrected"},
			Facts: "该村村委用村集体资金安排巴士接送出行不便的村民代表赴异地会场参加会议，" +
				"与景宁县农村集体“三资”管理办法中“村民代表异地开会产生的车辆费用不能报销”的规定不符",
			FactsEn: "The village committee paid out of collective funds for a bus taking villagers' representatives who could not " +
				"easily travel to a meeting elsewhere, against Jingning county's rule that such travel costs are not reimbursed",
			Note: "不属于不予容错情形，无村干部谋取不正当利益"})
	})
	jn = do(jn, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Propose(ctx, jnOffice, tolerance.ProposeInput{Ref: r, Outcome: tolerance.Exemption,
			Grounds:  []tolerance.Ground{tolerance.ThreeDistinctions},
			Reason:   "该行为是为加快工作进度采取的权宜措施，且没有村干部从中谋取不正当利益",
			ReasonEn: "It was a stopgap to speed up the work, and no village cadre gained improperly from it"})
	})
	clock.Set(day(5, 26))
	jn = do(jn, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Decide(ctx, jnLeader, tolerance.DecisionInput{Ref: r, Number: "景纪容〔2023〕1号", Comment: "同意容错免责"})
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\n"+jn.DecisionText(zh))
	fmt.Fprintln(out, jn.DecisionText(en))

	// --- Lucheng: the deputy director, after a joint meeting (FT06).
	lcOffice := actor("区纪委第二监督检查室", lucheng, dandang.SupervisionOffice)
	lcLeader := actor("区纪委书记", lucheng, dandang.PrincipalLeader)
	deputy := dandang.Subject{ID: "lc-xiang", Kind: dandang.Person, Name: "项志远", Position: "街道办事处副主任",
		Unit: "鹿城区某街道办事处", ManagedAt: dandang.County, Region: "330302"}
	clock.Set(day(4, 3))
	lc, e := svc.Open(ctx, lcOffice, tolerance.NewCase{
		Inquiry: tolerance.Inquiry{ID: "LC-2023-007", OpenedAt: clock.Now(),
			Matter: "参与温州市某重点工程建设中，因不可预知因素带来的某项工作滞后"},
		Subject: deputy, Pursuer: tolerance.ByDisciplineOrgan, Complex: false})
	if e != nil {
		return e
	}
	clock.Set(day(4, 10))
	lc = do(lc, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Distinguish(ctx, lcOffice, tolerance.DistinguishInput{Ref: r,
			Distinctions: distinctions("调阅的工程建设相关书证"), Answers: answers("调阅的相关书证", "与当事人谈话笔录")})
	})
	lc = do(lc, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Weigh(ctx, lcOffice, tolerance.WeighInput{Ref: r, Weighings: weigh(map[tolerance.Factor]string{
			tolerance.Motive:       "积极推进重点工程",
			tolerance.Conditions:   "工作滞后系不可预知因素所致",
			tolerance.Procedure:    "按工程建设程序履职",
			tolerance.Nature:       "工作滞后，非故意",
			tolerance.Consequences: "未造成重大损失",
			tolerance.Remediation:  "已采取措施推进",
		})})
	})
	lc = do(lc, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Establish(ctx, lcOffice, tolerance.EstablishInput{Ref: r,
			Conditions: []string{"diligent", "public_interest", "no_benefit"}, Note: "不属于不予容错情形",
			Facts: "你时任某街道办事处副主任，在参与温州市一项重点工程建设中，因不可预知因素导致某项工作滞后"})
	})
	clock.Set(day(4, 17))
	lc = do(lc, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Consult(ctx, lcOffice, tolerance.ConsultInput{Ref: r, Conclusion: "联席会议审议，同意予以容错纠错",
			Participants: []tolerance.Participant{
				{Name: "区委组织部干部监督科负责人", Role: dandang.OrganizationDept, Unit: "鹿城区委组织部"},
				{Name: "区审计局分管负责人", Role: dandang.Audit, Unit: "鹿城区审计局"},
			}})
	})
	lc = do(lc, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Propose(ctx, lcOffice, tolerance.ProposeInput{Ref: r, Outcome: tolerance.Exemption,
			Grounds: []tolerance.Ground{tolerance.ForceMajeure}, Reason: "已履职尽责，工作滞后系不可预知因素所致"})
	})
	clock.Set(day(4, 19))
	lc = do(lc, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.Decide(ctx, lcLeader, tolerance.DecisionInput{Ref: r, Number: "鹿纪容〔2023〕3号"})
	})
	clock.Set(day(4, 21))
	lc = do(lc, func(r tolerance.Ref) (*tolerance.Case, error) {
		return svc.RecordAccountability(ctx, lcLeader, tolerance.AccountabilityInput{Ref: r, Decision: "予以容错，不予问责"})
	})
	if err != nil {
		return err
	}
	// After the accountability decision, tolerance cannot be decided again.
	_, refused := svc.Decide(ctx, lcLeader, tolerance.DecisionInput{Ref: lc.Ref()})
	fmt.Fprintln(out, lc.DecisionText(zh))

	for _, c := range []*tolerance.Case{jn, lc} {
		if e := toleranceTimeline(ctx, out, svc, reader, dir, c); e != nil {
			return e
		}
	}
	fmt.Fprintf(out, "\n问责决定作出后再次认定容错（防止翻烧饼）：%s\n", tolerance.Explain(refused, zh))

	st, e := svc.Stats(ctx, reader, dandang.Period{Region: "33", From: day(1, 1), To: day(12, 31)})
	if e != nil {
		return e
	}
	fmt.Fprintf(out, "\n容错认定统计 2023：免责 %d，从轻 %d，减轻 %d，不予容错 %d，已问责未认定 %d\n",
		st.Total.Exemption, st.Total.Lighter, st.Total.Mitigated, st.Total.None, st.Total.Foreclosed)
	for _, l := range st.Levels {
		fmt.Fprintf(out, "  %s  免责 %d\n", pad(l.Level.Text(zh), 12), l.Exemption)
	}
	for _, o := range st.Organs {
		fmt.Fprintf(out, "  %s  免责 %d\n", pad(o.Organ.Name, 24), o.Exemption)
	}
	for _, c := range []*tolerance.Case{jn, lc} {
		v := "verifies"
		if e := svc.Verify(ctx, reader, c.ID); e != nil {
			v = e.Error()
		}
		fmt.Fprintf(out, "history %s: %s\n", c.ID, v)
	}
	return nil
}

// toleranceTimeline prints a tolerance case's history: the date, the
// command and the states in words, who acted, the rules and the reason.
func toleranceTimeline(ctx context.Context, out io.Writer, svc *tolerance.Service, reader dandang.Actor, dir *dandang.Directory, c *tolerance.Case) error {
	recs, err := svc.History(ctx, reader, c.ID)
	if err != nil {
		return err
	}
	zh := language.SimplifiedChinese
	fmt.Fprintf(out, "\n-- %s  %s（%s）  %s：%s  policy %s\n", c.ID, kit.PublicName(c.Subject), c.Subject.Position,
		c.State.Text(zh), c.Outcome().Text(zh), c.Policy)
	for _, r := range recs {
		to := tolerance.State(r.To).Text(zh)
		move := to
		if r.From != r.To {
			move = tolerance.State(r.From).Text(zh) + " → " + to
			if r.From == "" {
				move = "→ " + to
			}
		}
		who := r.Actor.OrganID
		if o, ok := dir.Organ(r.Actor.OrganID); ok {
			who = o.Name
		}
		line := fmt.Sprintf("  %s  %s %s %s %s [%s]", r.At.In(dandang.China).Format(time.DateOnly),
			pad(tolerance.CommandText(r.Command, zh), 22), pad(move, 24), pad(who, 24),
			pad(r.Actor.Role.Text(zh), 14), strings.Join(r.Rules, " "))
		if r.Reason != "" {
			line += "  " + r.Reason
		}
		fmt.Fprintln(out, line)
	}
	for _, k := range c.Consultations {
		var who []string
		for _, p := range k.Participants {
			who = append(who, p.Unit+" "+p.Role.Text(zh))
		}
		fmt.Fprintf(out, "  %s 参加：%s；结论：%s\n", tolerance.CommandText("consult", zh), strings.Join(who, "、"), k.Conclusion)
	}
	return nil
}
