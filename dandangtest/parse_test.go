package dandangtest_test

import (
	"strings"
	"testing"

	"github.com/dandang/dandang/dandangtest"
)

// Bad scenario files fail with the file, the line and what is wrong,
// before anything runs.
func TestParseRefuses(t *testing.T) {
	const head = "scenarios:\n  - name: x\n    steps:\n"
	tests := []struct {
		name, body string
		line       int
		says       string
	}{
		{"syntax", "scenarios: [\n", 1, ""},
		{"unknown key", "colour: red\n" + head + "      - {as: 330102/petition_office, do: clearance.Open}\n", 1, "unknown key"},
		{"unknown command", head + "      - {as: 330102/petition_office, do: clearance.Fly}\n", 4, "unknown command clearance.Fly"},
		{"unknown process", head + "      - {as: 330102/petition_office, do: airline.Fly}\n", 4, "unknown process"},
		{"unknown actor", head + "      - {as: 张三, do: clearance.Open}\n", 4, "unknown actor"},
		{"unknown organ", head + "      - {as: 999999/petition_office, do: clearance.Open}\n", 4, "unknown organ"},
		{"unknown role", head + "      - {as: 330102/janitor, do: clearance.Open}\n", 4, "unknown role"},
		{"unknown field", head + "      - as: 330102/petition_office\n        do: clearance.Open\n        input: {colour: red}\n", 6, "unknown field"},
		{"cases on a one-case command", head + "      - {as: 330102/petition_office, do: clearance.Propose, cases: [a, b]}\n", 4, "names no cases"},
		{"unknown rule", head + "      - {as: 330102/petition_office, do: clearance.Open, expect: {refused: ZZ99}}\n", 4, "unknown rule"},
		{"unknown state", head + "      - {as: 330102/petition_office, do: clearance.Open, expect: {state: openedd}}\n", 4, "unknown state \"openedd\": no process has it"},
		{"confidential to a command that takes none", head + "      - as: 330102/petition_office\n        do: clearance.Open\n        confidential: {name: 张三}\n", 6, "takes no confidential part"},
		{"unknown unrecorded field", head + "      - as: 330102/petition_office\n        do: accusation.Sanction\n        confidential: {accuserNme: 张三}\n", 6, "unknown field"},
		{"unknown event", head + "      - {as: 330102/petition_office, do: clearance.Open, expect: {event: party}}\n", 4, "unknown event"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dandangtest.Parse("s.yaml", []byte(tt.body))
			e, ok := err.(*dandangtest.Error)
			if !ok {
				t.Fatalf("Parse: %v, want a *dandangtest.Error", err)
			}
			if e.File != "s.yaml" || e.Line != tt.line {
				t.Errorf("at %s:%d, want s.yaml:%d (%v)", e.File, e.Line, tt.line, e)
			}
			if !strings.Contains(e.Error(), tt.says) {
				t.Errorf("%q does not say %q", e.Error(), tt.says)
			}
		})
	}
}
