package clearance

import (
	"fmt"
	"slices"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Form is a form of clearance (CL05).
type Form string

// The forms. Meeting and Circular clear in public and need the subject's
// consent first (CL06); every form but Written comes with a written
// clearance as well (CL16).
const (
	Written    Form = "written"      // 书面: a clearance notice served
	FaceToFace Form = "face_to_face" // 当面
	Meeting    Form = "meeting"      // 会议: clearance meeting, briefing, press conference, village assembly
	Circular   Form = "circular"     // 通报
)

var formEnum = kit.StringEnum[Form]("Form", "CL05", Written, FaceToFace, Meeting, Circular)

// Public reports whether f clears in public, in a wide scope (CL06).
func (f Form) Public() bool { return f == Meeting || f == Circular }

// Effect is an adverse effect the false report had on the subject, which
// warrants clearance (CL17).
type Effect string

// The effects that warrant clearance.
const (
	OnAppointment   Effect = "appointment"      // 选拔任用
	OnElection      Effect = "election"         // 换届选举
	OnTransfer      Effect = "transfer"         // 交流调动
	OnHonours       Effect = "honours"          // 评先评优
	OnRights        Effect = "rights"           // 合法权益
	OnDailyLife     Effect = "daily_life"       // 正常工作生活
	RepeatedReports Effect = "repeated_reports" // 已有明确结论仍反复举报
)

var effectEnum = kit.StringEnum[Effect]("Effect", "CL17", OnAppointment, OnElection, OnTransfer, OnHonours, OnRights, OnDailyLife, RepeatedReports)

// Grade is the grade a case is given for priority and review (CL08).
type Grade string

// Tiantai's grades, the default policy's.
const (
	Pending   Grade = "pending"   // 待定
	Suspected Grade = "suspected" // 疑似
	Key       Grade = "key"       // 重点
)

var gradeEnum = kit.StringEnum[Grade]("Grade", "CL08", Pending, Suspected, Key)

// Source tells how a case came in (CL17).
type Source string

// The ways in.
const (
	FromReport      Source = "report"      // the handling department proposes it
	FromApplication Source = "application" // the subject applied in writing
)

var sourceEnum = kit.StringEnum[Source]("Source", "CL17", FromReport, FromApplication)

// Filing is a place the clearance material is entered (CL12).
type Filing string

// The filings every clearance needs before it closes.
const (
	IntegrityFile Filing = "integrity_file" // 廉政档案
	PersonnelFile Filing = "personnel_file" // 人事档案
	Platform      Filing = "platform"       // 信访举报平台
)

var filingEnum = kit.StringEnum[Filing]("Filing", "CL12", IntegrityFile, PersonnelFile, Platform)

// SupervisionKind is a supervision action (CL10).
type SupervisionKind string

// The supervision actions.
const (
	Progress   SupervisionKind = "progress"   // weekly progress report or cross-check
	Registered SupervisionKind = "registered" // 挂号督办: registered supervision of a late case
	Escalated  SupervisionKind = "escalated"  // overseen by the principal leader: sensitive or complex cases
	Talk       SupervisionKind = "talk"       // 约谈: a formal talk with whoever lets a case drag
	// JointReview is the monthly review of a graded case by the petition,
	// supervision and trial offices (三室会审, CL08).
	JointReview SupervisionKind = "joint_review"
)

var supervisionEnum = kit.StringEnum[SupervisionKind]("SupervisionKind", "CL10", Progress, Registered, Escalated, Talk, JointReview)

// Report is the concluded report a case clears the subject of.
type Report struct {
	ID          string    `json:"id" validate:"nonblank,id" rule:"CL01"`
	Named       bool      `json:"named"` // the reporter gave their name: feedback is due (CL12)
	ConcludedAt time.Time `json:"concludedAt" validate:"required" rule:"CL01"`
	// OthersSubstantiated says other allegations of the report against the
	// subject were found substantiated or partly substantiated: the notice
	// then clears the unfounded ones without calling the report unfounded
	// (CL04).
	OthersSubstantiated bool `json:"othersSubstantiated"`
}

// Step is a recorded step: who did it, when, and a note.
type Step = kit.Step

// Consent is the subject's recorded opinion on the forms and the scope of
// a public clearance (CL06, CL21).
type Consent struct {
	Step
	Agreed  bool   `json:"agreed"`
	Forms   []Form `json:"forms"`   // the forms the subject agreed to
	Scope   string `json:"scope"`   // the scope of a public clearance the subject agreed to
	Opinion string `json:"opinion"` // the subject's words
	// Withdrawn records the subject withdrawing this consent, or refusing
	// public clearance (CL21); nil while it holds.
	Withdrawn *Step `json:"withdrawn"`
}

// Approval is one signature in the approval chain (CL07).
type Approval struct {
	Step
	Round    int    `json:"round"`    // which proposal it belongs to: 1, 2, … after each rejection
	StepName string `json:"stepName"` // the policy step, such as "review"
	Index    int    `json:"index"`    // the step's position in the chain
	Approved bool   `json:"approved"` // false: the proposal was sent back
}

// Decline is a decision not to clear (CL02, CL18).
type Decline struct {
	Reason   string `json:"reason"`
	Proposed Step   `json:"proposed"`
	Decided  *Step  `json:"decided"` // the committee leader's approval; nil while pending. Once set, the subject is told why: DeclineText (CL18)
}

// Carried is a form carried out (CL05).
type Carried struct {
	Step
	Form  Form   `json:"form"`
	Venue string `json:"venue"` // for a meeting: which meeting, such as 村民代表大会
	Scope string `json:"scope"` // for a public form: where it reached (CL21)
	// With lists the other cases cleared in the same act, a joint meeting
	// or circular (CL23); nil when the case was cleared alone.
	With []string `json:"with"`
}

// Feedback is the outcome told to a named reporter in person (CL12, AC03).
type Feedback struct {
	Step
	Accepted bool `json:"accepted"` // the reporter accepted the outcome
	// Unreachable records that the reporter could not be reached: the
	// attempt is the step's note, and the case may close (CL12).
	Unreachable bool `json:"unreachable"`
}

// Notice is a clearance notice served on the subject (CL12). A notice
// found wrong is corrected by a new notice that supersedes it (CL23).
type Notice struct {
	Step
	CopyTo string `json:"copyTo"` // the head of the subject's unit, who receives a copy
	// No numbers the case's notices in the order served: 1 for the first,
	// 2, 3, … for corrections.
	No int `json:"no"`
	// Summaries word the cleared allegations as this notice words them, in
	// the order of Case.Allegations; nil words them as the case does.
	Summaries []string `json:"summaries"`
	// Corrects says, for a correction, what was wrong in the notice it
	// supersedes; empty for the first notice.
	Corrects string `json:"corrects"`
}

func (n Notice) clone() Notice {
	n.Summaries = slices.Clone(n.Summaries)
	return n
}

func (c Consent) clone() Consent {
	c.Forms = slices.Clone(c.Forms)
	if c.Withdrawn != nil {
		w := *c.Withdrawn
		c.Withdrawn = &w
	}
	return c
}

func (d Decline) clone() Decline {
	if d.Decided != nil {
		v := *d.Decided
		d.Decided = &v
	}
	return d
}

// Supervision is a recorded supervision action (CL10).
type Supervision struct {
	Step
	Kind   SupervisionKind `json:"kind"`
	Target string          `json:"target"` // for a talk: who was talked to; for escalation: the overseeing leader
}

// OfficeScore is one office's score in the quality review of a concluded
// case (CL09): the step's By.Role is the office it scores for.
type OfficeScore struct {
	Step
	Thoroughness int `json:"thoroughness"` // of verification, 0–100
	Precision    int `json:"precision"`    // of disposal, 0–100
	Regularity   int `json:"regularity"`   // of procedure, 0–100
}

// Office returns the office the score is for.
func (s OfficeScore) Office() dandang.Role { return s.By.Role }

// Score returns the mean of the office's three scores.
func (s OfficeScore) Score() float64 {
	return float64(s.Thoroughness+s.Precision+s.Regularity) / 3
}

// QualityReview is the review of a concluded case by a joint group of the
// offices the policy names (CL09; Huangyan: petition, trial and
// supervision offices): each office scores once, by a signer who scores for
// no other office (XC08), and the review is complete when every office
// named has scored.
type QualityReview struct {
	// Offices are the offices of the joint group, as the case's policy
	// names them (ReviewRoles).
	Offices []dandang.Role `json:"offices"`
	// Scores are the offices' scores in the order given.
	Scores []OfficeScore `json:"scores"`
}

// Missing returns the offices that have not scored yet, in the policy's
// order.
func (q QualityReview) Missing() []dandang.Role {
	var out []dandang.Role
	for _, o := range q.Offices {
		if !slices.ContainsFunc(q.Scores, func(s OfficeScore) bool { return s.Office() == o }) {
			out = append(out, o)
		}
	}
	return out
}

// Complete reports whether every office of the group has scored.
func (q QualityReview) Complete() bool { return len(q.Offices) > 0 && len(q.Missing()) == 0 }

// Score returns the case's score: the mean of the offices' scores given so
// far, 0 with none. It is the group's score once the review is Complete.
func (q QualityReview) Score() float64 {
	if len(q.Scores) == 0 {
		return 0
	}
	var sum float64
	for _, s := range q.Scores {
		sum += s.Score()
	}
	return sum / float64(len(q.Scores))
}

func (q QualityReview) clone() QualityReview {
	q.Offices = slices.Clone(q.Offices)
	q.Scores = slices.Clone(q.Scores)
	return q
}

// Case is one clearance case: one subject, the unfounded allegations of one
// concluded report (CL03, CL04). The embedded header holds its ID, version,
// state, policy, handling organ (the organ that verified the report and
// clears, CL15), deadline (CL11) and times.
type Case struct {
	kit.Header[State]

	Source      Source               `json:"source"`
	Application string               `json:"application"` // the subject's written application (CL17)
	Report      Report               `json:"report"`
	Subject     dandang.Subject      `json:"subject"`
	Allegations []dandang.Allegation `json:"allegations"` // only unfounded ones (CL04)

	Grade     Grade `json:"grade"`
	Priority  bool  `json:"priority"`  // cadres who work hard, areas of public concern first (CL08)
	Sensitive bool  `json:"sensitive"` // sensitive or complex: may be overseen by the principal leader (CL10)

	Forms   []Form   `json:"forms"`   // the plan (CL05)
	Scope   string   `json:"scope"`   // where a public clearance reaches, such as "所在部门范围"
	Effects []Effect `json:"effects"` // what the false report did to the subject (CL17)
	Consent *Consent `json:"consent"` // CL06, CL21
	// PastConsents are consents the subject withdrew, oldest first, the
	// last MaxRounds of them (CL21); the history keeps every one.
	PastConsents []Consent `json:"pastConsents"`

	Round int `json:"round"` // proposals made
	// Proposals are who proposed, oldest first: the latest proposal of each
	// proposer, however many rounds ran, the current round's last; bounded
	// by the people who proposed, not the rounds. No one here signs the
	// chain (XC08); the history keeps every proposal.
	Proposals []Step `json:"proposals"`
	// Approvals are the signatures, oldest first: every one of the current
	// round, which the chain reads (CL07, XC08), and of earlier rounds as
	// many as fit in MaxApprovals; the history keeps every one.
	Approvals []Approval `json:"approvals"`
	Decline   *Decline   `json:"decline"`
	// PastDeclines are earlier decisions not to clear, each followed by a
	// reconsideration, oldest first, the last MaxRounds of them (CL19,
	// XC11); the history keeps every one.
	PastDeclines     []Decline         `json:"pastDeclines"`
	Reconsiderations []Reconsideration `json:"reconsiderations"` // CL19: the last MaxRounds, every one in the history

	Carried     []Carried       `json:"carried"`
	Notice      *Notice         `json:"notice"`
	Feedback    *Feedback       `json:"feedback"`    // to a named reporter (CL12)
	Filed       map[Filing]Step `json:"filed"`       // CL12
	Supervision []Supervision   `json:"supervision"` // CL10: the last MaxSupervision, their notes in the history
	Review      *QualityReview  `json:"review"`      // CL09: the joint group's scores, complete or in progress
	// Superseded are the notices corrected, oldest first, the last
	// MaxSuperseded of them; Notice is the one in force (CL23).
	Superseded []Notice   `json:"superseded"`
	Handovers  []Handover `json:"handovers"` // CL22: the last MaxHandovers, every one in the history
	// PastReviews are quality reviews of an earlier decision, moved aside
	// when the case was reconsidered, oldest first, the last MaxRounds of
	// them (CL09, CL19, XC11); the history keeps every one.
	PastReviews []QualityReview `json:"pastReviews"`
	Revocation  *Revocation     `json:"revocation"` // CL20; set once the clearance is revoked
	// Malice records that the report was established as a malicious false
	// accusation (AC12); nil unless the accusation process said so.
	Malice *Malice `json:"malice"`
	// NamedInPublic records the subject's consent to be named in full in
	// public texts (XC05); without it a person is named as 王某某.
	NamedInPublic *Step `json:"namedInPublic"`
}

// Open reports whether the case is still in progress.
func (c *Case) Open() bool { return !c.Ended() }

// Meta returns what stores index of the case.
func (c *Case) Meta() kit.Meta {
	m := c.Header.Meta()
	m.SubjectIDs = []string{c.Subject.ID}
	m.Priority = c.Priority
	return m
}

// Clone returns a deep copy of c: nothing of it is shared with c.
func (c *Case) Clone() *Case {
	if c == nil {
		return nil
	}
	n := *c
	n.Allegations = slices.Clone(c.Allegations)
	n.Forms = slices.Clone(c.Forms)
	n.Effects = slices.Clone(c.Effects)
	if c.Consent != nil {
		v := c.Consent.clone()
		n.Consent = &v
	}
	n.Proposals = slices.Clone(c.Proposals)
	n.Approvals = slices.Clone(c.Approvals)
	if c.Decline != nil {
		v := c.Decline.clone()
		n.Decline = &v
	}
	n.Carried = slices.Clone(c.Carried)
	for i := range n.Carried {
		n.Carried[i].With = slices.Clone(c.Carried[i].With)
	}
	if c.Notice != nil {
		v := c.Notice.clone()
		n.Notice = &v
	}
	n.PastConsents = slices.Clone(c.PastConsents)
	for i := range n.PastConsents {
		n.PastConsents[i] = c.PastConsents[i].clone()
	}
	n.PastDeclines = slices.Clone(c.PastDeclines)
	for i := range n.PastDeclines {
		n.PastDeclines[i] = c.PastDeclines[i].clone()
	}
	n.Reconsiderations = slices.Clone(c.Reconsiderations)
	n.Superseded = slices.Clone(c.Superseded)
	for i := range n.Superseded {
		n.Superseded[i] = c.Superseded[i].clone()
	}
	n.Handovers = slices.Clone(c.Handovers)
	if c.Revocation != nil {
		v := *c.Revocation
		v.Told = slices.Clone(c.Revocation.Told)
		n.Revocation = &v
	}
	if c.Feedback != nil {
		v := *c.Feedback
		n.Feedback = &v
	}
	if c.Filed != nil {
		n.Filed = make(map[Filing]Step, len(c.Filed))
		for k, v := range c.Filed {
			n.Filed[k] = v
		}
	}
	n.Supervision = slices.Clone(c.Supervision)
	if c.Review != nil {
		v := c.Review.clone()
		n.Review = &v
	}
	n.PastReviews = slices.Clone(c.PastReviews)
	for i := range n.PastReviews {
		n.PastReviews[i] = c.PastReviews[i].clone()
	}
	if c.NamedInPublic != nil {
		v := *c.NamedInPublic
		n.NamedInPublic = &v
	}
	if c.Malice != nil {
		v := *c.Malice
		n.Malice = &v
	}
	return &n
}

// CaseID returns the ID of the case that clears subject of report: one case
// per report and subject, so that opening twice is found (CL01, CL03).
// Different reports and subjects never share an ID ([kit.CaseID]).
func CaseID(reportID, subjectID string) string { return kit.CaseID(reportID, subjectID) }

// Validate checks the invariants every stored case keeps: a store calls it
// on what it reads back, so that a row changed behind the library's back is
// reported, never returned as silent zero values. The error is Internal and
// names the case.
func (c *Case) Validate() error {
	const op = "clearance.Case.Validate"
	bad := func(field, msg string) error { return kit.Corrupt(op, c.ID, field, msg) }
	if err := c.Header.CheckState(op, State.Valid, func(s State) bool { return s == Closed || s == Declined || s == Revoked }); err != nil {
		return err
	}
	if len(c.Allegations) == 0 {
		return bad("Allegations", "no allegations")
	}
	if err := c.Subject.Validate(op, "Subject"); err != nil {
		return bad("Subject", err.Error())
	}
	if err := c.Organ.Validate(op, "Organ"); err != nil {
		return bad("Organ", err.Error())
	}
	for i, a := range c.Allegations {
		if a.Finding != dandang.Unfounded {
			return bad(fmt.Sprintf("Allegations[%d].Finding", i), "only unfounded allegations are cleared (CL04)")
		}
	}
	for i, f := range c.Forms {
		if !f.Valid() {
			return bad(fmt.Sprintf("Forms[%d]", i), fmt.Sprintf("unknown form %q", f))
		}
	}
	return nil
}
