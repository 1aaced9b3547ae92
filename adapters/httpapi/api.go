package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
	"golang.org/x/text/language"
)

// DefaultMaxBody is the cap on a request body when Config.MaxBody is 0:
// 1 MiB, far above any command input the processes accept under their
// default limits (kit.DefaultLimits).
const DefaultMaxBody = 1 << 20

// Authenticator tells who sends a request, from the host's own session or
// token: the actor's ID, its organ's ID and its roles as the host's user
// register holds them. The handler resolves the organ in the directory
// (XC07), so what an authenticator says of the organ beyond its ID is never
// believed. An error answers 401; nothing of the request is read before.
type Authenticator func(r *http.Request) (dandang.Actor, error)

// Config configures the handler New returns. Authenticate and Directory are
// required, and at least one service; a nil service's routes are not
// served.
type Config struct {
	Accusation *accusation.Service
	Clearance  *clearance.Service
	Tolerance  *tolerance.Service
	FollowUp   *followup.Service

	// Directory is the host's organ tree, the one the services were built
	// on: every actor is resolved in it (XC07).
	Directory *dandang.Directory
	// Authenticate reads who is acting from the request (see
	// Authenticator).
	Authenticate Authenticator
	// Clock tells the time "overdue" is counted at when a request names
	// none; default the wall clock (time.Now).
	Clock dandang.Clock
	// Health checks the store for /healthz, such as a database ping; nil:
	// /healthz answers 200 without checking anything.
	Health func(ctx context.Context) error
	// MaxBody caps a request body in bytes; 0: DefaultMaxBody. A larger
	// body is refused with 413 before it is decoded.
	MaxBody int64
	// Logger gets one line per request: the route pattern, the status, the
	// duration, and for a refusal its code and rule; never a body, a query
	// or anything a reporter gave. nil logs nothing.
	Logger *slog.Logger
	// Observer watches every request as a command (CommandInfo.Op
	// "http.<route name>"), around the service's own observation; nil:
	// none.
	Observer dandang.Observer
}

// Handler is the HTTP API over the services of a Config. It is an
// http.Handler, safe for concurrent use.
type Handler struct {
	cfg   Config
	mux   *http.ServeMux
	procs []process
	doc   []byte // the OpenAPI document
}

// New returns the handler serving the API over cfg's services: for each
// process kind K served, under /K/ (see the package documentation), and
// /openapi.json and /healthz.
//
// Errors: Invalid when Authenticate or Directory is nil, or no service is
// given.
func New(cfg Config) (*Handler, error) {
	const op = "httpapi.New"
	switch {
	case cfg.Authenticate == nil:
		return nil, &dandang.Error{Code: dandang.Invalid, Op: op, Field: "Authenticate", Message: "an authenticator is required"}
	case cfg.Directory == nil:
		return nil, &dandang.Error{Code: dandang.Invalid, Op: op, Field: "Directory", Message: "a directory is required"}
	}
	if cfg.Clock == nil {
		cfg.Clock = wallClock{}
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	h := &Handler{cfg: cfg, mux: http.NewServeMux()}
	if cfg.Accusation != nil {
		h.procs = append(h.procs, accusationProcess(cfg.Accusation, cfg.Clock))
	}
	if cfg.Clearance != nil {
		h.procs = append(h.procs, clearanceProcess(cfg.Clearance, cfg.Clock))
	}
	if cfg.Tolerance != nil {
		h.procs = append(h.procs, toleranceProcess(cfg.Tolerance, cfg.Clock))
	}
	if cfg.FollowUp != nil {
		h.procs = append(h.procs, followupProcess(cfg.FollowUp, cfg.Clock))
	}
	if len(h.procs) == 0 {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: op, Field: "Clearance", Message: "at least one service is required"}
	}
	var routes []route
	for _, p := range h.procs {
		routes = append(routes, p.routes()...)
	}
	for _, rt := range routes {
		h.handle(rt)
	}
	doc, err := openAPI(routes)
	if err != nil {
		return nil, &dandang.Error{Code: dandang.Internal, Op: op, Message: "building the OpenAPI document", Err: err}
	}
	h.doc = doc
	h.mux.HandleFunc("GET /openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(h.doc)
	})
	h.mux.HandleFunc("GET /healthz", h.healthz)
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// OpenAPI returns the OpenAPI 3.1 document the handler serves at
// /openapi.json.
func (h *Handler) OpenAPI() []byte { return append([]byte(nil), h.doc...) }

