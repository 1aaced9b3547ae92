package dandangtest_test

import (
	"context"
	"testing"

	"github.com/dandang/dandang/dandangtest"
)

// A refusal counts under the rule the command returned, even where the
// service names it over the engine's own (a second opening of one report
// and subject is refused by CL01, not as a bare conflict): coverage is
// what the caller was told.
func TestCoverage_CL01_RefusalTheServiceNames(t *testing.T) {
	const file = `
actors:
  镇干部: {organ: "330723104", roles: [petition_office]}
scenarios:
  - name: 同一举报同一对象只开一案
    start: 2023-03-20
    steps:
      - as: 镇干部
        do: clearance.Open
        input:
          report: {id: WY-2023-031, concludedAt: "2023-03-20T09:00:00+08:00"}
          subject: {id: wy-secretary, kind: person, name: 何建华, managedAt: township, region: "330723104"}
          allegations: [{id: "1", subjectId: wy-secretary, summary: 收受他人好处, finding: unfounded}]
      - as: 镇干部
        do: clearance.Open
        input:
          report: {id: WY-2023-031, concludedAt: "2023-03-20T09:00:00+08:00"}
          subject: {id: wy-secretary, kind: person, name: 何建华, managedAt: township, region: "330723104"}
          allegations: [{id: "1", subjectId: wy-secretary, summary: 收受他人好处, finding: unfounded}]
        expect: {refused: CL01}
`
	f, err := dandangtest.Parse("inline.yaml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	res := dandangtest.Execute(context.Background(), f.Scenarios[0], dandangtest.RunOptions{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if got, want := res.Coverage.Total("CL01"), (dandangtest.Count{Allowed: 1, Refused: 1}); got != want {
		t.Errorf("CL01 counted %+v, want %+v", got, want)
	}
}

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
