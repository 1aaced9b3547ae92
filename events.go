package dandang

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"
)

// EventKind names a cross-process fact.
type EventKind string

// The facts processes publish to each other.
const (
	KindReportConcluded      EventKind = "report.concluded"      // accusation -> clearance (CL01)
	KindMaliciousEstablished EventKind = "accusation.malicious"  // accusation -> clearance (AC12)
	KindClearanceCompleted   EventKind = "clearance.completed"   // clearance -> followup (CL13)
	KindDisciplineDecided    EventKind = "discipline.decided"    // -> followup (FU01)
	KindAccountabilityOpened EventKind = "accountability.opened" // -> tolerance (FT05)
)

// Payload is the body of an event: one of the event types of this package.
type Payload interface {
	Kind() EventKind
}

// ReportConcluded says that a report was concluded: every allegation has a
// finding (AC02). Clearance opens a case per subject with unfounded
// allegations (CL01).
type ReportConcluded struct {
	ReportID    string
	Named       bool // the reporter gave their name (AC01)
	Organ       Organ
	By          Actor // who concluded it; the clearance is theirs to do (CL15)
	ConcludedAt time.Time
	Subjects    []Subject
	Allegations []Allegation
}

// MaliciousEstablished says a malicious false accusation was established
// against a subject (AC07, AC12).
type MaliciousEstablished struct {
	ReportID      string
	Subject       Subject
	Organ         Organ
	EstablishedAt time.Time
}

// ClearanceCompleted says a subject was cleared (CL13): follow-up is due.
type ClearanceCompleted struct {
	CaseID   string
	ReportID string
	Subject  Subject
	Organ    Organ
	Forms    []string
	ClosedAt time.Time
}

// DisciplineDecided says a discipline decision took effect (FU01, FU07).
type DisciplineDecided struct {
	DecisionID  string
	Subject     Subject
	Organ       Organ
	Sanction    string
	EffectiveAt time.Time
}

// AccountabilityOpened says a responsibility inquiry or accountability
// started (FT05): tolerance is assessed alongside.
type AccountabilityOpened struct {
	InquiryID string
	Subject   Subject
	Organ     Organ
	OpenedAt  time.Time
}

// Kind implements Payload.
func (ReportConcluded) Kind() EventKind { return KindReportConcluded }

// Kind implements Payload.
func (MaliciousEstablished) Kind() EventKind { return KindMaliciousEstablished }

// Kind implements Payload.
func (ClearanceCompleted) Kind() EventKind { return KindClearanceCompleted }

// Kind implements Payload.
func (DisciplineDecided) Kind() EventKind { return KindDisciplineDecided }

// Kind implements Payload.
func (AccountabilityOpened) Kind() EventKind { return KindAccountabilityOpened }

// Event is an outbox entry: a Payload encoded, with where it came from and
// how its delivery went.
type Event struct {
	ID          string // unique; derived from the case and record that wrote it
	Kind        EventKind
	CaseKind    string
	CaseID      string
	At          time.Time
	Payload     []byte // JSON of the Payload
	Attempts    int
	LastError   string
	DeliveredAt time.Time // zero while pending
}

// NewEvent encodes p as an outbox event.
func NewEvent(id, caseKind, caseID string, at time.Time, p Payload) (Event, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return Event{}, &Error{Code: Internal, Op: "dandang.NewEvent", Err: err}
	}
	return Event{ID: id, Kind: p.Kind(), CaseKind: caseKind, CaseID: caseID, At: at, Payload: b}, nil
}

