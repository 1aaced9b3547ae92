package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/adapters/httpapi"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/internal/walk"
	"github.com/google/go-cmp/cmp"
)

var judge = dandang.Subject{ID: "sc-judge", Kind: dandang.Person, Name: "史强", Position: "法官",
	Unit: "上城区人民法院某庭", UnitHead: "陈立新", ManagedAt: dandang.County, Region: "330102"}

// open opens seed 001's clearance of the judge at Shangcheng, directly.
func (w *world) open(reportID string) caseView {
	w.t.Helper()
	r := w.call("court-group", "POST", "/clearance/cases", clearance.NewCase{
		Report:  clearance.Report{ID: reportID, Named: true, ConcludedAt: day(2, 27)},
		Subject: judge,
		Allegations: []dandang.Allegation{
			{ID: "1", SubjectID: judge.ID, Summary: "拖延办案", Finding: dandang.Unfounded},
		},
	})
	if r.status != http.StatusCreated {
		w.t.Fatalf("open: status %d: %s", r.status, r.body)
	}
	var v caseView
	r.json(w.t, &v)
	return v
}

func casePath(id, rest string) string { return "/clearance/cases/" + url.PathEscape(id) + rest }

// Every refusal is a problem+json body with the status the code table
// gives, the type of its code, the rule and the field, and the
// explanation in the request's language.
func TestErrors_StatusAndProblem(t *testing.T) {
	w := newWorld(t)
	c := w.open("SC-2023-117")
	id, v := c.Case.ID, etag(c.Case.Version)
	for _, tc := range []struct {
		name         string
		user, method string
		path         string
		body         any
		headers      []string
		status       int
		code, rule   string
		field        string
		detail       string // part of the detail
	}{
		{name: "401 no actor", method: "GET", path: casePath(id, ""), status: 401, code: "unauthenticated", detail: "登录"},
		{name: "403 XC07 organ not in the directory", user: "ghost", method: "GET", path: casePath(id, ""), status: 403, code: "forbidden", rule: "XC07"},
		{name: "403 XC02 role", user: "wuyi-leader", method: "POST", path: "/clearance/cases", body: clearance.NewCase{
			Report: clearance.Report{ID: "X-1", ConcludedAt: day(2, 27)}, Subject: judge,
			Allegations: []dandang.Allegation{{ID: "1", SubjectID: judge.ID, Summary: "拖延办案", Finding: dandang.Unfounded}}},
			status: 403, code: "forbidden"},
		{name: "404 missing", user: "court-group", method: "GET", path: casePath("no-such-case", ""), status: 404, code: "not_found"},
		{name: "409 XC09 transition", user: "court-group", method: "POST", path: casePath(id, "/close"), body: map[string]any{}, headers: []string{"If-Match", v},
			status: 409, code: "transition", rule: "XC09", detail: "当前状态"},
		{name: "409 conflict: opened twice (CL03)", user: "court-group", method: "POST", path: "/clearance/cases", body: clearance.NewCase{
			Report: clearance.Report{ID: "SC-2023-117", Named: true, ConcludedAt: day(2, 27)}, Subject: judge,
			Allegations: []dandang.Allegation{{ID: "1", SubjectID: judge.ID, Summary: "拖延办案", Finding: dandang.Unfounded}}},
			status: 409, code: "conflict"},
		{name: "412 stale", user: "court-group", method: "POST", path: casePath(id, "/propose"), body: map[string]any{}, headers: []string{"If-Match", `"7"`},
			status: 412, code: "stale", field: ""},
		{name: "422 CL06 invalid", user: "court-group", method: "POST", path: casePath(id, "/consult"), body: map[string]any{"agreed": true, "opinion": " "}, headers: []string{"If-Match", v},
			status: 422, code: "invalid", rule: "CL06", field: "opinion"},
		{name: "422 English", user: "court-group", method: "POST", path: casePath(id, "/consult"), body: map[string]any{"agreed": true, "opinion": " "}, headers: []string{"If-Match", v, "Accept-Language", "en-GB,en;q=0.9"},
			status: 422, code: "invalid", rule: "CL06", field: "opinion", detail: "CL06"},
		{name: "428 no If-Match", user: "court-group", method: "POST", path: casePath(id, "/propose"), body: map[string]any{}, status: 428, code: "precondition_required", field: ""},
		{name: "422 bad If-Match", user: "court-group", method: "POST", path: casePath(id, "/propose"), body: map[string]any{}, headers: []string{"If-Match", `W/"x"`}, status: 422, code: "invalid", field: "If-Match"},
		{name: "422 bad path value", user: "court-group", method: "GET", path: "/clearance/cases/%01", status: 422, code: "invalid", rule: "XC06", field: "id"},
		{name: "422 unknown query parameter", user: "court-group", method: "GET", path: "/clearance/cases?sate=opened", status: 422, code: "invalid", field: "sate"},
		{name: "422 bad state", user: "court-group", method: "GET", path: "/clearance/cases?state=nowhere", status: 422, code: "invalid", field: "state"},
		{name: "422 stats of an open period (XC04)", user: "court-group", method: "GET", path: "/clearance/stats?from=2023-01-01T00:00:00%2B08:00&to=2099-01-01T00:00:00%2B08:00", status: 422, code: "invalid", rule: "XC04"},
		{name: "413 oversized", user: "court-group", method: "POST", path: casePath(id, "/plan"), body: `{"note":"` + strings.Repeat("长", httpapi.DefaultMaxBody/3+1) + `"}`, headers: []string{"If-Match", v}, status: 413, code: "too_large"},
		{name: "415 not JSON", user: "court-group", method: "POST", path: casePath(id, "/plan"), body: "note=x", headers: []string{"If-Match", v, "Content-Type", "application/x-www-form-urlencoded"}, status: 415, code: "unsupported_media_type"},
		{name: "422 malformed", user: "court-group", method: "POST", path: casePath(id, "/plan"), body: `{"note": `, headers: []string{"If-Match", v}, status: 422, code: "invalid", rule: "XC06", field: "body"},
		{name: "422 unknown field", user: "court-group", method: "POST", path: casePath(id, "/plan"), body: `{"nothing": 1}`, headers: []string{"If-Match", v}, status: 422, code: "invalid", rule: "XC06", field: "nothing"},
		{name: "422 trailing data", user: "court-group", method: "POST", path: casePath(id, "/plan"), body: `{} {}`, headers: []string{"If-Match", v}, status: 422, code: "invalid", rule: "XC06", field: "body"},
		{name: "422 wrong type", user: "court-group", method: "POST", path: casePath(id, "/plan"), body: `{"forms": "written"}`, headers: []string{"If-Match", v}, status: 422, code: "invalid", rule: "XC06", field: "forms"},
		{name: "422 unknown enum value", user: "court-group", method: "POST", path: casePath(id, "/plan"), body: `{"forms": ["smoke_signal"]}`, headers: []string{"If-Match", v}, status: 422, code: "invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.call(tc.user, tc.method, tc.path, tc.body, tc.headers...)
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tc.status, r.body)
			}
			p := r.problem(t)
			if p.Status != tc.status || p.Code != tc.code || p.Type != "urn:dandang:problem:"+tc.code {
				t.Errorf("problem = %+v, want status %d, code %s", p, tc.status, tc.code)
			}
			if tc.rule != "" && p.Rule != tc.rule {
				t.Errorf("rule = %q, want %q", p.Rule, tc.rule)
			}
			if tc.field != "" && p.Field != tc.field {
				t.Errorf("field = %q, want %q", p.Field, tc.field)
			}
			if p.Title == "" || p.Detail == "" || !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("title %q, detail %q: want both, the detail holding %q", p.Title, p.Detail, tc.detail)
			}
		})
	}
	// Nothing was written by any of them.
	r := w.call("court-group", "GET", casePath(id, ""), nil)
	if got := r.header.Get("ETag"); got != v {
		t.Errorf("after the refusals ETag = %s, want %s", got, v)
	}
}

