package jsontest

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
	"time"
)

// Case is a case type's pointer as the suites take it: it encodes,
// decodes its canonical JSON and clones.
type Case[T any] interface {
	*T
	CanonicalDecoder
	Clone() *T
}

// DecodeReplayed checks, for each of real and for three hostile variants
// of each (f mutates them), that what AppendJSON writes
// DecodeCanonicalJSON reads back as encoding/json reads it, and that the
// same bytes changed in one place (twenty ways each, r choosing) it
// either refuses or reads as encoding/json does. It fails t when no
// changed encoding is accepted: the comparison would never be made.
func DecodeReplayed[T any, P Case[T]](t *testing.T, real []P, f *Filler, r *rand.Rand) {
	t.Helper()
	accepted := 0
	for i, c := range real {
		for j := range 4 {
			m := c
			if j > 0 {
				m = P(c.Clone())
				f.Mutate(m)
			}
			CheckRoundTrip[T](t, m)
			if data, err := m.AppendJSON(nil); err == nil {
				for range 20 {
					if CheckDecode[T, P](t, Mutate(r, data)) {
						accepted++
					}
				}
			}
			if t.Failed() {
				t.Fatalf("case %d, variant %d", i, j)
			}
		}
	}
	if accepted == 0 {
		t.Error("DecodeCanonicalJSON refuses every changed encoding: the comparison with encoding/json is never made")
	}
	t.Logf("%d changed encodings accepted", accepted)
}

// DecodeRandom checks that cases f fills at random (400, or 50 with
// -short) that encode, DecodeCanonicalJSON reads back as encoding/json
// reads them. It fails t when fewer than a quarter encode.
func DecodeRandom[T any, P Case[T]](t *testing.T, f *Filler) {
	t.Helper()
	random[T, P](t, f, CheckRoundTrip[T, P], "the round trip is barely tested")
}

// FuzzDecode is the body of a process's FuzzDecodeCanonicalJSON: whatever
// the bytes, what DecodeCanonicalJSON accepts encoding/json
// (DisallowUnknownFields) accepts too and decodes to an equal case. It
// seeds f (beside testdata/fuzz) with the canonical encodings of a zero
// case, of one with empty collections and of the smallest of replayed,
// and a change of the last: the fuzzer crawls on larger inputs.
func FuzzDecode[T any, P Case[T]](f *testing.F, replayed []P) {
	r := rand.New(rand.NewPCG(5, 6))
	empty := P(new(T))
	EmptyCollections(empty)
	var small []byte
	for _, c := range replayed {
		if data, err := c.AppendJSON(nil); err == nil && (small == nil || len(data) < len(small)) {
			small = data
		}
	}
	for _, c := range []P{P(new(T)), empty} {
		data, err := c.AppendJSON(nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(small)
	f.Add(Mutate(r, small))
	f.Fuzz(func(t *testing.T, data []byte) {
		CheckDecode[T, P](t, data)
	})
}

// GenCurrent checks that the file json_gen.go in the test's directory is
// what generate (jsongen.Generate for the package's case type) writes now,
// first writing it when write is set (the package's -update flag); a
// stale file fails t, saying how to write package pkg's again.
func GenCurrent(t *testing.T, generate func() ([]byte, error), write bool, pkg string) {
	t.Helper()
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	if write {
		if err := os.WriteFile("json_gen.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("json_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("json_gen.go is stale: run go generate ./%s (go test ./%s -run TestJSONGenCurrent -update)", pkg, pkg)
	}
}

// AppendTable checks AppendJSON against encoding/json, bytes and errors,
// on a table made from the last of real: nil, zero and empty cases, the
// first and last replayed, far times, times encoding/json refuses (the
// header's, set by name), an unknown state, and every Hostile string in
// every string field.
func AppendTable[T any, P Case[T]](t *testing.T, real []P) {
	t.Helper()
	edit := func(edit func(c P)) P {
		c := P(real[len(real)-1].Clone())
		edit(c)
		return c
	}
	set := func(c P, field string, v any) {
		reflect.ValueOf(c).Elem().FieldByName(field).Set(reflect.ValueOf(v).Convert(reflect.ValueOf(c).Elem().FieldByName(field).Type()))
	}
	at := func(field string, tm time.Time) func(P) { return func(c P) { set(c, field, tm) } }
	type test struct {
		name    string
		c       P
		encodes bool
	}
	tests := []test{
		{"nil", nil, true},
		{"zero", P(new(T)), true},
		{"zero with empty collections", func() P { c := P(new(T)); EmptyCollections(c); return c }(), true},
		{"first replayed", real[0], true},
		{"last replayed", real[len(real)-1], true},
		{"empty collections", edit(func(c P) { EmptyCollections(c) }), true},
		{"far times", edit(func(c P) {
			set(c, "OpenedAt", time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -(23*3600+59*60))))
			set(c, "ClosedAt", time.Date(0, 1, 1, 0, 0, 0, 1, time.UTC))
		}), true},
		{"year 10000", edit(at("UpdatedAt", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))), false},
		{"year -1", edit(at("UpdatedAt", time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC))), false},
		{"zone offset 24h", edit(at("OpenedAt", time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)))), false},
		{"unknown state", edit(func(c P) { set(c, "State", "<no such state>") }), false},
	}
	for _, s := range Hostile {
		tests = append(tests, test{"strings " + string(AppendGo(nil, s)), edit(func(c P) { SetStrings(c, s) }), true})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Check(t, tt.c); got != tt.encodes {
				t.Errorf("encodes = %v, want %v", got, tt.encodes)
			}
		})
	}
}

