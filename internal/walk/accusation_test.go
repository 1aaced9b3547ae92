package walk

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
)

func TestAccusationWalk(t *testing.T) {
	dir, err := Directory()
	if err != nil {
		t.Fatal(err)
	}
	db := memdb.New()
	clock := dandang.NewFixedClock(time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China))
	keys, _ := accusation.NewMemoryKeys("walk", []byte("walkthrough key of thirty-two by"))
	svc, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Directory: dir, Clock: clock, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Accusation(context.Background(), &out, svc, clock, dir); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"经温州市纪委监委批准认定", "刘某某被给予党内警告处分", "identical", "追查举报人（查阅记录 1 条）", "张某某", "true"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("walkthrough lacks %q:\n%s", want, out.String())
		}
	}
	evs, _ := db.Outbox().All(context.Background())
	kinds := map[dandang.EventKind]int{}
	for _, ev := range evs {
		kinds[ev.Kind]++
	}
	if kinds[event.KindReportConcluded] != 3 || kinds[event.KindMaliciousEstablished] != 3 || kinds[event.KindDisciplineDecided] != 1 {
		t.Errorf("events %v", kinds)
	}

	// Through the outbox: the officers' clearance opens, the accuser is
	// followed up (AC12).
	cl, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	fu, err := followup.NewService(followup.Config{Store: memdb.NewStore(db, followup.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := Deliver(context.Background(), &out, cl, fu, db.Outbox(), clock); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"澄清案件 DT-2021-006/dt-zeng", "澄清案件 DT-2021-006/dt-dai", "回访教育：刘某某"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("delivery lacks %q:\n%s", want, out.String())
		}
	}
	if dead, _ := db.Outbox().DeadLetters(context.Background(), 100); len(dead) != 0 {
		t.Errorf("%d dead letters", len(dead))
	}
}
