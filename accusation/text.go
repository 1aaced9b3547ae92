package accusation

import (
	"slices"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Messages are the accusation texts the root catalog does not hold.
var Messages = map[string][2]string{
	"accusation.state.registered":    {"已登记", "registered"},
	"accusation.state.filed":         {"重复件存档", "filed as a repeat"},
	"accusation.state.passed_up":     {"已上报", "passed up"},
	"accusation.state.verifying":     {"核查中", "verifying"},
	"accusation.state.shelved":       {"暂存待查", "shelved pending"},
	"accusation.state.settled":       {"予以了结待反馈", "settled, result owed"},
	"accusation.state.concluded":     {"已办结", "concluded"},
	"accusation.state.inquiry":       {"诬告陷害查处中", "false-accusation inquiry"},
	"accusation.state.determination": {"诬告陷害认定待批", "determination pending"},
	"accusation.state.established":   {"已认定诬告陷害", "malice established"},
	"accusation.state.closed":        {"已了结", "closed"},

	"accusation.command.receive":        {"受理登记", "receive"},
	"accusation.command.flag":           {"甄别标记", "flag"},
	"accusation.command.feedback":       {"反馈举报人", "give feedback"},
	"accusation.command.pass_up":        {"上报", "pass up"},
	"accusation.command.dispose":        {"处置核查", "dispose for verification"},
	"accusation.command.shelve":         {"暂存待查", "shelve"},
	"accusation.command.settle":         {"予以了结", "close as settled"},
	"accusation.command.settle_named":   {"予以了结（待反馈实名举报人）", "settle, the result owed to the named reporter"},
	"accusation.command.find":           {"认定问题", "record a finding"},
	"accusation.command.conclude":       {"办结", "conclude"},
	"accusation.command.object":         {"记录异议", "record an objection"},
	"accusation.command.answer":         {"答复异议", "answer an objection"},
	"accusation.command.read_identity":  {"查阅举报人信息", "read the reporter's identity"},
	"accusation.command.refuse_read":    {"拒绝查阅", "read refused"},
	"accusation.command.authorize_read": {"批准查阅举报人信息", "authorize a read of the reporter"},
	"accusation.command.classify":       {"定性", "classify"},
	"accusation.command.open_inquiry":   {"启动诬告陷害查处", "open an inquiry"},
	"accusation.command.propose_malice": {"提请认定诬告陷害", "propose malice"},
	"accusation.command.approve_malice": {"批准认定诬告陷害", "approve malice"},
	"accusation.command.reject_malice":  {"退回认定", "send back"},
	"accusation.command.sanction":       {"处理诬告者", "handle the accuser"},
	"accusation.command.refer":          {"移送", "refer"},
	"accusation.command.educate":        {"批评教育", "educate"},
	"accusation.command.link_organizer": {"深挖策划指使者", "link an organizer"},
	"accusation.command.undo_gains":     {"纠正不当得利", "undo gains"},
	"accusation.command.publish":        {"通报曝光", "publish"},
	"accusation.command.close":          {"了结", "close"},
	"accusation.command.consent":        {"记录举报人宣传同意", "record the reporter's consent to publicity"},
	"accusation.command.publicize":      {"宣传举报人（经本人同意）", "publicity about the reporter, consented"},

	"accusation.field.Disposal":     {"处置方式", "disposal"},
	"accusation.field.Allegation":   {"具体问题", "allegation"},
	"accusation.field.Elements":     {"构成要件", "elements"},
	"accusation.field.Sanction":     {"处分", "sanction"},
	"accusation.field.Authorizer":   {"批准人", "authorizer"},
	"accusation.field.Feedback":     {"反馈", "feedback"},
	"accusation.field.Confidential": {"保密信息", "confidential information"},
}

// NewCatalog returns the root's catalog with the accusation texts.
func NewCatalog() *kit.Catalog { return kit.NewCatalog(Messages) }

var sanctionNames = map[Sanction]string{
	OrganizationalHandling: "组织处理", PartyWarning: "党内警告处分", SeriousPartyWarning: "党内严重警告处分",
	RemovalFromPartyPosts: "撤销党内职务处分", PartyProbation: "留党察看处分", ExpulsionFromParty: "开除党籍处分",
	AdminWarning: "警告处分", Demerit: "记过处分", MajorDemerit: "记大过处分", Demotion: "降级处分",
	DismissalFromPost: "撤职处分", ExpulsionFromOffice: "开除处分",
}

// TypicalCase returns the published text of a typical case (AC11) in
// Chinese, every person named masked (XC05): the subjects the accusation
// was false about (never one whose allegation was substantiated, CL04), the
// accuser, the sanction and the referrals. It does not say the subjects
// were cleared: that is clearance's to record. Nothing of the sealed
// report is in it.
func TypicalCase(c *Case) string {
	var b strings.Builder
	// Only the subjects the accusation was false about: one whose
	// allegation was substantiated is neither falsely accused nor cleared
	// (CL04).
	var names []string
	for _, s := range c.Subjects {
		if slices.ContainsFunc(c.Unfounded(), func(a dandang.Allegation) bool { return a.SubjectID == s.ID }) {
			names = append(names, kit.PublicName(s))
		}
	}
	b.WriteString("【典型案例】")
	accuser := "检举控告人"
	if len(c.Handling) > 0 {
		accuser = c.Handling[len(c.Handling)-1].MaskedName
	}
	b.WriteString(accuser)
	b.WriteString("在没有事实依据的情况下，故意捏造事实诬告陷害")
	b.WriteString(strings.Join(names, "、"))
	b.WriteString("，造成不良影响。经查，所反映问题失实。")
	for _, h := range c.Handling {
		name := sanctionNames[h.Sanction]
		if name == "" {
			name = string(h.Sanction)
		}
		b.WriteString(h.MaskedName + "被给予" + name + "。")
	}
	for _, r := range c.Referrals {
		b.WriteString("相关线索已移送" + r.Receiver + "。")
	}
	// Clearing the accused is clearance's to record and announce (AC12):
	// the typical case does not say it happened.
	return b.String()
}