// A stale If-Match answers 412 with the version now, and writes nothing.
func TestErrors_StaleNamesCurrentVersion(t *testing.T) {
	w := newWorld(t)
	c := w.open("SC-2023-117")
	w.command("court-group", "clearance", c.Case.ID, c.Case.Version, "plan", map[string]any{"forms": []string{"written"}, "scope": "所在部门范围", "effects": []string{"rights"}})
	r := w.call("court-group", "POST", casePath(c.Case.ID, "/plan"), map[string]any{"forms": []string{"written"}}, "If-Match", etag(c.Case.Version))
	if r.status != http.StatusPreconditionFailed {
		t.Fatalf("status = %d, want 412: %s", r.status, r.body)
	}
	p := r.problem(t)
	if p.CurrentVersion != c.Case.Version+1 || r.header.Get("ETag") != etag(c.Case.Version+1) {
		t.Errorf("currentVersion %d, ETag %s; want %d", p.CurrentVersion, r.header.Get("ETag"), c.Case.Version+1)
	}
}

// A case outside the actor's reach answers exactly as a case that does not
// exist: same status, same headers, same body (XC07).
func TestErrors_XC07_OutOfReachIsNotFound(t *testing.T) {
	w := newWorld(t)
	c := w.open("SC-2023-117")
	for _, tc := range []struct {
		name, method, rest string
		body               any
	}{
		{"get", "GET", "", nil},
		{"history", "GET", "/history", nil},
		{"command", "POST", "/propose", map[string]any{}},
		{"stale command", "POST", "/propose", map[string]any{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := []string{"If-Match", etag(c.Case.Version)}
			if tc.name == "stale command" {
				h = []string{"If-Match", `"9"`}
			}
			hidden := w.call("tongzhou", tc.method, casePath(c.Case.ID, tc.rest), tc.body, h...)
			missing := w.call("tongzhou", tc.method, casePath("SC-2023-999/nobody", tc.rest), tc.body, h...)
			if hidden.status != http.StatusNotFound {
				t.Fatalf("out of reach: status %d, want 404: %s", hidden.status, hidden.body)
			}
			if diff := cmp.Diff(string(missing.body), string(hidden.body)); diff != "" {
				t.Errorf("bodies differ (-missing +hidden):\n%s", diff)
			}
			for _, hd := range []http.Header{hidden.header, missing.header} {
				hd.Del("Date")
			}
			if diff := cmp.Diff(missing.header, hidden.header); diff != "" {
				t.Errorf("headers differ (-missing +hidden):\n%s", diff)
			}
		})
	}
}