// Actor returns the actor the request's authenticator names, resolved in
// the directory (XC07): what the handler acts as. The example console uses
// it to show who is signed in.
//
// Errors: the authenticator's; Forbidden (XC07) for an organ not in the
// directory or asserted otherwise than the directory has it.
func (h *Handler) Actor(r *http.Request) (dandang.Actor, error) {
	a, err := h.cfg.Authenticate(r)
	if err != nil {
		return dandang.Actor{}, err
	}
	return h.cfg.Directory.Resolve("httpapi", a)
}

func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	status := http.StatusOK
	if h.cfg.Health != nil {
		if err := h.cfg.Health(r.Context()); err != nil {
			status = http.StatusServiceUnavailable
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status == http.StatusOK {
		_, _ = w.Write([]byte(`{"status":"ok"}` + "\n"))
	} else {
		_, _ = w.Write([]byte(`{"status":"unavailable"}` + "\n"))
	}
	h.log(r.Context(), "GET /healthz", status, time.Since(start), nil)
}

// route is one operation of the API.
type route struct {
	method  string // GET or POST
	path    string // the ServeMux path, such as /clearance/cases/{id}
	name    string // operation name, such as clearance.getCase
	kind    string // the process
	command string // the command name for a command route
	summary string
	// onCase: the path names a case ({id}); a refusal for a case out of
	// the actor's reach answers as a missing one.
	onCase bool
	// ifMatch: the route requires If-Match.
	ifMatch bool
	query   []param // query parameters
	in      any     // a value of the request body's type; nil: none
	out     any     // a value of the 2xx body's type
	created bool    // 201 on success
	serve   func(c *call) error
}

// param is a query parameter.
type param struct {
	name, typ, format, doc string
	required               bool
}

func (rt route) pattern() string { return rt.method + " " + rt.path }

// call is one request being served.
type call struct {
	h       *Handler
	w       *statusWriter
	r       *http.Request
	ctx     context.Context
	rt      route
	tag     language.Tag
	actor   dandang.Actor
	p       process
	caseID  string
	version int // If-Match, for a route that requires it
	// resolved: the actor was found in the directory, so that a
	// Forbidden refusal after it may be a case to hide.
	resolved bool
	refused  *dandang.Error
	// in is the type of the input the request's body decoded into, so that
	// a refusal names its field by the contract's json names.
	in reflect.Type
}

func (h *Handler) handle(rt route) {
	h.mux.HandleFunc(rt.pattern(), func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		c := &call{h: h, w: sw, r: r, ctx: r.Context(), rt: rt, tag: Language(r)}
		for _, p := range h.procs {
			if p.kind() == rt.kind {
				c.p = p
			}
		}
		info := dandang.CommandInfo{Kind: rt.kind, Op: "http." + rt.name, Command: rt.command}
		if h.cfg.Observer != nil {
			c.ctx = h.cfg.Observer.CommandStart(c.ctx, info)
		}
		err := c.serve()
		if err != nil {
			c.fail(err)
		}
		d := time.Since(start)
		if h.cfg.Observer != nil {
			info.CaseID, info.Duration = c.caseID, d
			if c.refused != nil {
				info.Code, info.Rule, info.Field = c.refused.Code, c.refused.Rule, c.refused.Field
			}
			h.cfg.Observer.CommandEnd(c.ctx, info, asError(c.refused))
		}
		h.log(c.ctx, rt.pattern(), sw.status(), d, c.refused)
	})
}

