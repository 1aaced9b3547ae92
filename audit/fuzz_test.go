package audit_test

import (
	"testing"

	"github.com/dandang/dandang/audit"
	"golang.org/x/mod/sumdb/note"
)

// FuzzDecodeBundle: a bundle from anyone decodes or is refused with an
// Invalid error, and a decoded one is checked without panicking; what
// does not open with the key never holds.
func FuzzDecodeBundle(f *testing.F) {
	f.Add([]byte(`{"format":"dandang-bundle/1","checkpoint":"","cases":[]}`))
	_, vkey, err := note.GenerateKey(nil, "fuzz.log")
	if err != nil {
		f.Fatal(err)
	}
	key, err := note.NewVerifier(vkey)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := audit.Decode(data)
		if err != nil {
			return
		}
		if r := b.Check(key, data); r.OK() {
			t.Errorf("a bundle no key of ours signed holds:\n%s", r.Text("en"))
		}
	})
}
