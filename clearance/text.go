package clearance

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dandang/dandang"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Messages, keyed by ID, in zh-Hans (the default) and English.
var messages = map[string][2]string{
	"notice.title":     {"澄清正名通知书", "Notice of Clearance"},
	"notice.to.person": {"%s同志：", "To %s:"},
	"notice.to.org":    {"%s：", "To %s:"},
	"notice.body.person": {"经核查，反映你%s等问题的检举控告失实，现正式对相关问题作出澄清。",
		"Upon verification, the report that you %s is unfounded. The matters concerned are hereby formally clarified."},
	"notice.body.org": {"经核查，反映你单位%s等问题的检举控告失实，现正式对相关问题作出澄清。",
		"Upon verification, the report that your organization %s is unfounded. The matters concerned are hereby formally clarified."},
	"notice.copy":   {"抄送：%s（%s主要负责人）", "Copy to: %s, head of %s"},
	"decline.title": {"不予澄清告知书", "Notice of Decision Not to Clear"},
	"decline.body": {"经研究，对反映你%s等问题暂不予公开澄清。理由：%s。",
		"After consideration, the allegations that you %s will not be publicly clarified, because: %s."},
	"date": {"%[1]s年%[2]s月%[3]s日", "%[4]s"},
	"sep":  {"、", "; "},

	"state.opened":          {"待启动", "opened"},
	"state.in_review":       {"审批中", "in review"},
	"state.approved":        {"已批准", "approved"},
	"state.closed":          {"已澄清", "cleared"},
	"state.decline_pending": {"不予澄清待批", "decline pending"},
	"state.declined":        {"不予澄清", "declined"},

	"code.invalid":    {"输入不符合规定", "the input breaks a rule"},
	"code.not_found":  {"案件不存在", "no such case"},
	"code.conflict":   {"案件已被他人更新，请重新读取后再办理", "someone else changed the case first: read it again"},
	"code.forbidden":  {"无权办理", "not yours to do"},
	"code.transition": {"案件当前状态不允许此操作", "not allowed in the case's state"},
	"code.internal":   {"系统内部错误", "an internal error"},
	"explain":         {"%s（%s：%s）", "%s (%s: %s)"},
	"explain.field":   {"%s（%s：%s；字段 %s）", "%s (%s: %s; field %s)"},
	"explain.plain":   {"%s", "%s"},

	"rule.CL01": {"报告办结后方可启动澄清，每件报告每名对象一案", "clearance starts once the report is concluded, one case per report and subject"},
	"rule.CL02": {"不予澄清须说明理由并经纪委领导批准", "not clearing needs a reason and a committee leader's approval"},
	"rule.CL03": {"一事一议，每案只涉及一名对象", "each case is weighed on its own, for one subject"},
	"rule.CL04": {"只对失实的具体问题澄清，属实或部分属实的问题不得澄清", "only unfounded allegations are cleared, never substantiated or partly substantiated ones"},
	"rule.CL05": {"澄清方式须在批准的方案之内", "the forms of clearance follow the approved plan"},
	"rule.CL06": {"会议、通报等较大范围公开澄清前须征求本人意见", "a meeting or circular clearance needs the subject's agreement first"},
	"rule.CL07": {"须按审批程序逐级审核、批准", "the approval chain is followed step by step"},
	"rule.CL08": {"分级须符合规定的等级", "the grade must be one the policy offers"},
	"rule.CL09": {"办结件质量评查", "quality review of concluded cases"},
	"rule.CL10": {"澄清工作全过程监督", "supervision of clearance in three stages"},
	"rule.CL11": {"澄清工作一刻也不能耽搁，逾期列入督办", "nothing defers a clearance; late cases are supervised"},
	"rule.CL12": {"送达通知书并抄送单位主要负责人，反馈实名举报人，归入廉政档案和人事档案并录入平台", "serve the notice with a copy to the head of the unit, tell a named reporter, file in the integrity and personnel files and on the platform"},
	"rule.CL13": {"澄清后适时回访", "follow-up after clearance"},
	"rule.CL14": {"应澄清尽澄清", "clear all that should be cleared"},
	"rule.CL15": {"谁核实谁澄清，按干部管理权限办理", "whoever verified clears, within the management authority"},
	"rule.CL16": {"会议、当面、通报澄清须同时书面澄清", "meeting, face-to-face and circular clearance come with a written clearance"},
	"rule.CL17": {"失实举报造成不良影响的方予澄清；无法证实或排除的不予澄清", "clearance needs an adverse effect; a matter neither verified nor excluded is not cleared"},
	"rule.CL18": {"批准后限期实施；不宜澄清的向本人说明", "an approved clearance is carried out in time; a declined one is explained to the subject"},
	"rule.XC01": {"每次变更留痕，历史不可改写", "every change is recorded; history cannot be rewritten"},
	"rule.XC02": {"只能在本机关层级、权限和职责范围内办理", "an actor acts only within their organ's level, authority and role"},
	"rule.XC06": {"输入须完整有效", "input must be complete and valid"},

	"form.written":      {"书面澄清", "written clearance"},
	"form.face_to_face": {"当面澄清", "face-to-face clearance"},
	"form.meeting":      {"会议澄清", "clearance at a meeting"},
	"form.circular":     {"通报澄清", "clearance by circular"},
}

