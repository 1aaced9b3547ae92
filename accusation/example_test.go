package accusation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
)

// A named report is received, sealed, verified and concluded; concluding
// writes the event that opens clearance (CL01).
func Example() {
	ctx := context.Background()
	province := dandang.Organ{ID: "zhejiang", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"}
	county := dandang.Organ{ID: "dongtou", Name: "洞头区纪委监委", Level: dandang.County, Region: "330305", Superior: "zhejiang"}
	dir, err := dandang.NewDirectory(province, county)
	if err != nil {
		fmt.Println(err)
		return
	}
	keys, _ := accusation.NewMemoryKeys("k1", []byte("an example secret of 32 bytes!!!"))
	db := memdb.New()
	clock := dandang.NewFixedClock(time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China))
	svc, err2 := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Directory: dir, Clock: clock, Keys: keys})
	if err := err2; err != nil {
		fmt.Println(err)
		return
	}
	staff := dandang.Actor{ID: "pet-1", Organ: dandang.Organ{ID: "dongtou"}, Roles: []dandang.Role{dandang.PetitionOffice}}
	zeng := dandang.Subject{ID: "p-zeng", Kind: dandang.Person, Name: "曾国锋", ManagedAt: dandang.County, Region: "330305"}

	c, err := svc.Receive(ctx, staff, accusation.NewReport{ID: "2021-001", Named: true, ReceivedAt: clock.Now(),
		Subjects:    []dandang.Subject{zeng},
		Allegations: []dandang.Allegation{{ID: "a1", SubjectID: zeng.ID, Summary: "收受红包"}}},
		accusation.Confidential{Reporter: accusation.Identity{Name: "刘某某", Contact: "138"}, Text: "曾国锋收受红包。"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.State, c.DueStep, c.AcceptanceDue.Due)
	c, _ = svc.GiveFeedback(ctx, staff, accusation.FeedbackInput{Ref: c.Ref(), Kind: accusation.AcceptanceNotice, InPerson: true})
	c, _ = svc.Dispose(ctx, staff, accusation.DisposeInput{Ref: c.Ref(), Disposal: accusation.Preliminary})
	c, _ = svc.RecordFinding(ctx, staff, accusation.FindingInput{Ref: c.Ref(), Allegation: "a1", Finding: dandang.Unfounded})
	c, _ = svc.Conclude(ctx, staff, accusation.NoteInput{Ref: c.Ref(), Note: "经初核，反映问题失实"})
	fmt.Println(c.State, c.ResultDue.Due)
	evs, _ := db.Outbox().All(ctx)
	for _, ev := range evs {
		fmt.Println(ev.Kind)
	}
	// Output:
	// registered dispose 2021-03-22
	// concluded 2021-03-22
	// report.concluded
}

// Normalize makes reports written with different widths, punctuation and
// spacing compare alike (AC05).
func ExampleNormalize() {
	fmt.Println(accusation.Normalize("贾某某，侵占补偿款！") == accusation.Normalize("贾某某, 侵占 补偿款!"))
	// Output: true
}
