package dandang

import "time"

// The facts of fault tolerance (FT05, FT12).
const (
	KindAccountabilityDecided EventKind = "accountability.decided" // accountability -> tolerance (FT05)
	KindToleranceDecided      EventKind = "tolerance.decided"      // tolerance -> accountability (FT05, FT07)
	KindNoNegativeEvaluation  EventKind = "tolerance.no_negative"  // tolerance -> personnel systems (FT12)
)

// AccountabilityDecided says the accountability decision of an inquiry was
// made (FT05): from then on tolerance can no longer be decided for it, so
// that tolerance never reverses accountability (防止翻烧饼).
type AccountabilityDecided struct {
	InquiryID string
	Subject   Subject
	Organ     Organ // the organ pursuing the accountability
	Decision  string
	DecidedAt time.Time
}

// ToleranceDecided tells the accountability process the outcome of the
// tolerance assessment of an inquiry (FT05, FT07): exemption, lighter or
// mitigated handling, or none.
type ToleranceDecided struct {
	CaseID    string
	InquiryID string
	Subject   Subject
	Organ     Organ
	Outcome   string   // "exemption", "lighter", "mitigated" or "none"
	Rules     []string // the rules the decision applied
	DecidedAt time.Time
}

// NoNegativeEvaluation tells personnel systems that a tolerated mistake
// carries no negative evaluation (FT12): the subject's appraisal,
// promotion, honours and candidacies are unaffected by it.
type NoNegativeEvaluation struct {
	CaseID     string
	InquiryID  string
	Subject    Subject
	Organ      Organ
	Unaffected []string // "appraisal", "promotion", "honours", "candidacy"
	DecidedAt  time.Time
}

// Kind implements Payload.
func (AccountabilityDecided) Kind() EventKind { return KindAccountabilityDecided }

// Kind implements Payload.
func (ToleranceDecided) Kind() EventKind { return KindToleranceDecided }

// Kind implements Payload.
func (NoNegativeEvaluation) Kind() EventKind { return KindNoNegativeEvaluation }
