package dandang_test

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/dandang/dandang"
	"github.com/google/go-cmp/cmp"
)

// domainRule is a rule as DOMAIN.md writes it.
type domainRule struct {
	ID     string
	Policy bool     // marked **(policy)** or **(policy: …)**
	Seeds  []string // seed prefixes cited in backquotes, such as "004"
}

// readDomain returns the rules of the specification at path in document
// order. A rule is a bullet that starts with its ID in bold, with the
// indented lines that follow it.
func readDomain(t *testing.T, path string) []domainRule {
	t.Helper()
	ruleStart := regexp.MustCompile(`^- \*\*([A-Z]{2}[0-9]{2})\*\*`)
	seedRef := regexp.MustCompile("`(00[0-9])`")
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("no specification at %s", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		out  []domainRule
		text []string
	)
	flush := func() {
		if len(out) == 0 || text == nil {
			return
		}
		all := strings.Join(text, " ")
		r := &out[len(out)-1]
		r.Policy = strings.Contains(all, "**(policy")
		for _, m := range seedRef.FindAllStringSubmatch(all, -1) {
			if !slices.Contains(r.Seeds, m[1]) {
				r.Seeds = append(r.Seeds, m[1])
			}
		}
		slices.Sort(r.Seeds)
		text = nil
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch m := ruleStart.FindStringSubmatch(line); {
		case m != nil:
			flush()
			out = append(out, domainRule{ID: m[1]})
			text = []string{line}
		case text != nil && strings.HasPrefix(line, "  "):
			text = append(text, line)
		default:
			flush()
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	flush()
	return out
}

// sourceSeeds returns the seed prefixes a Rule.Source cites.
func sourceSeeds(source string) []string {
	var seeds []string
	for _, part := range strings.FieldsFunc(source, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		if len(part) == 3 && strings.HasPrefix(part, "00") {
			seeds = append(seeds, part)
		}
	}
	slices.Sort(seeds)
	return seeds
}

// Every rule of DOMAIN.md (AC01 … XC11) ships once, in document order, with
// its policy marker and the seeds it cites. The module keeps its own copy of
// the specification (testdata/DOMAIN.md), so the test runs on a clean clone.
func TestRules_MatchDomain(t *testing.T) {
	domain := readDomain(t, "testdata/DOMAIN.md")
	if len(domain) == 0 {
		t.Fatal("found no rules in DOMAIN.md")
	}
	var got []domainRule
	for _, r := range dandang.Rules() {
		got = append(got, domainRule{ID: r.ID, Policy: r.Policy, Seeds: sourceSeeds(r.Source)})
	}
	if diff := cmp.Diff(domain, got); diff != "" {
		t.Errorf("Rules() against DOMAIN.md (-want +got):\n%s", diff)
	}
}

// The module's copy of the specification is the project's: when the shared
// DOMAIN.md sits beside the checkout (a developer's machine, CI), the two are
// the same bytes. A clean clone elsewhere has only the copy, and says so.
func TestRules_DomainCopyIsCurrent(t *testing.T) {
	shared, err := os.ReadFile("../shared/DOMAIN.md")
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no ../shared/DOMAIN.md beside the checkout to compare testdata/DOMAIN.md with")
	}
	if err != nil {
		t.Fatal(err)
	}
	copied, err := os.ReadFile("testdata/DOMAIN.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(copied) != string(shared) {
		t.Errorf("testdata/DOMAIN.md differs from ../shared/DOMAIN.md: copy it again (cp ../shared/DOMAIN.md testdata/)")
	}
}

// processOf is the process each rule ID prefix belongs to.
var processOf = map[string]string{
	"AC": "accusation",
	"CL": "clearance",
	"FT": "tolerance",
	"FU": "followup",
	"XC": "",
}

// Each shipped rule has a unique ID, its process, and a sentence in Chinese
// and in English.
func TestRules_WellFormed(t *testing.T) {
	rules := dandang.Rules()
	if got, want := len(rules), 72; got != want {
		t.Errorf("len(Rules()) = %d, want %d", got, want)
	}
	validID := regexp.MustCompile(`^[A-Z]{2}[0-9]{2}$`)
	seen := map[string]bool{}
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			if !validID.MatchString(r.ID) {
				t.Errorf("ID = %q, want two capitals and two digits", r.ID)
			}
			if seen[r.ID] {
				t.Errorf("ID %s appears more than once", r.ID)
			}
			seen[r.ID] = true
			if want, ok := processOf[r.ID[:2]]; !ok || r.Process != want {
				t.Errorf("Process = %q, want %q", r.Process, want)
			}
			if !strings.HasSuffix(r.SummaryZh, "。") || !strings.ContainsFunc(r.SummaryZh, func(c rune) bool { return unicode.Is(unicode.Han, c) }) {
				t.Errorf("SummaryZh = %q, want a Chinese sentence", r.SummaryZh)
			}
			if !strings.HasSuffix(r.SummaryEn, ".") || !unicode.IsUpper([]rune(r.SummaryEn)[0]) {
				t.Errorf("SummaryEn = %q, want an English sentence", r.SummaryEn)
			}
		})
	}
}

func TestRuleByID(t *testing.T) {
	all := dandang.Rules()
	byID := func(id string) dandang.Rule {
		i := slices.IndexFunc(all, func(r dandang.Rule) bool { return r.ID == id })
		if i < 0 {
			t.Fatalf("Rules() has no %s", id)
		}
		return all[i]
	}
	tests := []struct {
		id      string
		want    dandang.Rule
		wantOK  bool
		process string
	}{
		{"CL06", byID("CL06"), true, "clearance"},
		{"AC01", byID("AC01"), true, "accusation"},
		{"XC11", byID("XC11"), true, ""},
		{"FU07", byID("FU07"), true, "followup"},
		{"CL24", dandang.Rule{}, false, ""},
		{"cl06", dandang.Rule{}, false, ""},
		{" CL06", dandang.Rule{}, false, ""},
		{"", dandang.Rule{}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got, ok := dandang.RuleByID(tt.id)
			if ok != tt.wantOK {
				t.Fatalf("RuleByID(%q) found = %v, want %v", tt.id, ok, tt.wantOK)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("RuleByID(%q) (-want +got):\n%s", tt.id, diff)
			}
			if ok && (got.ID != tt.id || got.Process != tt.process) {
				t.Errorf("RuleByID(%q) = ID %q, process %q, want ID %q, process %q", tt.id, got.ID, got.Process, tt.id, tt.process)
			}
		})
	}
}

// A caller that changes what Rules returned changes nothing for the next
// caller.
func TestRules_FreshCopy(t *testing.T) {
	want := slices.Clone(dandang.Rules()) // a copy of its own, whatever Rules returns
	wantCL06, _ := dandang.RuleByID("CL06")

	got := dandang.Rules()
	got[0].SummaryEn = "changed"
	got[1] = dandang.Rule{}
	slices.Reverse(got)
	_ = append(got[:1], dandang.Rule{ID: "ZZ99"})

	if diff := cmp.Diff(want, dandang.Rules()); diff != "" {
		t.Errorf("Rules() after a caller changed its copy (-want +got):\n%s", diff)
	}
	if got, _ := dandang.RuleByID("CL06"); got != wantCL06 {
		t.Errorf("RuleByID(\"CL06\") after a caller changed its copy = %+v, want %+v", got, wantCL06)
	}
}
