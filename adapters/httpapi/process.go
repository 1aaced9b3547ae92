package httpapi

import (
	"context"
	"encoding"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"golang.org/x/text/language"
)

// process is one process served: its routes and what the error answers
// need of it.
type process interface {
	kind() string
	routes() []route
	explain(err error, tag language.Tag) string
	// version returns the version of the case with id, within the actor's
	// reach.
	version(ctx context.Context, actor dandang.Actor, id string) (int, error)
}

// proc is a process's reads and its command table, on the kit's naming
// table.
type proc[S ~string, C kit.Case[S, C]] struct {
	name        string
	get         func(context.Context, dandang.Actor, string) (C, error)
	history     func(context.Context, dandang.Actor, string) ([]dandang.Record, error)
	verify      func(context.Context, dandang.Actor, string) error
	find        func(context.Context, dandang.Actor, kit.Query[S]) ([]C, error)
	overdue     func(context.Context, dandang.Actor, time.Time) ([]C, error)
	provisional func(context.Context, dandang.Actor) ([]C, error)
	stats       func(context.Context, dandang.Actor, dandang.Period) (any, error)
	statsType   any // a value of the Stats type, for the OpenAPI document
	awaiting    func(C) kit.Pending
	moves       []kit.Move[S]
	explainFn   func(error, language.Tag) string
	stateText   func(S, language.Tag) string
	commandText func(string, language.Tag) string
	documents   func(C, language.Tag) []Document
	// present returns what an answer shows of a case (accusation drops the
	// sealed reporter); nil: the case as it is.
	present  func(C) C
	commands []command
	extra    []route // process-specific routes
	clock    dandang.Clock
}

func (p *proc[S, C]) kind() string { return p.name }

func (p *proc[S, C]) table() []command { return p.commands }

func (p *proc[S, C]) explain(err error, tag language.Tag) string { return p.explainFn(err, tag) }

func (p *proc[S, C]) version(ctx context.Context, actor dandang.Actor, id string) (int, error) {
	c, err := p.get(ctx, actor, id)
	if err != nil {
		return 0, err
	}
	return c.Meta().Version, nil
}

// CaseView is what the API answers for a case: the case as the data
// contract has it, and what a user reads of it in the request's language.
type CaseView[C any] struct {
	Case C `json:"case"`
	// StateText names the state in the request's language.
	StateText string `json:"stateText"`
	// Awaiting says who acts next; null when the case awaits no one.
	Awaiting *Awaiting `json:"awaiting"`
	// Commands are the command routes (their last path segment) the
	// case's state allows now; the actor may still be refused one.
	Commands []string `json:"commands"`
	// Documents are the notices and decisions the case has produced,
	// rendered in the request's language; left out of lists.
	Documents []Document `json:"documents,omitempty"`
}

// Awaiting is who must act next on a case (kit.Pending): the step due, the
// organ, its level, the roles and the deadline.
type Awaiting struct {
	Step    string         `json:"step"`
	OrganID string         `json:"organId"`
	Level   dandang.Level  `json:"level"`
	Roles   []dandang.Role `json:"roles"`
	Due     dandang.Day    `json:"due"`
	// DueDate is Due as 2006-01-02; "" when no deadline is owed.
	DueDate string `json:"dueDate"`
	Overdue bool   `json:"overdue"`
}

// Document is a notice or decision a case produced, rendered.
type Document struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// CaseList is a page of cases.
type CaseList[C any] struct {
	Cases []CaseView[C] `json:"cases"`
	// Next is the cursor of the next page, for the cursor parameter; ""
	// on the last page.
	Next string `json:"next,omitempty"`
}

// HistoryView is a case's history and whether it verifies.
type HistoryView struct {
	Records []dandang.Record `json:"records"`
	// Verified reports whether the history verifies end to end and binds
	// the case as stored (XC01, XC11).
	Verified bool `json:"verified"`
	// Problem says why it does not verify; "" when it does.
	Problem string `json:"problem,omitempty"`
}

func (p *proc[S, C]) view(c C, tag language.Tag, docs bool) CaseView[C] {
	m := c.Meta()
	v := CaseView[C]{Case: c, StateText: p.stateText(S(m.State), tag), Commands: p.allowed(S(m.State))}
	if p.present != nil {
		v.Case = p.present(c)
	}
	if pd := p.awaiting(c); pd.Step != "" || len(pd.Roles) > 0 {
		a := &Awaiting{Step: pd.Step, OrganID: pd.OrganID, Level: pd.Level, Roles: pd.Roles, Due: pd.Due}
		if a.Roles == nil {
			a.Roles = []dandang.Role{}
		}
		if pd.Due != 0 {
			a.DueDate = pd.Due.String()
			a.Overdue = pd.Due < dandang.DayOf(p.clock.Now())
		}
		v.Awaiting = a
	}
	if docs && p.documents != nil {
		v.Documents = p.documents(c, tag)
	}
	return v
}

