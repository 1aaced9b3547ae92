package dandang

import "time"

// The facts the follow-up process publishes, and the revocation of a
// clearance it acts on.
const (
	KindClearanceRevoked     EventKind = "clearance.revoked"        // clearance -> followup (CL20)
	KindSanctionLifted       EventKind = "followup.sanction_lifted" // followup -> hosts (FU07)
	KindFollowUpReported     EventKind = "followup.reported"        // followup -> party committee, organization department (FU06)
	KindAppraisalIssued      EventKind = "followup.appraisal"       // followup -> organization department (FU08)
	KindPromotionRecommended EventKind = "followup.recommended"     // followup -> organization department (FU06)
)

// ClearanceRevoked says a clearance was revoked by a recorded decision,
// because a later finding substantiated a cleared allegation (CL20): the
// follow-up it started stops.
type ClearanceRevoked struct {
	CaseID    string // the clearance case
	ReportID  string
	Subject   Subject
	Organ     Organ
	Reason    string // the new finding
	RevokedAt time.Time
}

// SanctionLifted says a discipline period ran out and the sanction lifted
// by itself, as recorded in a follow-up (FU07).
type SanctionLifted struct {
	CaseID     string // the follow-up case
	DecisionID string
	Subject    Subject
	Organ      Organ  // the organ that imposed the discipline
	Sanction   string // such as "party_warning"
	LastDay    Day    // the last day of the period
	LiftedOn   Day    // the day after it
	RecordedAt time.Time
}

// FollowUpReported says the results of a follow-up were reported to the
// party committee and the organization department (FU06). The ratings are
// the visits' own, as recorded: a report cannot choose them.
type FollowUpReported struct {
	CaseID     string
	Subject    Subject
	Organ      Organ
	To         []string // "party_committee", "organization_dept"
	Summary    string
	Visits     int
	Ratings    []string // every visit's rating, oldest first
	PeriodEnds Day      // the period's last day; 0 when none
	Lifted     bool
	ReportedAt time.Time
}

// AppraisalIssued says a visit rated good yielded an appraisal for the
// organization department (FU08).
type AppraisalIssued struct {
	CaseID   string
	Subject  Subject
	Organ    Organ
	Visit    int // the visit's number in the case, from 1
	Rating   string
	Findings string
	IssuedAt time.Time
}

// PromotionRecommended says a cadre whose discipline period ran out, or who
// was cleared, and who performs well, was recommended for promotion (FU06).
type PromotionRecommended struct {
	CaseID        string
	Subject       Subject
	Organ         Organ
	Reason        string
	Post          string // the post recommended for, when named
	PeriodEnded   Day    // the period's last day; 0 when there was none
	RecommendedAt time.Time
}

// Kind implements Payload.
func (ClearanceRevoked) Kind() EventKind { return KindClearanceRevoked }

// Kind implements Payload.
func (SanctionLifted) Kind() EventKind { return KindSanctionLifted }

// Kind implements Payload.
func (FollowUpReported) Kind() EventKind { return KindFollowUpReported }

// Kind implements Payload.
func (AppraisalIssued) Kind() EventKind { return KindAppraisalIssued }

// Kind implements Payload.
func (PromotionRecommended) Kind() EventKind { return KindPromotionRecommended }
