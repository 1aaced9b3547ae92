package clearance_test

import (
	"math/rand/v2"
	"testing"

	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/internal/jsongen/jsontest"
)

// XC11: what AppendJSON writes for a replayed case, and for one made
// hostile in places, DecodeCanonicalJSON reads back as encoding/json
// reads it; and the same bytes changed in one place it either refuses or
// reads as encoding/json does.
func TestDecodeCanonicalJSON_XC11_Replayed(t *testing.T) {
	real := replayedCases(t)
	f := harvested(3, real)
	r := rand.New(rand.NewPCG(3, 4))
	accepted := 0
	for i, c := range real {
		for j := range 4 {
			m := c
			if j > 0 {
				m = c.Clone()
				f.Mutate(m)
			}
			jsontest.CheckRoundTrip(t, m)
			if data, err := m.AppendJSON(nil); err == nil {
				for range 20 {
					if jsontest.CheckDecode[clearance.Case](t, jsontest.Mutate(r, data)) {
						accepted++
					}
				}
			}
			if t.Failed() {
				t.Fatalf("case %d (%s), variant %d", i, c.ID, j)
			}
		}
	}
	if accepted == 0 {
		t.Error("DecodeCanonicalJSON refuses every changed encoding: the comparison with encoding/json is never made")
	}
	t.Logf("%d changed encodings accepted", accepted)
}

// XC11: randomly filled cases that encode, DecodeCanonicalJSON reads
// back as encoding/json reads them.
func TestDecodeCanonicalJSON_XC11_Random(t *testing.T) {
	f := harvested(4, replayedCases(t))
	n, ok := 400, 0
	if testing.Short() {
		n = 50
	}
	for i := range n {
		c := new(clearance.Case)
		f.Fill(c)
		if jsontest.CheckRoundTrip(t, c) {
			ok++
		}
		if t.Failed() {
			t.Fatalf("random case %d", i)
		}
	}
	if ok < n/4 {
		t.Errorf("%d of %d random cases encode: the round trip is barely tested", ok, n)
	}
}

// FuzzDecodeCanonicalJSON: whatever the bytes, what DecodeCanonicalJSON
// accepts encoding/json (DisallowUnknownFields) accepts too and decodes
// to an equal case (XC11). Seeded (beside testdata/fuzz) with the
// canonical encodings of a zero case and of the smallest replayed case,
// and changes of them: the fuzzer crawls on larger inputs.
func FuzzDecodeCanonicalJSON(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	empty := new(clearance.Case)
	jsontest.EmptyCollections(empty)
	var small []byte
	for _, c := range replayedCases(f) {
		if data, err := c.AppendJSON(nil); err == nil && (small == nil || len(data) < len(small)) {
			small = data
		}
	}
	for _, c := range []*clearance.Case{new(clearance.Case), empty} {
		data, err := c.AppendJSON(nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(small)
	f.Add(jsontest.Mutate(r, small))
	f.Fuzz(func(t *testing.T, data []byte) {
		jsontest.CheckDecode[clearance.Case](t, data)
	})
}
