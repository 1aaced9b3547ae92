package event

import (
	"time"

	"github.com/dandang/dandang"
)

// The facts the follow-up process publishes, and the revocation of a
// clearance it acts on.
const (
	KindClearanceRevoked     dandang.EventKind = "clearance.revoked"        // clearance -> followup (CL20)
	KindSanctionLifted       dandang.EventKind = "followup.sanction_lifted" // followup -> hosts (FU07)
	KindFollowUpReported     dandang.EventKind = "followup.reported"        // followup -> party committee, organization department (FU06)
	KindAppraisalIssued      dandang.EventKind = "followup.appraisal"       // followup -> organization department (FU08)
	KindPromotionRecommended dandang.EventKind = "followup.recommended"     // followup -> organization department (FU06)
)

// ClearanceRevoked says a clearance was revoked by a recorded decision,
// because a later finding substantiated a cleared allegation (CL20): the
// follow-up it started stops.
type ClearanceRevoked struct {
	CaseID    string          `json:"caseId"` // the clearance case
	ReportID  string          `json:"reportId"`
	Subject   dandang.Subject `json:"subject"`
	Organ     dandang.Organ   `json:"organ"`
	Reason    string          `json:"reason"` // the new finding
	RevokedAt time.Time       `json:"revokedAt"`
}

// SanctionLifted says a discipline period ran out and the sanction lifted
// by itself, as recorded in a follow-up (FU07).
type SanctionLifted struct {
	CaseID     string          `json:"caseId"` // the follow-up case
	DecisionID string          `json:"decisionId"`
	Subject    dandang.Subject `json:"subject"`
	Organ      dandang.Organ   `json:"organ"`    // the organ that imposed the discipline
	Sanction   string          `json:"sanction"` // such as "party_warning"
	LastDay    dandang.Day     `json:"lastDay"`  // the last day of the period
	LiftedOn   dandang.Day     `json:"liftedOn"` // the day after it
	RecordedAt time.Time       `json:"recordedAt"`
}

// FollowUpReported says the results of a follow-up were reported to the
// party committee and the organization department (FU06). The ratings are
// the visits' own, as recorded: a report cannot choose them.
type FollowUpReported struct {
	CaseID     string          `json:"caseId"`
	Subject    dandang.Subject `json:"subject"`
	Organ      dandang.Organ   `json:"organ"`
	To         []string        `json:"to"` // "party_committee", "organization_dept"
	Summary    string          `json:"summary"`
	Visits     int             `json:"visits"`
	Ratings    []string        `json:"ratings"`    // the ratings of the latest visits, at most followup.MaxVisits, oldest first
	PeriodEnds dandang.Day     `json:"periodEnds"` // the period's last day; 0 when none
	Lifted     bool            `json:"lifted"`
	ReportedAt time.Time       `json:"reportedAt"`
}

// AppraisalIssued says a visit rated good yielded an appraisal for the
// organization department (FU08).
type AppraisalIssued struct {
	CaseID   string          `json:"caseId"`
	Subject  dandang.Subject `json:"subject"`
	Organ    dandang.Organ   `json:"organ"`
	Visit    int             `json:"visit"` // the visit's number in the case, from 1
	Rating   string          `json:"rating"`
	Findings string          `json:"findings"`
	IssuedAt time.Time       `json:"issuedAt"`
}

// PromotionRecommended says a cadre whose discipline period ran out, or who
// was cleared, and who performs well, was recommended for promotion (FU06).
type PromotionRecommended struct {
	CaseID        string          `json:"caseId"`
	Subject       dandang.Subject `json:"subject"`
	Organ         dandang.Organ   `json:"organ"`
	Reason        string          `json:"reason"`
	Post          string          `json:"post"`        // the post recommended for, when named
	PeriodEnded   dandang.Day     `json:"periodEnded"` // the period's last day; 0 when there was none
	RecommendedAt time.Time       `json:"recommendedAt"`
}

// Kind implements Payload.
func (ClearanceRevoked) Kind() dandang.EventKind { return KindClearanceRevoked }

// Kind implements Payload.
func (SanctionLifted) Kind() dandang.EventKind { return KindSanctionLifted }

// Kind implements Payload.
func (FollowUpReported) Kind() dandang.EventKind { return KindFollowUpReported }

// Kind implements Payload.
func (AppraisalIssued) Kind() dandang.EventKind { return KindAppraisalIssued }

// Kind implements Payload.
func (PromotionRecommended) Kind() dandang.EventKind { return KindPromotionRecommended }
