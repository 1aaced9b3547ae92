package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestTestRunsScenarios(t *testing.T) {
	code, out, errs := runCLI(t, "test", "-lang", "en", "-cover", "../../scenarios")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{"ok  ", "scenarios, 0 failed", "covered"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCoverMinFails(t *testing.T) {
	if code, _, errs := runCLI(t, "test", "-cover-min", "101", "../../scenarios"); code == 0 || !strings.Contains(errs, "below") {
		t.Errorf("exit %d, stderr %q: want a failure below the minimum", code, errs)
	}
}

// A deadline changed in a copied policy shows in diff with the steps it
// moves.
func TestDiffShowsAMovedDeadline(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"en", "the deadline moves from 2023-06-20 to 2023-06-28"},
		{"zh", "期限由2023-06-20改为2023-06-28"},
	} {
		code, out, errs := runCLI(t, "diff", "-lang", tt.lang, "../../policyfile/defaults/clearance.yaml", "../../scenarios/policies/clearance-carryout-10.yaml", "../../scenarios")
		if code != 0 {
			t.Fatalf("-lang %s: exit %d: %s", tt.lang, code, errs)
		}
		if !strings.Contains(out, "clearance-001-judge.yaml:46: ") || !strings.Contains(out, tt.want) {
			t.Errorf("-lang %s: diff output lacks the moved deadline %q at its step:\n%s", tt.lang, tt.want, out)
		}
	}
}

func TestCheckListsDefaults(t *testing.T) {
	code, out, _ := runCLI(t, "check", "../../policyfile/defaults/tolerance.yaml")
	if code != 0 || !strings.Contains(out, "exclusions[1]: stand-in") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("process: clearance\npolicy: {colour: red}\nsources: {}\n"), 0o644)
	if code, _, errs := runCLI(t, "check", bad); code != 1 || !strings.Contains(errs, "bad.yaml:2") {
		t.Errorf("exit %d, stderr %q: want the file and line", code, errs)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errs := runCLI(t, "fly"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestRulesDiagramExplain(t *testing.T) {
	if _, out, _ := runCLI(t, "rules"); !strings.Contains(out, "CL06") {
		t.Error("rules lacks CL06")
	}
	if _, out, _ := runCLI(t, "diagram", "clearance"); !strings.Contains(out, "stateDiagram-v2") {
		t.Error("diagram is not Mermaid")
	}
	if _, out, _ := runCLI(t, "explain", "CL18"); !strings.Contains(out, "deadlines.carryOut") {
		t.Errorf("explain CL18 lacks the policy value:\n%s", out)
	}
}
