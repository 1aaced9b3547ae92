package dandang_test

import (
	"fmt"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

func ExampleMaskName() {
	for _, n := range []string{"王小明", "史强", "欧阳娜娜"} {
		fmt.Println(kit.MaskName(n))
	}
	// Output:
	// 王某某
	// 史某
	// 欧阳某某
}

func ExampleCalendar_AddWorkdays() {
	cal := dandang.DefaultCalendar()
	approved := dandang.DayOf(time.Date(2023, 9, 27, 0, 0, 0, 0, dandang.China))
	// Five working days across the National Day holiday, with the weekend
	// of 7 and 8 October worked in its place.
	fmt.Println(cal.AddWorkdays(approved, 5))
	// Output: 2023-10-10
}

func ExampleVerify() {
	at := time.Date(2023, 6, 5, 9, 0, 0, 0, dandang.China)
	var recs []dandang.Record
	for i, cmd := range []string{"open", "plan", "propose"} {
		r := dandang.Record{CaseKind: "clearance", CaseID: "c1", At: at, Command: cmd}
		var prev *dandang.Record
		if i > 0 {
			prev = &recs[i-1]
		}
		r.Seal(prev)
		recs = append(recs, r)
	}
	fmt.Println(kit.Verify("clearance", "c1", recs))
	recs[1].Command = "approve" // rewritten history
	fmt.Println(kit.Verify("clearance", "c1", recs))
	// Output:
	// <nil>
	// kit.Verify: internal [XC01]: history does not verify: history of c1 broken at record 2 (position 1): hash mismatch: the record was changed
}
