package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
	"golang.org/x/text/language"
)

// The command tables: one row per command of each process's Service, by
// the kit's naming table (kit/doc.go), each with the events of the
// transition table it fires. A test holds them to the services' methods
// and transition tables.

func clearanceProcess(s *clearance.Service, clock dandang.Clock) process {
	return &proc[clearance.State, *clearance.Case]{
		name: clearance.Kind, get: s.Get, history: s.History, verify: s.Verify, find: s.Find,
		overdue: s.Overdue, provisional: s.Provisional, awaiting: s.Awaiting, moves: s.Moves(), clock: clock,
		stats:     func(ctx context.Context, a dandang.Actor, p dandang.Period) (any, error) { return s.Stats(ctx, a, p) },
		statsType: clearance.Stats{},
		explainFn: clearance.Explain, commandText: clearance.CommandText,
		stateText: func(st clearance.State, tag language.Tag) string { return st.Text(tag) },
		documents: func(c *clearance.Case, tag language.Tag) []Document {
			var out []Document
			title := pick([2]string{"澄清正名通知书", "Notice of clearance"}, tag)
			for _, t := range c.NoticeTexts(tag) {
				out = append(out, Document{Title: title, Text: t})
			}
			if t := c.DeclineText(tag); t != "" {
				out = append(out, Document{Title: pick([2]string{"不予澄清告知书", "Notice of not clearing"}, tag), Text: t})
			}
			if t := c.RevocationText(tag); t != "" {
				out = append(out, Document{Title: pick([2]string{"撤销澄清正名决定通知书", "Notice of revocation"}, tag), Text: t})
			}
			return out
		},
		commands: []command{
			create(s.Open),
			onCase("grade", s.Grade, "grade"),
			onCase("plan", s.Plan, "plan"),
			onCase("consult", s.Consult, "consult"),
			onCase("propose", s.Propose, "propose"),
			onCase("approve", s.Approve, "approve", "sign"),
			onCase("reject", s.Reject, "reject"),
			onCase("decline", s.Decline, "propose_decline"),
			onCase("decideDecline", s.DecideDecline, "approve_decline", "reject_decline"),
			onCase("carryOut", s.CarryOut, "carry_out"),
			onCase("serveNotice", s.ServeNotice, "serve_notice"),
			onCase("giveFeedback", s.GiveFeedback, "feedback"),
			onCase("file", s.File, "file"),
			onCase("close", s.Close, "close"),
			onCase("supervise", s.Supervise, "supervise"),
			onCase("review", s.Review, "quality_review"),
			onCase("nameInPublic", s.NameInPublic, "consent_to_name"),
			onCase("withdrawConsent", s.WithdrawConsent, "withdraw_consent"),
			onCase("refusePublic", s.RefusePublic, "refuse_public"),
			onCase("handOver", s.HandOver, "hand_over"),
			onCase("correctNotice", s.CorrectNotice, "correct_notice"),
			onCase("reconsider", s.Reconsider, "reconsider"),
			onCase("revoke", s.Revoke, "revoke"),
			global("carryOutJointly", s.CarryOutJointly, "carry_out"),
			global("sweep", s.Sweep),
			global("redate", redate(s.Redate), "redate"),
		},
	}
}

func toleranceProcess(s *tolerance.Service, clock dandang.Clock) process {
	return &proc[tolerance.State, *tolerance.Case]{
		name: tolerance.Kind, get: s.Get, history: s.History, verify: s.Verify, find: s.Find,
		overdue: s.Overdue, provisional: s.Provisional, awaiting: s.Awaiting, moves: s.Moves(), clock: clock,
		stats:     func(ctx context.Context, a dandang.Actor, p dandang.Period) (any, error) { return s.Stats(ctx, a, p) },
		statsType: tolerance.Stats{},
		explainFn: tolerance.Explain, commandText: tolerance.CommandText,
		stateText: func(st tolerance.State, tag language.Tag) string { return st.Text(tag) },
		documents: func(c *tolerance.Case, tag language.Tag) []Document {
			if t := c.DecisionText(tag); t != "" {
				// The decision's first line is its title, which names the
				// outcome: exemption, lighter or mitigated handling (FT07).
				title, _, _ := strings.Cut(t, "\n")
				return []Document{{Title: title, Text: t}}
			}
			return nil
		},
		commands: []command{
			create(s.Open),
			onCase("distinguish", s.Distinguish, "distinguish"),
			onCase("weigh", s.Weigh, "weigh"),
			onCase("establish", s.Establish, "establish"),
			onCase("consult", s.Consult, "consult"),
			onCase("hearExperts", s.HearExperts, "hear_experts"),
			onCase("propose", s.Propose, "propose"),
			onCase("decide", s.Decide, "decide"),
			onCase("reject", s.Reject, "reject"),
			onCase("recordAccountability", s.RecordAccountability, "accountability"),
			onCase("withdraw", s.Withdraw, "withdraw"),
			onCase("reconsider", s.Reconsider, "reconsider"),
			onCase("revoke", s.Revoke, "revoke"),
			global("redate", redate(s.Redate), "redate"),
		},
	}
}

