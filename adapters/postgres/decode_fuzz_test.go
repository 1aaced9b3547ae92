package postgres

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/internal/jsongen/jsontest"
	"github.com/google/go-cmp/cmp"
)

// FuzzDecodeJSON: whatever a stored case's JSON holds, decodeJSON's verdict
// and value are encoding/json's (DisallowUnknownFields, nothing after the
// value), the decoder stored rows were read with before (XC11): what
// either faster decoder (the case's DecodeCanonicalJSON, then jsonv2)
// takes, encoding/json takes and decodes alike, compared as encoding/json
// writes both back and, for DecodeCanonicalJSON, field by field.
func FuzzDecodeJSON(f *testing.F) {
	f.Add([]byte(`{"id":"a/s","version":1,"state":"opened"}`))
	zero, err := new(clearance.Case).AppendJSON(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(zero)
	f.Fuzz(func(t *testing.T, data []byte) {
		got, msg, _ := decodeJSON(clearance.Cases.New, data)
		want := clearance.Cases.New()
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		ok := dec.Decode(want) == nil && !dec.More()
		if ok != (msg == "") {
			t.Fatalf("decodeJSON says %q, encoding/json takes it: %v", msg, ok)
		}
		canonical := clearance.Cases.New()
		if canonical.DecodeCanonicalJSON(data) {
			if !ok {
				t.Fatalf("DecodeCanonicalJSON takes what encoding/json refuses: %q", data)
			}
			if diff := cmp.Diff(want, canonical, jsontest.Compare); diff != "" {
				t.Fatalf("DecodeCanonicalJSON decodes unlike encoding/json (-want +got):\n%s", diff)
			}
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
