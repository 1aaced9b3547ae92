package walk_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/tolerance"
)

// The tolerance walkthrough replays both seed cases on memdb: the Jingning
// exemption with its decision, the Lucheng deputy director after a joint
// meeting, and every history verifies.
func TestTolerance_Walkthrough(t *testing.T) {
	dir, err := walk.ToleranceDirectory()
	if err != nil {
		t.Fatal(err)
	}
	clock := dandang.NewFixedClock(walk.Start)
	svc, err := tolerance.NewService(tolerance.Config{Store: memdb.NewStore(memdb.New(), tolerance.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := walk.Tolerance(context.Background(), &out, svc, clock, dir); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{"容错免责决定书", "景纪容〔2023〕1号", "Decision on Fault Tolerance and Exemption", "项某某",
		"鹿城区审计局", "会商研判", "免责 2", "[FT05 XC01 XC11]", "history JN-2023-012/jn-shawan-village: verifies", "history LC-2023-007/lc-xiang: verifies"} {
		if !strings.Contains(got, want) {
			t.Errorf("walkthrough output lacks %q", want)
		}
	}
	if strings.Contains(got, "项志远") {
		t.Errorf("walkthrough prints the deputy director's full name")
	}

	// A directory without the tolerance organs: a clear error.
	plain, _ := dandang.NewDirectory(dandang.Organ{ID: "33", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"})
	if err := walk.Tolerance(context.Background(), &out, svc, clock, plain); err == nil || !strings.Contains(err.Error(), "ToleranceDirectory") {
		t.Errorf("Tolerance on a directory without its organs = %v, want an error naming ToleranceDirectory", err)
	}
}