func followupProcess(s *followup.Service, clock dandang.Clock) process {
	return &proc[followup.State, *followup.Case]{
		name: followup.Kind, get: s.Get, history: s.History, verify: s.Verify, find: s.Find,
		overdue: s.Overdue, provisional: s.Provisional, awaiting: s.Awaiting, moves: s.Moves(), clock: clock,
		stats:     func(ctx context.Context, a dandang.Actor, p dandang.Period) (any, error) { return s.Stats(ctx, a, p) },
		statsType: followup.Stats{},
		explainFn: followup.Explain, commandText: followup.CommandText,
		stateText: func(st followup.State, tag language.Tag) string { return st.Text(tag) },
		commands: []command{
			create(s.Open),
			onCase("plan", s.Plan, "plan"),
			onCase("revisePlan", s.RevisePlan, "revise_plan"),
			onCase("visit", s.Visit, "visit"),
			onCase("lift", s.Lift, "lift", "lift_one"),
			onCase("report", s.Report, "report"),
			onCase("recommend", s.Recommend, "recommend"),
			onCase("promote", s.Promote, "promote"),
			onCase("stop", s.Stop, "stop"),
			onCase("close", s.Close, "close"),
			global("campaign", s.Campaign),
			global("liftDue", func(ctx context.Context, a dandang.Actor, _ struct{}) ([]*followup.Case, error) {
				return s.LiftDue(ctx, a)
			}, "lift", "lift_one"),
			global("redate", redate(s.Redate), "redate"),
		},
	}
}

// ReceiveInput is the body that registers a report: the register entry,
// and apart from it the reporter's identity and the report's text, which
// the service seals before anything is recorded (AC16) and no answer
// returns.
type ReceiveInput struct {
	Report       accusation.NewReport    `json:"report"`
	Confidential accusation.Confidential `json:"confidential"`
}

// IdentityView answers the authorized read of a report's sealed identity
// (AC04): the identity and text, and the case whose history now records
// the read under its grant. It is the only answer that carries a
// reporter's identity.
type IdentityView struct {
	Confidential accusation.Confidential `json:"confidential"`
	CaseView[*accusation.Case]
}

