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

// NoticeText renders the clearance notice (《澄清正名通知书》, CL12) in the
// language tag asks for, zh-Hans by default. The subject is named as public
// texts name people (XC05); the copy line names the head of the unit. It
// covers only the unfounded allegations, never an overall evaluation (CL04).
func (c *Case) NoticeText(tag language.Tag) string {
	p := printer(tag)
	name := dandang.PublicName(c.Subject)
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
	b.WriteString(p.Sprintf("notice.to.person", dandang.PublicName(c.Subject)) + "\n")
	b.WriteString(p.Sprintf("decline.body", c.allegationText(p), c.Decline.Reason) + "\n")
	b.WriteString(c.Organ.Name + "\n")
	return b.String()
}
