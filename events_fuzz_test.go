package dandang_test

import (
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/event"
)

// FuzzEventDecode: an event's payload decodes to its kind's type or is
// refused as Invalid; never a panic, never another code.
func FuzzEventDecode(f *testing.F) {
	f.Add("report.concluded", []byte(`{"ReportID":"r1","Subjects":[{"ID":"s","Kind":"person"}]}`))
	f.Add("clearance.completed", []byte(`{"Subject":{"Kind":"alien"}}`))
	f.Add("nothing", []byte(`{}`))
	f.Fuzz(func(t *testing.T, kind string, payload []byte) {
		p, err := event.Decode(dandang.Event{Kind: dandang.EventKind(kind), Payload: payload})
		if err != nil {
			if dandang.ErrorCode(err) != dandang.Invalid {
				t.Fatalf("Decode = %v, want invalid", err)
			}
			return
		}
		if p.Kind() != dandang.EventKind(kind) {
			t.Errorf("Decode(%s) gave a %s", kind, p.Kind())
		}
	})
}
