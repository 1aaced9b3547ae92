package postgres

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/dandang/dandang"
	"github.com/jackc/pgx/v5"
)

// Outbox is the dandang.Outbox over a DB. Pending claims the events it
// returns for the DB's lease with FOR UPDATE SKIP LOCKED, so that
// dispatchers on several instances never hold the same event at once; a
// claim ends with MarkDelivered, MarkFailed, or the lease running out. It is
// safe for concurrent use.
//
// With a dandang.Dispatcher, an event whose handler failed is claimed again
// by the same Dispatch call and left alone there: it waits out one lease
// before any instance retries it, which spaces the retries of a failing
// handler.
type Outbox struct {
	db *DB
}

// Pending claims up to limit undelivered, unclaimed events and returns them,
// oldest first. The error is Canceled when ctx is done, Internal for any
// other failure.
func (o *Outbox) Pending(ctx context.Context, limit int) ([]dandang.Event, error) {
	const op = "postgres.Outbox.Pending"
	rows, err := o.db.pool.Query(ctx, `UPDATE outbox SET claimed_until = now() + $2::interval
		WHERE id IN (SELECT id FROM outbox
			WHERE delivered_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
			ORDER BY at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
		RETURNING id, kind, case_kind, case_id, at, payload, attempts, last_error`,
		limit, fmt.Sprintf("%d microseconds", o.db.lease.Microseconds()))
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	defer rows.Close()
	var out []dandang.Event
	for rows.Next() {
		var e dandang.Event
		var kind string
		if err := rows.Scan(&e.ID, &kind, &e.CaseKind, &e.CaseID, &e.At, &e.Payload, &e.Attempts, &e.LastError); err != nil {
			return nil, fail(ctx, op, err)
		}
		e.Kind = dandang.EventKind(kind)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, op, err)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (o *Outbox) update(ctx context.Context, op, sql string, args ...any) error {
	tag, err := o.db.pool.Exec(ctx, sql, args...)
	if err != nil {
		return fail(ctx, op, err)
	}
	if tag.RowsAffected() == 0 {
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no event %v", args[0])}
	}
	return nil
}

// MarkDelivered marks the event delivered at at and ends its claim. The
// error is NotFound when there is no such event, Canceled when ctx is done,
// Internal for any other failure.
func (o *Outbox) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	return o.update(ctx, "postgres.Outbox.MarkDelivered",
		"UPDATE outbox SET delivered_at = $2, attempts = attempts + 1, claimed_until = NULL WHERE id = $1", id, at)
}

// MarkFailed counts a failed attempt and ends the claim; the event stays
// pending. The error is NotFound when there is no such event, Canceled when
// ctx is done, Internal for any other failure.
func (o *Outbox) MarkFailed(ctx context.Context, id, reason string) error {
	return o.update(ctx, "postgres.Outbox.MarkFailed",
		"UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL WHERE id = $1", id, reason)
}

// Publish adds events to the outbox on their own, for facts from outside
// the library's processes, in one batch that the server runs as one
// implicit transaction. An event whose ID exists is a Conflict error, and
// then none is added; the error is Canceled when ctx is done, Internal for
// any other failure.
func (o *Outbox) Publish(ctx context.Context, events ...dandang.Event) error {
	const op = "postgres.Outbox.Publish"
	b := &pgx.Batch{}
	queueEvents(b, events)
	if err := o.db.pool.SendBatch(ctx, b).Close(); err != nil {
		if isUnique(err) {
			return &dandang.Error{Code: dandang.Conflict, Op: op, Message: "an event exists already", Err: err}
		}
		return fail(ctx, op, err)
	}
	return nil
}
