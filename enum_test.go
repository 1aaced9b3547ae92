package dandang_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/dandang/dandang"
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
		if !errors.Is(err, dandang.ErrInvalid) {
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
	err := dandang.ContextError(ctx, "clearance.Propose")
	if !errors.Is(err, context.Canceled) || dandang.ErrorCode(err) != dandang.Canceled {
		t.Errorf("ContextError(canceled) = %v (%s)", err, dandang.ErrorCode(err))
	}
	if err := dandang.StoreError("op", fmt.Errorf("read: %w", context.DeadlineExceeded)); !errors.Is(err, context.DeadlineExceeded) || dandang.ErrorCode(err) != dandang.Canceled {
		t.Errorf("StoreError(deadline) = %v (%s)", err, dandang.ErrorCode(err))
	}
}

// Error() does not repeat the code or operation of a wrapped *Error.
func TestError_NoRepeats(t *testing.T) {
	inner := &dandang.Error{Code: dandang.Conflict, Op: "memdb.Save", Message: "case c1 is at version 3, not 2"}
	outer := dandang.StoreError("clearance.Propose", inner)
	if got, want := outer.Error(), "clearance.Propose: conflict: memdb.Save: case c1 is at version 3, not 2"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	same := &dandang.Error{Code: dandang.Conflict, Op: "clearance.Open", Rule: "CL01", Err: &dandang.Error{Code: dandang.Conflict, Op: "clearance.Open", Message: "exists"}}
	if got, want := same.Error(), "clearance.Open: conflict [CL01]: exists"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
