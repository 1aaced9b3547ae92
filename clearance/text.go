package clearance

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

// messages are the clearance texts the root catalog does not hold, keyed
// under "clearance.", in zh-Hans (the default) and English.
var messages = map[string][2]string{
	"clearance.notice.title":     {"澄清正名通知书", "Notice of Clearance"},
	"clearance.notice.to.person": {"%s同志：", "To %s:"},
	"clearance.notice.to.org":    {"%s：", "To %s:"},
	"clearance.notice.body.person": {"经核查，反映你%s等问题的检举控告失实，现正式对相关问题作出澄清。",
		"Upon verification, the report that you %s is unfounded. The matters concerned are hereby formally clarified."},
	"clearance.notice.body.org": {"经核查，反映你单位%s等问题的检举控告失实，现正式对相关问题作出澄清。",
		"Upon verification, the report that your organization %s is unfounded. The matters concerned are hereby formally clarified."},
	"clearance.notice.body.person.partial": {"经核查，检举控告反映你的问题中，%s等问题失实，现正式对上述问题作出澄清。",
		"Upon verification, of the matters reported about you, the allegations that you %s are unfounded. Those matters are hereby formally clarified."},
	"clearance.notice.body.org.partial": {"经核查，检举控告反映你单位的问题中，%s等问题失实，现正式对上述问题作出澄清。",
		"Upon verification, of the matters reported about your organization, the allegations that it %s are unfounded. Those matters are hereby formally clarified."},
	"clearance.notice.corrects": {"本通知书更正%[1]s作出的第%[2]d号通知书：%[3]s。", "This notice corrects notice no. %[2]d of %[1]s: %[3]s."},
	"clearance.notice.copy":     {"抄送：%s（%s主要负责人）", "Copy to: %s, head of %s"},
	"clearance.revoke.title":    {"撤销澄清正名决定通知书", "Notice of Revocation of Clearance"},
	"clearance.revoke.body": {"%[1]s对你作出的澄清正名决定，所澄清的“%[2]s”问题，经%[3]s核查认定%[4]s：%[5]s。现决定撤销该澄清正名决定。",
		"The clearance of %[1]s cleared you of the allegation that you %[2]s. Verification under %[3]s has found it %[4]s: %[5]s. The clearance is hereby revoked."},
	"clearance.revoke.told":                  {"告知：%s", "Told: %s"},
	"clearance.revoke.reporter":              {"实名举报人", "the named reporter"},
	"clearance.finding.substantiated":        {"属实", "substantiated"},
	"clearance.finding.partly_substantiated": {"部分属实", "partly substantiated"},
	"clearance.decline.title":                {"不予澄清告知书", "Notice of Decision Not to Clear"},
	"clearance.decline.body": {"经研究，对反映你%s等问题暂不予公开澄清。理由：%s。",
		"After consideration, the allegations that you %s will not be publicly clarified, because: %s."},
	"clearance.date": {"%[1]s年%[2]s月%[3]s日", "%[4]s"},
	"clearance.sep":  {"、", "; "},

	"clearance.state.opened":          {"待启动", "opened"},
	"clearance.state.in_review":       {"审批中", "in review"},
	"clearance.state.approved":        {"已批准", "approved"},
	"clearance.state.closed":          {"已澄清", "cleared"},
	"clearance.state.decline_pending": {"不予澄清待批", "decline pending"},
	"clearance.state.declined":        {"不予澄清", "declined"},

	"clearance.command.open":               {"启动澄清", "open"},
	"clearance.command.grade":              {"分级", "grade"},
	"clearance.command.plan":               {"拟定澄清方案", "plan"},
	"clearance.command.consult":            {"征求本人意见", "consult the subject"},
	"clearance.command.consent_to_name":    {"同意公开姓名", "consent to be named"},
	"clearance.command.propose":            {"提请审批", "propose"},
	"clearance.command.sign":               {"审核签批", "sign"},
	"clearance.command.approve":            {"批准", "approve"},
	"clearance.command.reject":             {"退回", "send back"},
	"clearance.command.propose_decline":    {"拟不予澄清", "propose not to clear"},
	"clearance.command.approve_decline":    {"批准不予澄清", "approve not clearing"},
	"clearance.command.reject_decline":     {"退回不予澄清", "refuse not clearing"},
	"clearance.command.carry_out":          {"实施澄清", "carry out"},
	"clearance.command.serve_notice":       {"送达通知书", "serve the notice"},
	"clearance.command.feedback":           {"反馈举报人", "give feedback"},
	"clearance.command.file":               {"归档", "file"},
	"clearance.command.close":              {"办结", "close"},
	"clearance.command.supervise":          {"督办", "supervise"},
	"clearance.command.quality_review":     {"质量评查", "quality review"},
	"clearance.command.withdraw_consent":   {"撤回同意", "withdraw consent"},
	"clearance.command.refuse_public":      {"拒绝公开澄清", "refuse public clearance"},
	"clearance.command.reconsider":         {"重新审视", "reconsider"},
	"clearance.command.revoke":             {"撤销澄清", "revoke the clearance"},
	"clearance.command.hand_over":          {"移交", "hand over"},
	"clearance.command.correct_notice":     {"更正通知书", "correct the notice"},
	"clearance.command.malice_established": {"记录认定恶意诬告", "record malicious accusation established"},

	"clearance.state.revoked": {"已撤销澄清", "revoked"},

	"clearance.field.Decline":              {"不予澄清决定", "the decision not to clear"},
	"clearance.field.Malice":               {"恶意诬告认定记录", "the record of malicious accusation established"},
	"clearance.field.Office":               {"评查科室", "the office scoring"},
	"clearance.field.Ground":               {"重新审视事由", "ground"},
	"clearance.field.Text":                 {"申请或排查情况", "the application or the sweep's finding"},
	"clearance.field.Finding.Finding":      {"新的核查结论", "the new finding"},
	"clearance.field.Finding.AllegationID": {"所涉问题", "the allegation"},
	"clearance.field.Finding.ReportID":     {"新的核查来源", "the report of the new finding"},
	"clearance.field.Finding.Summary":      {"新的核查情况", "what was found"},
	"clearance.field.To":                   {"接收机关", "receiving organ"},
	"clearance.field.Post":                 {"新任职务", "new post"},
	"clearance.field.Refs":                 {"案件", "cases"},
	"clearance.field.Notice":               {"通知书", "notice"},
	"clearance.field.Summaries":            {"问题表述", "wording of the allegations"},

	"clearance.field.Consent":     {"本人意见", "the subject's consent"},
	"clearance.field.Forms":       {"澄清方式", "forms"},
	"clearance.field.Scope":       {"澄清范围", "scope"},
	"clearance.field.Effects":     {"不良影响", "adverse effects"},
	"clearance.field.Reason":      {"理由", "reason"},
	"clearance.field.Comment":     {"审批意见", "comment"},
	"clearance.field.Opinion":     {"本人意见", "the subject's opinion"},
	"clearance.field.Grade":       {"等级", "grade"},
	"clearance.field.Outstanding": {"未完成事项", "what is outstanding"},
	"clearance.field.Venue":       {"会议名称", "venue"},
	"clearance.field.CopyTo":      {"抄送对象", "copy to"},
	"clearance.field.Filing":      {"归档去向", "filing"},

	"clearance.todo.carry out the face_to_face clearance":                 {"实施当面澄清", "carry out the face-to-face clearance"},
	"clearance.todo.carry out the meeting clearance":                      {"召开澄清会", "hold the clearance meeting"},
	"clearance.todo.carry out the circular clearance":                     {"通报澄清", "issue the clearance circular"},
	"clearance.todo.serve the notice and copy it to the head of the unit": {"送达通知书并抄送单位主要负责人", "serve the notice with a copy to the head of the unit"},
	"clearance.todo.give feedback to the named reporter":                  {"向实名举报人反馈", "give feedback to the named reporter"},
	"clearance.todo.file in the integrity file":                           {"归入廉政档案", "file in the integrity file"},
	"clearance.todo.file in the personnel file":                           {"归入人事档案", "file in the personnel file"},
	"clearance.todo.file in the platform":                                 {"录入信访举报平台", "enter on the reporting platform"},

	"form.written":      {"书面澄清", "written clearance"},
	"form.face_to_face": {"当面澄清", "face-to-face clearance"},
	"form.meeting":      {"会议澄清", "clearance at a meeting"},
	"form.circular":     {"通报澄清", "clearance by circular"},
}

