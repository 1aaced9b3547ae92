package dandang

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"sync"
	"time"
)

// EventKind names a cross-process fact.
type EventKind string

// EventState is where an outbox event is in its delivery.
type EventState string

// The states of an outbox event. An event is written pending; it becomes
// delivered once a handler for its kind succeeded, or dead once its
// handlers failed as many times as the dispatcher allows. A dead event is
// put back to pending only by hand ([Outbox] Retry).
const (
	EventPending   EventState = "pending"   // waiting for a dispatcher with a handler for its kind
	EventDelivered EventState = "delivered" // a handler for its kind succeeded
	EventDead      EventState = "dead"      // a dead letter: its handlers kept failing
)

// Event is an outbox entry: a Payload encoded, with where it came from and
// how its delivery went.
type Event struct {
	ID       string          `json:"id"` // unique; derived from the case and record that wrote it
	Kind     EventKind       `json:"kind"`
	CaseKind string          `json:"caseKind"`
	CaseID   string          `json:"caseId"`
	At       time.Time       `json:"at"`
	Payload  json.RawMessage `json:"payload"` // JSON of the Payload

	// State is pending, delivered or dead; a store treats an empty State
	// as pending when the event is written.
	State EventState `json:"state"`
	// Attempts counts the deliveries tried: the failed ones and the one
	// that succeeded. Events no dispatcher had a handler for are not
	// counted. Retry resets it.
	Attempts int `json:"attempts"`
	// LastError is the error of the last failed attempt; it is kept when
	// the event is retried by hand.
	LastError string `json:"lastError"`
	// NextAttempt is the time, by the dispatcher's clock, before which a
	// pending event is not handed out again after a failure; zero when it
	// is due at once.
	NextAttempt time.Time `json:"nextAttempt"`
	// DeliveredAt is when a handler succeeded; zero unless delivered.
	DeliveredAt time.Time `json:"deliveredAt"`
	// DeadAt is when the event became a dead letter; zero unless dead.
	DeadAt time.Time `json:"deadAt"`
}

// Outbox is the store side of event delivery. Each store writes events in
// the same transaction as the case change; the Dispatcher reads them here.
//
// Times that decide when an event is due (now, retryAt) are the
// dispatcher's clock, not the store's. A store that several instances share
// may claim the events Pending returns, so that no two dispatchers hold the
// same event at once; a claim ends with MarkDelivered, MarkFailed, MarkDead
// or Release, or when the store's lease runs out.
//
// An Outbox may also have a method Notify(ctx context.Context) (<-chan
// struct{}, error) that wakes a running [Dispatcher.Run] when events are
// written: its channel receives a value soon after events may have been
// written (several writes may be told as one, a wake-up may be spurious) and
// is closed when ctx ends; its error says notifications cannot be had at
// all. Both adapters' outboxes have it.
//
// An Outbox whose claims on pending events run out after a lease may also
// have a method Lease() time.Duration: the dispatcher then cancels a
// handler's context when its event's lease ends (with [ErrLeaseExpired] as
// the cause), and claims again the events of a batch whose lease ran out
// before their turn. The PostgreSQL outbox has it.
type Outbox interface {
	// Pending returns up to limit pending events whose kind is one of
	// kinds (any kind when kinds is nil) and whose NextAttempt is zero or
	// not after now, oldest first (by At, then ID). It never returns an
	// event of a kind not asked for, so events no handler can take are
	// left, unclaimed, for a dispatcher that has one.
	Pending(ctx context.Context, now time.Time, kinds []EventKind, limit int) ([]Event, error)
	// MarkDelivered counts a successful attempt and marks the event
	// delivered at at.
	MarkDelivered(ctx context.Context, id string, at time.Time) error
	// MarkFailed counts a failed attempt, keeps reason as the LastError,
	// and keeps the event pending with retryAt as its NextAttempt. It
	// changes nothing on an event that is no longer pending (delivered
	// elsewhere, say).
	MarkFailed(ctx context.Context, id, reason string, retryAt time.Time) error
	// MarkDead counts a failed attempt, keeps reason as the LastError, and
	// makes the event a dead letter at at. It changes nothing on an event
	// that is no longer pending.
	MarkDead(ctx context.Context, id, reason string, at time.Time) error
	// Release ends the claims on the events with ids that are still
	// pending, without counting an attempt, so that any dispatcher may take
	// them at once. Unknown IDs are ignored.
	Release(ctx context.Context, ids ...string) error
	// DeadLetters returns up to limit dead events, the earliest dead
	// first (by DeadAt, then ID).
	DeadLetters(ctx context.Context, limit int) ([]Event, error)
	// Retry puts a dead event back to pending, due at once, with its
	// attempts reset to zero; LastError is kept.
	Retry(ctx context.Context, id string) error
}