var cat = sync.OnceValue(func() catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.SimplifiedChinese))
	for key, m := range messages {
		// SetString fails only for malformed keys or tags; both are constants.
		_ = b.SetString(language.SimplifiedChinese, key, m[0])
		_ = b.SetString(language.English, key, m[1])
	}
	return b
})

var matcher = sync.OnceValue(func() language.Matcher {
	return language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})
})

// printer returns a printer for the supported language closest to tag,
// zh-Hans when none is close.
func printer(tag language.Tag) *message.Printer {
	_, i, conf := matcher().Match(tag)
	t := language.SimplifiedChinese
	if conf != language.No && i == 1 {
		t = language.English
	}
	return message.NewPrinter(t, message.Catalog(cat()))
}

// Text returns the state's name in the language tag asks for (zh-Hans when
// the catalog has no match).
func (s State) Text(tag language.Tag) string { return printer(tag).Sprintf("state." + string(s)) }

// Text returns the form's name in the language tag asks for.
func (f Form) Text(tag language.Tag) string { return printer(tag).Sprintf("form." + string(f)) }

func (c *Case) allegationText(p *message.Printer) string {
	parts := make([]string, len(c.Allegations))
	for i, a := range c.Allegations {
		parts[i] = a.Summary
	}
	return strings.Join(parts, p.Sprintf("sep"))
}

// publicName is how public texts name the subject: in full when the
// subject consented to it (NameInPublic), masked otherwise (XC05).
func (c *Case) publicName() string {
	if c.NamedInPublic != nil {
		return c.Subject.Name
	}
	return dandang.PublicName(c.Subject)
}

// NoticeText renders the clearance notice (《澄清正名通知书》, CL12) in the
// language tag asks for, zh-Hans by default. The subject is named as public
// texts name people (XC05); the copy line names the head of the unit. It
// covers only the unfounded allegations, never an overall evaluation (CL04).
func (c *Case) NoticeText(tag language.Tag) string {
	p := printer(tag)
	name := c.publicName()
	var b strings.Builder
	b.WriteString(p.Sprintf("notice.title") + "\n")
	if c.Subject.Kind == dandang.Organization {
		b.WriteString(p.Sprintf("notice.to.org", name) + "\n")
		b.WriteString(p.Sprintf("notice.body.org", c.allegationText(p)) + "\n")
	} else {
		b.WriteString(p.Sprintf("notice.to.person", name) + "\n")
		b.WriteString(p.Sprintf("notice.body.person", c.allegationText(p)) + "\n")
	}
	b.WriteString(c.Organ.Name + "\n")
	at := c.UpdatedAt
	if c.Notice != nil {
		at = c.Notice.At
	}
	at = at.In(dandang.China)
	b.WriteString(p.Sprintf("date", strconv.Itoa(at.Year()), strconv.Itoa(int(at.Month())), strconv.Itoa(at.Day()), at.Format(time.DateOnly)) + "\n")
	copyTo := c.Subject.UnitHead
	if c.Notice != nil {
		copyTo = c.Notice.CopyTo
	}
	if copyTo != "" {
		b.WriteString(p.Sprintf("notice.copy", dandang.MaskName(copyTo), c.Subject.Unit) + "\n")
	}
	return b.String()
}

// DeclineText renders the notice that tells the subject why the case is not
// cleared (CL18); empty unless a decline was approved.
func (c *Case) DeclineText(tag language.Tag) string {
	if c.Decline == nil || c.Decline.Decided == nil {
		return ""
	}
	p := printer(tag)
	var b strings.Builder
	b.WriteString(p.Sprintf("decline.title") + "\n")
	b.WriteString(p.Sprintf("notice.to.person", c.publicName()) + "\n")
	b.WriteString(p.Sprintf("decline.body", c.allegationText(p), c.Decline.Reason) + "\n")
	b.WriteString(c.Organ.Name + "\n")
	return b.String()
}

// Explain renders err for the people who use the embedding system, in the
// language tag asks for (zh-Hans by default): what went wrong, the rule that
// refused and what it says, and the field at fault. A nil err is "".
func Explain(err error, tag language.Tag) string {
	if err == nil {
		return ""
	}
	p := printer(tag)
	what := p.Sprintf("code." + string(dandang.ErrorCode(err)))
	rule := dandang.ErrorRule(err)
	if rule == "" {
		return p.Sprintf("explain.plain", what)
	}
	text := p.Sprintf("rule." + rule)
	if field := dandang.ErrorField(err); field != "" {
		return p.Sprintf("explain.field", what, rule, text, field)
	}
	return p.Sprintf("explain", what, rule, text)
}
