package memdb

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"github.com/hashicorp/go-memdb"
)

// eventRow is an outbox event as stored, with its index keys, each NUL
// terminated and kept by the indexes as they are (see keyed).
type eventRow struct {
	id []byte // the event's ID
	// pendingKind orders pending events by kind, then time and ID; nil
	// (not indexed) unless the event is pending. Pending events of every
	// kind are read a kind at a time: an index of its own would be one more
	// radix tree written by every command that emits an event.
	pendingKind []byte
	// dead orders dead letters by the time they died, then ID; nil unless
	// the event is dead.
	dead []byte
	ev   dandang.Event
}

// timeKey encodes t so that keys compare as the times do, before and after
// 1970 alike.
func timeKey(t time.Time) string {
	return fmt.Sprintf("%020d", uint64(t.UnixNano())+1<<63)
}

func newEventRow(e dandang.Event) *eventRow {
	e.Payload = append([]byte(nil), e.Payload...)
	if e.State == "" {
		e.State = dandang.EventPending
		if !e.DeliveredAt.IsZero() {
			e.State = dandang.EventDelivered
		}
	}
	row := &eventRow{id: nulTerminated(e.ID), ev: e}
	switch e.State {
	case dandang.EventPending:
		row.pendingKind = rowKeyOf(string(e.Kind), timeKey(e.At)+"/"+e.ID)
	case dandang.EventDead:
		row.dead = nulTerminated(timeKey(e.DeadAt) + "/" + e.ID)
	}
	return row
}

// pendingKey orders a pending event by time, then ID.
func (r *eventRow) pendingKey() string {
	k := r.pendingKind
	return string(k[bytes.IndexByte(k, 0)+1:])
}

// pendingKinds returns the kinds of the pending events, skipping through
// the index a kind at a time.
func pendingKinds(txn *memdb.Txn) ([]dandang.EventKind, error) {
	var kinds []dandang.EventKind
	seek := ""
	for {
		it, err := txn.LowerBound(tableOutbox, "pending_kind", seek)
		if err != nil {
			return nil, err
		}
		obj := it.Next()
		if obj == nil {
			return kinds, nil
		}
		k := obj.(*eventRow).pendingKind
		kind := string(k[:bytes.IndexByte(k, 0)])
		kinds = append(kinds, dandang.EventKind(kind))
		seek = kind + "\x01" // after every key of the kind: a kind holds no control character
	}
}

// Outbox is the dandang.Outbox over a DB: the events every process store
// wrote, delivered by a dandang.Dispatcher. It is safe for concurrent use.
// It does not claim events (Release does nothing): run one Dispatcher on a
// DB (a memdb lives in one process), or two may hand the same event out at
// once; the PostgreSQL outbox claims events for several instances.
type Outbox struct {
	db *DB
}

// Pending returns up to limit pending events whose kind is one of kinds
// (any kind when kinds is nil) and whose next attempt is not after now,
// oldest first. The error is Canceled when ctx is done.
func (o *Outbox) Pending(ctx context.Context, now time.Time, kinds []dandang.EventKind, limit int) ([]dandang.Event, error) {
	const op = "memdb.Outbox.Pending"
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	txn := o.db.db.Txn(false)
	// due collects up to limit due events from it, in its order.
	due := func(it memdb.ResultIterator) []*eventRow {
		var out []*eventRow
		for obj := it.Next(); obj != nil && len(out) < limit; obj = it.Next() {
			row := obj.(*eventRow)
			if row.ev.NextAttempt.IsZero() || !row.ev.NextAttempt.After(now) {
				out = append(out, row)
			}
		}
		return out
	}
	var rows []*eventRow
	if kinds == nil {
		var err error
		if kinds, err = pendingKinds(txn); err != nil {
			return nil, internal(op, err)
		}
	}
	{
		asked := make(map[dandang.EventKind]bool, len(kinds))
		for _, k := range kinds {
			if asked[k] {
				continue
			}
			asked[k] = true
			it, err := txn.Get(tableOutbox, "pending_kind_prefix", string(k)+"\x00")
			if err != nil {
				return nil, internal(op, err)
			}
			rows = append(rows, due(it)...)
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].pendingKey() < rows[j].pendingKey() })
		if len(rows) > limit {
			rows = rows[:limit]
		}
	}
	out := make([]dandang.Event, 0, len(rows))
	for _, row := range rows {
		e := row.ev
		e.Payload = append([]byte(nil), e.Payload...)
		out = append(out, e)
	}
	return out, nil
}

// All returns every event, delivered or not, in ID order. The error is
// Canceled when ctx is done.
func (o *Outbox) All(ctx context.Context) ([]dandang.Event, error) {
	if err := kit.ContextError(ctx, "memdb.Outbox.All"); err != nil {
		return nil, err
	}
	txn := o.db.db.Txn(false)
	it, err := txn.Get(tableOutbox, "id")
	if err != nil {
		return nil, internal("memdb.Outbox.All", err)
	}
	var out []dandang.Event
	for obj := it.Next(); obj != nil; obj = it.Next() {
		e := obj.(*eventRow).ev
		e.Payload = append([]byte(nil), e.Payload...)
		out = append(out, e)
	}
	return out, nil
}