// notifier is what an [Outbox] may also implement to wake a dispatcher
// when events are written, so that [Dispatcher.Run] delivers them at once
// rather than at its next poll: a method Notify(ctx) (<-chan struct{},
// error). The PostgreSQL outbox implements it with LISTEN/NOTIFY, the
// in-memory one with a channel.
type notifier interface {
	// Notify returns a channel that receives a value, soon after, whenever
	// events may have been written to the outbox (by this process or,
	// where the store is shared, another); several writes may be told as
	// one, and a wake-up may be spurious. The channel is closed when ctx
	// ends. The error says that notifications cannot be had at all; a
	// notifier that loses them on the way (a dropped connection) recovers
	// on its own, and the dispatcher keeps polling meanwhile.
	Notify(ctx context.Context) (<-chan struct{}, error)
}

// handler acts on a delivered event ([Dispatcher.Handle]).
type handler = func(ctx context.Context, e Event) error

// DispatcherConfig sets how a Dispatcher retries failing events, how often
// Run polls, and where it reports. A zero field takes its default.
type DispatcherConfig struct {
	// Clock tells the dispatcher when events fail and fall due. Default:
	// the wall clock (time.Now).
	Clock Clock
	// RetryDelay is how long after its first failure an event is tried
	// again; each further failure doubles the delay. Default 10 seconds.
	RetryDelay time.Duration
	// MaxRetryDelay caps the delay between attempts. Default 1 hour; never
	// less than RetryDelay.
	MaxRetryDelay time.Duration
	// MaxAttempts is how many failed attempts make an event a dead letter.
	// Default 20 (about half a day of retries with the default delays).
	MaxAttempts int
	// PollInterval is how long [Dispatcher.Run] waits between two passes
	// over the outbox when nothing wakes it: events fall due after a
	// backoff, and a Notify channel may miss writes while it reconnects. It is
	// real (monotonic) time, not the dispatcher's clock. Default 5
	// seconds.
	PollInterval time.Duration
	// Logger gets one line per failed delivery (Warn) and per dead letter
	// (Error), and per outbox error in Run: event IDs, kinds, codes and
	// rules, never a payload. nil logs nothing.
	Logger *slog.Logger
	// Observer watches every delivery attempt; nil: none.
	Observer Observer
}

// The defaults of DispatcherConfig.
const (
	defaultRetryDelay    = 10 * time.Second
	defaultMaxRetryDelay = time.Hour
	defaultMaxAttempts   = 20
	defaultPollInterval  = 5 * time.Second
)

// withDefaults returns c with every zero or negative field at its default.
func (c DispatcherConfig) withDefaults() DispatcherConfig {
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.RetryDelay <= 0 {
		c.RetryDelay = defaultRetryDelay
	}
	if c.MaxRetryDelay <= 0 {
		c.MaxRetryDelay = defaultMaxRetryDelay
	}
	if c.MaxRetryDelay < c.RetryDelay {
		c.MaxRetryDelay = c.RetryDelay
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = defaultMaxAttempts
	}
	if c.PollInterval <= 0 {
		c.PollInterval = defaultPollInterval
	}
	return c
}

// delay returns how long to wait after the failed attempt number n (1 for
// the first failure): RetryDelay doubled n-1 times, at most MaxRetryDelay.
func (c DispatcherConfig) delay(n int) time.Duration {
	d := c.RetryDelay
	for i := 1; i < n && d < c.MaxRetryDelay; i++ {
		d *= 2
	}
	return min(d, c.MaxRetryDelay)
}

