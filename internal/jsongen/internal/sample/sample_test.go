package sample

import (
	"bytes"
	"flag"
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
