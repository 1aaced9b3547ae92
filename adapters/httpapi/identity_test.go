package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
)

// AC04, AC16: over HTTP the reporter stays sealed: no answer carries the
// reporter's name or contact — not the case, its history, a find, the
// overdue list or the inbox — except the authorized identity read, which
// needs its grant, answers the identity once, is recorded in the case's
// history, and is never kept by a cache.
func TestIdentity_AC04_AC16_OnlyTheAuthorizedReadAnswersTheReporter(t *testing.T) {
	w := newWorld(t)
	rep := w.receive("WY-2023-031")
	id := rep.Case.ID
	secrets := []string{"村民甲", "13900000003"}
	leaks := func(what string, body []byte) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(string(body), s) {
				t.Errorf("%s carries the reporter (%s): %s", what, s, body)
			}
		}
	}

	// Without a grant the read is refused, and says nothing of the reporter.
	r := w.call("town-office", "POST", "/accusation/cases/"+id+"/readIdentity", map[string]any{"purpose": "feedback"}, "If-Match", etag(rep.Case.Version))
	if r.status != http.StatusForbidden {
		t.Fatalf("a read without a grant: status %d, want 403: %s", r.status, r.body)
	}
	if got := r.problem(t).Rule; got != "AC04" {
		t.Errorf("a read without a grant is refused by %q, want AC04", got)
	}
	leaks("the refusal", r.body)

	cur := w.call("town-office", "GET", "/accusation/cases/"+id, nil)
	var c caseView
	cur.json(t, &c)
	c = w.command("town-leader", "accusation", id, c.Case.Version, "authorizeRead",
		map[string]any{"reader": "town-office", "purpose": "feedback", "reference": "审批表1号"})
	before := w.call("town-office", "GET", "/accusation/cases/"+id+"/history", nil)

	r = w.call("town-office", "POST", "/accusation/cases/"+id+"/readIdentity", map[string]any{"purpose": "feedback"}, "If-Match", etag(c.Case.Version))
	if r.status != http.StatusOK {
		t.Fatalf("the granted read: status %d: %s", r.status, r.body)
	}
	for _, s := range secrets {
		if !strings.Contains(string(r.body), s) {
			t.Errorf("the granted read does not answer %s: %s", s, r.body)
		}
	}
	if got := r.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("the identity's answer: Cache-Control %q, want no-store", got)
	}

	after := w.call("town-office", "GET", "/accusation/cases/"+id+"/history", nil)
	if strings.Count(string(after.body), `"seq"`) <= strings.Count(string(before.body), `"seq"`) {
		t.Errorf("the granted read is not recorded in the history:\nbefore %s\nafter %s", before.body, after.body)
	}
	for what, path := range map[string]string{
		"the case":      "/accusation/cases/" + id,
		"its history":   "/accusation/cases/" + id + "/history",
		"a find":        "/accusation/cases",
		"the inbox":     "/accusation/awaiting",
		"overdue cases": "/accusation/overdue?at=2030-01-01T00:00:00Z",
	} {
		resp := w.call("town-office", "GET", path, nil)
		if resp.status != http.StatusOK {
			t.Errorf("%s: status %d: %s", what, resp.status, resp.body)
		}
		leaks(what, resp.body)
		if strings.Contains(string(resp.body), `"contentHash":"k`) || strings.Contains(string(resp.body), `"pseudonym":"k`) {
			t.Errorf("%s carries a keyed hash of the reporter or the text: %s", what, resp.body)
		}
	}
	// The grant served one read: a second is refused.
	cur = w.call("town-office", "GET", "/accusation/cases/"+id, nil)
	cur.json(t, &c)
	r = w.call("town-office", "POST", "/accusation/cases/"+id+"/readIdentity", map[string]any{"purpose": "feedback"}, "If-Match", etag(c.Case.Version))
	if r.status != http.StatusForbidden {
		t.Errorf("a second read on one grant: status %d, want 403: %s", r.status, r.body)
	}
}
