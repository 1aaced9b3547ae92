package postgres

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"github.com/jackc/pgx/v5"
)

// Outbox is the dandang.Outbox over a DB. Pending claims the events it
// returns for the DB's lease with FOR UPDATE SKIP LOCKED, so that
// dispatchers on several instances never hold the same event at once; a
// claim ends with MarkDelivered, MarkFailed, MarkDead, Release, or the lease
// running out. Pending hands out only the kinds it is asked for, so an
// instance without a handler for a kind never claims its events. It is safe
// for concurrent use.
type Outbox struct {
	db *DB
}

// eventColumns are the columns scanEvent reads, in its order.
const eventColumns = `id, kind, case_kind, case_id, at, payload, state, attempts, last_error, next_attempt, delivered_at, dead_at`

func scanEvent(row pgx.CollectableRow) (dandang.Event, error) {
	var e dandang.Event
	var kind, state string
	var next, delivered, dead *time.Time
	if err := row.Scan(&e.ID, &kind, &e.CaseKind, &e.CaseID, &e.At, &e.Payload, &state, &e.Attempts, &e.LastError,
		&next, &delivered, &dead); err != nil {
		return e, err
	}
	e.Kind, e.State = dandang.EventKind(kind), dandang.EventState(state)
	for _, t := range []struct {
		dst *time.Time
		src *time.Time
	}{{&e.NextAttempt, next}, {&e.DeliveredAt, delivered}, {&e.DeadAt, dead}} {
		if t.src != nil {
			*t.dst = *t.src
		}
	}
	return e, nil
}

// query runs sql and returns the events of its rows.
//
// A query that meets a lost connection runs once more on a fresh one
// ([DB.readAgain]). For a claim (Pending) that is safe too: a claim whose
// answer was lost with its connection holds its events until the lease
// ends, as a dispatcher that died after claiming does, and they are then
// claimed again.
func (o *Outbox) query(ctx context.Context, op, sql string, args ...any) ([]dandang.Event, error) {
	var out []dandang.Event
	err := o.db.readAgain(ctx, func() error {
		rows, err := o.db.conn(ctx).Query(ctx, sql, args...)
		if err != nil {
			return err
		}
		out, err = pgx.CollectRows(rows, scanEvent)
		return err
	})
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	return out, nil
}

// Pending claims up to limit pending, unclaimed events whose kind is one of
// kinds (any kind when kinds is nil) and whose next attempt is not after
// now, and returns them, oldest first. The error is Canceled when ctx is
// done, Internal for any other failure.
func (o *Outbox) Pending(ctx context.Context, now time.Time, kinds []dandang.EventKind, limit int) ([]dandang.Event, error) {
	var ks []string // NULL when kinds is nil: every kind
	if kinds != nil {
		ks = make([]string, len(kinds))
		for i, k := range kinds {
			ks[i] = string(k)
		}
	}
	out, err := o.query(ctx, "postgres.Outbox.Pending", `UPDATE outbox SET claimed_until = now() + $2::interval
		WHERE id IN (SELECT id FROM outbox
			WHERE state = 'pending' AND (claimed_until IS NULL OR claimed_until < now())
				AND (next_attempt IS NULL OR next_attempt <= $3)
				AND ($4::text[] IS NULL OR kind = ANY($4::text[]))
			ORDER BY at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
		RETURNING `+eventColumns,
		limit, fmt.Sprintf("%d microseconds", o.db.lease.Microseconds()), now, ks)
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// All returns every event, in any state, in ID order, without claiming
// any. The error is Canceled when ctx is done, Internal for any other
// failure.
func (o *Outbox) All(ctx context.Context) ([]dandang.Event, error) {
	return o.query(ctx, "postgres.Outbox.All", "SELECT "+eventColumns+" FROM outbox ORDER BY id COLLATE \"C\"")
}

// DeadLetters returns up to limit dead events, the earliest dead first. The
// error is Canceled when ctx is done, Internal for any other failure.
func (o *Outbox) DeadLetters(ctx context.Context, limit int) ([]dandang.Event, error) {
	return o.query(ctx, "postgres.Outbox.DeadLetters",
		"SELECT "+eventColumns+" FROM outbox WHERE state = 'dead' ORDER BY dead_at, id COLLATE \"C\" LIMIT $1", limit)
}

func (o *Outbox) update(ctx context.Context, op, sql string, args ...any) error {
	tag, err := o.db.conn(ctx).Exec(ctx, sql, args...)
	if err != nil {
		return fail(ctx, op, err)
	}
	if tag.RowsAffected() == 0 {
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no event %v", args[0])}
	}
	return nil
}

// updatePending runs set on the event args[0] if it is pending, in one
// statement; an event in another state is left as it is. The error is
// NotFound when there is no such event.
func (o *Outbox) updatePending(ctx context.Context, op, set string, args ...any) error {
	var found bool
	err := o.db.conn(ctx).QueryRow(ctx, `WITH u AS (UPDATE outbox SET `+set+` WHERE id = $1 AND state = 'pending' RETURNING 1)
		SELECT EXISTS (SELECT 1 FROM outbox WHERE id = $1)`, args...).Scan(&found)
	if err != nil {
		return fail(ctx, op, err)
	}
	if !found {
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no event %v", args[0])}
	}
	return nil
}

// MarkDelivered counts a successful attempt, marks the event delivered at
// at and ends its claim. The error is NotFound when there is no such event,
// Canceled when ctx is done, Internal for any other failure.
func (o *Outbox) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	return o.update(ctx, "postgres.Outbox.MarkDelivered", `UPDATE outbox SET state = 'delivered', delivered_at = $2,
		attempts = attempts + 1, claimed_until = NULL, next_attempt = NULL, dead_at = NULL WHERE id = $1`, id, at)
}

