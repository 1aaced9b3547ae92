// Command embed is the README's embedding snippet as a program that
// compiles and runs: a host wires the clearance service on the embedded
// in-memory store with its directory of organs, runs a case through the
// Zhejiang chain, shows a refusal in words, and delivers the events.
//
//	go run ./examples/embed
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"golang.org/x/text/language"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	// The host's organ tree (XC07): loaded at start-up, here built in code
	// (dandang.ReadDirectory reads the same from JSON).
	dir, err := dandang.NewDirectory(
		dandang.Organ{ID: "33", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"},
		dandang.Organ{ID: "3307", Name: "金华市纪委监委", Level: dandang.City, Region: "3307", Superior: "33"},
		dandang.Organ{ID: "330723", Name: "武义县纪委监委", Level: dandang.County, Region: "330723", Superior: "3307"},
		dandang.Organ{ID: "330723101", Name: "武义县履坦镇纪委", Level: dandang.Township, Region: "330723101", Superior: "330723"},
	)
	if err != nil {
		return err
	}
	db := memdb.New() // the embedded in-memory store
	clock := dandang.NewFixedClock(time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China))
	svc, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Directory: dir, Clock: clock})
	if err != nil {
		return err
	}

	// An actor names its organ by ID; the service looks the rest up.
	township := dandang.Organ{ID: "330723101"}
	office := dandang.Actor{ID: "u1", Organ: township, Roles: []dandang.Role{dandang.PetitionOffice}}
	leader := dandang.Actor{ID: "u2", Organ: township, Roles: []dandang.Role{dandang.PrincipalLeader}}
	county := dandang.Actor{ID: "u3", Organ: dandang.Organ{ID: "330723"}, Roles: []dandang.Role{dandang.PetitionOffice}}

	subject := dandang.Subject{ID: "p1", Kind: dandang.Person, Name: "周建国", Position: "村党支部书记",
		Unit: "某村党支部", UnitHead: "吴德明", ManagedAt: dandang.Township, Region: "330723101"}
	c, err := svc.Open(ctx, office, clearance.NewCase{
		Report:      clearance.Report{ID: "R-1", Named: true, ConcludedAt: clock.Now().Add(-24 * time.Hour)},
		Subject:     subject,
		Allegations: []dandang.Allegation{{ID: "1", SubjectID: "p1", Summary: "优亲厚友", Finding: dandang.Unfounded}},
	})
	if err != nil {
		return err
	}
	c, err = svc.Plan(ctx, office, clearance.PlanInput{
		Ref:     c.Ref(),
		Forms:   []clearance.Form{clearance.Written, clearance.Meeting},
		Scope:   "全村党员群众",
		Effects: []clearance.Effect{clearance.OnElection},
	})
	if err != nil {
		return err
	}

	// Every refusal names its rule and field, and reads in words.
	_, err = svc.Propose(ctx, office, clearance.ProposeInput{Ref: c.Ref()})
	if dandang.ErrorRule(err) == "CL06" {
		fmt.Println(clearance.Explain(err, language.SimplifiedChinese))
		fmt.Println(clearance.Explain(err, language.English))
	}

	c, err = svc.Consult(ctx, office, clearance.ConsultInput{Ref: c.Ref(), Agreed: true,
		Forms: []clearance.Form{clearance.Written, clearance.Meeting}, Opinion: "同意召开澄清会"})
	if err != nil {
		return err
	}
	if c, err = svc.Propose(ctx, office, clearance.ProposeInput{Ref: c.Ref()}); err != nil {
		return err
	}
	if c, err = svc.Approve(ctx, leader, clearance.DecisionInput{Ref: c.Ref(), Comment: "同意"}); err != nil {
		return err
	}
	next := svc.Awaiting(c) // who must act next: for the host's to-do lists
	fmt.Printf("awaiting: %s at %s level, one of %v\n", next.OrganID, next.Level, next.Roles)
	if c, err = svc.Approve(ctx, county, clearance.DecisionInput{Ref: c.Ref(), Comment: "同意澄清"}); err != nil {
		return err
	}
	fmt.Println(c.State.Text(language.SimplifiedChinese), c.Version, svc.Verify(ctx, county, c.ID))

	// Facts between processes travel through the outbox.
	d := dandang.NewDispatcher(db.Outbox(), dandang.DispatcherConfig{Clock: clock})
	d.Handle(event.KindReportConcluded, svc.HandleReportConcluded)
	n, err := d.Dispatch(ctx)
	fmt.Println("events delivered:", n)
	return err
}