// Dispatcher delivers outbox events to the handlers registered for their
// kind, at least once, and marks an event delivered only when every handler
// of its kind succeeded. It asks the outbox only for the kinds it has
// handlers for: other events stay pending, untouched, for a dispatcher that
// has one (an instance of an older release in a rolling deploy, say). An
// event whose handler fails is retried with exponential backoff and, after
// MaxAttempts failures, becomes a dead letter (see [DispatcherConfig]). It
// is safe for concurrent use; Dispatch calls on one Dispatcher run one at a
// time.
type Dispatcher struct {
	outbox Outbox
	clock  Clock
	cfg    DispatcherConfig
	log    *slog.Logger

	mu       sync.RWMutex
	handlers map[EventKind][]handler
	run      sync.Mutex
}

// NewDispatcher returns a Dispatcher reading outbox that retries, polls and
// reports as cfg says; a zero field of cfg takes its default.
func NewDispatcher(outbox Outbox, cfg DispatcherConfig) *Dispatcher {
	cfg = cfg.withDefaults()
	return &Dispatcher{outbox: outbox, clock: cfg.Clock, cfg: cfg, log: orDiscard(cfg.Logger), handlers: make(map[EventKind][]handler)}
}

// Config returns the configuration the Dispatcher runs with, defaults
// filled in.
func (d *Dispatcher) Config() DispatcherConfig { return d.cfg }

// Handle registers h for events of kind. A handler must be idempotent:
// delivery is at least once, so an event may arrive again after a failure.
// A handler that panics fails the attempt with a *PanicError; the panic
// does not reach the dispatcher's caller.
func (d *Dispatcher) Handle(kind EventKind, h func(ctx context.Context, e Event) error) {
	d.mu.Lock()
	d.handlers[kind] = append(d.handlers[kind], h)
	d.mu.Unlock()
}

// Dispatch delivers every due pending event of a kind it has handlers for
// once, oldest first, and returns how many were delivered. An event is
// marked delivered when all the handlers of its kind succeeded. When one
// fails or panics, the event stays pending (each of its handlers will see
// it again) until its next attempt, RetryDelay after the failure and
// doubling with each failure up to MaxRetryDelay, or becomes a dead letter
// at its MaxAttempts-th failure; the first such error is returned after the
// other events were tried. Events of other kinds are neither handed out nor
// counted. The error is the outbox's when reading or marking an event
// fails, and ctx's error when it is done between events or batches. When
// ctx ends, the events it claimed and did not settle are released for any
// dispatcher to take, and an attempt that failed as it ended is not
// counted.
func (d *Dispatcher) Dispatch(ctx context.Context) (int, error) {
	n, failed, err := d.dispatch(ctx)
	if err != nil {
		return n, err
	}
	return n, failed
}

