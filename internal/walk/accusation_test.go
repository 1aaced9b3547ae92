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
)

func TestAccusationWalk(t *testing.T) {
	dir, err := Directory()
	if err != nil {
		t.Fatal(err)
	}
	db := memdb.New()
	clock := dandang.NewFixedClock(time.Date(2021, 3, 1, 9, 0, 0, 0, dandang.China))
	keys, _ := accusation.NewMemoryKeys("walk", []byte("walkthrough key of thirty-two by"))
	svc, err := accusation.NewService(accusation.Config{Store: db.Accusation(), Directory: dir, Clock: clock, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Accusation(context.Background(), &out, svc, clock, dir); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"经温州市纪委监委批准认定", "刘某某被给予党内警告处分", "identical", "张某某", "true"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("walkthrough lacks %q:\n%s", want, out.String())
		}
	}
	evs, _ := db.Outbox().All(context.Background())
	kinds := map[dandang.EventKind]int{}
	for _, ev := range evs {
		kinds[ev.Kind]++
	}
	if kinds[dandang.KindReportConcluded] != 3 || kinds[dandang.KindMaliciousEstablished] != 3 || kinds[dandang.KindDisciplineDecided] != 1 {
		t.Errorf("events %v", kinds)
	}
}
