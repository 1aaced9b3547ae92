package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/httpapi"
	"github.com/dandang/dandang/adapters/memdb"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/event"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/walk"
	"github.com/dandang/dandang/tolerance"
)

// users are the test's users, by the ID the X-User header names: staff
// of the seed organs (002: the Wuyi town commission and the county above
// it; 001: Shangcheng's stationed group; Beijing's Tongzhou district,
// which reaches none of Zhejiang's cases).
var users = map[string]dandang.Actor{
	"town-office":   {ID: "town-office", Name: "镇纪委干部", Organ: dandang.Organ{ID: "330723104"}, Roles: []dandang.Role{dandang.PetitionOffice}},
	"town-leader":   {ID: "town-leader", Name: "镇纪委书记", Organ: dandang.Organ{ID: "330723104"}, Roles: []dandang.Role{dandang.PrincipalLeader}},
	"wuyi-petition": {ID: "wuyi-petition", Name: "县信访室主任", Organ: dandang.Organ{ID: "330723"}, Roles: []dandang.Role{dandang.PetitionOffice}},
	"wuyi-leader":   {ID: "wuyi-leader", Name: "县纪委书记", Organ: dandang.Organ{ID: "330723"}, Roles: []dandang.Role{dandang.PrincipalLeader}},
	"court-group":   {ID: "court-group", Name: "魏东", Organ: dandang.Organ{ID: "330102"}, Roles: []dandang.Role{dandang.StationedGroup}},
	"tongzhou":      {ID: "tongzhou", Name: "通州区信访室", Organ: dandang.Organ{ID: "110112"}, Roles: []dandang.Role{dandang.PetitionOffice, dandang.PrincipalLeader}},
	"ghost":         {ID: "ghost", Name: "无机关", Organ: dandang.Organ{ID: "999999"}, Roles: []dandang.Role{dandang.PetitionOffice}},
}

func authenticate(r *http.Request) (dandang.Actor, error) {
	a, ok := users[r.Header.Get("X-User")]
	if !ok {
		return dandang.Actor{}, errors.New("no such user")
	}
	return a, nil
}

// world is the API over every process on one in-memory store, with the
// dispatcher a host runs between them.
type world struct {
	t          testing.TB
	srv        *httptest.Server
	api        *httpapi.Handler
	clock      *dandang.FixedClock
	dispatcher *dandang.Dispatcher
	clearance  *clearance.Service
	logs       *bytes.Buffer

	mu       sync.Mutex
	exchange []exchange // every request and answer, for the OpenAPI test
}

type exchange struct {
	req  *http.Request
	body []byte
	resp *http.Response
	out  []byte
}

func newWorld(t testing.TB) *world {
	t.Helper()
	dir, err := walk.Directory()
	if err != nil {
		t.Fatal(err)
	}
	db := memdb.New()
	clock := dandang.NewFixedClock(time.Date(2023, 3, 1, 9, 0, 0, 0, dandang.China))
	acc, err := accusation.NewService(accusation.Config{Store: memdb.NewStore(db, accusation.Cases), Directory: dir, Clock: clock, Keys: accusation.RandomKeys()})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := clearance.NewService(clearance.Config{Store: memdb.NewStore(db, clearance.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	fu, err := followup.NewService(followup.Config{Store: memdb.NewStore(db, followup.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	tol, err := tolerance.NewService(tolerance.Config{Store: memdb.NewStore(db, tolerance.Cases), Directory: dir, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	d := dandang.NewDispatcher(db.Outbox(), dandang.DispatcherConfig{Clock: clock})
	d.Handle(event.KindReportConcluded, cl.HandleReportConcluded)
	d.Handle(event.KindClearanceCompleted, fu.HandleClearanceCompleted)
	var logs bytes.Buffer
	w := &world{t: t, clock: clock, dispatcher: d, clearance: cl, logs: &logs}
	api, err := httpapi.New(httpapi.Config{Accusation: acc, Clearance: cl, FollowUp: fu, Tolerance: tol, Directory: dir,
		Authenticate: authenticate, Clock: clock, Logger: newLogger(&logs)})
	if err != nil {
		t.Fatal(err)
	}
	w.api = api
	w.srv = httptest.NewServer(api)
	t.Cleanup(w.srv.Close)
	return w
}

// response is an answer read whole.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("answer %d is not JSON: %v\n%s", r.status, err, r.body)
	}
}

func (r response) problem(t testing.TB) httpapi.Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json (status %d: %s)", ct, r.status, r.body)
	}
	var p httpapi.Problem
	r.json(t, &p)
	return p
}

// call sends a request as user; body is JSON-encoded unless it is a string
// or []byte, sent as it is. Headers come in pairs.
func (w *world) call(user, method, path string, body any, headers ...string) response {
	w.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			w.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, w.srv.URL+path, bytes.NewReader(raw))
	if err != nil {
		w.t.Fatal(err)
	}
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("X-User", user)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := w.srv.Client().Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	w.mu.Lock()
	w.exchange = append(w.exchange, exchange{req: req, body: raw, resp: resp, out: out})
	w.mu.Unlock()
	return response{status: resp.StatusCode, header: resp.Header, body: out}
}

// caseView is what the tests read of a case answer.
type caseView struct {
	Case struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
		State   string `json:"state"`
	} `json:"case"`
	StateText string   `json:"stateText"`
	Commands  []string `json:"commands"`
	Awaiting  *struct {
		Step    string   `json:"step"`
		OrganID string   `json:"organId"`
		Roles   []string `json:"roles"`
	} `json:"awaiting"`
	Documents []httpapi.Document `json:"documents"`
}

type caseList struct {
	Cases []caseView `json:"cases"`
	Next  string     `json:"next"`
}

// command runs a command on a case at the version read, and fails the test
// unless it is done; it returns the case after it.
func (w *world) command(user, kind, id string, version int, name string, in any) caseView {
	w.t.Helper()
	r := w.call(user, "POST", "/"+kind+"/cases/"+url.PathEscape(id)+"/"+name, in, "If-Match", etag(version))
	if r.status != http.StatusOK {
		w.t.Fatalf("%s %s on %s: status %d: %s", user, name, id, r.status, r.body)
	}
	var v caseView
	r.json(w.t, &v)
	if got := r.header.Get("ETag"); got != etag(v.Case.Version) {
		w.t.Fatalf("%s: ETag = %s, want %s", name, got, etag(v.Case.Version))
	}
	return v
}

func etag(v int) string { return `"` + strconv.Itoa(v) + `"` }

// lockedWriter lets concurrent requests log to one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(&lockedWriter{w: w}, nil))
}

// dispatch delivers the events the commands wrote, as a host's dispatcher
// does between the processes.
func (w *world) dispatch() {
	w.t.Helper()
	if _, err := w.dispatcher.Dispatch(context.Background()); err != nil {
		w.t.Fatal(err)
	}
}

func day(month time.Month, d int) time.Time {
	return time.Date(2023, month, d, 9, 0, 0, 0, dandang.China)
}