// Who acts comes from the authenticator: an actor or organ in a body is
// ignored, and the history records the authenticated user.
func TestErrors_XC07_ForgedActorIgnored(t *testing.T) {
	w := newWorld(t)
	c := w.open("SC-2023-117")
	forged := map[string]any{"forms": []string{"written"}, "scope": "所在部门范围", "effects": []string{"rights"},
		"actor": map[string]any{"id": "province-boss", "organ": map[string]any{"id": "33"}, "roles": []string{"principal_leader"}},
		"organ": map[string]any{"id": "33"}}
	// A user without the role is refused, whatever the body claims.
	r := w.call("tongzhou", "POST", casePath(c.Case.ID, "/plan"), forged, "If-Match", etag(c.Case.Version))
	if r.status != http.StatusNotFound {
		t.Errorf("Tongzhou with a forged actor: status %d, want 404: %s", r.status, r.body)
	}
	got := w.command("court-group", "clearance", c.Case.ID, c.Case.Version, "plan", forged)
	r = w.call("court-group", "GET", casePath(got.Case.ID, "/history"), nil)
	var h struct {
		Records []dandang.Record `json:"records"`
	}
	r.json(t, &h)
	last := h.Records[len(h.Records)-1]
	if last.Actor.ID != "court-group" || last.Actor.OrganID != "330102" {
		t.Errorf("recorded actor = %+v, want court-group of 330102", last.Actor)
	}
}

// Two clients racing one command on one version: one is done, the other
// is told the case moved on.
func TestErrors_RaceOneWinsOneStale(t *testing.T) {
	w := newWorld(t)
	c := w.open("SC-2023-117")
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i := range statuses {
		wg.Go(func() {
			r := w.call("court-group", "POST", casePath(c.Case.ID, "/plan"),
				map[string]any{"forms": []string{"written"}, "scope": "所在部门范围", "effects": []string{"rights"}}, "If-Match", etag(c.Case.Version))
			statuses[i] = r.status
		})
	}
	wg.Wait()
	ok, stale := 0, 0
	for _, s := range statuses {
		switch s {
		case 200:
			ok++
		case 412:
			stale++
		}
	}
	if ok != 1 || stale != 1 {
		t.Errorf("statuses = %v, want one 200 and one 412", statuses)
	}
}

// failing is a store whose reads fail as told.
type failing struct {
	clearance.Store
	err error
}

func (f failing) Get(ctx context.Context, id string) (*clearance.Case, error) { return nil, f.err }
func (f failing) Load(ctx context.Context, id string) (*clearance.Case, []dandang.Record, error) {
	return nil, nil, f.err
}

// A fault answers 500 with nothing of its internals; a canceled request
// 503.
func TestErrors_InternalAndCanceled(t *testing.T) {
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		err    error
		status int
		code   string
	}{
		{errors.New("disk on fire at /var/lib/secret"), 500, "internal"},
		{context.DeadlineExceeded, 503, "canceled"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			svc, err := clearance.NewService(clearance.Config{Store: failing{memdb.NewStore(memdb.New(), clearance.Cases), tc.err}, Directory: dir})
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			api, err := httpapi.New(httpapi.Config{Clearance: svc, Directory: dir, Authenticate: authenticate, Logger: newLogger(&logs)})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(api)
			defer srv.Close()
			req, _ := http.NewRequest("GET", srv.URL+"/clearance/cases/x", nil)
			req.Header.Set("X-User", "court-group")
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			w := &world{t: t}
			var buf bytes.Buffer
			_, _ = buf.ReadFrom(resp.Body)
			_ = w
			r := response{status: resp.StatusCode, header: resp.Header, body: buf.Bytes()}
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tc.status, r.body)
			}
			p := r.problem(t)
			if p.Code != tc.code || strings.Contains(string(r.body), "disk") || strings.Contains(string(r.body), "secret") {
				t.Errorf("problem = %s", r.body)
			}
			if !strings.Contains(logs.String(), `"status":`+itoa(tc.status)) {
				t.Errorf("no log line with the status: %s", logs.String())
			}
		})
	}
}

func itoa(v int) string { return strings.Trim(etag(v), `"`) }

var _ = time.Second
