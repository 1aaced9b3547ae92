package walk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/walk"
)

// Songyang's cadre is followed up to the promotion (FU01–FU08).
func TestFollowUp_Songyang(t *testing.T) {
	dir, err := walk.Directory() // it holds walk.FollowUpOrgans()
	if err != nil {
		t.Fatal(err)
	}
	base, err := dandang.NewDirectory(dandang.Organ{ID: "33", Name: "浙江省纪委监委", Level: dandang.Province, Region: "33"})
	if err != nil {
		t.Fatal(err)
	}
	clock := dandang.NewFixedClock(time.Date(2023, 3, 1, 9, 0, 0, 0, dandang.China))
	svc, err := followup.NewService(followup.Config{Store: memdb.NewStore(memdb.New(), followup.Cases), Clock: clock, Directory: dir})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := walk.FollowUp(context.Background(), &out, svc, clock, dir); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"影响期至2022-06-15", "一人回访被拒", "处分影响期满解除", "期满回访", "建议所在单位向组织推荐提拔使用", "被提拔为"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := walk.FollowUp(context.Background(), &out, svc, clock, base); err == nil {
		t.Error("FollowUp without Songyang in the directory: nil error")
	}
}