// asError keeps a nil *dandang.Error a nil error.
func asError(e *dandang.Error) error {
	if e == nil {
		return nil
	}
	return e
}

func (c *call) serve() error {
	a, err := c.h.cfg.Authenticate(c.r)
	if err != nil {
		return errUnauthenticated
	}
	if c.actor, err = c.h.cfg.Directory.Resolve("httpapi", a); err != nil {
		return err
	}
	c.resolved = true
	if c.rt.onCase {
		c.caseID = c.r.PathValue("id")
		if err := checkID("id", c.caseID); err != nil {
			return err
		}
	}
	if c.rt.ifMatch {
		v, err := ifMatch(c.r)
		if err != nil {
			return err
		}
		c.version = v
	}
	return c.rt.serve(c)
}

func (h *Handler) log(ctx context.Context, route string, status int, d time.Duration, refused *dandang.Error) {
	if h.cfg.Logger == nil {
		return
	}
	attrs := []slog.Attr{slog.String("route", route), slog.Int("status", status), slog.Duration("duration", d)}
	level := slog.LevelInfo
	if refused != nil {
		attrs = append(attrs, slog.String("code", string(refused.Code)))
		if refused.Rule != "" {
			attrs = append(attrs, slog.String("rule", refused.Rule))
		}
		if refused.Field != "" {
			attrs = append(attrs, slog.String("field", refused.Field))
		}
		if status >= 500 {
			level = slog.LevelError
		}
	}
	h.cfg.Logger.LogAttrs(ctx, level, "http request", attrs...)
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Language returns the language a request's Accept-Language asks for among
// those the texts are written in: English when it prefers English,
// Simplified Chinese (the default) otherwise.
func Language(r *http.Request) language.Tag {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return language.SimplifiedChinese
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No || i != 1 {
		return language.SimplifiedChinese
	}
	return language.English
}

var matcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// ifMatch reads the version an If-Match header names: "3" or 3.
func ifMatch(r *http.Request) (int, error) {
	vals := r.Header.Values("If-Match")
	if len(vals) == 0 {
		return 0, errPrecondition
	}
	if len(vals) > 1 {
		return 0, &dandang.Error{Code: dandang.Invalid, Op: "httpapi", Rule: "XC06", Field: "If-Match", Message: "one If-Match header, naming one version"}
	}
	s := strings.TrimSpace(vals[0])
	s = strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`)
	var v int
	if _, err := fmt.Sscanf(s, "%d", &v); err != nil || v < 1 || fmt.Sprint(v) != s {
		return 0, &dandang.Error{Code: dandang.Invalid, Op: "httpapi", Rule: "XC06", Field: "If-Match", Message: "If-Match names the case version read, as its ETag gave it, such as \"3\""}
	}
	return v, nil
}

func etag(version int) string { return fmt.Sprintf(`"%d"`, version) }

// errUnauthenticated and errPrecondition are the handler's own refusals,
// answered 401 and 428.
var (
	errUnauthenticated = errors.New("httpapi: no authenticated actor")
	errPrecondition    = errors.New("httpapi: If-Match is required")
)

// Template returns a JSON object holding every member of the input the
// command name takes (a route's last path segment, such as "propose", or
// "open"), each at its zero value, and none that the path or If-Match give
// (caseId, version): what a form for the command starts from. It returns
// nil for a command the handler does not serve.
func (h *Handler) Template(kind, name string) []byte {
	for _, p := range h.procs {
		if p.kind() != kind {
			continue
		}
		for _, cmd := range p.(interface{ table() []command }).table() {
			if cmd.name != name || cmd.in == nil {
				continue
			}
			b, err := json.Marshal(cmd.in)
			if err != nil {
				return nil
			}
			var m map[string]any
			if json.Unmarshal(b, &m) != nil {
				return b
			}
			if cmd.onCase {
				delete(m, "caseId")
				delete(m, "version")
			}
			out, _ := json.MarshalIndent(m, "", "  ")
			return out
		}
	}
	return nil
}

// wallClock is the Clock of a Config without one: time.Now.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
