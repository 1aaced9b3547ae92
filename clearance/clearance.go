package clearance

import (
	"fmt"
	"slices"
	"time"

	"github.com/dandang/dandang"
)

// Kind is the case kind written into history records and events.
const Kind = "clearance"

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

var forms = []Form{Written, FaceToFace, Meeting, Circular}

// Valid reports whether f is a known form.
func (f Form) Valid() bool { return slices.Contains(forms, f) }

// Public reports whether f clears in public, in a wide scope (CL06).
func (f Form) Public() bool { return f == Meeting || f == Circular }

// ParseForm parses a form's name.
func ParseForm(s string) (Form, error) {
	if f := Form(s); f.Valid() {
		return f, nil
	}
	return "", dandang.Invalidf("clearance.ParseForm", "CL05", "Form", fmt.Sprintf("unknown form %q", s))
}

// MarshalText implements encoding.TextMarshaler.
func (f Form) MarshalText() ([]byte, error) { return []byte(f), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (f *Form) UnmarshalText(b []byte) error {
	v, err := ParseForm(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

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

var effects = []Effect{OnAppointment, OnElection, OnTransfer, OnHonours, OnRights, OnDailyLife, RepeatedReports}

// Valid reports whether e is a known effect.
func (e Effect) Valid() bool { return slices.Contains(effects, e) }

// Grade is the grade a case is given for priority and review (CL08).
type Grade string

// Tiantai's grades, the default policy's.
const (
	Pending   Grade = "pending"   // 待定
	Suspected Grade = "suspected" // 疑似
	Key       Grade = "key"       // 重点
)

// Source tells how a case came in (CL17).
type Source string

// The ways in.
const (
	FromReport      Source = "report"      // the handling department proposes it
	FromApplication Source = "application" // the subject applied in writing
)

// Filing is a place the clearance material is entered (CL12).
type Filing string

// The filings every clearance needs before it closes.
const (
	IntegrityFile Filing = "integrity_file" // 廉政档案
	PersonnelFile Filing = "personnel_file" // 人事档案
	Platform      Filing = "platform"       // 信访举报平台
)

var filings = []Filing{IntegrityFile, PersonnelFile, Platform}

// Valid reports whether f is a known filing.
func (f Filing) Valid() bool { return slices.Contains(filings, f) }

// SupervisionKind is a supervision action (CL10).
type SupervisionKind string

// The supervision actions.
const (
	Progress   SupervisionKind = "progress"   // weekly progress report or cross-check
	Registered SupervisionKind = "registered" // 挂号督办: registered supervision of a late case
	Escalated  SupervisionKind = "escalated"  // overseen by the principal leader: sensitive or complex cases
	Talk       SupervisionKind = "talk"       // 约谈: a formal talk with whoever lets a case drag
)

var supervisionKinds = []SupervisionKind{Progress, Registered, Escalated, Talk}

// Valid reports whether k is a known supervision action.
func (k SupervisionKind) Valid() bool { return slices.Contains(supervisionKinds, k) }

// Report is the concluded report a case clears the subject of.
type Report struct {
	ID          string
	Named       bool // the reporter gave their name: feedback is due (CL12)
	ConcludedAt time.Time
}

// Step is a recorded step: who did it, when, and a note.
type Step struct {
	At   time.Time
	By   dandang.ActorRef
	Note string
}

// Consent is the subject's recorded opinion on the forms (CL06).
type Consent struct {
	Step
	Agreed  bool
	Forms   []Form // the forms the subject agreed to
	Opinion string // the subject's words
}

// Approval is one signature in the approval chain (CL07).
type Approval struct {
	Step
	Round    int    // which proposal it belongs to: 1, 2, … after each rejection
	StepName string // the policy step, such as "review"
	Index    int    // the step's position in the chain
	Approved bool   // false: the proposal was sent back
}

// Decline is a decision not to clear (CL02, CL18).
type Decline struct {
	Reason   string
	Proposed Step
	Decided  *Step // the committee leader's approval; nil while pending. Once set, the subject is told why: DeclineText (CL18)
}

// Carried is a form carried out (CL05).
type Carried struct {
	Step
	Form  Form
	Venue string // for a meeting: which meeting, such as 村民代表大会
}

// Feedback is the outcome told to a named reporter in person (CL12, AC03).
type Feedback struct {
	Step
	Accepted bool // the reporter accepted the outcome
}

// Notice is the clearance notice served on the subject (CL12).
type Notice struct {
	Step
	CopyTo string // the head of the subject's unit, who receives a copy
}

// Supervision is a recorded supervision action (CL10).
type Supervision struct {
	Step
	Kind   SupervisionKind
	Target string // for a talk: who was talked to; for escalation: the overseeing leader
}

// QualityReview is the score a joint group gives a concluded case (CL09).
type QualityReview struct {
	Step
	Thoroughness int // of verification, 0–100
	Precision    int // of disposal, 0–100
	Regularity   int // of procedure, 0–100
}

// Score returns the mean of the three scores.
func (q QualityReview) Score() float64 {
	return float64(q.Thoroughness+q.Precision+q.Regularity) / 3
}

// Case is one clearance case: one subject, the unfounded allegations of one
// concluded report (CL03, CL04).
type Case struct {
	ID      string
	Version int // the number of history records; a save must name it (optimistic locking)
	State   State
	Policy  dandang.PolicyRef // the policy the case was opened under

	Source      Source
	Application string // the subject's written application (CL17)
	Report      Report
	Subject     dandang.Subject
	Organ       dandang.Organ        // the organ that verified the report and clears (CL15)
	Allegations []dandang.Allegation // only unfounded ones (CL04)

	Grade     Grade
	Priority  bool // cadres who work hard, areas of public concern first (CL08)
	Sensitive bool // sensitive or complex: may be overseen by the principal leader (CL10)

	Forms   []Form   // the plan (CL05)
	Scope   string   // where a public clearance reaches, such as "所在部门范围"
	Effects []Effect // what the false report did to the subject (CL17)
	Consent *Consent // CL06

	Round     int // proposals made
	Approvals []Approval
	Decline   *Decline

	Carried     []Carried
	Notice      *Notice
	Feedback    *Feedback       // to a named reporter (CL12)
	Filed       map[Filing]Step // CL12
	Supervision []Supervision   // CL10
	Review      *QualityReview  // CL09

	Due       dandang.Day // the current step's deadline (CL11); 0 once closed
	DueStep   string      // what is due: "propose", "approve", "carry_out", "decide_decline"
	OpenedAt  time.Time
	UpdatedAt time.Time
	ClosedAt  time.Time // zero while open
	Head      string    // hash of the last history record
}

// Open reports whether the case is still in progress.
func (c *Case) Open() bool { return c.State != Closed && c.State != Declined }

// Overdue reports whether an open case is past its deadline on day.
func (c *Case) Overdue(day dandang.Day) bool { return c.Open() && c.Due != 0 && c.Due < day }

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
		v := *c.Consent
		v.Forms = slices.Clone(c.Consent.Forms)
		n.Consent = &v
	}
	n.Approvals = slices.Clone(c.Approvals)
	if c.Decline != nil {
		v := *c.Decline
		if c.Decline.Decided != nil {
			d := *c.Decline.Decided
			v.Decided = &d
		}
		n.Decline = &v
	}
	n.Carried = slices.Clone(c.Carried)
	if c.Notice != nil {
		v := *c.Notice
		n.Notice = &v
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
		v := *c.Review
		n.Review = &v
	}
	return &n
}

// CaseID returns the ID of the case that clears subject of report: one case
// per report and subject, so that opening twice is found (CL01, CL03).
func CaseID(reportID, subjectID string) string { return reportID + "/" + subjectID }

// Validate checks the invariants every stored case keeps: a store calls it
// on what it reads back, so that a row changed behind the library's back is
// reported, never returned as silent zero values. The error is Internal and
// names the case.
func (c *Case) Validate() error {
	const op = "clearance.Case.Validate"
	bad := func(field, msg string) error {
		return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC01", Field: field,
			Message: fmt.Sprintf("case %q: %s", c.ID, msg)}
	}
	switch {
	case c.ID == "":
		return bad("ID", "no ID")
	case c.Version < 1:
		return bad("Version", "no version")
	case !c.State.Valid():
		return bad("State", fmt.Sprintf("unknown state %q", c.State))
	case c.Policy.ID == "" || c.Policy.Version < 1:
		return bad("Policy", "no policy")
	case c.Head == "":
		return bad("Head", "no history head")
	case c.OpenedAt.IsZero():
		return bad("OpenedAt", "no opening time")
	case !c.Open() && c.ClosedAt.IsZero():
		return bad("ClosedAt", "closed without a closing time")
	case len(c.Allegations) == 0:
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
