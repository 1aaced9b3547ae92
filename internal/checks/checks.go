// Package checks holds the assertions every process's tests share, so that
// each package does not carry its own copy.
package checks

import (
	"errors"
	"strconv"
	"strings"
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

// SameAsMissing fails t unless unseen, the error of an operation on the
// case unseenID outside the actor's reach, reads exactly as missing, the
// error of the same operation on missingID, a case that does not exist:
// both NotFound (XC07) on the field CaseID, with the same text byte for
// byte once each names the other's ID (no existence or organ oracle).
func SameAsMissing(t testing.TB, unseen error, unseenID string, missing error, missingID string) {
	t.Helper()
	Err(t, unseen, dandang.NotFound, "XC07", "CaseID")
	Err(t, missing, dandang.NotFound, "XC07", "CaseID")
	if unseen == nil || missing == nil {
		return
	}
	got := strings.ReplaceAll(unseen.Error(), strconv.Quote(unseenID), strconv.Quote(missingID))
	if want := missing.Error(); got != want {
		t.Errorf("outside the reach: %q\nmissing:            %q\nwant the same text apart from the ID", unseen.Error(), want)
	}
	var u, m *dandang.Error
	errors.As(unseen, &u)
	errors.As(missing, &m)
	if u.Code != m.Code || u.Op != m.Op || u.Rule != m.Rule || u.Field != m.Field || (u.Err == nil) != (m.Err == nil) {
		t.Errorf("outside the reach %+v, missing %+v: want the same code, op, rule and field", *u, *m)
	}
}
