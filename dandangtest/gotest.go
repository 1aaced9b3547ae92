package dandangtest

import (
	"context"
	"testing"
)

// Run runs the scenarios of the files (or directories of files) as
// subtests of t, one per file and scenario, and fails a subtest at the
// first step whose expectation does not hold. A file that does not read
// fails t before anything runs.
func Run(t *testing.T, paths ...string) *Coverage {
	t.Helper()
	files, err := Load(paths...)
	if err != nil {
		t.Fatal(err)
	}
	cov := NewCoverage()
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			for _, sc := range f.Scenarios {
				t.Run(sc.Name, func(t *testing.T) {
					res := Execute(context.Background(), sc, RunOptions{})
					cov.Merge(res.Coverage)
					if res.Err != nil {
						t.Error(res.Err)
					}
				})
			}
		})
	}
	return cov
}