// allowed returns the command routes whose events the state allows.
func (p *proc[S, C]) allowed(state S) []string {
	events := map[string]bool{}
	for _, m := range p.moves {
		if slices.Contains(m.From, state) {
			events[m.Event] = true
		}
	}
	out := []string{}
	for _, cmd := range p.commands {
		if !cmd.onCase {
			continue
		}
		for _, e := range cmd.events {
			if events[e] {
				out = append(out, cmd.name)
				break
			}
		}
	}
	return out
}

func (p *proc[S, C]) views(cs []C, tag language.Tag) []CaseView[C] {
	out := make([]CaseView[C], 0, len(cs))
	for _, c := range cs {
		out = append(out, p.view(c, tag, false))
	}
	return out
}

func (p *proc[S, C]) routes() []route {
	k := p.name
	rs := []route{
		{method: "GET", path: "/" + k + "/cases/{id}", name: k + ".getCase", summary: "Read a case; its ETag is its version", onCase: true,
			out: CaseView[C]{}, serve: p.getCase},
		{method: "GET", path: "/" + k + "/cases/{id}/history", name: k + ".history", summary: "A case's history, with whether it verifies (XC01, XC11)", onCase: true,
			out: HistoryView{}, serve: p.getHistory},
		{method: "GET", path: "/" + k + "/cases", name: k + ".find", summary: "Find cases within the actor's reach, a page at a time",
			query: []param{
				{name: "state", typ: "string"}, {name: "subjectId", typ: "string"}, {name: "organId", typ: "string"},
				{name: "region", typ: "string"}, {name: "closedFrom", typ: "string", format: "date-time"}, {name: "closedTo", typ: "string", format: "date-time"},
				{name: "limit", typ: "integer", doc: "page size, 1 to 500; default 50"}, {name: "cursor", typ: "string", doc: "the next of the page before"},
			},
			out: CaseList[C]{}, serve: p.findCases},
		{method: "GET", path: "/" + k + "/overdue", name: k + ".overdue", summary: "Open cases past their deadline, earliest first (CL11)",
			query: []param{{name: "at", typ: "string", format: "date-time", doc: "the time counted at; default now"}},
			out:   CaseList[C]{}, serve: p.listOverdue},
		{method: "GET", path: "/" + k + "/provisional", name: k + ".provisional", summary: "Open cases whose deadline is provisional (XC10)",
			out: CaseList[C]{}, serve: p.listProvisional},
		{method: "GET", path: "/" + k + "/awaiting", name: k + ".awaiting", summary: "The cases whose next step awaits the actor's organ and one of its roles",
			out: CaseList[C]{}, serve: p.listAwaiting},
		{method: "GET", path: "/" + k + "/stats", name: k + ".stats", summary: "Statistics of a closed period (XC04)",
			query: []param{{name: "from", typ: "string", format: "date-time", required: true}, {name: "to", typ: "string", format: "date-time", required: true}, {name: "region", typ: "string"}},
			out:   p.statsType, serve: p.getStats},
	}
	for _, cmd := range p.commands {
		rs = append(rs, p.commandRoute(cmd))
	}
	return append(rs, p.extra...)
}

func (p *proc[S, C]) getCase(c *call) error {
	cs, err := p.get(c.ctx, c.actor, c.caseID)
	if err != nil {
		return err
	}
	c.w.Header().Set("ETag", etag(cs.Meta().Version))
	return c.reply(http.StatusOK, p.view(cs, c.tag, true))
}

func (p *proc[S, C]) getHistory(c *call) error {
	recs, err := p.history(c.ctx, c.actor, c.caseID)
	if err != nil {
		return err
	}
	if recs == nil {
		recs = []dandang.Record{}
	}
	hv := HistoryView{Records: recs, Verified: true}
	if err := p.verify(c.ctx, c.actor, c.caseID); err != nil {
		switch dandang.ErrorCode(err) {
		case dandang.Internal:
			hv.Verified, hv.Problem = false, p.explainFn(err, c.tag)
		default:
			return err
		}
	}
	return c.reply(http.StatusOK, hv)
}

// queryValues checks that the query names only the route's parameters,
// each once.
func queryValues(c *call) (url.Values, error) {
	q := c.r.URL.Query()
	for k, vs := range q {
		known := slices.ContainsFunc(c.rt.query, func(p param) bool { return p.name == k })
		if !known {
			return nil, invalidParam(k, "unknown query parameter")
		}
		if len(vs) > 1 {
			return nil, invalidParam(k, "given more than once")
		}
	}
	for _, p := range c.rt.query {
		if p.required && q.Get(p.name) == "" {
			return nil, invalidParam(p.name, "required")
		}
	}
	return q, nil
}

