package main

import (
	"go/ast"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// packages are the directories that generate their enums, and whether
// they get Parse functions (the root, whose names are the host's, does not).
var packages = map[string]bool{"../..": false, "../../accusation": true, "../../clearance": true,
	"../../tolerance": true, "../../followup": true}

// XC06: every enum refuses what it does not know the same way because its
// methods come from one generator: the committed enums_gen.go of each
// package is what enumgen writes now (run go generate ./... when this
// fails), and no hand-written copy of a generated method is left.
func TestEnumgen_XC06_GeneratedFilesAreCurrent(t *testing.T) {
	for dir, parse := range packages {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			want, err := Generate(dir, parse)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, "enums_gen.go"))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s/enums_gen.go is stale: run go generate ./... (-want +got):\n%s", dir, diff)
			}
			_, files, _, err := parseDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			byType := map[string]string{}
			ts := tables(files)
			if len(ts) == 0 {
				t.Fatalf("%s has no enum tables", dir)
			}
			for _, tb := range ts {
				byType[tb.typ] = tb.varName
			}
			for name, f := range files {
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok && generatedFunc(fd, byType) {
						t.Errorf("%s: %s is written by hand beside the generated one", name, fd.Name.Name)
					}
				}
			}
		})
	}
}
