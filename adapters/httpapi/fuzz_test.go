package httpapi_test

import (
	"errors"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/httpapi"
	"github.com/dandang/dandang/clearance"
)

// FuzzDecode feeds the body decoder anything: it never panics, and it
// either refuses with an Invalid error naming a field, leaving the target
// as it was, or decodes a value.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{}`, ``, `{"forms":["written"],"scope":"所在部门范围","effects":["rights"]}`,
		`{"forms":"written"}`, `{"nothing":1}`, `{} {}`, `{"note": `, `null`, `[]`,
		`{"actor":{"id":"boss"},"organ":{"id":"33"},"note":"x"}`,
		`{"report":{"id":"R-1","named":true,"subjects":[{"id":"s","kind":"person"}]},"confidential":{"reporter":{"name":"甲"},"text":"t"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, target := range []func() any{
			func() any { return &clearance.PlanInput{Note: "kept"} },
			func() any { return &httpapi.ReceiveInput{} },
			func() any { return &accusation.GrantInput{} },
		} {
			v := target()
			err := httpapi.Decode(data, v)
			if err == nil {
				continue
			}
			var de *dandang.Error
			if !errors.As(err, &de) || de.Code != dandang.Invalid || de.Field == "" {
				t.Fatalf("Decode(%q) = %v, want an Invalid *dandang.Error naming a field", data, err)
			}
			if p, ok := v.(*clearance.PlanInput); ok && p.Note != "kept" {
				t.Fatalf("Decode(%q) refused and changed the target: %+v", data, p)
			}
		}
	})
}
