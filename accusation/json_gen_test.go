package accusation_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"reflect"
	"testing"
	"time"

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
	want, err := jsongen.Generate("github.com/dandang/dandang/accusation", reflect.TypeFor[accusation.Case]())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("json_gen.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("json_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("json_gen.go is stale: run go generate ./accusation (go test ./accusation -run TestJSONGenCurrent -update)")
	}
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

// harvested returns a filler that draws enum values from cs.
func harvested(seed uint64, cs []*accusation.Case) *jsontest.Filler {
	f := jsontest.NewFiller(seed)
	for _, c := range cs {
		f.Harvest(c)
	}
	return f
}

// XC11: the generated encoder writes what encoding/json writes, so that a
// state hash computed with it is the one records already bind.
func TestAppendJSON_XC11_Table(t *testing.T) {
	real := replayedCases(t)
	edit := func(edit func(c *accusation.Case)) *accusation.Case {
		c := real[len(real)-1].Clone()
		edit(c)
		return c
	}
	tests := []struct {
		name    string
		c       *accusation.Case
		encodes bool
	}{
		{"nil", nil, true},
		{"zero", &accusation.Case{}, true},
		{"zero with empty collections", func() *accusation.Case { c := &accusation.Case{}; jsontest.EmptyCollections(c); return c }(), true},
		{"first replayed", real[0], true},
		{"last replayed", real[len(real)-1], true},
		{"empty collections", edit(func(c *accusation.Case) { jsontest.EmptyCollections(c) }), true},
		{"far times", edit(func(c *accusation.Case) {
			c.OpenedAt = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -(23*3600+59*60)))
			c.ClosedAt = time.Date(0, 1, 1, 0, 0, 0, 1, time.UTC)
		}), true},
		{"year 10000", edit(func(c *accusation.Case) { c.UpdatedAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }), false},
		{"year -1", edit(func(c *accusation.Case) { c.UpdatedAt = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }), false},
		{"zone offset 24h", edit(func(c *accusation.Case) { c.OpenedAt = time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)) }), false},
		{"unknown state", edit(func(c *accusation.Case) { c.State = "<no such state>" }), false},
	}
	for _, s := range jsontest.Hostile {
		tests = append(tests, struct {
			name    string
			c       *accusation.Case
			encodes bool
		}{"strings " + strconvQuote(s), edit(func(c *accusation.Case) { jsontest.SetStrings(c, s) }), true})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := jsontest.Check(t, tt.c); got != tt.encodes {
				t.Errorf("encodes = %v, want %v", got, tt.encodes)
			}
		})
	}
}

func strconvQuote(s string) string { return string(jsontest.AppendGo(nil, s)) }

// XC11: replayed cases, and replayed cases made hostile in places, encode
// as encoding/json encodes them.
func TestAppendJSON_XC11_Replayed(t *testing.T) {
	real := replayedCases(t)
	f := harvested(1, real)
	for i, c := range real {
		jsontest.Check(t, c)
		for range 5 {
			m := c.Clone()
			f.Mutate(m)
			if t.Failed() {
				t.Fatalf("case %d (%s) made hostile", i, c.ID)
			}
			jsontest.Check(t, m)
		}
	}
}

// XC11: randomly filled cases encode as encoding/json encodes them, and
// fail where it fails.
func TestAppendJSON_XC11_Random(t *testing.T) {
	f := harvested(2, replayedCases(t))
	n, ok := 400, 0
	if testing.Short() {
		n = 50
	}
	for i := range n {
		c := new(accusation.Case)
		f.Fill(c)
		if jsontest.Check(t, c) {
			ok++
		}
		if t.Failed() {
			t.Fatalf("random case %d", i)
		}
	}
	if ok < n/4 {
		t.Errorf("%d of %d random cases encode: the filler tests failures only", ok, n)
	}
}

// FuzzAppendJSON fills a case from the fuzz input (its first bytes seed
// the filler, the rest is cut into strings) and checks that it encodes as
// encoding/json encodes it.
func FuzzAppendJSON(f *testing.F) {
	f.Add([]byte("seed"))
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08<&>\u2028\xff中文"))
	real := replayedCases(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var seed [8]byte
		copy(seed[:], data)
		fl := harvested(binary.LittleEndian.Uint64(seed[:]), real)
		fl.Material = data
		c := new(accusation.Case)
		fl.Fill(c)
		jsontest.Check(t, c)
		m := real[int(fl.Rand.UintN(uint(len(real))))].Clone()
		fl.Mutate(m)
		jsontest.Check(t, m)
	})
}
