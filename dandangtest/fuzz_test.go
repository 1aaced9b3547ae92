package dandangtest_test

import (
	"os"
	"testing"

	"github.com/dandang/dandang/dandangtest"
)

// FuzzParse: any bytes read as a scenario file either parse or give an
// *Error naming the file; never a panic.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("../scenarios/clearance-001-judge.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("scenarios:\n  - name: x\n    steps:\n      - {as: 330102/petition_office, do: clearance.Open}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := dandangtest.Parse("testdata/fuzz.yaml", data)
		if err == nil {
			return
		}
		e, ok := err.(*dandangtest.Error)
		if !ok || e.File == "" {
			t.Fatalf("error %T %v, want a *dandangtest.Error naming the file", err, err)
		}
	})
}