// dispatch is Dispatch, with the first handler failure apart from the
// error that stopped it (the outbox's or ctx's).
func (d *Dispatcher) dispatch(ctx context.Context) (delivered int, failed, err error) {
	d.run.Lock()
	defer d.run.Unlock()
	d.mu.RLock()
	handlers := make(map[EventKind][]handler, len(d.handlers))
	kinds := make([]EventKind, 0, len(d.handlers))
	for k, hs := range d.handlers {
		handlers[k] = hs
		kinds = append(kinds, k)
	}
	d.mu.RUnlock()
	if len(kinds) == 0 {
		return 0, nil, nil // nil kinds would ask for every kind
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	const batch = 100
	// Events this call tried and did not deliver, or could not handle: an
	// outbox whose retry falls due at once (a short RetryDelay on a real
	// clock) may hand them out again, and each is tried once per call.
	seen := make(map[string]bool)
	for {
		if err := ctx.Err(); err != nil {
			return delivered, failed, err
		}
		// The claim runs out a lease after it was made: a handler still
		// running then is told, its context canceled with ErrLeaseExpired,
		// since another dispatcher may take the event.
		claimed := time.Now()
		evs, err := d.outbox.Pending(ctx, d.clock.Now(), kinds, batch+len(seen))
		if err != nil {
			return delivered, failed, err
		}
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
		progress := false
		var release []string
		// stop releases the events of this batch not settled yet, the
		// i-th on, and returns err: nothing this call claimed waits for
		// its lease to run out.
		stop := func(i int, err error) (int, error, error) {
			for _, ev := range evs[i:] {
				release = append(release, ev.ID)
			}
			rctx, cancel := settleContext(ctx)
			defer cancel()
			if rerr := d.outbox.Release(rctx, release...); rerr != nil {
				d.log.LogAttrs(ctx, slog.LevelWarn, "outbox release failed", LogAttrs(rerr)...)
			}
			return delivered, failed, err
		}
		for i, ev := range evs {
			if err := ctx.Err(); err != nil {
				return stop(i, err)
			}
			hs := handlers[ev.Kind]
			if seen[ev.ID] || len(hs) == 0 {
				// Tried already, or a kind not asked for: leave it
				// untouched for the next call or another dispatcher.
				seen[ev.ID] = true
				release = append(release, ev.ID)
				continue
			}
			lease := leaseOf(d.outbox)
			if lease > 0 && time.Since(claimed) >= lease {
				// The batch's lease ran out on the events before this one:
				// what is left is claimed again, not handled unclaimed.
				for _, rest := range evs[i:] {
					release = append(release, rest.ID)
				}
				break
			}
			progress = true
			hctx, info, start := d.startDelivery(ctx, ev)
			cancelLease := func() {}
			if lease > 0 {
				hctx, cancelLease = context.WithDeadlineCause(hctx, claimed.Add(lease), ErrLeaseExpired)
			}
			herr := deliver(hctx, hs, ev)
			if herr == nil && context.Cause(hctx) == ErrLeaseExpired {
				// The handler outlived the claim: another dispatcher may be
				// delivering the event too. It is not marked delivered on
				// a claim that is gone; it counts as a failed attempt.
				herr = ErrLeaseExpired
			}
			cancelLease()
			info.Duration = time.Since(start)
			if herr != nil && ctx.Err() != nil {
				// Stopped under the handler: not an attempt of its own.
				d.endDelivery(hctx, info, herr)
				return stop(i, ctx.Err())
			}
			mctx, cancel := settleContext(ctx)
			if herr != nil {
				seen[ev.ID] = true
				if failed == nil {
					failed = fmt.Errorf("dandang: event %s (%s): %w", ev.ID, ev.Kind, herr)
				}
				info.Dead, err = d.fail(mctx, ev, herr)
			} else {
				err = d.outbox.MarkDelivered(mctx, ev.ID, d.clock.Now())
			}
			cancel()
			d.endDelivery(hctx, info, herr)
			if err != nil {
				return stop(i+1, err)
			}
			if herr == nil {
				delivered++
			}
		}
		if len(release) > 0 {
			if err := d.outbox.Release(ctx, release...); err != nil {
				return delivered, failed, err
			}
		}
		if !progress {
			return delivered, failed, nil
		}
	}
}

// ErrLeaseExpired is the cause of a handler's context canceled when the
// outbox's claim on its event runs out (see [Outbox]): another dispatcher may
// take the event, so the handler should stop. An attempt that ends after it
// fails with this error and the event is tried again.
var ErrLeaseExpired = errors.New("dandang: the claim on the event ran out")

// leaser is implemented by an outbox whose claims on pending events run out
// after a lease (see [Outbox]).
type leaser interface {
	Lease() time.Duration
}

func leaseOf(o Outbox) time.Duration {
	if l, ok := o.(leaser); ok {
		return l.Lease()
	}
	return 0
}

// settleTimeout bounds how long a dispatcher that is stopping takes to
// settle the events it holds.
const settleTimeout = 5 * time.Second

// settleContext returns ctx when it is live, and otherwise a context with
// its values that is not done yet, for at most settleTimeout: an event
// handled or claimed before ctx ended is still marked or released.
func settleContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return ctx, func() {}
	}
	return context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
}