// AppendReplayed checks that real, and five variants of each that f
// makes hostile in places, encode as encoding/json encodes them.
func AppendReplayed[T any, P Case[T]](t *testing.T, real []P, f *Filler) {
	t.Helper()
	for i, c := range real {
		Check(t, c)
		for range 5 {
			m := P(c.Clone())
			f.Mutate(m)
			if t.Failed() {
				t.Fatalf("case %d made hostile", i)
			}
			Check(t, m)
		}
	}
}

// AppendRandom checks that cases f fills at random (400, or 50 with
// -short) encode as encoding/json encodes them and fail where it fails.
// It fails t when fewer than a quarter encode.
func AppendRandom[T any, P Case[T]](t *testing.T, f *Filler) {
	t.Helper()
	random[T, P](t, f, func(tb testing.TB, c P) bool { return Check(tb, c) }, "the filler tests failures only")
}

// random runs check on cases f fills at random (400, or 50 with -short),
// stopping at the first failure, and fails t, saying few, when fewer than
// a quarter encode (check returns whether a case encodes).
func random[T any, P Case[T]](t *testing.T, f *Filler, check func(testing.TB, P) bool, few string) {
	t.Helper()
	n, ok := 400, 0
	if testing.Short() {
		n = 50
	}
	for i := range n {
		c := P(new(T))
		f.Fill(c)
		if check(t, c) {
			ok++
		}
		if t.Failed() {
			t.Fatalf("random case %d", i)
		}
	}
	if ok < n/4 {
		t.Errorf("%d of %d random cases encode: %s", ok, n, few)
	}
}

// Harvested returns a filler seeded with seed that draws enum values from
// cs, real cases.
func Harvested[P any](seed uint64, cs []P) *Filler {
	f := NewFiller(seed)
	for _, c := range cs {
		f.Harvest(c)
	}
	return f
}

// FuzzAppend is the body of a process's FuzzAppendJSON: it fills a case
// from the fuzz input (its first bytes seed the filler harvest returns,
// the rest is cut into strings), mutates one of real the same way, and
// checks that both encode as encoding/json encodes them.
func FuzzAppend[T any, P Case[T]](f *testing.F, real []P, harvest func(seed uint64) *Filler) {
	f.Add([]byte("seed"))
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\x07\x08<&>\u2028\xff中文"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var seed [8]byte
		copy(seed[:], data)
		fl := harvest(binary.LittleEndian.Uint64(seed[:]))
		fl.Material = data
		c := P(new(T))
		fl.Fill(c)
		Check(t, c)
		m := P(real[int(fl.Rand.UintN(uint(len(real))))].Clone())
		fl.Mutate(m)
		Check(t, m)
	})
}
