package dandangtest_test

import (
	"context"
	"testing"

	"github.com/dandang/dandang/dandangtest"
)

// Coverage counts what the engine recorded and refused with: a command's
// history records, and a read's refusal (Stats), which no history holds;
// a name given under confidential reaches the command, which keeps it
// masked.
func TestCoverageFromTheEngine(t *testing.T) {
	const file = `
scenarios:
  - name: 统计与处理诬告者
    start: 2023-03-01
    steps:
      - as: 330305/petition_office
        do: accusation.Stats
        input: {from: "2023-01-01T00:00:00+08:00", to: "2024-01-01T00:00:00+08:00"}
        expect: {refused: XC04}
      - as: 330305/petition_office
        do: accusation.Receive
        name: r
        input:
          id: R-1
          named: false
          receivedAt: "2023-03-01T09:00:00+08:00"
          subjects: [{id: s1, kind: person, name: 王小明, managedAt: county, region: "330305"}]
          allegations: [{id: a1, subjectId: s1, summary: 违规收受礼金}]
        confidential: {text: 王小明违规收受礼金。}
      - {as: 330305/petition_office, do: accusation.Dispose, case: r, input: {disposal: preliminary}}
      - {as: 330305/petition_office, do: accusation.RecordFinding, case: r, input: {allegation: a1, finding: unfounded}}
      - {as: 330305/petition_office, do: accusation.Conclude, case: r, input: {note: 失实}}
      - {as: 330305/petition_office, do: accusation.OpenInquiry, case: r, input: {note: 涉嫌诬告}}
      - as: 330305/petition_office
        do: accusation.LinkOrganizer
        case: r
        input: {personId: p-zhang, role: organizer}
        confidential: {name: 张志强}
        expect: {notice: 张某某}
`
	f, err := dandangtest.Parse("c.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	res := dandangtest.Execute(context.Background(), f.Scenarios[0], dandangtest.RunOptions{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	for _, tt := range []struct {
		rule string
		want dandangtest.Count
	}{
		{"XC04", dandangtest.Count{Refused: 1}},
		{"XC05", dandangtest.Count{Allowed: 1}},
		// six accusation steps, and the clearance the conclusion opened
		{"XC01", dandangtest.Count{Allowed: 7}},
	} {
		if got := res.Coverage.Total(tt.rule); got != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.rule, got, tt.want)
		}
	}
}
