package walk

import (
	"context"
	"fmt"
	"io"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
)

// Stores are what the whole walkthrough runs on: one store per process and
// the outbox they write to, from whichever adapter an example wires.
type Stores struct {
	Clearance  clearance.Store
	FollowUp   followup.Store
	Tolerance  tolerance.Store
	Accusation accusation.Store
	Outbox     dandang.Outbox
}

// All wires every process on st with the walkthrough's directory and a
// fixed clock, and replays every seed case, starting from reports: the
// reports and the clearances and follow-ups their events open through the
// outbox (Accusation, Deliver), the clearances of 2023 (Run), Songyang's
// cadre (FollowUp) and the tolerance cases (Tolerance).
func All(ctx context.Context, out io.Writer, st Stores) error {
	clock := dandang.NewFixedClock(Start)
	dir, err := Directory()
	if err != nil {
		return err
	}
	svc, err := clearance.NewService(clearance.Config{Store: st.Clearance, Directory: dir, Clock: clock})
	if err != nil {
		return err
	}
	fu, err := followup.NewService(followup.Config{Store: st.FollowUp, Directory: dir, Clock: clock})
	if err != nil {
		return err
	}
	tol, err := tolerance.NewService(tolerance.Config{Store: st.Tolerance, Directory: dir, Clock: clock})
	if err != nil {
		return err
	}
	// Reporters' identities are sealed under the host's keys (AC16): a KMS in
	// production, a random in-memory key here.
	acc, err := accusation.NewService(accusation.Config{Store: st.Accusation, Directory: dir, Clock: clock, Keys: accusation.RandomKeys()})
	if err != nil {
		return err
	}
	if err := Accusation(ctx, out, acc, clock, dir); err != nil {
		return err
	}
	// The concluded reports and established malice flow through the outbox
	// into clearance (CL01, AC12), the accuser's discipline into follow-up.
	if err := Deliver(ctx, out, svc, fu, st.Outbox, clock); err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := Run(ctx, out, Env{Service: svc, Reports: acc, FollowUp: fu, Outbox: st.Outbox, Clock: clock}); err != nil {
		return err
	}
	fmt.Fprintln(out)
	if err := FollowUp(ctx, out, fu, clock, dir); err != nil {
		return err
	}
	fmt.Fprintln(out)
	return Tolerance(ctx, out, tol, clock, dir)
}
