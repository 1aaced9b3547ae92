package tolerance_test

import (
	"math/rand/v2"
	"testing"

	"github.com/dandang/dandang/internal/jsongen/jsontest"
	"github.com/dandang/dandang/tolerance"
)

// XC11: what AppendJSON writes for a replayed case, and for one made
// hostile in places, DecodeCanonicalJSON reads back as encoding/json
// reads it; and the same bytes changed in one place it either refuses or
// reads as encoding/json does.
func TestDecodeCanonicalJSON_XC11_Replayed(t *testing.T) {
	real := replayedCases(t)
	jsontest.DecodeReplayed(t, real, jsontest.Harvested(3, real), rand.New(rand.NewPCG(3, 4)))
}

// XC11: randomly filled cases that encode, DecodeCanonicalJSON reads
// back as encoding/json reads them.
func TestDecodeCanonicalJSON_XC11_Random(t *testing.T) {
	jsontest.DecodeRandom[tolerance.Case](t, jsontest.Harvested(4, replayedCases(t)))
}

// FuzzDecodeCanonicalJSON: whatever the bytes, what DecodeCanonicalJSON
// accepts encoding/json (DisallowUnknownFields) accepts too and decodes
// to an equal case (XC11).
func FuzzDecodeCanonicalJSON(f *testing.F) {
	jsontest.FuzzDecode(f, replayedCases(f))
}
