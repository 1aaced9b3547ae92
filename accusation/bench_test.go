package accusation_test

import (
	"fmt"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
)

// BenchmarkReceive measures intake with screening on stores of two sizes:
// the lookups go through the index on the content hash and the pseudonym,
// so the time per report stays flat as the store grows.
func BenchmarkReceive(b *testing.B) {
	for _, size := range []int{1_000, 20_000} {
		b.Run(fmt.Sprintf("stored=%d", size), func(b *testing.B) {
			e := newEnv(b)
			for i := range size {
				in := report(fmt.Sprintf("s%07d", i), false)
				e.must(e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Text: fmt.Sprintf("第%d件", i)}))
			}
			n := 0
			b.ResetTimer()
			for i := range b.N {
				n++
				in := report(fmt.Sprintf("b%07d-%d", i, n), true)
				id := liu
				id.IDNumber = fmt.Sprint(n)
				if _, err := e.svc.Receive(ctx, cPetition, in, accusation.Confidential{Reporter: id, Text: fmt.Sprintf("新举报%d", n)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFind measures one command on a verified report.
func BenchmarkFind(b *testing.B) {
	e := newEnv(b)
	c := e.verifying("r1")
	b.ResetTimer()
	for i := range b.N {
		f := dandang.Unfounded
		if i%2 == 1 {
			f = dandang.Substantiated
		}
		c = e.must(e.svc.Find(ctx, cPetition, accusation.FindingInput{Ref: ref(c), Allegation: "a1", Finding: f}))
	}
}
