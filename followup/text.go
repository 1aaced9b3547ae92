package followup

import (
	"sync"

	"github.com/dandang/dandang/kit"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// messages are the follow-up texts the root catalog does not hold, keyed
// under "followup.", in zh-Hans (the default) and English.
var messages = map[string][2]string{
	"followup.state.opened":      {"待制定回访方案", "opened"},
	"followup.state.following":   {"跟踪回访中", "following up"},
	"followup.state.lifted":      {"处分期满", "period ended"},
	"followup.state.recommended": {"已推荐提拔使用", "recommended for promotion"},
	"followup.state.closed":      {"回访结束", "concluded"},
	"followup.state.stopped":     {"终止回访", "stopped"},

	"followup.command.open":          {"启动回访", "open"},
	"followup.command.plan":          {"制定回访方案", "plan"},
	"followup.command.revise_plan":   {"调整回访方案", "revise the plan"},
	"followup.command.visit":         {"回访", "visit"},
	"followup.command.lift":          {"处分期满解除", "record the lift"},
	"followup.command.lift_one":      {"一项处分期满解除", "record the lift of one decision"},
	"followup.command.join":          {"并入本人回访档案", "join the person's file"},
	"followup.command.join_in_force": {"并入本人回访档案（处分在影响期内）", "join the person's file, a sanction in force"},
	"followup.command.report":        {"反馈回访情况", "report the results"},
	"followup.command.recommend":     {"建议推荐提拔使用", "recommend for promotion"},
	"followup.command.promote":       {"记录提拔任用", "record the promotion"},
	"followup.command.close":         {"结束回访", "close"},
	"followup.command.stop":          {"终止回访", "stop"},

	"followup.field.Subject.Kind":         {"回访对象类别", "the kind of subject"},
	"followup.field.Source":               {"回访来源", "source"},
	"followup.field.Decision":             {"处分处理决定", "the decision"},
	"followup.field.Decision.Form":        {"处理形态", "the form of handling"},
	"followup.field.Decision.Sanction":    {"处分种类", "the sanction"},
	"followup.field.Decision.EffectiveAt": {"处分生效日期", "the day the decision took effect"},
	"followup.field.Cleared":              {"澄清正名案件", "the clearance"},
	"followup.field.ImposedBy":            {"作出处分的机关", "the organ that imposed the discipline"},
	"followup.field.Condition":            {"思想状况", "the person's condition"},
	"followup.field.Approach":             {"帮教方式", "the approach"},
	"followup.field.Help":                 {"一病一方", "the help for each problem"},
	"followup.field.Forms":                {"回访方式", "forms of visit"},
	"followup.field.Form":                 {"回访方式", "form of visit"},
	"followup.field.Targets":              {"回访对象", "whom the visits hear"},
	"followup.field.Visitors":             {"回访人员", "visitors"},
	"followup.field.Findings":             {"回访记录", "the record of the visit"},
	"followup.field.Rating":               {"回访评价", "the rating"},
	"followup.field.On":                   {"日期", "the day"},
	"followup.field.Period":               {"处分影响期", "the discipline period"},
	"followup.field.Visits":               {"回访记录", "the visits"},
	"followup.field.Reports":              {"回访情况反馈", "the reports"},
	"followup.field.Summary":              {"反馈内容", "the summary"},
	"followup.field.Reason":               {"理由", "the reason"},
	"followup.field.Post":                 {"职务", "the post"},
	"followup.field.Promotion":            {"提拔任用", "the promotion"},
	"followup.field.Name":                 {"活动名称", "the campaign's name"},
	"followup.field.Since":                {"起始日期", "since"},

	"followup.sanction.party_warning":            {"党内警告", "party warning"},
	"followup.sanction.party_serious_warning":    {"党内严重警告", "serious party warning"},
	"followup.sanction.removal_from_party_posts": {"撤销党内职务", "removal from party posts"},
	"followup.sanction.admin_warning":            {"警告", "warning"},
	"followup.sanction.demerit":                  {"记过", "demerit"},
	"followup.sanction.major_demerit":            {"记大过", "major demerit"},
	"followup.sanction.demotion":                 {"降级", "demotion"},
	"followup.sanction.dismissal_from_post":      {"撤职", "dismissal from post"},

	"followup.rating.good":    {"好", "good"},
	"followup.rating.average": {"一般", "average"},
	"followup.rating.poor":    {"较差", "poor"},

	"followup.form.meeting":   {"单独见面", "meeting alone"},
	"followup.form.scheduled": {"定期约访", "scheduled visit"},
	"followup.form.phone":     {"电话回访", "phone call"},

	"followup.target.person":     {"本人", "the person"},
	"followup.target.unit":       {"所在单位", "the unit"},
	"followup.target.leader":     {"所在党组织主要负责人", "the principal leader"},
	"followup.target.colleagues": {"同事", "colleagues"},
	"followup.target.family":     {"亲朋好友", "family and friends"},

	"followup.approach.explain_policy": {"讲明政策、说理解释", "explain the policy"},
	"followup.approach.counsel":        {"找准心结、悉心疏导", "counsel"},
	"followup.approach.encourage":      {"唤起初心、激励鼓劲", "encourage"},

	"followup.condition.resistant": {"认识不到位、情绪有抵触", "resistant"},
	"followup.condition.pressured": {"心理有压力、思想有顾虑", "under pressure"},
	"followup.condition.slack":     {"心态消极、工作松劲", "negative or slack"},
	"followup.condition.steady":    {"表现正常", "steady"},
}

var cat = sync.OnceValue(func() *kit.Catalog { return kit.NewCatalog(messages) })

func printer(tag language.Tag) *message.Printer { return cat().Printer(tag) }

// Text returns the state's name in the language tag asks for (zh-Hans when
// the catalog has no match).
func (s State) Text(tag language.Tag) string {
	return printer(tag).Sprintf("followup.state." + string(s))
}

// Text returns the sanction's name in the language tag asks for.
func (v Sanction) Text(tag language.Tag) string {
	return printer(tag).Sprintf("followup.sanction." + string(v))
}

// Text returns the rating's name in the language tag asks for.
func (v Rating) Text(tag language.Tag) string {
	return printer(tag).Sprintf("followup.rating." + string(v))
}

// Text returns the form's name in the language tag asks for.
func (v Form) Text(tag language.Tag) string {
	return printer(tag).Sprintf("followup.form." + string(v))
}

// Text returns the target's name in the language tag asks for.
func (v Target) Text(tag language.Tag) string {
	return printer(tag).Sprintf("followup.target." + string(v))
}

// Text returns the approach's name in the language tag asks for.
func (v Approach) Text(tag language.Tag) string {
	return printer(tag).Sprintf("followup.approach." + string(v))
}

// Text returns the condition's name in the language tag asks for.
func (v Condition) Text(tag language.Tag) string {
	return printer(tag).Sprintf("followup.condition." + string(v))
}

// Explain renders err for the people who use the embedding system, in the
// language tag asks for (zh-Hans by default): what went wrong, the rule that
// refused and what it says, the field in words, the current state and the
// commands allowed there, the roles awaited ([kit.Catalog.Explain]). A
// nil err is "".
func Explain(err error, tag language.Tag) string { return cat().Explain(err, tag) }

// CommandText returns the name of a command, as history records name it
// ("visit", "lift", "redate", …), in the language tag asks for; an unknown
// name is returned as it is.
func CommandText(name string, tag language.Tag) string {
	return cat().Name(tag, "followup.command."+name, cat().Name(tag, "command."+name, name))
}