// MarkFailed counts a failed attempt and ends the claim; the event stays
// pending, due again at retryAt. An event no longer pending is left as it
// is. The error is NotFound when there is no such event, Canceled when ctx
// is done, Internal for any other failure.
func (o *Outbox) MarkFailed(ctx context.Context, id, reason string, retryAt time.Time) error {
	return o.updatePending(ctx, "postgres.Outbox.MarkFailed",
		"attempts = attempts + 1, last_error = $2, next_attempt = $3, claimed_until = NULL", id, reason, retryAt)
}

// MarkDead counts a failed attempt, ends the claim and makes the event a
// dead letter at at. An event no longer pending is left as it is. The error
// is NotFound when there is no such event, Canceled when ctx is done,
// Internal for any other failure.
func (o *Outbox) MarkDead(ctx context.Context, id, reason string, at time.Time) error {
	return o.updatePending(ctx, "postgres.Outbox.MarkDead",
		"state = 'dead', attempts = attempts + 1, last_error = $2, dead_at = $3, next_attempt = NULL, claimed_until = NULL",
		id, reason, at)
}

// Lease returns how long a claim of Pending lasts (the DB's lease,
// [DB.SetLease]): it has the Lease method dandang.Outbox describes, so that a dispatcher tells
// a handler that outlives it.
func (o *Outbox) Lease() time.Duration { return o.db.lease }

// Release ends the claims on the events with ids that are still pending,
// without counting an attempt; unknown IDs are ignored. The error is
// Canceled when ctx is done, Internal for any other failure.
func (o *Outbox) Release(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return kit.ContextError(ctx, "postgres.Outbox.Release")
	}
	if _, err := o.db.conn(ctx).Exec(ctx, "UPDATE outbox SET claimed_until = NULL WHERE id = ANY($1) AND state = 'pending'", ids); err != nil {
		return fail(ctx, "postgres.Outbox.Release", err)
	}
	return nil
}

// Retry puts a dead event back to pending, due at once, with no attempts
// counted; its LastError is kept. The error is NotFound when there is no
// such event, Conflict when it is not dead, Canceled when ctx is done,
// Internal for any other failure.
func (o *Outbox) Retry(ctx context.Context, id string) error {
	const op = "postgres.Outbox.Retry"
	var state *string
	var retried bool
	err := o.db.conn(ctx).QueryRow(ctx, `WITH u AS (UPDATE outbox SET state = 'pending', attempts = 0, dead_at = NULL,
			next_attempt = NULL, claimed_until = NULL WHERE id = $1 AND state = 'dead' RETURNING 1)
		SELECT (SELECT state FROM outbox WHERE id = $1), EXISTS (SELECT 1 FROM u)`, id).Scan(&state, &retried)
	switch {
	case err != nil:
		return fail(ctx, op, err)
	case retried:
		return nil
	case state == nil:
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: "no event " + id}
	default:
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: fmt.Sprintf("event %s is %s, not dead", id, *state)}
	}
}

// Publish adds events to the outbox on their own, for facts from outside
// the library's processes, in one batch that the server runs as one
// implicit transaction (on a context from [WithTx], in the host's
// transaction, committed with it). An event whose ID exists is a Conflict error, and
// then none is added; the error is Canceled when ctx is done, Internal for
// any other failure.
func (o *Outbox) Publish(ctx context.Context, events ...dandang.Event) error {
	const op = "postgres.Outbox.Publish"
	b := &pgx.Batch{}
	queueEvents(b, events)
	if err := o.db.sendBatch(ctx, b); err != nil {
		if isUnique(err) {
			return &dandang.Error{Code: dandang.Conflict, Op: op, Message: "an event exists already", Err: err}
		}
		return fail(ctx, op, err)
	}
	return nil
}
