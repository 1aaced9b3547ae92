package tolerance_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dandang/dandang/tolerance"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"
)

var update = flag.Bool("update", false, "rewrite golden files")

// The state diagram is generated from the transition table; the golden file
// and the package doc show it. Refresh with go test -update.
func TestDiagram_Golden(t *testing.T) {
	got := tolerance.Diagram()
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

// Every event of the transition table has a name in the catalog, in both
// languages.
func TestCommandText_EveryMove(t *testing.T) {
	for _, m := range tolerance.Transitions() {
		if got := tolerance.CommandText(m.Event, language.SimplifiedChinese); got == m.Event {
			t.Errorf("command %q has no name", m.Event)
		}
	}
	for _, s := range []tolerance.State{tolerance.Assessing, tolerance.Proposed, tolerance.Decided, tolerance.Foreclosed} {
		if got := s.Text(language.English); strings.HasPrefix(got, "tolerance.") {
			t.Errorf("state %s has no English name", s)
		}
	}
}