var cat = sync.OnceValue(func() *kit.Catalog { return kit.NewCatalog(messages) })

func printer(tag language.Tag) *message.Printer { return cat().Printer(tag) }

// Text returns the state's name in the language tag asks for (zh-Hans when
// the catalog has no match).
func (s State) Text(tag language.Tag) string {
	return printer(tag).Sprintf("clearance.state." + string(s))
}

// Text returns the form's name in the language tag asks for.
func (f Form) Text(tag language.Tag) string { return printer(tag).Sprintf("form." + string(f)) }

func (c *Case) allegationText(p *message.Printer) string {
	parts := make([]string, len(c.Allegations))
	for i, a := range c.Allegations {
		parts[i] = a.Summary
	}
	return strings.Join(parts, p.Sprintf("clearance.sep"))
}

// publicName is how public texts name the subject: in full when the
// subject consented to it (NameInPublic), masked otherwise (XC05).
func (c *Case) publicName() string {
	if c.NamedInPublic != nil {
		return c.Subject.Name
	}
	return kit.PublicName(c.Subject)
}

// NoticeText renders the notice in force (《澄清正名通知书》, CL12) in the
// language tag asks for, zh-Hans by default; before a notice is served, the
// notice as it would be served. The subject is named as public texts name
// people (XC05); the copy line names the head of the unit. It covers only
// the unfounded allegations, never an overall evaluation (CL04), and when
// other allegations of the report were substantiated it does not call the
// report unfounded.
func (c *Case) NoticeText(tag language.Tag) string {
	if c.Notice != nil {
		return c.noticeText(*c.Notice, tag)
	}
	return c.noticeText(Notice{Step: Step{At: c.UpdatedAt}, CopyTo: c.Subject.UnitHead}, tag)
}

