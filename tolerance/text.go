package tolerance

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// messages are the tolerance texts the root catalog does not hold, keyed
// under "tolerance.", in zh-Hans (the default) and English.
var messages = map[string][2]string{
	"tolerance.lang":                     {"zh", "en"},
	"tolerance.decision.title.exemption": {"容错免责决定书", "Decision on Fault Tolerance and Exemption"},
	"tolerance.decision.title.lighter":   {"容错从轻处理决定书", "Decision on Fault Tolerance and Lighter Handling"},
	"tolerance.decision.title.mitigated": {"容错减轻处理决定书", "Decision on Fault Tolerance and Mitigated Handling"},
	"tolerance.decision.to":              {"%s：", "To %s:"},
	"tolerance.decision.facts":           {"经调查核实，%s。%s。", "Upon investigation and verification: %s. %s."},
	"tolerance.decision.ground":          {"经研究，依据%s，决定对%s予以%s。", "After consideration, on the grounds of %s, %[3]s is decided for %[2]s."},
	"tolerance.decision.exemption":       {"容错免责", "exemption from accountability under fault tolerance"},
	"tolerance.decision.lighter":         {"从轻处理", "lighter handling under fault tolerance"},
	"tolerance.decision.mitigated":       {"减轻处理", "mitigated handling under fault tolerance"},
	"tolerance.decision.effect": {"根据规定，本决定所涉问题不影响%s的考核评价、选拔任用、评先评优和推荐提名。",
		"Under the rules, the matter this decision covers does not affect %s in appraisal, selection and appointment, honours or nomination."},
	"tolerance.date": {"%[1]s年%[2]s月%[3]s日", "%[4]s"},
	"tolerance.sep":  {"、", ", "},
	"tolerance.you":  {"你", "you"},
	"tolerance.your": {"你单位", "your organization"},

	"tolerance.ground.three_distinctions": {"“三个区分开来”", "the three distinctions"},
	"tolerance.ground.objected":           {"对错误集体决策提出反对或保留意见", "an objection to a wrong collective decision"},
	"tolerance.ground.force_majeure":      {"已履职尽责但因不可抗力或难以预见的因素造成损失", "losses from force majeure or unforeseeable causes despite due diligence"},
	"tolerance.ground.losses_recovered":   {"主动挽回损失", "losses recovered"},
	"tolerance.ground.effects_removed":    {"消除不良影响", "effects removed"},
	"tolerance.ground.cooperated":         {"积极配合调查", "cooperation with the inquiry"},

	"tolerance.outcome.exemption": {"容错免责", "exemption"},
	"tolerance.outcome.lighter":   {"从轻处理", "lighter handling"},
	"tolerance.outcome.mitigated": {"减轻处理", "mitigated handling"},
	"tolerance.outcome.none":      {"不予容错", "no tolerance"},

	"tolerance.state.assessing":  {"容错研判中", "assessing"},
	"tolerance.state.proposed":   {"待决定", "proposed"},
	"tolerance.state.decided":    {"已认定", "decided"},
	"tolerance.state.foreclosed": {"已问责，不再认定容错", "foreclosed by the accountability decision"},
	"tolerance.state.revoked":    {"容错认定已撤销", "decision revoked"},

	"tolerance.command.open":           {"同步启动容错程序", "open the assessment"},
	"tolerance.command.distinguish":    {"“三个区分开来”研判", "weigh the distinctions and questions"},
	"tolerance.command.weigh":          {"综合分析六方面因素", "weigh the six factors"},
	"tolerance.command.establish":      {"认定排除情形和容错条件", "establish exclusions and conditions"},
	"tolerance.command.consult":        {"会商研判", "joint consultation"},
	"tolerance.command.hear_experts":   {"专家咨询", "hear the expert group"},
	"tolerance.command.propose":        {"提出容错意见", "propose"},
	"tolerance.command.reject":         {"退回", "send back"},
	"tolerance.command.decide":         {"作出容错认定", "decide"},
	"tolerance.command.accountability": {"作出问责决定", "record the accountability decision"},
	"tolerance.command.withdraw":       {"撤回不予容错情形认定", "withdraw an exclusion found"},
	"tolerance.command.reconsider":     {"重新研究容错认定", "reconsider the decision"},
	"tolerance.command.revoke":         {"撤销容错认定", "revoke the decision"},

	"tolerance.field.Distinctions":   {"“三个区分开来”", "the three distinctions"},
	"tolerance.field.Answers":        {"为公还是谋私等四个问题", "the four questions"},
	"tolerance.field.Weighings":      {"六方面因素", "the six factors"},
	"tolerance.field.Excluded":       {"不予容错情形", "excluded situations"},
	"tolerance.field.Conditions":     {"容错条件", "typical conditions"},
	"tolerance.field.Checklist":      {"容错清单", "the domain checklist"},
	"tolerance.field.Consultations":  {"会商研判", "consultations"},
	"tolerance.field.Participants":   {"参加人员", "participants"},
	"tolerance.field.Conclusion":     {"研判结论", "conclusion"},
	"tolerance.field.Outcome":        {"认定结果", "outcome"},
	"tolerance.field.Grounds":        {"依据", "grounds"},
	"tolerance.field.Reason":         {"理由", "reason"},
	"tolerance.field.Comment":        {"意见", "comment"},
	"tolerance.field.Decision":       {"问责决定", "the accountability decision"},
	"tolerance.field.Pursuer":        {"追责问责主体", "who pursues the accountability"},
	"tolerance.field.Inquiry.Matter": {"问责事项", "the matter"},
	"tolerance.field.Facts":          {"调查核实的事实", "the facts established"},
	"tolerance.field.Exclusion":      {"不予容错情形", "the excluded situation"},
	"tolerance.field.Accountability": {"问责决定", "the accountability decision"},
}

