// Command walkthrough replays clearance cases from the seed documents on the
// embedded in-memory store and prints each case's timeline, the notices, the
// statistics per organ in the seeds' form, and whether every history chain
// verifies.
//
//	go run ./examples/walkthrough
//
// The cases are those of package internal/walk: a judge cleared by written
// notice (seed 001), a village party secretary cleared at a public meeting
// after supervision pushed a late case (002), a township case approved at
// county level (004), a party branch cleared by circular, and a case where
// clearing is declined.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/tolerance"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "walkthrough:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	clock := dandang.NewFixedClock(walk.Start)
	db := memdb.New()
	dir, err := walk.Directory()
	if err != nil {
		return err
	}
	svc, err := clearance.NewService(clearance.Config{Store: db.Clearance(), Directory: dir, Clock: clock})
	if err != nil {
		return err
	}
	fu, err := followup.NewService(followup.Config{Store: db.FollowUp(), Directory: dir, Clock: clock})
	if err != nil {
		return err
	}
	tol, err := tolerance.NewService(tolerance.Config{Store: db.Tolerance(), Directory: dir, Clock: clock})
	if err != nil {
		return err
	}
	// Reporters' identities are sealed under the host's keys (AC16): a KMS in
	// production, a random in-memory key here.
	acc, err := accusation.NewService(accusation.Config{Store: db.Accusation(), Directory: dir, Clock: clock, Keys: accusation.RandomKeys()})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "store: in-memory (go-memdb)")
	if err := walk.Run(ctx, out, walk.Env{Service: svc, FollowUp: fu, Outbox: db.Outbox(), Publish: db.Outbox().Publish, Clock: clock}); err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := walk.FollowUp(ctx, out, fu, clock, dir); err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := walk.Tolerance(ctx, out, tol, clock, dir); err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := walk.Accusation(ctx, out, acc, clock, dir); err != nil {
		return err
	}
	// The concluded reports flow through the outbox into clearance (CL01).
	return walk.Deliver(ctx, out, svc, db.Outbox(), clock)
}
