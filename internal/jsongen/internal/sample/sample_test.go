package sample

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	"github.com/dandang/dandang/internal/jsongen"
	"github.com/dandang/dandang/internal/jsongen/jsontest"
)

var update = flag.Bool("update", false, "rewrite json_gen.go")

// TestJSONGenCurrent checks that json_gen.go is current (go test
// ./internal/jsongen/internal/sample -update rewrites it).
func TestJSONGenCurrent(t *testing.T) {
	want, err := jsongen.Generate("github.com/dandang/dandang/internal/jsongen/internal/sample", reflect.TypeFor[Sample]())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("json_gen.go", want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := os.ReadFile("json_gen.go"); err != nil || !bytes.Equal(got, want) {
		t.Errorf("json_gen.go is stale (%v): go test ./internal/jsongen/internal/sample -update", err)
	}
}

// Random samples encode as encoding/json encodes them.
func TestAppendJSON_Random(t *testing.T) {
	f := jsontest.NewFiller(3)
	f.Harvest(&Sample{Arr: [3]Color{1, 2, 2}})
	f.Invalid = 0.01
	ok := 0
	for i := range 2000 {
		s := new(Sample)
		f.Fill(s)
		if i%7 == 0 {
			s.Raw = []byte(" [1, \"<\u2028>\" ,{ } ] ")
		}
		if jsontest.Check(t, s) {
			ok++
		}
		if t.Failed() {
			t.Fatalf("sample %d", i)
		}
	}
	if ok < 400 {
		t.Errorf("%d of 2000 samples encode", ok)
	}
}

// Random samples that encode, DecodeCanonicalJSON reads back as
// encoding/json reads them, and the same bytes changed in one place it
// refuses or reads as encoding/json does.
func TestDecodeCanonicalJSON_Random(t *testing.T) {
	f := jsontest.NewFiller(4)
	f.Harvest(&Sample{Arr: [3]Color{1, 2, 2}})
	r := rand.New(rand.NewPCG(1, 2))
	ok, accepted := 0, 0
	for i := range 2000 {
		s := new(Sample)
		f.Fill(s)
		if i%7 == 0 {
			s.Raw = []byte(" [1, \"<\u2028>\" ,{ } ] ")
		}
		if jsontest.CheckRoundTrip(t, s) {
			ok++
			data, _ := s.AppendJSON(nil)
			for range 5 {
				if jsontest.CheckDecode[Sample](t, jsontest.Mutate(r, data)) {
					accepted++
				}
			}
		}
		if t.Failed() {
			t.Fatalf("sample %d", i)
		}
	}
	if ok < 400 || accepted == 0 {
		t.Errorf("%d of 2000 samples encode, %d changed encodings accepted", ok, accepted)
	}
}

// FuzzDecodeCanonicalJSON: what DecodeCanonicalJSON accepts, encoding/json
// accepts and decodes alike.
func FuzzDecodeCanonicalJSON(f *testing.F) {
	f.Add([]byte(`{"id":"","odd\u003c\u0026\u003ename":"","f64":0,"qi":"0","qs":"\"\"","qb":null,"u8":0,"bytes":null,"raw":null,"arr":["","",""],"anon":{"X":0,"Y":0},"intK":null,"textK":null,"pRaw":null,"raws":null,"names":null,"NoTag":0,"ptrs":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		jsontest.CheckDecode[Sample](t, data)
	})
}
