package event

import (
	"time"

	"github.com/dandang/dandang"
)

// The facts processes publish to each other.
const (
	KindReportConcluded      dandang.EventKind = "report.concluded"      // accusation -> clearance (CL01)
	KindMaliciousEstablished dandang.EventKind = "accusation.malicious"  // accusation -> clearance (AC12)
	KindClearanceCompleted   dandang.EventKind = "clearance.completed"   // clearance -> followup (CL13)
	KindDisciplineDecided    dandang.EventKind = "discipline.decided"    // -> followup (FU01)
	KindAccountabilityOpened dandang.EventKind = "accountability.opened" // -> tolerance (FT05)
)

// Payload is the body of an event: one of the event types of this package.
type Payload interface {
	Kind() dandang.EventKind
}

// ReportConcluded says that a report was concluded: every allegation has a
// finding (AC02). Clearance opens a case per subject with unfounded
// allegations (CL01).
type ReportConcluded struct {
	ReportID    string               `json:"reportId"`
	Named       bool                 `json:"named"` // the reporter gave their name (AC01)
	Organ       dandang.Organ        `json:"organ"`
	By          dandang.Actor        `json:"by"` // who concluded it; the clearance is theirs to do (CL15)
	ConcludedAt time.Time            `json:"concludedAt"`
	Subjects    []dandang.Subject    `json:"subjects"`
	Allegations []dandang.Allegation `json:"allegations"`
}

// MaliciousEstablished says a malicious false accusation was established
// against a subject (AC07, AC12).
type MaliciousEstablished struct {
	ReportID      string          `json:"reportId"`
	Subject       dandang.Subject `json:"subject"`
	Organ         dandang.Organ   `json:"organ"`
	EstablishedAt time.Time       `json:"establishedAt"`

	// What clearance needs to open the subject's case when the concluded
	// report has not opened it yet (AC12, CL01); zero in events written
	// before these fields.

	// By is the officer of Organ who concluded the report: the clearance is
	// theirs (CL15).
	By          dandang.Actor        `json:"by"`
	Named       bool                 `json:"named"`       // the reporter gave their name (AC01)
	ConcludedAt time.Time            `json:"concludedAt"` // when the report was concluded
	Allegations []dandang.Allegation `json:"allegations"` // the report's allegations against Subject, with their findings
}

// ClearanceCompleted says a subject was cleared (CL13): follow-up is due.
type ClearanceCompleted struct {
	CaseID   string          `json:"caseId"`
	ReportID string          `json:"reportId"`
	Subject  dandang.Subject `json:"subject"`
	Organ    dandang.Organ   `json:"organ"`
	Forms    []string        `json:"forms"`
	ClosedAt time.Time       `json:"closedAt"`
}

// DisciplineDecided says a discipline decision took effect (FU01, FU07).
type DisciplineDecided struct {
	DecisionID string          `json:"decisionId"`
	Subject    dandang.Subject `json:"subject"`
	Organ      dandang.Organ   `json:"organ"`
	// Sanction names the sanction in the follow-up's vocabulary
	// ("party_warning", "party_serious_warning", "demerit", …); empty for
	// handling without one. Form is the form of handling (四种形态:
	// "first" to "fourth"), for a sanction the follow-up has no period for;
	// empty: as the sanction implies.
	Sanction    string    `json:"sanction"`
	Form        string    `json:"form,omitempty"`
	EffectiveAt time.Time `json:"effectiveAt"`
}

// AccountabilityOpened says a responsibility inquiry or accountability
// started (FT05): tolerance is assessed alongside.
type AccountabilityOpened struct {
	InquiryID string          `json:"inquiryId"`
	Subject   dandang.Subject `json:"subject"`
	Organ     dandang.Organ   `json:"organ"`
	// Pursuer is who pursues the accountability: "party_committee",
	// "discipline_organ" or "organization_dept"; empty is the discipline
	// organ (FT05: whoever pursues it decides tolerance).
	Pursuer  string    `json:"pursuer,omitempty"`
	OpenedAt time.Time `json:"openedAt"`
}

// Kind implements Payload.
func (ReportConcluded) Kind() dandang.EventKind { return KindReportConcluded }

// Kind implements Payload.
func (MaliciousEstablished) Kind() dandang.EventKind { return KindMaliciousEstablished }

// Kind implements Payload.
func (ClearanceCompleted) Kind() dandang.EventKind { return KindClearanceCompleted }

// Kind implements Payload.
func (DisciplineDecided) Kind() dandang.EventKind { return KindDisciplineDecided }

// Kind implements Payload.
func (AccountabilityOpened) Kind() dandang.EventKind { return KindAccountabilityOpened }
