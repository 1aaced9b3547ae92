package dandang_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Every enum refuses unknown values when decoded, naming the type (XC06).
func TestEnum_RefusesUnknownWhenDecoded(t *testing.T) {
	var v struct {
		Level   dandang.Level
		Role    dandang.Role
		Kind    dandang.SubjectKind
		Finding dandang.Finding
	}
	if err := json.Unmarshal([]byte(`{"Level":"county","Role":"trial_office","Kind":"person","Finding":"unfounded"}`), &v); err != nil {
		t.Fatalf("decoding known values: %v", err)
	}
	if v.Level != dandang.County || v.Role != dandang.TrialOffice || v.Kind != dandang.Person || v.Finding != dandang.Unfounded {
		t.Errorf("decoded %+v", v)
	}
	for _, in := range []string{`{"Level":"ministry"}`, `{"Role":"janitor"}`, `{"Kind":"alien"}`, `{"Finding":"maybe"}`} {
		err := json.Unmarshal([]byte(in), &v)
		if !errors.Is(err, dandang.Invalid) {
			t.Errorf("json.Unmarshal(%s) = %v, want invalid", in, err)
		}
	}
	if _, err := json.Marshal(dandang.Level(9)); err == nil {
		t.Errorf("an unknown level encodes")
	}
}

// A canceled or expired context is Canceled, never Internal, and matches
// the context's own error.
func TestContextError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := kit.ContextError(ctx, "clearance.Propose")
	if !errors.Is(err, context.Canceled) || dandang.ErrorCode(err) != dandang.Canceled {
		t.Errorf("ContextError(canceled) = %v (%s)", err, dandang.ErrorCode(err))
	}
	if err := kit.StoreError("op", fmt.Errorf("read: %w", context.DeadlineExceeded)); !errors.Is(err, context.DeadlineExceeded) || dandang.ErrorCode(err) != dandang.Canceled {
		t.Errorf("StoreError(deadline) = %v (%s)", err, dandang.ErrorCode(err))
	}
}

// Error() does not repeat the code or operation of a wrapped *Error.
func TestError_NoRepeats(t *testing.T) {
	inner := &dandang.Error{Code: dandang.Conflict, Op: "memdb.Save", Message: "case c1 is at version 3, not 2"}
	outer := kit.StoreError("clearance.Propose", inner)
	if got, want := outer.Error(), "clearance.Propose: conflict: memdb.Save: case c1 is at version 3, not 2"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	same := &dandang.Error{Code: dandang.Conflict, Op: "clearance.Open", Rule: "CL01", Err: &dandang.Error{Code: dandang.Conflict, Op: "clearance.Open", Message: "exists"}}
	if got, want := same.Error(), "clearance.Open: conflict [CL01]: exists"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// Case IDs joined from parts never collide: ("r/1", "x") and ("r", "1/x")
// name different cases.
func TestCaseID_NoCollisions(t *testing.T) {
	pairs := [][2][]string{
		{{"r/1", "x"}, {"r", "1/x"}},
		{{"r%2F1", "x"}, {"r/1", "x"}},
		{{"a", ""}, {"a/", ""}},
	}
	for _, p := range pairs {
		if a, b := kit.CaseID(p[0]...), kit.CaseID(p[1]...); a == b {
			t.Errorf("CaseID(%q) = CaseID(%q) = %q", p[0], p[1], a)
		}
	}
	if got := kit.CaseID("R-2023-017", "shi"); got != "R-2023-017/shi" {
		t.Errorf("CaseID of plain parts = %q, want them joined as they are", got)
	}
}

// FuzzEnumText: an enum decodes its own names back to the same value and
// refuses anything else as Invalid; never a panic.
func FuzzEnumText(f *testing.F) {
	for _, s := range []string{"county", "province", "trial_office", "person", "unfounded", "", "County", "ministry", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		check := func(name string, err error, roundTrip func() (string, error)) {
			if err != nil {
				if dandang.ErrorCode(err) != dandang.Invalid {
					t.Errorf("%s(%q) = %v, want invalid", name, s, err)
				}
				return
			}
			back, err := roundTrip()
			if err != nil || back != s {
				t.Errorf("%s(%q) encodes back as %q, %v", name, s, back, err)
			}
		}
		var l dandang.Level
		check("Level", l.UnmarshalText([]byte(s)), func() (string, error) { b, err := l.MarshalText(); return string(b), err })
		var r dandang.Role
		check("Role", r.UnmarshalText([]byte(s)), func() (string, error) { b, err := r.MarshalText(); return string(b), err })
		var k dandang.SubjectKind
		check("SubjectKind", k.UnmarshalText([]byte(s)), func() (string, error) { b, err := k.MarshalText(); return string(b), err })
		var fd dandang.Finding
		check("Finding", fd.UnmarshalText([]byte(s)), func() (string, error) { b, err := fd.MarshalText(); return string(b), err })
	})
}
