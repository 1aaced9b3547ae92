package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// The OpenAPI document is kept true: the seed flow, the refusals and one
// request to every route not met there are validated, requests and
// answers, against the document served at /openapi.json, with
// pb33f/libopenapi-validator (OpenAPI 3.1 and JSON Schema 2020-12, which
// the contract's schemas are written in).
func TestOpenAPI_EveryRouteValidates(t *testing.T) {
	w := newWorld(t)
	r := w.call("", "GET", "/openapi.json", nil)
	if r.status != http.StatusOK {
		t.Fatalf("/openapi.json: %d", r.status)
	}
	spec := r.body
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("document: %s: %s", e.Message, e.Reason)
		}
		t.FailNow()
	}

	// Real traffic: the seed flow, then a request to each route not met.
	flow(t, w)
	w.call("town-office", "GET", "/healthz", nil)
	var parsed struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(spec, &parsed); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for p, item := range parsed.Paths {
		for m := range item {
			ops = append(ops, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(ops)
	met := map[string]bool{}
	for _, ex := range w.exchange {
		met[ex.req.Method+" "+route(parsed.Paths, ex.req.URL.EscapedPath())] = true
	}
	id := url.PathEscape("SC-2023-117/sc-judge")
	for _, op := range ops {
		if met[op] {
			continue
		}
		method, path, _ := strings.Cut(op, " ")
		path = strings.ReplaceAll(path, "{id}", id)
		switch {
		case strings.HasSuffix(path, "/stats"):
			path += "?from=2023-01-01T00:00:00Z&to=2023-02-01T00:00:00Z"
		}
		if method == "POST" {
			w.call("court-group", method, path, map[string]any{}, "If-Match", `"1"`)
		} else {
			w.call("court-group", method, path, nil)
		}
	}

	seen := map[string]int{}
	for _, ex := range w.exchange {
		op := ex.req.Method + " " + route(parsed.Paths, ex.req.URL.EscapedPath())
		seen[op]++
		req := ex.req.Clone(ex.req.Context())
		req.Body = io.NopCloser(bytes.NewReader(ex.body))
		if ok, verrs := v.ValidateHttpRequest(req); !ok && ex.resp.StatusCode < 400 {
			for _, e := range verrs {
				t.Errorf("%s request: %s: %s %v", op, e.Message, e.Reason, e.SchemaValidationErrors)
			}
		}
		resp := *ex.resp
		resp.Body = io.NopCloser(bytes.NewReader(ex.out))
		req.Body = io.NopCloser(bytes.NewReader(ex.body))
		if ok, verrs := v.ValidateHttpResponse(req, &resp); !ok {
			for _, e := range verrs {
				t.Errorf("%s answer %d: %s: %s %v\n%s", op, resp.StatusCode, e.Message, e.Reason, e.SchemaValidationErrors, ex.out)
			}
		}
	}
	for _, op := range ops {
		if seen[op] == 0 {
			t.Errorf("%s: no request met it", op)
		}
	}
}

// route returns the path template of the document a request path matches.
func route(paths map[string]map[string]json.RawMessage, path string) string {
	segs := strings.Split(path, "/")
	best := ""
	for p := range paths {
		ps := strings.Split(p, "/")
		if len(ps) != len(segs) {
			continue
		}
		ok, wild := true, 0
		for i := range ps {
			if ps[i] == "{id}" {
				wild++
				continue
			}
			if ps[i] != segs[i] {
				ok = false
				break
			}
		}
		if ok && (best == "" || wild < strings.Count(best, "{")) {
			best = p
		}
	}
	return best
}

// flow runs the seed flow and the refusals of the errors test on w.
func flow(t *testing.T, w *world) {
	t.Helper()
	rep := w.receive("WY-2023-031")
	w.clock.Set(day(3, 3))
	w.conclude(rep)
	w.dispatch()
	w.clock.Set(day(3, 22))
	w.approved("WY-2023-031/wy-secretary")
	c := w.open("SC-2023-117")
	w.call("court-group", "GET", "/clearance/cases?limit=1", nil)
	w.call("town-office", "GET", "/clearance/awaiting", nil)
	w.call("court-group", "GET", "/clearance/overdue", nil)
	w.call("court-group", "GET", "/clearance/provisional", nil)
	w.call("court-group", "GET", "/clearance/stats?from=2023-01-01T00:00:00%2B08:00&to=2023-02-01T00:00:00%2B08:00", nil)
	w.call("court-group", "GET", casePath(c.Case.ID, "/history"), nil)
	w.call("court-group", "POST", casePath(c.Case.ID, "/close"), map[string]any{}, "If-Match", etag(c.Case.Version))
	w.call("court-group", "POST", casePath(c.Case.ID, "/consult"), map[string]any{"opinion": " "}, "If-Match", etag(c.Case.Version))
	w.call("", "GET", casePath(c.Case.ID, ""), nil)
}