// Decode returns the event's payload as its concrete type (a value, such as
// ReportConcluded).
func (e Event) Decode() (Payload, error) {
	var p Payload
	var err error
	switch e.Kind {
	case KindReportConcluded:
		var v ReportConcluded
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindMaliciousEstablished:
		var v MaliciousEstablished
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindClearanceCompleted:
		var v ClearanceCompleted
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindDisciplineDecided:
		var v DisciplineDecided
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindAccountabilityOpened:
		var v AccountabilityOpened
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindAccountabilityDecided:
		var v AccountabilityDecided
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindToleranceDecided:
		var v ToleranceDecided
		err, p = json.Unmarshal(e.Payload, &v), v
	case KindNoNegativeEvaluation:
		var v NoNegativeEvaluation
		err, p = json.Unmarshal(e.Payload, &v), v
	default:
		return nil, Invalidf("dandang.Event.Decode", "XC06", "Kind", fmt.Sprintf("unknown event kind %q", e.Kind))
	}
	if err != nil {
		return nil, &Error{Code: Invalid, Op: "dandang.Event.Decode", Field: "Payload", Err: err}
	}
	return p, nil
}

// Outbox is the store side of event delivery. Each store writes events in
// the same transaction as the case change; the Dispatcher reads them here.
type Outbox interface {
	// Pending returns up to limit undelivered events, oldest first.
	Pending(ctx context.Context, limit int) ([]Event, error)
	// MarkDelivered marks the event delivered at at.
	MarkDelivered(ctx context.Context, id string, at time.Time) error
	// MarkFailed counts a failed attempt and keeps the event pending.
	MarkFailed(ctx context.Context, id string, reason string) error
}

// Handler acts on a delivered event. It must be idempotent: delivery is at
// least once, so an event may arrive again after a failure.
type Handler func(ctx context.Context, e Event) error

// Dispatcher delivers outbox events to the handlers registered for their
// kind, at least once, and marks them delivered when every handler
// succeeded. It is safe for concurrent use; Dispatch calls on one Dispatcher
// run one at a time.
type Dispatcher struct {
	outbox Outbox
	clock  Clock

	mu       sync.RWMutex
	handlers map[EventKind][]Handler
	run      sync.Mutex
}

// NewDispatcher returns a Dispatcher reading outbox.
func NewDispatcher(outbox Outbox, clock Clock) *Dispatcher {
	return &Dispatcher{outbox: outbox, clock: clock, handlers: make(map[EventKind][]Handler)}
}

// Handle registers h for events of kind.
func (d *Dispatcher) Handle(kind EventKind, h Handler) {
	d.mu.Lock()
	d.handlers[kind] = append(d.handlers[kind], h)
	d.mu.Unlock()
}

// Dispatch delivers every pending event once, oldest first, and returns how
// many were delivered. An event with no handler is marked delivered. When a
// handler fails the event stays pending for the next Dispatch (each of its
// handlers will see it again) and the first such error is returned after the
// other events were tried.
func (d *Dispatcher) Dispatch(ctx context.Context) (int, error) {
	d.run.Lock()
	defer d.run.Unlock()
	const batch = 100
	delivered := 0
	var firstErr error
	failed := make(map[string]bool)
	for {
		if err := ctx.Err(); err != nil {
			return delivered, err
		}
		evs, err := d.outbox.Pending(ctx, batch+len(failed))
		if err != nil {
			return delivered, err
		}
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
		progress := false
		for _, ev := range evs {
			if failed[ev.ID] {
				continue
			}
			progress = true
			if err := d.deliver(ctx, ev); err != nil {
				failed[ev.ID] = true
				if firstErr == nil {
					firstErr = fmt.Errorf("dandang: event %s (%s): %w", ev.ID, ev.Kind, err)
				}
				if merr := d.outbox.MarkFailed(ctx, ev.ID, err.Error()); merr != nil {
					return delivered, merr
				}
				continue
			}
			if err := d.outbox.MarkDelivered(ctx, ev.ID, d.clock.Now()); err != nil {
				return delivered, err
			}
			delivered++
		}
		if !progress {
			return delivered, firstErr
		}
	}
}

func (d *Dispatcher) deliver(ctx context.Context, ev Event) error {
	d.mu.RLock()
	hs := d.handlers[ev.Kind]
	d.mu.RUnlock()
	for _, h := range hs {
		if err := h(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}
