package dandang_test

import (
	"fmt"

	"github.com/dandang/dandang"
)

func ExampleRuleByID() {
	r, ok := dandang.RuleByID("CL06")
	fmt.Println(ok, r.ID, r.Process, r.Source, r.Policy)
	fmt.Println(r.SummaryZh)
	fmt.Println(r.SummaryEn)
	_, ok = dandang.RuleByID("CL99")
	fmt.Println(ok)
	// Output:
	// true CL06 clearance 000, 004 false
	// 以会议或通报方式公开澄清前，征求并记录澄清对象的意见，选择方式兼顾本人意愿和澄清效果。
	// Before a meeting or circular clearance the subject's opinion is sought and recorded, and the choice of form weighs the subject's wishes and the likely effect.
	// false
}
