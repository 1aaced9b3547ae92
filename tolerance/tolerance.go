package tolerance

import (
	"fmt"
	"slices"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Pursuer is the body pursuing the accountability, which decides tolerance
// (谁追责问责、谁认定容错, FT05).
type Pursuer string

// The bodies that pursue accountability.
const (
	ByPartyCommittee   Pursuer = "party_committee"   // 党委（党组）
	ByDisciplineOrgan  Pursuer = "discipline_organ"  // 纪检监察机关
	ByOrganizationDept Pursuer = "organization_dept" // 组织人事部门
)

var pursuerEnum = kit.StringEnum[Pursuer]("Pursuer", "FT05", ByPartyCommittee, ByDisciplineOrgan, ByOrganizationDept)

// Distinction is one of the three distinctions (三个区分开来, FT01).
type Distinction string

// The three distinctions.
const (
	// Inexperience: a mistake from lack of experience in reform, not a
	// knowing violation.
	Inexperience Distinction = "inexperience"
	// Trial: a mistake in a trial not yet forbidden from above, not a
	// violation after it was forbidden.
	Trial Distinction = "trial"
	// Development: an unintended mistake made to advance development, not
	// a violation for private gain.
	Development Distinction = "development"
)

var distinctionEnum = kit.StringEnum[Distinction]("Distinction", "FT01", Inexperience, Trial, Development)

// Distinctions returns the three distinctions.
func Distinctions() []Distinction { return distinctionEnum.Values() }

// Question is one of the four questions every assessment answers (FT02).
type Question string

// The four questions.
const (
	PublicOrPrivate          Question = "public_or_private"          // 为公 / 谋私
	NegligenceOrIntent       Question = "negligence_or_intent"       // 过失 / 故意
	ResponsibilityOrSlacking Question = "responsibility_or_slacking" // 担当 / 懈怠
	DaringOrReckless         Question = "daring_or_reckless"         // 敢为 / 乱为
)

var questionEnum = kit.StringEnum[Question]("Question", "FT02", PublicOrPrivate, NegligenceOrIntent, ResponsibilityOrSlacking, DaringOrReckless)

// Questions returns the four questions.
func Questions() []Question { return questionEnum.Values() }

// Answers returns the question's two answers: the one that allows
// tolerance first (为公, 过失, 担当, 敢为), the one that rules it out second.
func (q Question) Answers() (tolerable, not Answer) {
	switch q {
	case PublicOrPrivate:
		return ForThePublic, ForOneself
	case NegligenceOrIntent:
		return Negligence, Intent
	case ResponsibilityOrSlacking:
		return TakingResponsibility, Slacking
	case DaringOrReckless:
		return Daring, Reckless
	}
	return "", ""
}

// Answer is the answer to one of the four questions (FT02).
type Answer string

// The answers, two to each question.
const (
	ForThePublic         Answer = "public"         // 为公
	ForOneself           Answer = "private"        // 谋私
	Negligence           Answer = "negligence"     // 过失
	Intent               Answer = "intent"         // 故意
	TakingResponsibility Answer = "responsibility" // 担当
	Slacking             Answer = "slacking"       // 懈怠
	Daring               Answer = "daring"         // 敢为
	Reckless             Answer = "reckless"       // 乱为
)

var answerEnum = kit.StringEnum[Answer]("Answer", "FT02", ForThePublic, ForOneself, Negligence, Intent, TakingResponsibility, Slacking, Daring, Reckless)

// Factor is one of the six factors weighed case by case (一事一议, FT03).
type Factor string

// The six factors.
const (
	Motive       Factor = "motive"       // 动机态度
	Conditions   Factor = "conditions"   // 客观条件
	Procedure    Factor = "procedure"    // 程序流程
	Nature       Factor = "nature"       // 问题性质
	Consequences Factor = "consequences" // 后果影响
	Remediation  Factor = "remediation"  // 补救情况
)

var factorEnum = kit.StringEnum[Factor]("Factor", "FT03", Motive, Conditions, Procedure, Nature, Consequences, Remediation)

// Factors returns the six factors.
func Factors() []Factor { return factorEnum.Values() }

// Outcome is what a tolerance decision decides (FT07).
type Outcome string

// The outcomes.
const (
	Exemption Outcome = "exemption" // 容错免责, with a written decision
	Lighter   Outcome = "lighter"   // 从轻处理
	Mitigated Outcome = "mitigated" // 减轻处理
	None      Outcome = "none"      // 不予容错: accountability proceeds in full (FT09)
)

var outcomeEnum = kit.StringEnum[Outcome]("Outcome", "FT07", Exemption, Lighter, Mitigated, None)

// Outcomes returns the outcomes.
func Outcomes() []Outcome { return outcomeEnum.Values() }

// Tolerated reports whether the outcome tolerates the mistake in some
// measure: exemption, lighter or mitigated handling.
func (o Outcome) Tolerated() bool { return o == Exemption || o == Lighter || o == Mitigated }

// Ground is a ground for waiving or easing accountability (FT10).
type Ground string

// The grounds: the first three waive accountability (party accountability
// regulations 2019, art. 17) and open exemption; the last three ease it
// (art. 18) and open lighter or mitigated handling only.
const (
	ThreeDistinctions Ground = "three_distinctions" // the mistake falls on the tolerable side of all three distinctions
	Objected          Ground = "objected"           // objected to or reserved on a wrong collective decision
	ForceMajeure      Ground = "force_majeure"      // force majeure or unforeseeable causes despite due diligence
	LossesRecovered   Ground = "losses_recovered"   // 主动挽回损失
	EffectsRemoved    Ground = "effects_removed"    // 消除不良影响
	Cooperated        Ground = "cooperated"         // 积极配合调查
)

var groundEnum = kit.StringEnum[Ground]("Ground", "FT10", ThreeDistinctions, Objected, ForceMajeure, LossesRecovered, EffectsRemoved, Cooperated)

// Waives reports whether g is a ground for waiving accountability (art.
// 17), which opens exemption.
func (g Ground) Waives() bool { return g == ThreeDistinctions || g == Objected || g == ForceMajeure }

// Step is a recorded step: who did it, when, and a note.
type Step = kit.Step

// Inquiry is the responsibility inquiry or accountability the tolerance
// assessment runs alongside (FT05).
type Inquiry struct {
	ID       string    `json:"id" validate:"id"`
	Matter   string    `json:"matter" validate:"nonblank,text" rule:"FT05"` // what the subject is held to account for
	OpenedAt time.Time `json:"openedAt" validate:"required" rule:"FT05"`
}

// Distinguished is the finding on one of the three distinctions, with its
// evidence (FT01): Mistake is true when the conduct falls on the tolerable
// side (a mistake, not a violation).
type Distinguished struct {
	Distinction Distinction `json:"distinction" validate:"valid" rule:"FT01"`
	Mistake     bool        `json:"mistake"`
	Evidence    []string    `json:"evidence" validate:"min=1,list,dive,text" rule:"FT01"`
}

// Answered is the answer to one of the four questions, with its evidence
// (FT02).
type Answered struct {
	Question Question `json:"question" validate:"valid" rule:"FT02"`
	Answer   Answer   `json:"answer"`
	Evidence []string `json:"evidence" validate:"min=1,list,dive,text" rule:"FT02"`
}

// Weighing is how one of the six factors was weighed (FT03).
type Weighing struct {
	Factor     Factor `json:"factor" validate:"valid" rule:"FT03"`
	Finding    string `json:"finding" validate:"nonblank,text" rule:"FT03"` // what was found
	Favourable bool   `json:"favourable"`                                   // the factor speaks for tolerance
}

// Participant is someone who took part in a consultation or an expert
// group (FT06): a person of an outside body, named as the record names them.
type Participant struct {
	Name string       `json:"name" validate:"nonblank,text" rule:"FT06"`
	Role dandang.Role `json:"role" validate:"valid" rule:"FT06"` // the body they speak for, such as dandang.Audit
	Unit string       `json:"unit" validate:"text"`              // such as 鹿城区审计局
}

// MaxRounds is how many proposals, withdrawals, past decisions and
// reconsiderations a case keeps, the latest of each (FT04, FT07, XC11): a
// case proposed, decided and reconsidered again and again keeps at most
// MaxRounds of each, and its history keeps every one, reason and all.
const MaxRounds = 10

// MaxConsultations is how many consultations a case keeps (FT06): the
// latest ones, and the latest expert hearing among them even when more
// joint consultations followed it. Each, conclusion and all, is a step of
// the case's history, which keeps every one, so that a case consulted
// again and again keeps at most MaxConsultations of them, each with a
// conclusion of at most the input limit.
const MaxConsultations = 10

// keepConsultations keeps the last MaxConsultations of ks, the latest
// expert hearing first among them if it is older (a complex case is
// decided after one, FT06).
func keepConsultations(ks []Consultation) []Consultation {
	cut := len(ks) - MaxConsultations
	if cut <= 0 {
		return ks
	}
	expert := func(k Consultation) bool { return k.Expert }
	kept := ks[cut:]
	last := -1
	for i, k := range ks[:cut] {
		if k.Expert {
			last = i
		}
	}
	if last >= 0 && !slices.ContainsFunc(kept, expert) {
		return append([]Consultation{ks[last]}, kept[1:]...)
	}
	return slices.Clone(kept)
}

// Consultation is a recorded joint consultation (会商研判, 联席会议) with the
// bodies the policy names (FT06), or an expert group's opinion (Expert). A
// case keeps the last [MaxConsultations] of them.
type Consultation struct {
	Step
	Expert       bool          `json:"expert"` // an expert group (专家咨询组) for a complex case
	Participants []Participant `json:"participants"`
	Conclusion   string        `json:"conclusion"`
}

// Proposal is a proposed tolerance decision: the outcome, the grounds and
// the reason (FT07, FT10).
type Proposal struct {
	Step
	Round    int      `json:"round"`
	Outcome  Outcome  `json:"outcome"`
	Grounds  []Ground `json:"grounds"`
	Reason   string   `json:"reason"`
	ReasonEn string   `json:"reasonEn,omitempty"` // the reason in English, for the English decision; "": none
}

// Decision is the tolerance decision, approved by the body pursuing the
// accountability (FT05, FT07).
type Decision struct {
	Step
	Number   string           `json:"number"` // the decision's document number, such as 景纪容〔2023〕1号
	Outcome  Outcome          `json:"outcome"`
	Grounds  []Ground         `json:"grounds"`
	Reason   string           `json:"reason"`
	ReasonEn string           `json:"reasonEn,omitempty"` // the reason in English; "": none
	Proposer dandang.ActorRef `json:"proposer"`
}

// Accountability is the accountability decision of the inquiry as recorded
// on the case (FT05).
type Accountability struct {
	Step
	Decision string `json:"decision"`
}

// Case is the tolerance assessment of one subject in one accountability
// inquiry (FT05). The embedded header holds its ID, version, state, policy
// and handling organ: the organ pursuing the accountability.
type Case struct {
	kit.Header[State]

	Inquiry Inquiry         `json:"inquiry"`
	Subject dandang.Subject `json:"subject"`
	Pursuer Pursuer         `json:"pursuer"`
	Domain  string          `json:"domain"`  // the checklist domain, such as "business_environment" (FT08); "" for none
	Complex bool            `json:"complex"` // a complex case: the expert group is heard (FT06)

	Facts        string          `json:"facts"`             // the facts established (经调查核实), as the decision states them, in Chinese
	FactsEn      string          `json:"factsEn,omitempty"` // the same facts in English, for the English decision; "": none
	Distinctions []Distinguished `json:"distinctions"`      // FT01
	Answers      []Answered      `json:"answers"`           // FT02
	Weighings    []Weighing      `json:"weighings"`         // FT03
	Excluded     []string        `json:"excluded"`          // IDs of the policy's excluded situations found (FT04)
	PrivateGain  bool            `json:"privateGain"`       // private gain for self, others or the unit was found (FT09)
	Conditions   []string        `json:"conditions"`        // IDs of the policy's typical conditions met (FT11)
	Checklist    []string        `json:"checklist"`         // IDs of the domain checklist's items met (FT08)
	Established  *Step           `json:"established"`       // who established the exclusions and conditions

	Consultations []Consultation `json:"consultations"` // FT06: the last MaxConsultations, every one in the history

	// Withdrawals are the exclusions found and later withdrawn, each by a
	// recorded step with its reason and the signer's role (FT04): the last
	// MaxRounds, every one in the history.
	Withdrawals []Withdrawal `json:"withdrawals,omitempty"`

	Round          int             `json:"round"`
	Proposals      []Proposal      `json:"proposals"` // the last MaxRounds, every one in the history
	Decision       *Decision       `json:"decision"`
	Accountability *Accountability `json:"accountability"`

	// PastDecisions are the decisions reconsidered, oldest first: the last
	// MaxRounds in the case, and every one, never erased, in the history
	// (XC11); Reconsiderations likewise.
	PastDecisions    []Decision        `json:"pastDecisions,omitempty"`
	Reconsiderations []Reconsideration `json:"reconsiderations,omitempty"`
	Revocation       *Revocation       `json:"revocation,omitempty"` // the decision revoked (XC11)
}

// Withdrawal is an excluded situation, once found, withdrawn by a recorded
// step (FT04): the step names the signer and the role they signed in.
type Withdrawal struct {
	Step
	Exclusion string `json:"exclusion"` // the policy's ID of the exclusion
	Reason    string `json:"reason"`
}

// Reconsideration is a tolerance decision taken up again for a new decision
// (XC11): the case goes back to the assessment, and the decision
// reconsidered is kept among the past decisions.
type Reconsideration struct {
	Step
	Reason string `json:"reason"`
}

// Revocation is a tolerance decision revoked by a recorded decision citing
// the reason (XC11); the decision stays on the case.
type Revocation struct {
	Step
	Reason string `json:"reason"`
}

// Meta returns what stores index of the case.
func (c *Case) Meta() kit.Meta {
	m := c.Header.Meta()
	m.SubjectIDs = []string{c.Subject.ID}
	return m
}

// Clone returns a deep copy of c: nothing of it is shared with c.
func (c *Case) Clone() *Case {
	if c == nil {
		return nil
	}
	n := *c
	n.Distinctions = make([]Distinguished, len(c.Distinctions))
	for i, d := range c.Distinctions {
		d.Evidence = slices.Clone(d.Evidence)
		n.Distinctions[i] = d
	}
	n.Answers = make([]Answered, len(c.Answers))
	for i, a := range c.Answers {
		a.Evidence = slices.Clone(a.Evidence)
		n.Answers[i] = a
	}
	if c.Distinctions == nil {
		n.Distinctions = nil
	}
	if c.Answers == nil {
		n.Answers = nil
	}
	n.Weighings = slices.Clone(c.Weighings)
	n.Excluded = slices.Clone(c.Excluded)
	n.Conditions = slices.Clone(c.Conditions)
	n.Checklist = slices.Clone(c.Checklist)
	if c.Established != nil {
		v := *c.Established
		n.Established = &v
	}
	if c.Consultations != nil {
		n.Consultations = make([]Consultation, len(c.Consultations))
		for i, k := range c.Consultations {
			k.Participants = slices.Clone(k.Participants)
			n.Consultations[i] = k
		}
	}
	if c.Proposals != nil {
		n.Proposals = make([]Proposal, len(c.Proposals))
		for i, p := range c.Proposals {
			p.Grounds = slices.Clone(p.Grounds)
			n.Proposals[i] = p
		}
	}
	if c.Decision != nil {
		v := *c.Decision
		v.Grounds = slices.Clone(c.Decision.Grounds)
		n.Decision = &v
	}
	if c.Accountability != nil {
		v := *c.Accountability
		n.Accountability = &v
	}
	n.Withdrawals = slices.Clone(c.Withdrawals)
	if c.PastDecisions != nil {
		n.PastDecisions = make([]Decision, len(c.PastDecisions))
		for i, d := range c.PastDecisions {
			d.Grounds = slices.Clone(d.Grounds)
			n.PastDecisions[i] = d
		}
	}
	n.Reconsiderations = slices.Clone(c.Reconsiderations)
	if c.Revocation != nil {
		v := *c.Revocation
		n.Revocation = &v
	}
	return &n
}

// CaseID returns the ID of the tolerance assessment of subject in inquiry:
// one per inquiry and subject, so that opening twice is found (FT05).
func CaseID(inquiryID, subjectID string) string { return kit.CaseID(inquiryID, subjectID) }

// Outcome returns the decided outcome, or "" while none is decided.
func (c *Case) Outcome() Outcome {
	if c.Decision == nil {
		return ""
	}
	return c.Decision.Outcome
}

// Validate checks the invariants every stored case keeps: a store calls it
// on what it reads back, so that a row changed behind the library's back is
// reported, never returned as silent zero values. The error is Internal
// (XC11) and names the case.
func (c *Case) Validate() error {
	const op = "tolerance.Case.Validate"
	bad := func(field, msg string) error { return kit.Corrupt(op, c.ID, field, msg) }
	if err := c.Header.CheckState(op, State.Valid, func(s State) bool { return s == Decided || s == Foreclosed || s == Revoked }); err != nil {
		return err
	}
	switch {
	case c.Inquiry.ID == "":
		return bad("Inquiry.ID", "no inquiry")
	case !c.Pursuer.Valid():
		return bad("Pursuer", fmt.Sprintf("unknown pursuer %q", c.Pursuer))
	case (c.State == Revoked) != (c.Revocation != nil):
		return bad("Revocation", fmt.Sprintf("state %s with revocation %v", c.State, c.Revocation != nil))
	case (c.State == Decided || c.State == Revoked) != (c.Decision != nil):
		return bad("Decision", fmt.Sprintf("state %s with decision %v", c.State, c.Decision != nil))
	case c.Decision != nil && !c.Decision.Outcome.Valid():
		return bad("Decision.Outcome", fmt.Sprintf("unknown outcome %q", c.Decision.Outcome))
	}
	if err := c.Subject.Validate(op, "Subject"); err != nil {
		return bad("Subject", err.Error())
	}
	if err := c.Organ.Validate(op, "Organ"); err != nil {
		return bad("Organ", err.Error())
	}
	return nil
}
