package postgres

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/dandang/dandang/clearance"
)

// FuzzDecodeJSON: whatever a stored case's JSON holds, decodeJSON's verdict
// and value are encoding/json's (DisallowUnknownFields, nothing after the
// value), the decoder stored rows were read with before (XC11): what the
// faster decoder takes, encoding/json takes and decodes alike, compared as
// encoding/json writes both back.
func FuzzDecodeJSON(f *testing.F) {
	f.Add([]byte(`{"id":"a/s","version":1,"state":"opened"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, msg, _ := decodeJSON(clearance.Cases.New, data)
		want := clearance.Cases.New()
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		ok := dec.Decode(want) == nil && !dec.More()
		if ok != (msg == "") {
			t.Fatalf("decodeJSON says %q, encoding/json takes it: %v", msg, ok)
		}
		if !ok {
			return
		}
		a, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("decoded unlike encoding/json:\n%s\n%s", a, b)
		}
	})
}
