package accusation

import (
	"fmt"
	"slices"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Channel tells how a report came in (AC14).
type Channel string

// The channels.
const (
	Direct     Channel = "direct"      // received by the handling organ itself
	PassedDown Channel = "passed_down" // passed down by a higher organ: registered within 5 working days
	FromBelow  Channel = "from_below"  // passed up by an organ below, to which it belongs (AC14)
)

var channelEnum = kit.StringEnum[Channel]("Channel", "AC14", Direct, PassedDown, FromBelow)

// Disposal is how an accepted report is handled (AC15).
type Disposal string

// The disposals.
const (
	TalkInquiry   Disposal = "talk_inquiry"  // 谈话函询
	Preliminary   Disposal = "preliminary"   // 初步核实
	Shelve        Disposal = "shelve"        // 暂存待查
	Close         Disposal = "close"         // 予以了结
	Investigation Disposal = "investigation" // 立案审查调查
)

var disposalEnum = kit.StringEnum[Disposal]("Disposal", "AC15", TalkInquiry, Preliminary, Shelve, Close, Investigation)

// Verifies reports whether the disposal verifies the allegations, so that
// findings follow.
func (v Disposal) Verifies() bool { return v == TalkInquiry || v == Preliminary || v == Investigation }

// FeedbackKind is a feedback to a named reporter (AC03, AC14).
type FeedbackKind string

// The feedbacks: Shangyu's three meetings are acceptance, investigation and
// reply (三见面三反馈).
const (
	AcceptanceNotice FeedbackKind = "acceptance"    // 受理告知, within 15 working days of receipt
	InvestigationMet FeedbackKind = "investigation" // 调查见面
	ResultNotice     FeedbackKind = "result"        // 结果反馈, within 15 working days of closing
)

var feedbackEnum = kit.StringEnum[FeedbackKind]("FeedbackKind", "AC03", AcceptanceNotice, InvestigationMet, ResultNotice)

// Class is the kind of an unfounded report (AC06), kept apart from the
// findings on its allegations.
type Class string

// The classes.
const (
	Mistaken   Class = "mistaken"   // 错告: mistaken target or facts
	Inaccurate Class = "inaccurate" // 检举失实 / 误告
	Malicious  Class = "malicious"  // 诬告陷害: only by an approved determination (AC07, AC17)
)

var classEnum = kit.StringEnum[Class]("Class", "AC06", Mistaken, Inaccurate, Malicious)

// FlagKind is what screening flagged a report for (AC05). A flag asks for
// review; it is never a verdict.
type FlagKind string

// The flags.
const (
	Identical       FlagKind = "identical"        // identical content from different reporters in a short time
	Election        FlagKind = "election"         // received in an election period of the subject's region
	Pressure        FlagKind = "pressure"         // used to pressure an official (flagged by staff)
	ForgedEvidence  FlagKind = "forged_evidence"  // forged evidence (flagged by staff)
	AfterConclusion FlagKind = "after_conclusion" // the same reporter again after a clear conclusion (AC10)
)

var flagEnum = kit.StringEnum[FlagKind]("FlagKind", "AC05", Identical, Election, Pressure, ForgedEvidence, AfterConclusion)

// Category is who the accuser is, for the sanctions offered (AC09, AC18).
type Category string

// The categories.
const (
	PartyMember    Category = "party_member"    // 党员
	PublicOfficial Category = "public_official" // 公职人员
	LeadingCadre   Category = "leading_cadre"   // 党政领导干部
	Anyone         Category = "anyone"          // anyone else: the police
)

var categoryEnum = kit.StringEnum[Category]("Category", "AC09", PartyMember, PublicOfficial, LeadingCadre, Anyone)

// Severity is how serious the false accusation was (AC18).
type Severity string

// The severities.
const (
	Ordinary    Severity = "ordinary"     // 情节较轻
	MoreSerious Severity = "more_serious" // 情节较重
	Serious     Severity = "serious"      // 情节严重
)

var severityEnum = kit.StringEnum[Severity]("Severity", "AC18", Ordinary, MoreSerious, Serious)

// Sanction is a sanction the policy may offer (AC18). Sanctions are free
// text checked against the policy's ladders, so that a place may add its
// own; the defaults are these.
type Sanction string

// The default sanctions.
const (
	OrganizationalHandling Sanction = "organizational_handling" // 组织处理
	PartyWarning           Sanction = "party_warning"           // 党内警告
	SeriousPartyWarning    Sanction = "serious_party_warning"   // 党内严重警告
	RemovalFromPartyPosts  Sanction = "removal_from_party_posts"
	PartyProbation         Sanction = "party_probation"       // 留党察看
	ExpulsionFromParty     Sanction = "expulsion_from_party"  // 开除党籍
	AdminWarning           Sanction = "admin_warning"         // 警告
	Demerit                Sanction = "demerit"               // 记过
	MajorDemerit           Sanction = "major_demerit"         // 记大过
	Demotion               Sanction = "demotion"              // 降级
	DismissalFromPost      Sanction = "dismissal_from_post"   // 撤职
	ExpulsionFromOffice    Sanction = "expulsion_from_office" // 开除
)

// eventSanctions name the default sanctions as the discipline-decided
// event carries them — the follow-up's vocabulary (FU07) — with their form
// of handling (四种形态): light party discipline and organizational
// adjustment are the second form, heavy discipline and major job changes
// the third.
var eventSanctions = map[Sanction]struct{ name, form string }{
	OrganizationalHandling: {"", "second"},
	PartyWarning:           {"party_warning", "second"},
	SeriousPartyWarning:    {"party_serious_warning", "second"},
	RemovalFromPartyPosts:  {"removal_from_party_posts", "third"},
	PartyProbation:         {"party_probation", "third"},
	ExpulsionFromParty:     {"expulsion_from_party", "third"},
	AdminWarning:           {"admin_warning", "second"},
	Demerit:                {"demerit", "second"},
	MajorDemerit:           {"major_demerit", "second"},
	Demotion:               {"demotion", "third"},
	DismissalFromPost:      {"dismissal_from_post", "third"},
	ExpulsionFromOffice:    {"expulsion_from_office", "third"},
}

// Body is an outside body a matter is referred to (AC13).
type Body string

// The bodies.
const (
	Police        Body = "police"        // 公安机关
	Procuratorate Body = "procuratorate" // 检察机关
	Court         Body = "court"         // 审判机关
	OtherBody     Body = "other"
)

var bodyEnum = kit.StringEnum[Body]("Body", "AC13", Police, Procuratorate, Court, OtherBody)

// Step is a recorded step: who did it, when, and a note.
type Step = kit.Step

// Feedback is a feedback given to a named reporter (AC03).
type Feedback struct {
	Step
	Kind      FeedbackKind `json:"kind"`
	InPerson  bool         `json:"inPerson"` // 当面反馈
	Due       dandang.Day  `json:"due"`
	Late      bool         `json:"late"` // given after its deadline
	Objection string       `json:"objection"`
}

// Objection is a reporter's objection to the result, and its answer (AC14).
type Objection struct {
	Raised   Step     `json:"raised"`
	Due      kit.Term `json:"due"` // the answer's deadline (AC14)
	Answered *Step    `json:"answered"`
}

// Flag is a screening flag (AC05): the rule that raised it, what it is, and
// the reports it links. A flag asks for review, never decides.
type Flag struct {
	Step
	Rule    string   `json:"rule"`
	Kind    FlagKind `json:"kind"`
	Reports []string `json:"reports"`
}

// Element is one element of malicious false accusation with its evidence
// (AC07).
type Element struct {
	Found    bool   `json:"found"`
	Evidence string `json:"evidence"`
}

// Elements are the three elements (AC07): intent; rights infringed with
// adverse effect in some scope; the threshold for accountability reached.
type Elements struct {
	Intent       Element `json:"intent"`
	Infringement Element `json:"infringement"`
	EffectScope  string  `json:"effectScope"` // where the adverse effect reached, such as "所在街道"
	Threshold    Element `json:"threshold"`
}

// Determination is the finding of malicious false accusation, proposed and
// approved (AC07, AC17, XC08).
type Determination struct {
	Proposed Step     `json:"proposed"`
	Elements Elements `json:"elements"`
	Approved *Step    `json:"approved"`
	// Rejected holds the approvals refused, newest last.
	Rejected []Step `json:"rejected"`
}

// Aggravation is a ground for heavier handling (AC10).
type Aggravation string

// The grounds.
const (
	VileMeans      Aggravation = "vile_means"      // 手段恶劣、造成不良影响
	PersistedAfter Aggravation = "persisted_after" // 经调查已有明确结论仍诬告
)

var aggravationEnum = kit.StringEnum[Aggravation]("Aggravation", "AC10", VileMeans, PersistedAfter)

// Handling is how the accuser was handled (AC09, AC18).
type Handling struct {
	Step
	AccuserID    string        `json:"accuserId"`  // the accuser's ID in the host's system
	MaskedName   string        `json:"maskedName"` // the accuser's name masked (XC05): the only form kept
	Category     Category      `json:"category"`
	Severity     Severity      `json:"severity"`
	Sanction     Sanction      `json:"sanction"`
	Aggravations []Aggravation `json:"aggravations"`
}

// Referral is a matter referred to an outside body (AC13): a recorded step
// with the receiving body, never a sentence.
type Referral struct {
	Step
	Body     Body   `json:"body"`
	Receiver string `json:"receiver"` // the receiving body, such as "洞头区公安分局"
}

// Organizer is an organizer or instigator linked to the case (AC11).
type Organizer struct {
	Step
	PersonID   string   `json:"personId"`
	MaskedName string   `json:"maskedName"`
	Role       string   `json:"role"` // "organizer" or "instigator"
	Reports    []string `json:"reports"`
}

// Education is the criticism and education of the accuser, and a
// confession when made (AC11; the Miyun case).
type Education struct {
	Step
	Confessed bool `json:"confessed"`
}

// IdentityRead is a recorded read of the sealed identity (AC04): who read
// it, why, and who authorized it; refused reads are recorded too.
type IdentityRead struct {
	Step
	Purpose    Purpose          `json:"purpose"`
	Authorizer dandang.ActorRef `json:"authorizer"`
	Reference  string           `json:"reference"` // the approval document, such as a numbered form
	Refused    string           `json:"refused"`   // why it was refused; empty when it was allowed
	// Version is the case's version the refusal was recorded as: a command
	// read before it is not stale for it (AC04). 0 for a read allowed, and
	// for refusals recorded before it was kept.
	Version int `json:"version,omitempty"`
}

// Case is one report: one register entry (AC15), about one or more subjects
// with one or more allegations. The reporter's identity and the report's
// text are sealed (AC16): the case holds only their ciphertext and keyed
// pseudonyms.
type Case struct {
	kit.Header[State]

	Named       bool                 `json:"named"` // the reporter gave their name (AC01)
	Channel     Channel              `json:"channel"`
	ReceivedAt  time.Time            `json:"receivedAt"`
	From        string               `json:"from"` // the organ that passed it down, for PassedDown
	Subjects    []dandang.Subject    `json:"subjects"`
	Allegations []dandang.Allegation `json:"allegations"`

	Sealed      Sealed `json:"sealed"`      // identity and text, encrypted (AC16)
	Pseudonym   string `json:"pseudonym"`   // keyed pseudonym of the reporter; empty for an anonymous report
	ContentHash string `json:"contentHash"` // keyed hash of the normalized text (AC05)

	RepeatOf    string     `json:"repeatOf"`    // the first report of a repeat (AC15)
	PriorReport string     `json:"priorReport"` // an earlier concluded report of this reporter against a subject (AC10)
	Flags       []Flag     `json:"flags"`       // AC05: the last MaxFlags, every one in the history
	Disposal    Disposal   `json:"disposal"`    // AC15
	Disposed    *Step      `json:"disposed"`
	PassedUpTo  string     `json:"passedUpTo"` // the organ a report was passed up to (AC14)
	Concluded   *Step      `json:"concluded"`
	Feedback    []Feedback `json:"feedback"` // AC03: at most one of each kind, three in all, a kind given already refused
	// AcceptanceDue is when the acceptance notice to a named reporter is
	// due (AC14: working days from receipt), kept apart from the step
	// deadline in the header until the notice is given; the zero Term when
	// none is owed. ResultDue is the same for the result, from concluding
	// or settling. Each is provisional past the official holiday schedule
	// and re-dated with the step's deadline (XC10).
	AcceptanceDue kit.Term `json:"acceptanceDue"`
	ResultDue     kit.Term `json:"resultDue"`
	// InvestigationDue is the investigation meeting's, under the policy's
	// ThreeMeetings (AC03), from disposal for verification.
	InvestigationDue kit.Term       `json:"investigationDue,omitzero"`
	Objections       []Objection    `json:"objections"` // AC14: every one awaiting its answer and the last MaxObjections answered, every one in the history
	Reads            []IdentityRead `json:"reads"`      // AC16: the last MaxReads, every one in the history
	Grants           []Grant        `json:"grants"`     // authorizations to read the identity, each for one read (AC04): every unused one and the last MaxReads used
	// Consents are the reporter's words on publicity about them, the last
	// standing; Publicity is what was made under them (AC16). Each keeps
	// its last MaxRepeats, every one in the history.
	Consents  []Consent   `json:"consents,omitempty"`
	Publicity []Publicity `json:"publicity,omitempty"`

	Class         Class          `json:"class"`   // AC06
	Inquiry       *Step          `json:"inquiry"` // a false-accusation inquiry opened (AC17)
	Determination *Determination `json:"determination"`
	Handling      []Handling     `json:"handling"`   // AC09: one a person handled, never repeated; all kept, the discipline events are numbered by them
	Referrals     []Referral     `json:"referrals"`  // AC18: the last MaxRepeats and the latest to the police or judicial organs, every one in the history
	Organizers    []Organizer    `json:"organizers"` // AC11: every person linked, once each (a second link is refused), for the statistics of persons
	Education     []Education    `json:"education"`  // AC11: the last MaxRepeats, every one in the history
	GainsUndone   *Step          `json:"gainsUndone"`
	Published     *Step          `json:"published"`
	PublicText    string         `json:"publicText"` // the typical case as published, names masked (AC11, XC05)
}

// Open reports whether the case is still in progress.
func (c *Case) Open() bool { return !c.Ended() }

// The names of a report's secondary keys (kit.Meta.Keys), indexed by
// the store, so that screening and repeat reports are found through the
// index, never by a scan. They are part of the stored data: a SQL reader
// finds them in the PostgreSQL store's case_keys.
const (
	keyContent   = "content_hash" // the keyed hash of the normalized text (AC05)
	keyPseudonym = "pseudonym"    // the reporter's keyed pseudonym (AC05, AC10)
	keyRepeatOf  = "repeat_of"    // the first report of a repeat (AC15)
	// The month a report was received, and the month its malice was
	// established, in China's time: statistics read a period's reports
	// through the index, never by a scan (XC04).
	keyReceived    = "received_month"
	keyEstablished = "established_month"
)

// monthKey is the month of t in China's time, as the month keys hold it.
func monthKey(t time.Time) string { return t.In(dandang.China).Format("2006-01") }

// Meta returns what stores index of the case: its subjects, and as
// secondary keys its content hash, pseudonym, first report, month received
// and month established (AC05, AC15, XC04).
func (c *Case) Meta() kit.Meta {
	m := c.Header.Meta()
	for _, s := range c.Subjects {
		m.SubjectIDs = append(m.SubjectIDs, s.ID)
	}
	m.Keys = map[string][]string{keyReceived: {monthKey(c.ReceivedAt)}}
	if c.ContentHash != "" {
		m.Keys[keyContent] = []string{c.ContentHash}
	}
	if c.Pseudonym != "" {
		m.Keys[keyPseudonym] = []string{c.Pseudonym}
	}
	if c.RepeatOf != "" {
		m.Keys[keyRepeatOf] = []string{c.RepeatOf}
	}
	if c.Pseudonym != "" && c.RepeatOf == "" {
		// One first report of a reporter's text at an organ (AC15): claimed
		// when registered, so that two instances registering it at once
		// cannot both take it as new.
		m.Unique = []string{"first:" + c.Organ.ID + ":" + c.Pseudonym + ":" + c.ContentHash}
	}
	if d := c.Determination; d != nil && d.Approved != nil {
		m.Keys[keyEstablished] = []string{monthKey(d.Approved.At)}
	}
	m.Priority = len(c.Flags) > 0
	m.Due = c.Earliest()
	for _, t := range c.owed() {
		m.Provisional = m.Provisional || t.Provisional
	}
	return m
}

// Earliest returns the earliest deadline the case owes: its step's
// (Due), the acceptance notice's, the result's, the investigation
// meeting's, or an open objection's answer (AC03, AC14); once the case has
// ended, only an objection's answer; 0 when none. Stores index it, so that
// Overdue lists a case whose feedback is late whatever its step.
func (c *Case) Earliest() dandang.Day {
	due := c.Due
	for _, t := range c.owed() {
		if due == 0 || t.Due < due {
			due = t.Due
		}
	}
	return due
}

// owed returns the reporter's deadlines still owed: every owed term of an
// open case, and of an ended one only an objection's answer, which stays
// owed past closing (AC14).
func (c *Case) owed() []*kit.Term {
	terms := c.Terms()
	if c.Ended() {
		terms = c.objectionTerms()
	}
	return slices.DeleteFunc(terms, func(t *kit.Term) bool { return !t.Owed() })
}

// Terms returns the reporter's deadlines the case keeps beside its step's:
// the acceptance notice's, the result's and each objection's answer
// (AC14); an unowed one is the zero Term. [kit.Engine.Redate] counts
// the provisional ones again (XC10).
func (c *Case) Terms() []*kit.Term {
	return append([]*kit.Term{&c.AcceptanceDue, &c.ResultDue, &c.InvestigationDue}, c.objectionTerms()...)
}

// objectionTerms are the answers owed to the reporter's open objections.
func (c *Case) objectionTerms() []*kit.Term {
	var out []*kit.Term
	for i := range c.Objections {
		if c.Objections[i].Answered == nil {
			out = append(out, &c.Objections[i].Due)
		}
	}
	return out
}

// Overdue reports whether the case is past any deadline it owes on day
// (see [Case.Earliest]): a closed report, too, while its reporter's
// objection awaits an answer.
func (c *Case) Overdue(day dandang.Day) bool {
	d := c.Earliest()
	return d != 0 && d < day
}

// Clone returns a deep copy of c: nothing of it is shared with c.
func (c *Case) Clone() *Case {
	if c == nil {
		return nil
	}
	n := *c
	n.Subjects = slices.Clone(c.Subjects)
	n.Allegations = slices.Clone(c.Allegations)
	n.Sealed = c.Sealed.clone()
	n.Flags = make([]Flag, len(c.Flags))
	for i, f := range c.Flags {
		f.Reports = slices.Clone(f.Reports)
		n.Flags[i] = f
	}
	if c.Flags == nil {
		n.Flags = nil
	}
	n.Disposed = clonePtr(c.Disposed)
	n.Concluded = clonePtr(c.Concluded)
	n.Feedback = slices.Clone(c.Feedback)
	n.Objections = make([]Objection, len(c.Objections))
	for i, o := range c.Objections {
		o.Answered = clonePtr(o.Answered)
		n.Objections[i] = o
	}
	if c.Objections == nil {
		n.Objections = nil
	}
	n.Reads = slices.Clone(c.Reads)
	n.Grants = slices.Clone(c.Grants)
	n.Consents = slices.Clone(c.Consents)
	n.Publicity = slices.Clone(c.Publicity)
	n.Inquiry = clonePtr(c.Inquiry)
	if c.Determination != nil {
		d := *c.Determination
		d.Approved = clonePtr(d.Approved)
		d.Rejected = slices.Clone(d.Rejected)
		n.Determination = &d
	}
	n.Handling = make([]Handling, len(c.Handling))
	for i, h := range c.Handling {
		h.Aggravations = slices.Clone(h.Aggravations)
		n.Handling[i] = h
	}
	if c.Handling == nil {
		n.Handling = nil
	}
	n.Referrals = slices.Clone(c.Referrals)
	n.Organizers = make([]Organizer, len(c.Organizers))
	for i, o := range c.Organizers {
		o.Reports = slices.Clone(o.Reports)
		n.Organizers[i] = o
	}
	if c.Organizers == nil {
		n.Organizers = nil
	}
	n.Education = slices.Clone(c.Education)
	n.GainsUndone = clonePtr(c.GainsUndone)
	n.Published = clonePtr(c.Published)
	return &n
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Allegation returns the allegation with id.
func (c *Case) Allegation(id string) (dandang.Allegation, bool) {
	for _, a := range c.Allegations {
		if a.ID == id {
			return a, true
		}
	}
	return dandang.Allegation{}, false
}

// Unfounded returns the allegations found unfounded.
func (c *Case) Unfounded() []dandang.Allegation {
	var out []dandang.Allegation
	for _, a := range c.Allegations {
		if a.Finding == dandang.Unfounded {
			out = append(out, a)
		}
	}
	return out
}

// Given returns the feedbacks of kind given to the reporter.
func (c *Case) Given(kind FeedbackKind) bool {
	return slices.ContainsFunc(c.Feedback, func(f Feedback) bool { return f.Kind == kind })
}

// Validate checks the invariants every stored case keeps. The error is
// Internal (XC11) and names the case.
func (c *Case) Validate() error {
	const op = "accusation.Case.Validate"
	bad := func(field, msg string) error { return kit.Corrupt(op, c.ID, field, msg) }
	if err := c.Header.CheckState(op, State.Valid, terminal); err != nil {
		return err
	}
	switch {
	case len(c.Subjects) == 0:
		return bad("Subjects", "no subjects")
	case len(c.Allegations) == 0:
		return bad("Allegations", "no allegations")
	case c.Named && c.Pseudonym == "":
		return bad("Pseudonym", "a named report without its reporter's pseudonym")
	}
	for i, a := range c.Allegations {
		if a.Finding != "" && !a.Finding.Valid() {
			return bad(fmt.Sprintf("Allegations[%d].Finding", i), fmt.Sprintf("unknown finding %q", a.Finding))
		}
	}
	return nil
}
