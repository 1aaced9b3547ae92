package accusation_test

import (
	"reflect"
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/storetest"
	"github.com/dandang/dandang/internal/jsongen"
	"github.com/dandang/dandang/internal/jsongen/jsontest"
)

//go:generate go test -run TestJSONGenCurrent -update

// TestJSONGenCurrent checks that json_gen.go is what internal/jsongen
// writes for the case type now; run go generate ./accusation (or go test ./accusation
// -run TestJSONGenCurrent -update) when it fails.
func TestJSONGenCurrent(t *testing.T) {
	jsontest.GenCurrent(t, func() ([]byte, error) {
		return jsongen.Generate("github.com/dandang/dandang/accusation", reflect.TypeFor[accusation.Case]())
	}, *update, "accusation")
}

// replayedCases returns the accusation cases of a generated import file
// replayed through the services (internal/backfill), realistic cases.
func replayedCases(tb testing.TB) []*accusation.Case {
	tb.Helper()
	r := storetest.Replay(tb, 60, 17, accusation.RandomKeys())
	var cs []*accusation.Case
	for _, c := range r.Accusation {
		cs = append(cs, c.Case)
	}
	if len(cs) == 0 {
		tb.Fatal("no accusation case replayed")
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
	jsontest.AppendRandom[accusation.Case](t, jsontest.Harvested(2, replayedCases(t)))
}

// FuzzAppendJSON fills a case from the fuzz input and mutates a replayed
// one with it, and checks that both encode as encoding/json encodes them.
func FuzzAppendJSON(f *testing.F) {
	real := replayedCases(f)
	jsontest.FuzzAppend(f, real, func(seed uint64) *jsontest.Filler { return jsontest.Harvested(seed, real) })
}
