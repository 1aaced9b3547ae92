package backfill

import (
	"bytes"
	"errors"
	"testing"

	"github.com/dandang/dandang"
)

// FuzzDecode: any bytes read as a line of an import file either decode
// into a case of a known process whose steps name its commands, or give an
// Invalid *dandang.Error with rule XC06; never a panic.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := Generate(&buf, 2, 3); err != nil {
		f.Fatal(err)
	}
	for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		f.Add(l)
	}
	f.Add([]byte(`{"format":"dandang.import/1","process":"clearance","open":{"command":"Plan","actor":{"id":"a","name":"a","organ":"330102","roles":[]},"at":"2019-01-01T09:00:00+08:00"}}`))
	f.Add([]byte(`{"format":"dandang.import/2"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data)
		if err != nil {
			var de *dandang.Error
			if !errors.As(err, &de) || de.Code != dandang.Invalid || de.Rule != "XC06" {
				t.Fatalf("error %T %v, want an Invalid *dandang.Error (XC06)", err, err)
			}
			return
		}
		if c.Format != Format || c.Open.At.IsZero() {
			t.Fatalf("decoded %+v without its format or opening time", c)
		}
	})
}