// NoticeTexts renders every notice served, in the order served: the
// superseded ones, then the one in force, which says what it corrects
// (CL23).
func (c *Case) NoticeTexts(tag language.Tag) []string {
	var out []string
	for _, n := range c.Notices() {
		out = append(out, c.noticeText(n, tag))
	}
	return out
}

func (c *Case) date(p *message.Printer, at time.Time) string {
	at = at.In(dandang.China)
	return p.Sprintf("clearance.date", strconv.Itoa(at.Year()), strconv.Itoa(int(at.Month())), strconv.Itoa(at.Day()), at.Format(time.DateOnly))
}

// addressee is the salutation line: a person as a comrade, an organization
// as itself.
func (c *Case) addressee(p *message.Printer) string {
	if c.Subject.Kind == dandang.Organization {
		return p.Sprintf("clearance.notice.to.org", c.publicName())
	}
	return p.Sprintf("clearance.notice.to.person", c.publicName())
}

func (c *Case) noticeText(n Notice, tag language.Tag) string {
	p := printer(tag)
	summaries := n.Summaries
	if summaries == nil {
		summaries = c.summaries()
	}
	what := strings.Join(summaries, p.Sprintf("clearance.sep"))
	key := "clearance.notice.body.person"
	if c.Subject.Kind == dandang.Organization {
		key = "clearance.notice.body.org"
	}
	if c.Report.OthersSubstantiated {
		key += ".partial"
	}
	var b strings.Builder
	b.WriteString(p.Sprintf("clearance.notice.title") + "\n")
	b.WriteString(c.addressee(p) + "\n")
	b.WriteString(p.Sprintf(key, what) + "\n")
	if n.Corrects != "" {
		prev := n.At
		for _, old := range c.Superseded {
			if old.No == n.No-1 {
				prev = old.At
			}
		}
		b.WriteString(p.Sprintf("clearance.notice.corrects", c.date(p, prev), n.No-1, n.Corrects) + "\n")
	}
	b.WriteString(c.Organ.Name + "\n")
	b.WriteString(c.date(p, n.At) + "\n")
	if n.CopyTo != "" {
		b.WriteString(p.Sprintf("clearance.notice.copy", kit.MaskName(n.CopyTo), c.Subject.Unit) + "\n")
	}
	return b.String()
}

