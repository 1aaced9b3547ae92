// Package text is the text catalog the root and every process draw their
// user-facing texts from, in zh-Hans (the default) and English, and how a
// refusal is explained in words. It knows nothing of the root's error type:
// the root and the kit each hand it a [Detail] of the error to explain.
package text

import (
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// rootMessages are the texts every process shares: codes, roles, levels,
// the fields of the kit, and how Explain joins its parts. The rules' texts
// come from [Rules].
var rootMessages = map[string][2]string{
	"code.invalid":    {"输入不符合规定", "the input breaks a rule"},
	"code.not_found":  {"案件不存在", "no such case"},
	"code.conflict":   {"案件已被他人更新，请重新读取后再办理", "someone else changed the case first: read it again"},
	"code.forbidden":  {"无权办理", "not yours to do"},
	"code.transition": {"案件当前状态不允许此操作", "not allowed in the case's state"},
	"code.canceled":   {"操作已取消或超时，未作任何更改", "canceled or timed out; nothing was changed"},
	"code.internal":   {"系统内部错误", "an internal error"},

	"explain.rule":        {"%s：%s", "%s: %s"},
	"explain.field":       {"字段：%s", "field: %s"},
	"explain.state":       {"当前状态：%s", "current state: %s"},
	"explain.allowed":     {"可办理：%s", "allowed there: %s"},
	"explain.awaiting":    {"等待：%s", "awaiting: %s"},
	"explain.outstanding": {"尚需：%s", "still to do: %s"},
	"explain.open":        {"（", " ("},
	"explain.sep":         {"；", "; "},
	"explain.close":       {"）", ")"},
	"list.sep":            {"、", ", "},
	"list.or":             {"或", " or "},

	"role.petition_office":    {"信访室", "petition office"},
	"role.supervision_office": {"纪检监察室", "supervision office"},
	"role.trial_office":       {"审理室", "trial office"},
	"role.principal_leader":   {"主要负责人", "principal leader"},
	"role.leader_in_charge":   {"分管领导", "leader in charge"},
	"role.stationed_group":    {"派驻纪检监察组", "stationed group"},
	"role.organization_dept":  {"组织部", "organization department"},
	"role.case_management":    {"案件监督管理室", "case management office"},
	"role.party_committee":    {"党委（党组）", "party committee"},
	"role.audit":              {"审计部门", "audit bureau"},
	"role.political_legal":    {"政法部门", "political-legal bodies"},
	"role.petition_bureau":    {"信访部门", "petition bureau"},
	"role.expert":             {"专家咨询组", "expert group"},

	"level.township": {"乡镇（街道）", "township"},
	"level.county":   {"县级", "county"},
	"level.city":     {"设区市级", "city"},
	"level.province": {"省级", "province"},

	"field.CaseID":         {"案件编号", "case ID"},
	"field.Version":        {"版本", "version"},
	"field.Actor.ID":       {"办理人", "actor"},
	"field.Actor.Organ":    {"办理人所在机关", "the actor's organ"},
	"field.Actor.Organ.ID": {"办理人所在机关", "the actor's organ"},
	"field.Actor.Roles":    {"办理人职责", "the actor's roles"},
	"command.redate":       {"重新计算期限", "re-date the deadline"},
}

// Detail is what an explanation says of an error: its code, the rule that
// refused and the field at fault, the operation (whose process names the
// keys of its states, commands and fields), and the detail a user acts on.
type Detail struct {
	Code, Rule, Field, Op string
	State                 string
	Allowed               []string
	Awaiting              []string
	Outstanding           []string
}

// Catalog is a text catalog: the root's texts, the rules' summaries and the
// sets a process adds. It is immutable and safe for concurrent use.
type Catalog struct {
	cat     catalog.Catalog
	matcher language.Matcher
}

// New returns the catalog of the root's texts, rules (each ID's summary in
// zh-Hans and English, as "rule.<ID>") and sets, later sets overriding
// earlier keys.
func New(rules map[string][2]string, sets ...map[string][2]string) *Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.SimplifiedChinese))
	add := func(key string, m [2]string) {
		// SetString fails only for a malformed tag; both are constants.
		_ = b.SetString(language.SimplifiedChinese, key, m[0])
		_ = b.SetString(language.English, key, m[1])
	}
	for id, m := range rules {
		// Summaries are sentences; Explain quotes them inside its own.
		add("rule."+id, [2]string{strings.TrimSuffix(m[0], "。"), strings.TrimSuffix(m[1], ".")})
	}
	for k, m := range rootMessages {
		add(k, m)
	}
	for _, set := range sets {
		for k, m := range set {
			add(k, m)
		}
	}
	return &Catalog{cat: b, matcher: language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})}
}