// fail records the failed attempt of ev with err: pending again after the
// backoff, or dead at the MaxAttempts-th failure (dead is true then). It
// logs the failure.
func (d *Dispatcher) fail(ctx context.Context, ev Event, err error) (dead bool, merr error) {
	now := d.clock.Now()
	n := ev.Attempts + 1
	attrs := append([]slog.Attr{slog.String("event_id", ev.ID), slog.String("kind", string(ev.Kind)),
		slog.String("case_kind", ev.CaseKind), slog.String("case_id", ev.CaseID), slog.Int("attempt", n)}, LogAttrs(err)...)
	if n >= d.cfg.MaxAttempts {
		d.log.LogAttrs(ctx, slog.LevelError, "event dead-lettered", attrs...)
		return true, d.outbox.MarkDead(ctx, ev.ID, err.Error(), now)
	}
	next := now.Add(d.cfg.delay(n))
	d.log.LogAttrs(ctx, slog.LevelWarn, "event delivery failed", append(attrs, slog.Time("next_attempt", next))...)
	return false, d.outbox.MarkFailed(ctx, ev.ID, err.Error(), next)
}

// startDelivery tells the observer an attempt of ev starts.
func (d *Dispatcher) startDelivery(ctx context.Context, ev Event) (context.Context, DeliveryInfo, time.Time) {
	info := DeliveryInfo{EventID: ev.ID, Kind: ev.Kind, CaseKind: ev.CaseKind, CaseID: ev.CaseID, Attempt: ev.Attempts + 1}
	if d.cfg.Observer != nil {
		ctx = d.cfg.Observer.DeliveryStart(ctx, info)
	}
	return ctx, info, time.Now()
}

// endDelivery tells the observer the attempt ended with err.
func (d *Dispatcher) endDelivery(ctx context.Context, info DeliveryInfo, err error) {
	if d.cfg.Observer == nil {
		return
	}
	if err != nil {
		info.Code, info.Rule = ErrorCode(err), ErrorRule(err)
	}
	d.cfg.Observer.DeliveryEnd(ctx, info, err)
}

// deliver hands ev to each of hs in turn and returns the first error; a
// handler that panics fails with a *PanicError.
func deliver(ctx context.Context, hs []handler, ev Event) error {
	for _, h := range hs {
		if err := call(ctx, h, ev); err != nil {
			return err
		}
	}
	return nil
}

func call(ctx context.Context, h handler, ev Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &PanicError{Value: p, Stack: debug.Stack()}
		}
	}()
	return h(ctx, ev)
}

// Run delivers events until ctx ends, as Dispatch does, pass after pass:
// at once, then whenever the outbox says events were written (when it
// has a Notify method, see [Outbox]) and at the latest every PollInterval, so that
// events falling due after a backoff and writes a notification missed are
// delivered too. A handler's failure is counted, logged and retried as
// Dispatch does; an outbox error is logged and the next pass tried after
// PollInterval, so Run rides out a database restart. Run on one Dispatcher
// at a time; Dispatch calls made meanwhile wait for its pass.
//
// When ctx ends, Run stops after the handler running then returns,
// releases the events it claimed and did not settle (so none waits for its
// lease), and returns nil when ctx was canceled without a cause, and
// [context.Cause] otherwise (a deadline, or the cause given to
// [context.WithCancelCause]).
func (d *Dispatcher) Run(ctx context.Context) error {
	var wake <-chan struct{}
	if n, ok := d.outbox.(notifier); ok {
		ch, err := n.Notify(ctx)
		if err != nil {
			d.log.LogAttrs(ctx, slog.LevelWarn, "outbox notifications unavailable: polling only", LogAttrs(err)...)
		} else {
			wake = ch
		}
	}
	poll := time.NewTimer(d.cfg.PollInterval)
	defer poll.Stop()
	for {
		_, _, err := d.dispatch(ctx)
		if ctx.Err() != nil {
			return stopped(ctx)
		}
		if err != nil {
			d.log.LogAttrs(ctx, slog.LevelError, "outbox unavailable: retrying at the next poll",
				append(LogAttrs(err), slog.Duration("poll_interval", d.cfg.PollInterval))...)
		}
		poll.Reset(d.cfg.PollInterval)
		select {
		case <-ctx.Done():
			return stopped(ctx)
		case _, ok := <-wake:
			if !ok {
				wake = nil
			}
		case <-poll.C:
		}
	}
}

// stopped is what Run returns when ctx ended: nil for a plain cancel, the
// cause otherwise.
func stopped(ctx context.Context) error {
	if err := context.Cause(ctx); err != context.Canceled {
		return err
	}
	return nil
}