func invalidParam(name, msg string) error {
	return &dandang.Error{Code: dandang.Invalid, Op: "httpapi", Rule: "XC06", Field: name, Message: name + ": " + msg}
}

func timeParam(q url.Values, name string) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, invalidParam(name, "a time as 2006-01-02T15:04:05+08:00")
	}
	return t, nil
}

const (
	defaultPage = 50
	maxPage     = 500
)

func (p *proc[S, C]) findCases(c *call) error {
	q, err := queryValues(c)
	if err != nil {
		return err
	}
	var f kit.Query[S]
	if s := q.Get("state"); s != "" {
		var st S
		if u, ok := any(&st).(encoding.TextUnmarshaler); ok {
			if err := u.UnmarshalText([]byte(s)); err != nil {
				return invalidParam("state", "not a state of "+p.name)
			}
		} else {
			st = S(s)
		}
		f.State = st
	}
	f.SubjectID, f.OrganID, f.Region = q.Get("subjectId"), q.Get("organId"), q.Get("region")
	for _, name := range []string{"subjectId", "organId"} {
		if v := q.Get(name); v != "" {
			if err := checkID(name, v); err != nil {
				return err
			}
		}
	}
	if f.ClosedFrom, err = timeParam(q, "closedFrom"); err != nil {
		return err
	}
	if f.ClosedTo, err = timeParam(q, "closedTo"); err != nil {
		return err
	}
	limit := defaultPage
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > maxPage {
			return invalidParam("limit", fmt.Sprintf("an integer from 1 to %d", maxPage))
		}
	}
	var after *kit.Meta
	if s := q.Get("cursor"); s != "" {
		m, ok := decodeCursor(s)
		if !ok {
			return invalidParam("cursor", "not a cursor this API gave")
		}
		after = &m
	}
	cs, err := p.find(c.ctx, c.actor, f)
	if err != nil {
		return err
	}
	var order kit.Filter
	if after != nil {
		i := 0
		for i < len(cs) && order.Less(cs[i].Meta(), *after) <= 0 {
			i++
		}
		cs = cs[i:]
	}
	list := CaseList[C]{}
	if len(cs) > limit {
		cs = cs[:limit]
		list.Next = encodeCursor(cs[limit-1].Meta())
	}
	list.Cases = p.views(cs, c.tag)
	return c.reply(http.StatusOK, list)
}

// A cursor is where a page ended, in Find's order: priority, then ID.
func encodeCursor(m kit.Meta) string {
	pr := "0"
	if m.Priority {
		pr = "1"
	}
	return base64.RawURLEncoding.EncodeToString([]byte(pr + m.ID))
}

func decodeCursor(s string) (kit.Meta, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < 2 || (b[0] != '0' && b[0] != '1') {
		return kit.Meta{}, false
	}
	return kit.Meta{Priority: b[0] == '1', ID: string(b[1:])}, true
}

func (p *proc[S, C]) listOverdue(c *call) error {
	q, err := queryValues(c)
	if err != nil {
		return err
	}
	at, err := timeParam(q, "at")
	if err != nil {
		return err
	}
	if at.IsZero() {
		at = p.clock.Now()
	}
	cs, err := p.overdue(c.ctx, c.actor, at)
	if err != nil {
		return err
	}
	return c.reply(http.StatusOK, CaseList[C]{Cases: p.views(cs, c.tag)})
}

func (p *proc[S, C]) listProvisional(c *call) error {
	if _, err := queryValues(c); err != nil {
		return err
	}
	cs, err := p.provisional(c.ctx, c.actor)
	if err != nil {
		return err
	}
	return c.reply(http.StatusOK, CaseList[C]{Cases: p.views(cs, c.tag)})
}

// listAwaiting lists the open cases within the actor's reach whose pending
// step awaits the actor's organ and one of the actor's roles, earliest
// deadline first.
func (p *proc[S, C]) listAwaiting(c *call) error {
	if _, err := queryValues(c); err != nil {
		return err
	}
	cs, err := p.find(c.ctx, c.actor, kit.Query[S]{})
	if err != nil {
		return err
	}
	var mine []C
	for _, cs := range cs {
		pd := p.awaiting(cs)
		if pd.OrganID != c.actor.Organ.ID {
			continue
		}
		if slices.ContainsFunc(pd.Roles, func(r dandang.Role) bool { return slices.Contains(c.actor.Roles, r) }) {
			mine = append(mine, cs)
		}
	}
	slices.SortStableFunc(mine, func(a, b C) int {
		da, db := p.awaiting(a).Due, p.awaiting(b).Due
		switch {
		case da == db:
			return strings.Compare(a.Meta().ID, b.Meta().ID)
		case da == 0:
			return 1
		case db == 0:
			return -1
		case da < db:
			return -1
		}
		return 1
	})
	return c.reply(http.StatusOK, CaseList[C]{Cases: p.views(mine, c.tag)})
}