func accusationProcess(s *accusation.Service, clock dandang.Clock) process {
	cat := accusation.NewCatalog()
	p := &proc[accusation.State, *accusation.Case]{
		name: accusation.Kind, get: s.Get, history: s.History, verify: s.Verify, find: s.Find,
		overdue: s.Overdue, provisional: s.Provisional, awaiting: s.Awaiting, moves: s.Moves(), clock: clock,
		stats:     func(ctx context.Context, a dandang.Actor, p dandang.Period) (any, error) { return s.Stats(ctx, a, p) },
		statsType: accusation.Stats{},
		explainFn: cat.Explain,
		commandText: func(name string, tag language.Tag) string {
			return cat.Name(tag, "accusation.command."+name, cat.Name(tag, "command."+name, name))
		},
		stateText: func(st accusation.State, tag language.Tag) string {
			return cat.Name(tag, "accusation.state."+string(st), string(st))
		},
		documents: func(c *accusation.Case, tag language.Tag) []Document {
			if c.PublicText != "" {
				return []Document{{Title: pick([2]string{"典型案例通报", "Typical case, as published"}, tag), Text: c.PublicText}}
			}
			return nil
		},
		// The sealed identity and text stay in the store: no answer
		// carries even their ciphertext, nor the keyed hashes of the
		// reporter and the text, which would link one reporter's reports
		// for any reader; the routes that need them (identical, repeats)
		// take the case's ID.
		present: func(c *accusation.Case) *accusation.Case {
			out := *c
			out.Sealed = accusation.Sealed{}
			out.Pseudonym, out.ContentHash = "", ""
			return &out
		},
	}
	receive := command{name: "open", create: true, events: []string{}, in: ReceiveInput{}, out: (*accusation.Case)(nil),
		run: func(c *call) (any, error) {
			var in ReceiveInput
			if err := c.body(&in); err != nil {
				return nil, err
			}
			return s.Receive(c.ctx, c.actor, in.Report, in.Confidential)
		}}
	// The authorized read answers the identity with the case; it is
	// recorded in the case's history whether it is granted or refused.
	readIdentity := command{name: "readIdentity", onCase: true, events: []string{"read_identity", "refuse_read"}, in: accusation.ReadInput{}, out: IdentityView{},
		run: func(c *call) (any, error) {
			var in accusation.ReadInput
			if err := c.body(&in); err != nil {
				return nil, err
			}
			in.Ref = dandang.Ref{CaseID: c.caseID, Version: c.version}
			conf, cs, err := s.ReadIdentity(c.ctx, c.actor, in)
			if err != nil {
				return nil, err
			}
			return IdentityView{Confidential: conf, CaseView: p.view(cs, c.tag, false)}, nil
		}}
	p.commands = []command{
		receive,
		onCase("dispose", s.Dispose, "dispose", "settle", "settle_named", "shelve"),
		onCase("passUp", s.PassUp, "pass_up"),
		onCase("recordFinding", s.RecordFinding, "find"),
		onCase("conclude", s.Conclude, "conclude"),
		onCase("giveFeedback", s.GiveFeedback, "feedback"),
		onCase("object", s.Object, "object"),
		onCase("answer", s.Answer, "answer"),
		onCase("close", s.Close, "close"),
		onCase("flag", s.Flag, "flag"),
		onCase("classify", s.Classify, "classify"),
		onCase("openInquiry", s.OpenInquiry, "open_inquiry"),
		onCase("proposeMalice", s.ProposeMalice, "propose_malice"),
		onCase("approveMalice", s.ApproveMalice, "approve_malice"),
		onCase("rejectMalice", s.RejectMalice, "reject_malice"),
		onCase("sanction", s.Sanction, "sanction"),
		onCase("refer", s.Refer, "refer"),
		onCase("educate", s.Educate, "educate"),
		onCase("linkOrganizer", s.LinkOrganizer, "link_organizer"),
		onCase("undoGains", s.UndoGains, "undo_gains"),
		onCase("publish", s.Publish, "publish"),
		onCase("authorizeRead", s.AuthorizeRead, "authorize_read"),
		onCase("consent", s.Consent, "consent"),
		onCase("publicize", s.Publicize, "publicize"),
		readIdentity,
		global("redate", redate(s.Redate), "redate"),
	}
	related := func(name, summary string, f func(context.Context, dandang.Actor, string) ([]*accusation.Case, error)) route {
		return route{method: "GET", path: "/accusation/cases/{id}/" + name, name: "accusation." + name, kind: accusation.Kind, onCase: true,
			summary: summary, out: CaseList[*accusation.Case]{},
			serve: func(c *call) error {
				if _, err := queryValues(c); err != nil {
					return err
				}
				cs, err := f(c.ctx, c.actor, c.caseID)
				if err != nil {
					return err
				}
				return c.reply(http.StatusOK, CaseList[*accusation.Case]{Cases: p.views(cs, c.tag)})
			}}
	}
	p.extra = []route{
		related("repeats", "The reports filed as repeats of this one (AC15)", s.Repeats),
		related("identical", "The reports whose text is identical to this one's (AC05)", s.Identical),
	}
	return p
}

// redate adapts a service's Redate to a command taking an empty body.
func redate[C any](f func(context.Context, dandang.Actor) ([]C, error)) func(context.Context, dandang.Actor, struct{}) ([]C, error) {
	return func(ctx context.Context, a dandang.Actor, _ struct{}) ([]C, error) { return f(ctx, a) }
}
