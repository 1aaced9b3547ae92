package accusation_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dandang/dandang/accusation"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The state diagram is generated from the transition table; the golden file
// and the package doc show it. Refresh with go test -update.
func TestDiagram_Golden(t *testing.T) {
	got := accusation.Diagram()
	path := filepath.Join("testdata", "states.mmd")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("diagram (-golden +got):\n%s", diff)
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		if !strings.Contains(string(doc), "//\t"+line) {
			t.Errorf("doc.go does not show diagram line %q", line)
		}
	}
}
