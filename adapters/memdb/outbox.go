package memdb

import (
	"context"
	"fmt"
	"time"

	"github.com/dandang/dandang"
)

type eventRow struct {
	ID string
	// PendingKey orders pending events by time, then ID; empty (not
	// indexed) once delivered.
	PendingKey string
	ev         dandang.Event
}

func newEventRow(e dandang.Event) *eventRow {
	e.Payload = append([]byte(nil), e.Payload...)
	row := &eventRow{ID: e.ID, ev: e}
	if e.DeliveredAt.IsZero() {
		row.PendingKey = fmt.Sprintf("%020d/%s", e.At.UnixNano(), e.ID)
	}
	return row
}

// Outbox is the dandang.Outbox over a DB: the events every process store
// wrote, delivered by a dandang.Dispatcher. It is safe for concurrent use.
// It does not claim events: run one Dispatcher on a DB (a memdb lives in one
// process), or two may hand the same event out at once; the PostgreSQL
// outbox claims events for several instances.
type Outbox struct {
	db *DB
}

// Pending returns up to limit undelivered events, oldest first. The error
// is Canceled when ctx is done.
func (o *Outbox) Pending(ctx context.Context, limit int) ([]dandang.Event, error) {
	if err := dandang.ContextError(ctx, "memdb.Outbox.Pending"); err != nil {
		return nil, err
	}
	txn := o.db.db.Txn(false)
	it, err := txn.Get(tableOutbox, "pending")
	if err != nil {
		return nil, internal("memdb.Outbox.Pending", err)
	}
	var out []dandang.Event
	for obj := it.Next(); obj != nil && len(out) < limit; obj = it.Next() {
		e := obj.(*eventRow).ev
		e.Payload = append([]byte(nil), e.Payload...)
		out = append(out, e)
	}
	return out, nil
}

// All returns every event, delivered or not, in ID order. The error is
// Canceled when ctx is done.
func (o *Outbox) All(ctx context.Context) ([]dandang.Event, error) {
	if err := dandang.ContextError(ctx, "memdb.Outbox.All"); err != nil {
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

func (o *Outbox) update(ctx context.Context, op, id string, f func(*dandang.Event)) error {
	if err := dandang.ContextError(ctx, op); err != nil {
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
	f(&e)
	if err := txn.Insert(tableOutbox, newEventRow(e)); err != nil {
		return internal(op, err)
	}
	txn.Commit()
	return nil
}

// MarkDelivered marks the event delivered at at. The error is NotFound
// when there is no such event, and Canceled when ctx is done.
func (o *Outbox) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	return o.update(ctx, "memdb.Outbox.MarkDelivered", id, func(e *dandang.Event) {
		e.Attempts++
		e.DeliveredAt = at
	})
}

// MarkFailed counts a failed attempt; the event stays pending. The error is
// NotFound when there is no such event, and Canceled when ctx is done.
func (o *Outbox) MarkFailed(ctx context.Context, id, reason string) error {
	return o.update(ctx, "memdb.Outbox.MarkFailed", id, func(e *dandang.Event) {
		e.Attempts++
		e.LastError = reason
	})
}

// Publish adds events to the outbox on their own, for facts that come from
// outside the library's processes — a report concluded in the embedding
// system's own report register, say — so that the Dispatcher delivers them
// like any other. An event whose ID exists is a Conflict error, and then none
// is added; the error is Canceled when ctx is done.
func (o *Outbox) Publish(ctx context.Context, events ...dandang.Event) error {
	const op = "memdb.Outbox.Publish"
	if err := dandang.ContextError(ctx, op); err != nil {
		return err
	}
	txn := o.db.db.Txn(true)
	defer txn.Abort()
	if err := insertEvents(txn, op, events); err != nil {
		return err
	}
	txn.Commit()
	return nil
}