// update applies f to the event id when pending says it may (nil: in any
// state), in one write transaction. The error is NotFound when there is no
// such event.
func (o *Outbox) update(ctx context.Context, op, id string, pending func(dandang.EventState) bool, f func(*dandang.Event)) error {
	if err := kit.ContextError(ctx, op); err != nil {
		return err
	}
	txn := o.db.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(tableOutbox, "id", id)
	if err != nil {
		return internal(op, err)
	}
	if obj == nil {
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: "no event " + id}
	}
	e := obj.(*eventRow).ev
	if pending != nil && !pending(e.State) {
		return nil
	}
	f(&e)
	if err := txn.Insert(tableOutbox, newEventRow(e)); err != nil {
		return internal(op, err)
	}
	txn.Commit()
	return nil
}

func isPending(s dandang.EventState) bool { return s == dandang.EventPending }

// MarkDelivered counts a successful attempt and marks the event delivered
// at at. The error is NotFound when there is no such event, and Canceled
// when ctx is done.
func (o *Outbox) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	return o.update(ctx, "memdb.Outbox.MarkDelivered", id, nil, func(e *dandang.Event) {
		e.Attempts++
		e.State, e.DeliveredAt, e.NextAttempt, e.DeadAt = dandang.EventDelivered, at, time.Time{}, time.Time{}
	})
}

// MarkFailed counts a failed attempt; the event stays pending, due again at
// retryAt. An event no longer pending is left as it is. The error is
// NotFound when there is no such event, and Canceled when ctx is done.
func (o *Outbox) MarkFailed(ctx context.Context, id, reason string, retryAt time.Time) error {
	return o.update(ctx, "memdb.Outbox.MarkFailed", id, isPending, func(e *dandang.Event) {
		e.Attempts++
		e.LastError, e.NextAttempt = reason, retryAt
	})
}

// MarkDead counts a failed attempt and makes the event a dead letter at
// at. An event no longer pending is left as it is. The error is NotFound
// when there is no such event, and Canceled when ctx is done.
func (o *Outbox) MarkDead(ctx context.Context, id, reason string, at time.Time) error {
	return o.update(ctx, "memdb.Outbox.MarkDead", id, isPending, func(e *dandang.Event) {
		e.Attempts++
		e.State, e.LastError, e.DeadAt, e.NextAttempt = dandang.EventDead, reason, at, time.Time{}
	})
}

// Release does nothing, as the outbox does not claim events. The error is
// Canceled when ctx is done.
func (o *Outbox) Release(ctx context.Context, ids ...string) error {
	return kit.ContextError(ctx, "memdb.Outbox.Release")
}

// DeadLetters returns up to limit dead events, the earliest dead first.
// The error is Canceled when ctx is done.
func (o *Outbox) DeadLetters(ctx context.Context, limit int) ([]dandang.Event, error) {
	const op = "memdb.Outbox.DeadLetters"
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	it, err := o.db.db.Txn(false).Get(tableOutbox, "dead")
	if err != nil {
		return nil, internal(op, err)
	}
	var out []dandang.Event
	for obj := it.Next(); obj != nil && len(out) < limit; obj = it.Next() {
		e := obj.(*eventRow).ev
		e.Payload = append([]byte(nil), e.Payload...)
		out = append(out, e)
	}
	return out, nil
}

// Retry puts a dead event back to pending, due at once, with no attempts
// counted; its LastError is kept. The error is NotFound when there is no
// such event, Conflict when it is not dead, and Canceled when ctx is done.
func (o *Outbox) Retry(ctx context.Context, id string) error {
	const op = "memdb.Outbox.Retry"
	var state dandang.EventState
	err := o.update(ctx, op, id, func(s dandang.EventState) bool { state = s; return s == dandang.EventDead }, func(e *dandang.Event) {
		e.State, e.Attempts, e.DeadAt, e.NextAttempt = dandang.EventPending, 0, time.Time{}, time.Time{}
	})
	if err == nil && state != dandang.EventDead {
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: fmt.Sprintf("event %s is %s, not dead", id, state)}
	}
	return err
}

// Publish adds events to the outbox on their own, for facts that come from
// outside the library's processes — a report concluded in the embedding
// system's own report register, say — so that the Dispatcher delivers them
// like any other. An event whose ID exists is a Conflict error, and then none
// is added; the error is Canceled when ctx is done.
func (o *Outbox) Publish(ctx context.Context, events ...dandang.Event) error {
	const op = "memdb.Outbox.Publish"
	if err := kit.ContextError(ctx, op); err != nil {
		return err
	}
	txn := o.db.db.Txn(true)
	defer txn.Abort()
	if err := insertEvents(txn, op, events); err != nil {
		return err
	}
	txn.Commit()
	if len(events) > 0 {
		o.db.wake()
	}
	return nil
}

// Notify wakes a running dandang.Dispatcher: the channel receives a value soon
// after any store on the DB, or Publish, wrote events, and is closed when
// ctx ends. It never fails.
func (o *Outbox) Notify(ctx context.Context) (<-chan struct{}, error) {
	ch := make(chan struct{}, 1)
	db := o.db
	db.mu.Lock()
	if db.subs == nil {
		db.subs = make(map[chan struct{}]struct{})
	}
	db.subs[ch] = struct{}{}
	db.mu.Unlock()
	context.AfterFunc(ctx, func() {
		db.mu.Lock()
		delete(db.subs, ch)
		close(ch)
		db.mu.Unlock()
	})
	return ch, nil
}
