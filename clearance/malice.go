package clearance

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/kit"
)

// Malice records that the report the case clears the subject of was
// established as a malicious false accusation (AC12). The clearance still
// covers only the unfounded allegations; intent is the accusation
// process's question (CL04).
type Malice struct {
	Step
	EstablishedAt time.Time `json:"establishedAt"` // when the accusation process established it
}

// maliceInput joins a malicious-established event to a case.
type maliceInput struct {
	Ref
	EstablishedAt time.Time
}

func (in maliceInput) ref() Ref { return in.Ref }

// allStates are every state a case may be in: malice established is
// recorded whatever the case has come to.
var allStates = []State{Opened, InReview, Approved, Closed, DeclinePending, Declined, Revoked}

var noteMalice = command[maliceInput]{
	Name:      "malice_established",
	Moves:     []Move{{Event: "malice_established", From: allStates}},
	Roles:     func(p Policy) []dandang.Role { return p.OpenRoles },
	Rule:      "XC02",
	OrganRule: "CL15",
	Ref:       refOf[maliceInput],
	Guard: func(r *run, _ maliceInput) error {
		if r.Case.Malice != nil {
			return r.Invalid("AC12", "Malice", "malice was recorded already")
		}
		return nil
	},
	Apply: func(r *run, in maliceInput) error {
		r.Case.Malice = &Malice{Step: r.Step(""), EstablishedAt: in.EstablishedAt}
		r.Apply("AC12", "CL04")
		return nil
	},
}

// HandleMaliciousEstablished is the handler for
// KindMaliciousEstablished events (AC12, CL01): it opens the subject's case
// for the report's unfounded allegations, as the officer of the organ that
// established it (the event's By, resolved in the directory), when the
// concluded report has not opened it yet, and records on the case that
// malice was established: a recorded step that changes no state. It is
// idempotent: delivered again, it finds the case and the record and does
// nothing.
//
// Errors: Invalid (AC12) for another kind of event or one without the
// officer or the allegations (an event written before they were carried);
// Forbidden (XC07) for an officer not of the event's organ; the errors of
// Open and of the record, such as Forbidden (CL15) for an organ without
// management authority over the subject.
func (s *Service) HandleMaliciousEstablished(ctx context.Context, e dandang.Event) error {
	const op = "clearance.HandleMaliciousEstablished"
	me, err := kit.DecodeAs[event.MaliciousEstablished](op, "AC12", e)
	if err != nil {
		return err
	}
	switch {
	case me.By.ID == "":
		return kit.Invalidf(op, "AC12", "By", fmt.Sprintf("event %s names no officer to act for %s", e.ID, me.Organ.ID))
	case me.By.Organ.ID != me.Organ.ID:
		return &dandang.Error{Code: dandang.Forbidden, Op: op, Rule: "XC07", Field: "By.Organ.ID",
			Message: fmt.Sprintf("report %s was established as malicious by %s, not by an actor of %s", me.ReportID, me.Organ.ID, me.By.Organ.ID)}
	}
	rc := event.ReportConcluded{ReportID: me.ReportID, Allegations: me.Allegations}
	unfounded := unfoundedAgainst(rc, me.Subject.ID)
	if len(unfounded) == 0 {
		return kit.Invalidf(op, "AC12", "Allegations", fmt.Sprintf("event %s carries no unfounded allegation against %s", e.ID, me.Subject.ID))
	}
	exists, err := s.exists(ctx, op, me.ReportID, me.Subject.ID)
	if err != nil {
		return err
	}
	if !exists {
		in := NewCase{Report: Report{ID: me.ReportID, Named: me.Named, ConcludedAt: me.ConcludedAt,
			OthersSubstantiated: substantiatedAgainst(rc, me.Subject.ID)}, Subject: me.Subject, Allegations: unfounded}
		if _, err := s.open(ctx, op, me.By, in); err != nil && !errors.Is(err, dandang.Conflict) {
			return err
		}
	}
	// Join the case: a version raced by another command is read again.
	for attempt := 0; ; attempt++ {
		c, err := s.caseOf(ctx, op, me.ReportID, me.Subject.ID)
		if err != nil {
			return err
		}
		if c.Malice != nil {
			return nil
		}
		_, err = kit.Exec(ctx, s.engine, op, &noteMalice, me.By, maliceInput{Ref: Ref{CaseID: c.ID, Version: c.Version}, EstablishedAt: me.EstablishedAt})
		if err == nil || !errors.Is(err, dandang.Conflict) || attempt == 2 {
			return err
		}
	}
}

// caseOf returns the case clearing subject of report, under its ID or the
// legacy one (see exists).
func (s *Service) caseOf(ctx context.Context, op, reportID, subjectID string) (*Case, error) {
	id := CaseID(reportID, subjectID)
	c, err := s.engine.Store().Get(ctx, id)
	if dandang.ErrorCode(err) == dandang.NotFound {
		if legacy := reportID + "/" + subjectID; legacy != id {
			c, err = s.engine.Store().Get(ctx, legacy)
		}
	}
	if err != nil {
		return nil, kit.StoreError(op, err)
	}
	return c, nil
}
