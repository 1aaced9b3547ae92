// Package checks holds the assertions every process's tests share, so that
// each package does not carry its own copy.
package checks

import (
	"errors"
	"testing"

	"github.com/dandang/dandang"
)

// Err fails t unless err is a *dandang.Error with code, and with rule and
// field where they are not "".
func Err(t testing.TB, err error, code dandang.Code, rule, field string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %s [%s] %s", code, rule, field)
	}
	var de *dandang.Error
	if !errors.As(err, &de) {
		t.Fatalf("err = %v (%T), want a *dandang.Error", err, err)
	}
	if got := dandang.ErrorCode(err); got != code {
		t.Errorf("code = %s, want %s (%v)", got, code, err)
	}
	if rule != "" {
		if got := dandang.ErrorRule(err); got != rule {
			t.Errorf("rule = %q, want %q (%v)", got, rule, err)
		}
	}
	if field != "" {
		if got := dandang.ErrorField(err); got != field {
			t.Errorf("field = %q, want %q (%v)", got, field, err)
		}
	}
}