// DeclineText renders the notice that tells the subject why the case is not
// cleared (CL18); empty unless a decline was approved. An organization is
// addressed as an organization.
func (c *Case) DeclineText(tag language.Tag) string {
	if c.Decline == nil || c.Decline.Decided == nil {
		return ""
	}
	p := printer(tag)
	var b strings.Builder
	b.WriteString(p.Sprintf("clearance.decline.title") + "\n")
	b.WriteString(c.addressee(p) + "\n")
	b.WriteString(p.Sprintf("clearance.decline.body", c.allegationText(p), c.Decline.Reason) + "\n")
	b.WriteString(c.Organ.Name + "\n")
	return b.String()
}

// RevocationText renders the notice that tells the subject, and everyone
// who received the clearance, that it was revoked and on what finding
// (CL20), in the language tag asks for, zh-Hans by default; empty unless
// the clearance was revoked. Names are masked as public texts mask them
// (XC05).
func (c *Case) RevocationText(tag language.Tag) string {
	rv := c.Revocation
	if rv == nil {
		return ""
	}
	p := printer(tag)
	what := rv.Finding.AllegationID
	for _, a := range c.Allegations {
		if a.ID == rv.Finding.AllegationID {
			what = a.Summary
		}
	}
	cleared := c.ClosedAt
	if c.Notice != nil {
		cleared = c.Notice.At
	}
	var b strings.Builder
	b.WriteString(p.Sprintf("clearance.revoke.title") + "\n")
	b.WriteString(c.addressee(p) + "\n")
	b.WriteString(p.Sprintf("clearance.revoke.body", c.date(p, cleared), what, rv.Finding.ReportID,
		p.Sprintf("clearance.finding."+string(rv.Finding.Finding)), rv.Finding.Summary) + "\n")
	b.WriteString(c.Organ.Name + "\n")
	b.WriteString(c.date(p, rv.At) + "\n")
	told := make([]string, 0, len(rv.Told))
	for i, who := range rv.Told {
		switch {
		case i == 0 && c.Subject.Kind == dandang.Person:
			who = c.publicName()
		case who == namedReporter:
			who = p.Sprintf("clearance.revoke.reporter")
		case who == c.Subject.UnitHead || c.hasCopyTo(who):
			who = kit.MaskName(who)
		}
		told = append(told, who)
	}
	b.WriteString(p.Sprintf("clearance.revoke.told", strings.Join(told, p.Sprintf("clearance.sep"))) + "\n")
	return b.String()
}

// hasCopyTo reports whether who received a copy of a notice.
func (c *Case) hasCopyTo(who string) bool {
	for _, n := range c.Notices() {
		if n.CopyTo == who {
			return true
		}
	}
	return false
}

// Explain renders err for the people who use the embedding system, in the
// language tag asks for (zh-Hans by default): what went wrong, the rule that
// refused and what it says, the field in words, and what the user acts on:
// the current state and the commands allowed there, the roles awaited, what
// is still outstanding ([kit.Catalog.Explain]). A nil err is "".
func Explain(err error, tag language.Tag) string { return cat().Explain(err, tag) }

// CommandText returns the name of a command, as history records name it
// ("propose", "sign", "redate", …), in the language tag asks for; an
// unknown name is returned as it is.
func CommandText(name string, tag language.Tag) string {
	return cat().Name(tag, "clearance.command."+name, cat().Name(tag, "command."+name, name))
}
