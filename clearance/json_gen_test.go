package clearance_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/internal/jsongen"
	"github.com/dandang/dandang/internal/jsongen/jsontest"
	"github.com/dandang/dandang/kit"
)

//go:generate go test -run TestJSONGenCurrent -update

// TestJSONGenCurrent checks that json_gen.go is what internal/jsongen
// writes for the case type now; run go generate ./clearance (or go test ./clearance
// -run TestJSONGenCurrent -update) when it fails.
func TestJSONGenCurrent(t *testing.T) {
	jsontest.GenCurrent(t, func() ([]byte, error) {
		return jsongen.Generate("github.com/dandang/dandang/clearance", reflect.TypeFor[clearance.Case]())
	}, *update, "clearance")
}

// replayedCases returns the clearance cases of a generated import file
// replayed through the services (internal/backfill), realistic cases.
func replayedCases(tb testing.TB) []*clearance.Case {
	tb.Helper()
	r := storetest.Replay(tb, 60, 17, accusation.RandomKeys())
	var cs []*clearance.Case
	for _, c := range r.Clearance {
		cs = append(cs, c.Case)
	}
	if len(cs) == 0 {
		tb.Fatal("no clearance case replayed")
	}
	return cs
}

// XC11: the generated encoder writes what encoding/json writes, so that a
// state hash computed with it is the one records already bind.
func TestAppendJSON_XC11_Table(t *testing.T) {
	jsontest.AppendTable(t, replayedCases(t))
}

// XC11: replayed cases, and replayed cases made hostile in places, encode
// as encoding/json encodes them.
func TestAppendJSON_XC11_Replayed(t *testing.T) {
	real := replayedCases(t)
	jsontest.AppendReplayed(t, real, jsontest.Harvested(1, real))
}

// XC11: randomly filled cases encode as encoding/json encodes them, and
// fail where it fails.
func TestAppendJSON_XC11_Random(t *testing.T) {
	jsontest.AppendRandom[clearance.Case](t, jsontest.Harvested(2, replayedCases(t)))
}

// FuzzAppendJSON fills a case from the fuzz input and mutates a replayed
// one with it, and checks that both encode as encoding/json encodes them.
func FuzzAppendJSON(f *testing.F) {
	real := replayedCases(f)
	jsontest.FuzzAppend(f, real, func(seed uint64) *jsontest.Filler { return jsontest.Harvested(seed, real) })
}

// BenchmarkEncodeCase compares the state hash of a closed clearance case
// written by encoding/json, as kit.StateHash was, with kit.StateHash
// now (AppendJSON), and json.Marshal with kit.EncodeJSON, as a store
// encodes its row.
func BenchmarkEncodeCase(b *testing.B) {
	var c *clearance.Case
	for _, r := range replayedCases(b) {
		if n, _ := json.Marshal(r); c == nil || len(n) > len(must(json.Marshal(c))) {
			c = r
		}
	}
	b.Logf("%d bytes of JSON", len(must(json.Marshal(c))))
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			h := sha256.New()
			if err := json.NewEncoder(h).Encode(c); err != nil {
				b.Fatal(err)
			}
			_ = hex.EncodeToString(h.Sum(nil))
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := kit.StateHash(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("EncodeJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := kit.EncodeJSON(c); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
