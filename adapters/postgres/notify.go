package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// NotifyChannel is the channel every save or Publish that writes outbox
// events notifies, in the same transaction, with the schema's name as the
// payload. A host that inserts outbox rows by other means can wake the
// dispatchers with SELECT pg_notify('dandang_outbox', current_schema()).
const NotifyChannel = "dandang_outbox"

const notifyOutbox = "SELECT pg_notify($1, coalesce(current_schema(), ''))"

// The delays between two attempts of the listener to connect: from
// listenRetryMin, doubling, at most listenRetryMax.
const (
	listenRetryMin = 100 * time.Millisecond
	listenRetryMax = 5 * time.Second
)

// Notify wakes a running dandang.Dispatcher with LISTEN/NOTIFY: it opens a
// connection of its own (not one of the pool's), with the pool's
// connection settings, LISTENs on [NotifyChannel], and sends on the
// channel it returns whenever an outbox write to this DB's schema commits.
// When the connection is lost it connects again, from 100 milliseconds
// after the loss and backing off to 5 seconds between attempts, and sends
// once it listens again, as writes may have been missed meanwhile;
// [dandang.Dispatcher.Run] keeps polling in between. The connection is
// closed, and the channel with it, when ctx ends. The error is never
// non-nil: a server that cannot be reached at first is retried like a lost
// connection.
func (o *Outbox) Notify(ctx context.Context) (<-chan struct{}, error) {
	cfg := o.db.pool.Config().ConnConfig.Copy()
	name := cfg.RuntimeParams["application_name"]
	if name == "" {
		name = "dandang"
	}
	cfg.RuntimeParams["application_name"] = name + " (outbox listener)"
	ch := make(chan struct{}, 1)
	go func() {
		defer close(ch)
		delay := listenRetryMin
		for {
			if listen(ctx, cfg, ch) {
				delay = listenRetryMin
			}
			t := time.NewTimer(delay)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			delay = min(2*delay, listenRetryMax)
		}
	}()
	return ch, nil
}

// wake sends on ch without waiting: a wake-up pending is enough.
func wake(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// listen connects with cfg, LISTENs, wakes ch once and then for every
// notification from its schema, until the connection fails or ctx ends. It
// reports whether it got as far as listening.
func listen(ctx context.Context, cfg *pgx.ConnConfig, ch chan<- struct{}) (listened bool) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	var schema string
	if err := conn.QueryRow(ctx, "SELECT coalesce(current_schema(), '')").Scan(&schema); err != nil {
		return false
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{NotifyChannel}.Sanitize()); err != nil {
		return false
	}
	wake(ch) // writes made while no one listened
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true
		}
		if n.Payload == schema {
			wake(ch)
		}
	}
}
