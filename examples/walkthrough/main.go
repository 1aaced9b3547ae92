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
	db := memdb.New()
	fmt.Fprintln(out, "store: in-memory (go-memdb)")
	return walk.All(ctx, out, walk.Stores{Clearance: memdb.NewStore(db, clearance.Cases), FollowUp: memdb.NewStore(db, followup.Cases), Tolerance: memdb.NewStore(db, tolerance.Cases),
		Accusation: memdb.NewStore(db, accusation.Cases), Outbox: db.Outbox()})
}