// Printer returns a printer for the supported language closest to tag,
// zh-Hans when none is close.
func (c *Catalog) Printer(tag language.Tag) *message.Printer {
	_, i, conf := c.matcher.Match(tag)
	t := language.SimplifiedChinese
	if conf != language.No && i == 1 {
		t = language.English
	}
	return message.NewPrinter(t, message.Catalog(c.cat))
}

// Name returns the catalog's text for key in the language tag asks for, or
// fallback when the catalog has none.
func (c *Catalog) Name(tag language.Tag, key, fallback string) string {
	if s := c.Printer(tag).Sprintf(key); s != key {
		return s
	}
	return fallback
}

// Explain renders d in the language tag asks for: what went wrong, the
// rule that refused and what it says, the field in words, the current
// state and the commands allowed there, the roles awaited, what is still
// outstanding.
func (c *Catalog) Explain(d Detail, tag language.Tag) string {
	p := c.Printer(tag)
	name := func(key, fallback string) string {
		if s := p.Sprintf(key); s != key {
			return s
		}
		return fallback
	}
	var b strings.Builder
	b.WriteString(p.Sprintf("code." + d.Code))
	var parts []string
	if rule := d.Rule; rule != "" {
		parts = append(parts, p.Sprintf("explain.rule", rule, name("rule."+rule, rule)))
	}
	kind, _, _ := strings.Cut(d.Op, ".")
	if field := d.Field; field != "" {
		parts = append(parts, p.Sprintf("explain.field", name(kind+".field."+field, name("field."+field, field))))
	}
	if d.State != "" {
		parts = append(parts, p.Sprintf("explain.state", name(kind+".state."+d.State, d.State)))
	}
	if len(d.Allowed) > 0 {
		names := make([]string, len(d.Allowed))
		for i, a := range d.Allowed {
			names[i] = name(kind+".command."+a, name("command."+a, a))
		}
		parts = append(parts, p.Sprintf("explain.allowed", strings.Join(names, p.Sprintf("list.sep"))))
	}
	if len(d.Awaiting) > 0 {
		names := make([]string, len(d.Awaiting))
		for i, r := range d.Awaiting {
			names[i] = name("role."+r, r)
		}
		parts = append(parts, p.Sprintf("explain.awaiting", strings.Join(names, p.Sprintf("list.or"))))
	}
	if len(d.Outstanding) > 0 {
		var items []string
		for _, o := range d.Outstanding {
			rule, what, ok := strings.Cut(o, ": ")
			item := o
			if ok {
				if s := p.Sprintf(kind + ".todo." + what); s != kind+".todo."+what {
					item = s
				} else {
					item = rule + " " + name("rule."+rule, what)
				}
			}
			if !slices.Contains(items, item) {
				items = append(items, item)
			}
		}
		parts = append(parts, p.Sprintf("explain.outstanding", strings.Join(items, p.Sprintf("list.sep"))))
	}
	if len(parts) > 0 {
		b.WriteString(p.Sprintf("explain.open"))
		b.WriteString(strings.Join(parts, p.Sprintf("explain.sep")))
		b.WriteString(p.Sprintf("explain.close"))
	}
	return b.String()
}
