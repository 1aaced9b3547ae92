package event

import (
	"time"

	"github.com/dandang/dandang"
)

// The facts of fault tolerance (FT05, FT12).
const (
	KindAccountabilityDecided dandang.EventKind = "accountability.decided" // accountability -> tolerance (FT05)
	KindToleranceDecided      dandang.EventKind = "tolerance.decided"      // tolerance -> accountability (FT05, FT07)
	KindNoNegativeEvaluation  dandang.EventKind = "tolerance.no_negative"  // tolerance -> personnel systems (FT12)
	KindToleranceRevoked      dandang.EventKind = "tolerance.revoked"      // tolerance -> accountability and personnel systems (XC11)
)

// AccountabilityDecided says the accountability decision of an inquiry was
// made (FT05): from then on tolerance can no longer be decided for it, so
// that tolerance never reverses accountability (防止翻烧饼).
type AccountabilityDecided struct {
	InquiryID string          `json:"inquiryId"`
	Subject   dandang.Subject `json:"subject"`
	Organ     dandang.Organ   `json:"organ"` // the organ pursuing the accountability
	Decision  string          `json:"decision"`
	DecidedAt time.Time       `json:"decidedAt"`
}

// ToleranceDecided tells the accountability process the outcome of the
// tolerance assessment of an inquiry (FT05, FT07): exemption, lighter or
// mitigated handling, or none.
type ToleranceDecided struct {
	CaseID    string          `json:"caseId"`
	InquiryID string          `json:"inquiryId"`
	Subject   dandang.Subject `json:"subject"`
	Organ     dandang.Organ   `json:"organ"`
	Outcome   string          `json:"outcome"` // "exemption", "lighter", "mitigated" or "none"
	Rules     []string        `json:"rules"`   // the rules the decision applied
	DecidedAt time.Time       `json:"decidedAt"`
}

// NoNegativeEvaluation tells personnel systems that a tolerated mistake
// carries no negative evaluation (FT12): the subject's appraisal,
// promotion, honours and candidacies are unaffected by it. Every tolerated
// outcome publishes it: exemption, lighter and mitigated handling.
type NoNegativeEvaluation struct {
	CaseID     string          `json:"caseId"`
	InquiryID  string          `json:"inquiryId"`
	Subject    dandang.Subject `json:"subject"`
	Organ      dandang.Organ   `json:"organ"`
	Outcome    string          `json:"outcome,omitempty"` // "exemption", "lighter" or "mitigated"; "" in events written before it was kept
	Unaffected []string        `json:"unaffected"`        // "appraisal", "promotion", "honours", "candidacy"
	DecidedAt  time.Time       `json:"decidedAt"`
}

// Kind implements Payload.
func (AccountabilityDecided) Kind() dandang.EventKind { return KindAccountabilityDecided }

// Kind implements Payload.
func (ToleranceDecided) Kind() dandang.EventKind { return KindToleranceDecided }

// Kind implements Payload.
func (NoNegativeEvaluation) Kind() dandang.EventKind { return KindNoNegativeEvaluation }

// ToleranceRevoked says a tolerance decision was revoked by a recorded
// decision citing the reason (XC11): the accountability proceeds in full,
// and the no-negative-evaluation published for it (FT12) no longer holds.
type ToleranceRevoked struct {
	CaseID    string          `json:"caseId"`
	InquiryID string          `json:"inquiryId"`
	Subject   dandang.Subject `json:"subject"`
	Organ     dandang.Organ   `json:"organ"`
	Outcome   string          `json:"outcome"` // the outcome revoked: "exemption", "lighter", "mitigated" or "none"
	Reason    string          `json:"reason"`
	RevokedAt time.Time       `json:"revokedAt"`
}

// Kind implements Payload.
func (ToleranceRevoked) Kind() dandang.EventKind { return KindToleranceRevoked }
