package dandang_test

import (
	"context"
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
)

// The host's flow: its directory of organs, two services on the embedded
// store, a report concluded as unfounded, the event that asks for the
// official's name to be cleared delivered to clearance, and the history of
// both cases verified.
func Example() {
	ctx := context.Background()

	// 1. The host's organs: levels, regions and superiors come from here,
	// never from the caller (XC07).
	dir, err := dandang.NewDirectory(
		dandang.Organ{ID: "33", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"},
		dandang.Organ{ID: "3303", Name: "温州市纪委监委", Level: dandang.City, Region: "3303", Superior: "33"},
		dandang.Organ{ID: "330305", Name: "洞头区纪委监委", Level: dandang.County, Region: "330305", Superior: "3303"},
	)
	if err != nil {
		panic(err)
	}

	// 2. Two services on one embedded store; the clock is fixed for the
	// example, a host leaves it out.
	db := memdb.New()
	clock := dandang.NewFixedClock(time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China))
	reports, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases),
		Directory: dir, Clock: clock, Keys: accusation.RandomKeys()})
	if err != nil {
		panic(err)
	}
	clearances, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases),
		Directory: dir, Clock: clock})
	if err != nil {
		panic(err)
	}

	// 3. Commands, as the host's users: a named report is registered,
	// verified and found unfounded.
	office := dandang.Actor{ID: "u1", Organ: dandang.Organ{ID: "330305"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	official := dandang.Subject{ID: "p1", Kind: dandang.Person, Name: "曾某某", Position: "街道党工委书记",
		Unit: "元觉街道党工委", UnitHead: "王某某", ManagedAt: dandang.County, Region: "330305"}
	c, err := reports.Receive(ctx, office, accusation.NewReport{ID: "DT-2023-001", Named: true,
		ReceivedAt: clock.Now(), Subjects: []dandang.Subject{official},
		Allegations: []dandang.Allegation{{ID: "a1", SubjectID: "p1", Summary: "收受红包"}}},
		accusation.Confidential{Reporter: accusation.Identity{Name: "刘某"}, Text: "反映曾某某收受红包"})
	must := func(next *accusation.Case, err error) {
		if err != nil {
			panic(err)
		}
		c = next
	}
	must(reports.GiveFeedback(ctx, office, accusation.FeedbackInput{Ref: c.Ref(), Kind: accusation.AcceptanceNotice, InPerson: true}))
	must(reports.Dispose(ctx, office, accusation.DisposeInput{Ref: c.Ref(), Disposal: accusation.Preliminary}))
	must(reports.RecordFinding(ctx, office, accusation.FindingInput{Ref: c.Ref(), Allegation: "a1", Finding: dandang.Unfounded}))
	must(reports.Conclude(ctx, office, accusation.NoteInput{Ref: c.Ref(), Note: "经初核，反映问题失实"}))
	fmt.Println("report:", c.State)

	// 4. The report's conclusion is an event in the outbox, written with the
	// case; the dispatcher delivers it, and clearance opens a case (CL01).
	d := dandang.NewDispatcher(db.Outbox(), dandang.DispatcherConfig{Clock: clock})
	d.Handle(event.KindReportConcluded, clearances.HandleReportConcluded)
	n, err := d.Dispatch(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println("events delivered:", n)
	opened, err := clearances.Find(ctx, office, clearance.Filter{SubjectID: "p1"})
	if err != nil {
		panic(err)
	}
	fmt.Println("clearance:", opened[0].ID, opened[0].State)

	// 5. Every change appended a record to its case's hash-chained history,
	// bound to the case as stored (XC01, XC11).
	fmt.Println("report verifies:", reports.Verify(ctx, office, c.ID) == nil)
	fmt.Println("clearance verifies:", clearances.Verify(ctx, office, opened[0].ID) == nil)
	// Output:
	// report: concluded
	// events delivered: 1
	// clearance: DT-2023-001/p1 opened
	// report verifies: true
	// clearance verifies: true
}
