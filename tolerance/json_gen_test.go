package tolerance_test

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/dandang/dandang/internal/jsongen"
	"github.com/dandang/dandang/tolerance"
)

//go:generate go test -run TestJSONGenCurrent -update

// TestJSONGenCurrent checks that json_gen.go is what internal/jsongen
// writes for the case type now; run go generate ./tolerance (or go test ./tolerance
// -run TestJSONGenCurrent -update) when it fails.
func TestJSONGenCurrent(t *testing.T) {
	want, err := jsongen.Generate("github.com/dandang/dandang/tolerance", reflect.TypeFor[tolerance.Case]())
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
		t.Errorf("json_gen.go is stale: run go generate ./tolerance (go test ./tolerance -run TestJSONGenCurrent -update)")
	}
}
