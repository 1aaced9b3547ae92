package policyfile_test

import (
	"io/fs"
	"testing"

	"github.com/dandang/dandang/policyfile"
)

// FuzzRead: any bytes read as a policy file either give a policy that
// validates or an *Error; never a panic.
func FuzzRead(f *testing.F) {
	for _, p := range policyfile.Processes() {
		b, _ := fs.ReadFile(policyfile.Defaults(), p+".yaml")
		f.Add(b)
	}
	f.Add([]byte("process: clearance\npolicy: {}\nsources: {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pf, err := policyfile.Read("fuzz.yaml", data)
		if err != nil {
			if _, ok := err.(*policyfile.Error); !ok {
				t.Fatalf("error %T %v, want *policyfile.Error", err, err)
			}
			return
		}
		if err := pf.Policy.Validate(); err != nil {
			t.Fatalf("Read returned a policy that does not validate: %v", err)
		}
	})
}