func (p *proc[S, C]) getStats(c *call) error {
	q, err := queryValues(c)
	if err != nil {
		return err
	}
	var per dandang.Period
	if per.From, err = timeParam(q, "from"); err != nil {
		return err
	}
	if per.To, err = timeParam(q, "to"); err != nil {
		return err
	}
	per.Region = q.Get("region")
	st, err := p.stats(c.ctx, c.actor, per)
	if err != nil {
		return err
	}
	return c.reply(http.StatusOK, st)
}

// command is one command of a process's table: its route name (the Go
// method's name in lowerCamelCase), the events of the transition table it
// fires, and how it runs.
type command struct {
	name   string
	events []string
	onCase bool // the input names one case by its Ref: /cases/{id}/name with If-Match
	create bool // it opens a case: POST /cases
	in     any  // a value of the input type
	out    any  // a value of the result type
	run    func(c *call) (any, error)
}

// onCase declares a command on one case: f's input embeds a dandang.Ref,
// which the path and If-Match fill; whatever the body says of them is
// replaced.
func onCase[I any, R any](name string, f func(context.Context, dandang.Actor, I) (R, error), events ...string) command {
	refField := refIndex(reflect.TypeFor[I]())
	if refField == nil {
		panic(fmt.Sprintf("httpapi: %s's input %s embeds no Ref", name, reflect.TypeFor[I]()))
	}
	var in I
	var out R
	return command{name: name, events: events, onCase: true, in: in, out: out, run: func(c *call) (any, error) {
		var in I
		if err := c.body(&in); err != nil {
			return nil, err
		}
		reflect.ValueOf(&in).Elem().FieldByIndex(refField).Set(reflect.ValueOf(dandang.Ref{CaseID: c.caseID, Version: c.version}))
		return f(c.ctx, c.actor, in)
	}}
}

// global declares a command that names its cases in its input, or none:
// POST /kind/name, without If-Match.
func global[I any, R any](name string, f func(context.Context, dandang.Actor, I) (R, error), events ...string) command {
	var in I
	var out R
	return command{name: name, events: events, in: in, out: out, run: func(c *call) (any, error) {
		var in I
		if err := c.body(&in); err != nil {
			return nil, err
		}
		return f(c.ctx, c.actor, in)
	}}
}

// create declares the command that opens a case: POST /kind/cases.
func create[I any, R any](f func(context.Context, dandang.Actor, I) (R, error), events ...string) command {
	cmd := global("open", f, events...)
	cmd.create = true
	return cmd
}

var refType = reflect.TypeFor[dandang.Ref]()

// refIndex returns the index of the Ref t embeds, nil when none.
func refIndex(t reflect.Type) []int {
	if t.Kind() != reflect.Struct {
		return nil
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous && f.Type == refType {
			return f.Index
		}
	}
	return nil
}

func (p *proc[S, C]) commandRoute(cmd command) route {
	rt := route{method: "POST", kind: p.name, command: cmd.name, name: p.name + "." + cmd.name, in: cmd.in}
	switch {
	case cmd.create:
		rt.path, rt.created, rt.summary = "/"+p.name+"/cases", true, "Open a case"
	case cmd.onCase:
		rt.path, rt.onCase, rt.ifMatch = "/"+p.name+"/cases/{id}/"+cmd.name, true, true
		rt.summary = "Run " + cmd.name + " on the case at the version If-Match names"
	default:
		rt.path, rt.summary = "/"+p.name+"/"+cmd.name, "Run "+cmd.name
	}
	rt.out = cmd.out
	if _, ok := cmd.out.(C); ok {
		rt.out = CaseView[C]{}
	} else if _, ok := cmd.out.([]C); ok {
		rt.out = CaseList[C]{}
	}
	rt.serve = func(c *call) error {
		v, err := cmd.run(c)
		if err != nil {
			return err
		}
		return p.answer(c, v)
	}
	return rt
}

// answer writes a command's result: a case with its ETag, cases, or the
// result as it is.
func (p *proc[S, C]) answer(c *call, v any) error {
	switch v := v.(type) {
	case C:
		m := v.Meta()
		c.w.Header().Set("ETag", etag(m.Version))
		status := http.StatusOK
		if c.rt.created {
			c.w.Header().Set("Location", "/"+p.name+"/cases/"+url.PathEscape(m.ID))
			status = http.StatusCreated
		}
		return c.reply(status, p.view(v, c.tag, true))
	case []C:
		return c.reply(http.StatusOK, CaseList[C]{Cases: p.views(v, c.tag)})
	}
	return c.reply(http.StatusOK, v)
}
