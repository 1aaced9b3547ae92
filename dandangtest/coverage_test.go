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
