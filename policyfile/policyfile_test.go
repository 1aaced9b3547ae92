package policyfile_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/policyfile"
	"github.com/dandang/dandang/tolerance"
	"github.com/google/go-cmp/cmp"
)

// The shipped files are the policies DefaultPolicy returns: a commission
// that copies one starts from exactly what the library runs.
func TestDefaultsEqualDefaultPolicy(t *testing.T) {
	want := map[string]any{
		"accusation": accusation.DefaultPolicy(),
		"clearance":  clearance.DefaultPolicy(),
		"tolerance":  tolerance.DefaultPolicy(),
		"followup":   followup.DefaultPolicy(),
	}
	for _, p := range policyfile.Processes() {
		t.Run(p, func(t *testing.T) {
			f, err := policyfile.Default(p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want[p], f.Policy); diff != "" {
				t.Errorf("%s.yaml differs from DefaultPolicy (-want +got):\n%s", p, diff)
			}
		})
	}
	names, _ := fs.Glob(policyfile.Defaults(), "*.yaml")
	if got, want := len(names), 4; got != want {
		t.Errorf("Defaults holds %d files, want %d", got, want)
	}
}

// The values issue 18 names as the library's own choices are listed as
// defaults or stand-ins, not passed off as sourced.
func TestDefaultsMarkTheLibrarysChoices(t *testing.T) {
	want := map[string][]string{
		"accusation": {"deadlines.dispose", "deadlines.verify", "deadlines.objection", "deadlines.investigation", "screening.windowDays", "screening.count"},
		"clearance":  {"deadlines.propose", "deadlines.approve"},
		"tolerance":  {"exclusions[1]", "exclusions[2]", "exclusions[3]", "exclusions[4]", "exclusions[5]", "checklists"},
	}
	for p, paths := range want {
		f, err := policyfile.Default(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			s, ok := f.Source(path)
			if !ok || (s.Kind != policyfile.LibraryDefault && s.Kind != policyfile.StandIn) {
				t.Errorf("%s %s: source %+v, want a default or stand-in", p, path, s)
			}
		}
		if s, _ := f.Source("exclusions[0]"); p == "tolerance" && s.Kind != policyfile.Seed {
			t.Errorf("tolerance exclusions[0]: kind %q, want seed", s.Kind)
		}
	}
}

func TestReadRefuses(t *testing.T) {
	base, err := fs.ReadFile(policyfile.Defaults(), "clearance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		edit      func(string) string
		at        string // the text on the line the error names
		field     string
		rule      string
		inMessage string
	}{
		{"syntax", func(s string) string { return s + "\n  : : [\n" }, "", "", "", ""},
		{"unknown top key", func(s string) string { return s + "extra: 1\n" }, "extra: 1", "extra", "", "unknown key"},
		{"unknown policy key", func(s string) string {
			return strings.Replace(s, "  requireEffect: true", "  requireEffect: true\n  colour: red", 1)
		}, "colour: red", "", "", "unknown field"},
		{"bad role", func(s string) string {
			return strings.Replace(s, "    - trial_office", "    - janitor", 1)
		}, "", "", "", "janitor"},
		{"CL15 chain without the principal leader", func(s string) string {
			return strings.Replace(s, "        - principal_leader\n      joint: false", "        - leader_in_charge\n      joint: false", 1)
		}, "", "policy.chain", "CL15", ""},
		{"XC03 deadline out of range", func(s string) string {
			return strings.Replace(s, "    carryOut: 5", "    carryOut: 0", 1)
		}, "carryOut: 0", "policy.deadlines.carryOut", "CL11", ""},
		{"missing source", func(s string) string {
			return strings.Replace(s, "  grades: \"seed 001", "  x_grades: \"seed 001", 1)
		}, "", "sources.x_grades", "", "names no value"},
		{"unknown seed", func(s string) string {
			return strings.Replace(s, "name: \"seed 004\"", "name: \"seed 009\"", 1)
		}, "name: \"seed 009", "sources.name", "", "a source begins"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := policyfile.Read("x.yaml", []byte(tt.edit(string(base))))
			var fe *policyfile.Error
			if !errors.As(err, &fe) {
				t.Fatalf("Read: %v, want a *policyfile.Error", err)
			}
			if fe.File != "x.yaml" {
				t.Errorf("File = %q", fe.File)
			}
			if fe.Line == 0 {
				t.Errorf("no line: %v", fe)
			}
			if tt.at != "" {
				edited := tt.edit(string(base))
				want := strings.Count(edited[:strings.Index(edited, tt.at)], "\n") + 1
				if fe.Line != want {
					t.Errorf("line = %d, want %d (%v)", fe.Line, want, fe)
				}
			}
			if tt.field != "" && fe.Field != tt.field {
				t.Errorf("field = %q, want %q (%v)", fe.Field, tt.field, fe)
			}
			if tt.rule != "" {
				if got := dandang.ErrorRule(err); got != tt.rule {
					t.Errorf("rule = %q, want %q (%v)", got, tt.rule, fe)
				}
			}
			if !strings.Contains(fe.Error(), tt.inMessage) {
				t.Errorf("%q does not say %q", fe.Error(), tt.inMessage)
			}
		})
	}
}