var cat = sync.OnceValue(func() *kit.Catalog { return kit.NewCatalog(messages) })

func printer(tag language.Tag) *message.Printer { return cat().Printer(tag) }

// Text returns the state's name in the language tag asks for (zh-Hans when
// the catalog has no match).
func (s State) Text(tag language.Tag) string {
	return printer(tag).Sprintf("tolerance.state." + string(s))
}

// Text returns the outcome's name in the language tag asks for.
func (o Outcome) Text(tag language.Tag) string {
	return printer(tag).Sprintf("tolerance.outcome." + string(o))
}

// Text returns the ground's name in the language tag asks for.
func (g Ground) Text(tag language.Tag) string {
	return printer(tag).Sprintf("tolerance.ground." + string(g))
}

// DecisionText renders the written tolerance decision (FT07) in the
// language tag asks for, zh-Hans by default: the subject, named as public
// texts name people (XC05); the facts established and the reason; the
// grounds (FT10: for exemption, the waiving ones); and that the matter does
// not affect the subject's appraisal, promotion, honours or nomination
// (FT12). Every tolerated outcome has one: 《容错免责决定书》 for exemption,
// the lighter and mitigated handling likewise.
//
// It is empty unless a tolerated outcome was decided, and empty when the
// facts or the reason are not recorded in the language rendered (Facts and
// Reason in Chinese, FactsEn and ReasonEn in English): a decision never
// renders without its facts, nor with another language's sentences inside.
func (c *Case) DecisionText(tag language.Tag) string {
	if c.Decision == nil || !c.Decision.Outcome.Tolerated() {
		return ""
	}
	p := printer(tag)
	facts, reason := c.Facts, c.Decision.Reason
	if p.Sprintf("tolerance.lang") == "en" {
		facts, reason = c.FactsEn, c.Decision.ReasonEn
	}
	if strings.TrimSpace(facts) == "" || strings.TrimSpace(reason) == "" {
		return ""
	}
	out := c.Decision.Outcome
	name := kit.PublicName(c.Subject)
	var b strings.Builder
	b.WriteString(p.Sprintf("tolerance.decision.title."+string(out)) + "\n")
	if c.Decision.Number != "" {
		b.WriteString(c.Decision.Number + "\n")
	}
	b.WriteString(p.Sprintf("tolerance.decision.to", name) + "\n")
	b.WriteString(p.Sprintf("tolerance.decision.facts", strings.TrimRight(facts, "。."), strings.TrimRight(reason, "。.")) + "\n")
	var grounds []string
	for _, g := range c.Decision.Grounds {
		if out != Exemption || g.Waives() {
			grounds = append(grounds, g.Text(tag))
		}
	}
	who := p.Sprintf("tolerance.you")
	if c.Subject.Kind == dandang.Organization {
		who = p.Sprintf("tolerance.your")
	}
	b.WriteString(p.Sprintf("tolerance.decision.ground", strings.Join(grounds, p.Sprintf("tolerance.sep")), who, p.Sprintf("tolerance.decision."+string(out))) + "\n")
	b.WriteString(p.Sprintf("tolerance.decision.effect", who) + "\n")
	b.WriteString(c.Organ.Name + "\n")
	at := c.Decision.At.In(dandang.China)
	b.WriteString(p.Sprintf("tolerance.date", strconv.Itoa(at.Year()), strconv.Itoa(int(at.Month())), strconv.Itoa(at.Day()), at.Format(time.DateOnly)) + "\n")
	return b.String()
}

// Explain renders err for the people who use the embedding system, in the
// language tag asks for (zh-Hans by default): what went wrong, the rule that
// refused and what it says, the field in words, the current state and the
// commands allowed there, the roles awaited ([kit.Catalog.Explain]). A
// nil err is "".
func Explain(err error, tag language.Tag) string { return cat().Explain(err, tag) }

// CommandText returns the name of a command, as history records name it
// ("propose", "decide", "redate", …), in the language tag asks for; an
// unknown name is returned as it is.
func CommandText(name string, tag language.Tag) string {
	return cat().Name(tag, "tolerance.command."+name, cat().Name(tag, "command."+name, name))
}
