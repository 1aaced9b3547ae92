package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/adapters/httpapi"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/tolerance"
)

const cookieName = "dandang_demo_user"

//go:embed templates/*.html
var templates embed.FS

// console is the staff console: server-rendered pages that are a client
// of the API, calling it in the process with the signed-in user's cookie
// and language.
type console struct {
	api  *httpapi.Handler
	dir  *dandang.Directory
	tmpl *template.Template
}

var kinds = []string{accusation.Kind, clearance.Kind, tolerance.Kind, followup.Kind}

var diagrams = map[string]string{
	accusation.Kind: accusation.Diagram(), clearance.Kind: clearance.Diagram(),
	tolerance.Kind: tolerance.Diagram(), followup.Kind: followup.Diagram(),
}

func newConsole(api *httpapi.Handler, dir *dandang.Directory) *console {
	t := template.Must(template.New("").Funcs(template.FuncMap{
		"t":       text,
		"pathEsc": url.PathEscape,
		"json": func(v any) string {
			b, _ := json.MarshalIndent(v, "", "  ")
			return string(b)
		},
	}).ParseFS(templates, "templates/*.html"))
	return &console{api: api, dir: dir, tmpl: t}
}

func (c *console) register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/console/", http.StatusSeeOther) })
	mux.HandleFunc("GET /console/{$}", c.inbox)
	mux.HandleFunc("POST /console/signin", c.signIn)
	mux.HandleFunc("POST /console/signout", c.signOut)
	mux.HandleFunc("GET /console/lang/{lang}", c.setLang)
	mux.HandleFunc("GET /console/{kind}/{id}", c.casePage)
	mux.HandleFunc("POST /console/{kind}/{id}/{command}", c.command)
	mux.HandleFunc("GET /console/stats", c.stats)
}

// page is what every template gets.
type page struct {
	Lang    string // "zh" or "en"
	User    *dandang.Actor
	Organ   string
	Users   []dandang.Actor
	Problem *httpapi.Problem
	Data    any
}

func (c *console) page(r *http.Request) page {
	p := page{Lang: "zh", Users: demoUsers}
	if ck, err := r.Cookie("dandang_lang"); err == nil && ck.Value == "en" {
		p.Lang = "en"
	}
	if a, err := c.api.Actor(r); err == nil {
		p.User = &a
		p.Organ = a.Organ.Name
	}
	return p
}

func (c *console) render(w http.ResponseWriter, status int, name string, p page) {
	var buf bytes.Buffer
	if err := c.tmpl.ExecuteTemplate(&buf, name, p); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// call calls the API as the signed-in user, in the page's language.
func (c *console) call(r *http.Request, p page, method, path string, body []byte, ifMatch string) (int, http.Header, []byte) {
	req := httptest.NewRequestWithContext(r.Context(), method, path, bytes.NewReader(body))
	for _, ck := range r.Cookies() {
		req.AddCookie(ck)
	}
	if p.Lang == "en" {
		req.Header.Set("Accept-Language", "en")
	} else {
		req.Header.Set("Accept-Language", "zh-Hans")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	rec := httptest.NewRecorder()
	c.api.ServeHTTP(rec, req)
	return rec.Code, rec.Header(), rec.Body.Bytes()
}

func problemOf(body []byte) *httpapi.Problem {
	var p httpapi.Problem
	if json.Unmarshal(body, &p) != nil || p.Status == 0 {
		return &httpapi.Problem{Status: 500, Title: "?", Detail: string(body)}
	}
	return &p
}

func (c *console) signIn(w http.ResponseWriter, r *http.Request) {
	id := r.FormValue("user")
	if _, ok := demoUser(id); !ok {
		http.Redirect(w, r, "/console/", http.StatusSeeOther)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

func (c *console) signOut(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1})
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

func (c *console) setLang(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "dandang_lang", Value: r.PathValue("lang"), Path: "/", SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

// inboxRow is one case awaiting the user.
type inboxRow struct {
	Kind, ID, State, Step, Due string
	Overdue                    bool
}

func (c *console) inbox(w http.ResponseWriter, r *http.Request) {
	p := c.page(r)
	if p.User == nil {
		c.render(w, http.StatusOK, "signin.html", p)
		return
	}
	var rows []inboxRow
	for _, k := range kinds {
		status, _, body := c.call(r, p, "GET", "/"+k+"/awaiting", nil, "")
		if status != http.StatusOK {
			p.Problem = problemOf(body)
			continue
		}
		var list struct {
			Cases []struct {
				Case struct {
					ID string `json:"id"`
				} `json:"case"`
				StateText string            `json:"stateText"`
				Awaiting  *httpapi.Awaiting `json:"awaiting"`
			} `json:"cases"`
		}
		_ = json.Unmarshal(body, &list)
		for _, cv := range list.Cases {
			row := inboxRow{Kind: k, ID: cv.Case.ID, State: cv.StateText}
			if cv.Awaiting != nil {
				row.Step, row.Due, row.Overdue = cv.Awaiting.Step, cv.Awaiting.DueDate, cv.Awaiting.Overdue
			}
			rows = append(rows, row)
		}
	}
	p.Data = rows
	c.render(w, http.StatusOK, "inbox.html", p)
}

// caseData is what the case page shows.
type caseData struct {
	Kind, ID  string
	View      map[string]any
	StateText string
	State     string
	Version   string // the ETag
	// VersionNumber is the version alone, for the page's data-version.
	VersionNumber string
	Awaiting      *httpapi.Awaiting
	Commands      []commandForm
	Documents     []httpapi.Document
	History       []dandang.Record
	Verified      bool
	Broken        string
	Diagram       []diagramLine
}

type commandForm struct {
	Name, Template string
}

type diagramLine struct {
	Text    string
	Current bool
}

func (c *console) casePage(w http.ResponseWriter, r *http.Request) {
	c.showCase(w, r, c.page(r), http.StatusOK, "")
}

func (c *console) showCase(w http.ResponseWriter, r *http.Request, p page, status int, body string) {
	if p.User == nil {
		http.Redirect(w, r, "/console/", http.StatusSeeOther)
		return
	}
	kind, id := r.PathValue("kind"), r.PathValue("id")
	if _, ok := diagrams[kind]; !ok {
		http.NotFound(w, r)
		return
	}
	base := "/" + kind + "/cases/" + url.PathEscape(id)
	st, hdr, out := c.call(r, p, "GET", base, nil, "")
	if st != http.StatusOK {
		p.Problem = problemOf(out)
		c.render(w, st, "problem.html", p)
		return
	}
	var view struct {
		Case      map[string]any     `json:"case"`
		StateText string             `json:"stateText"`
		Awaiting  *httpapi.Awaiting  `json:"awaiting"`
		Commands  []string           `json:"commands"`
		Documents []httpapi.Document `json:"documents"`
	}
	_ = json.Unmarshal(out, &view)
	d := caseData{Kind: kind, ID: id, View: view.Case, StateText: view.StateText, Awaiting: view.Awaiting,
		Documents: view.Documents, Version: hdr.Get("ETag")}
	d.State, _ = view.Case["state"].(string)
	d.VersionNumber = strings.Trim(d.Version, `"`)
	for _, name := range view.Commands {
		tmpl := string(c.api.Template(kind, name))
		if name == r.PathValue("command") && body != "" {
			tmpl = body
		}
		d.Commands = append(d.Commands, commandForm{Name: name, Template: tmpl})
	}
	if _, _, hb := c.call(r, p, "GET", base+"/history", nil, ""); hb != nil {
		var h httpapi.HistoryView
		_ = json.Unmarshal(hb, &h)
		d.History, d.Verified, d.Broken = h.Records, h.Verified, h.Problem
	}
	for _, line := range strings.Split(diagrams[kind], "\n") {
		tr := strings.TrimSpace(line)
		d.Diagram = append(d.Diagram, diagramLine{Text: line, Current: d.State != "" && strings.HasPrefix(tr, d.State+" ")})
	}
	p.Data = d
	c.render(w, status, "case.html", p)
}

// command runs a command from its form: the JSON the user edited, at the
// version the page was read at.
func (c *console) command(w http.ResponseWriter, r *http.Request) {
	p := c.page(r)
	if p.User == nil {
		http.Redirect(w, r, "/console/", http.StatusSeeOther)
		return
	}
	kind, id, name := r.PathValue("kind"), r.PathValue("id"), r.PathValue("command")
	body := r.FormValue("input")
	st, _, out := c.call(r, p, "POST", "/"+kind+"/cases/"+url.PathEscape(id)+"/"+url.PathEscape(name), []byte(body), r.FormValue("version"))
	if st != http.StatusOK {
		p.Problem = problemOf(out)
		c.showCase(w, r, p, st, body)
		return
	}
	http.Redirect(w, r, "/console/"+kind+"/"+url.PathEscape(id), http.StatusSeeOther)
}

// stats shows a process's statistics for a closed period.
func (c *console) stats(w http.ResponseWriter, r *http.Request) {
	p := c.page(r)
	if p.User == nil {
		http.Redirect(w, r, "/console/", http.StatusSeeOther)
		return
	}
	kind := r.FormValue("kind")
	if kind == "" {
		kind = clearance.Kind
	}
	from, to := r.FormValue("from"), r.FormValue("to")
	if from == "" {
		from, to = "2023-01-01", "2024-01-01"
	}
	q := url.Values{"from": {from + "T00:00:00+08:00"}, "to": {to + "T00:00:00+08:00"}}
	st, _, out := c.call(r, p, "GET", "/"+kind+"/stats?"+q.Encode(), nil, "")
	var v any
	if st != http.StatusOK {
		p.Problem = problemOf(out)
	} else {
		_ = json.Unmarshal(out, &v)
	}
	p.Data = map[string]any{"Kind": kind, "From": from, "To": to, "Stats": v, "Kinds": kinds}
	c.render(w, http.StatusOK, "stats.html", p)
}

// text is the console's own words, zh-Hans first.
func text(lang, key string) string {
	t, ok := words[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return t[1]
	}
	return t[0]
}

var words = map[string][2]string{
	"title":      {"澄清正名 · 办案台", "Clearance · staff console"},
	"signin":     {"以演示用户登录", "Sign in as a demo user"},
	"signout":    {"退出", "Sign out"},
	"inbox":      {"待我办理", "Awaiting me"},
	"none":       {"暂无待办。", "Nothing awaits you."},
	"kind":       {"流程", "Process"},
	"case":       {"案件", "Case"},
	"state":      {"状态", "State"},
	"step":       {"待办事项", "Step"},
	"due":        {"期限", "Due"},
	"overdue":    {"已逾期", "overdue"},
	"history":    {"办理记录", "History"},
	"verified":   {"记录链校验通过（XC01、XC11）", "The history verifies (XC01, XC11)"},
	"broken":     {"记录链校验未通过", "The history does not verify"},
	"commands":   {"当前可办理", "Commands allowed now"},
	"submit":     {"提交", "Submit"},
	"documents":  {"文书", "Notices and decisions"},
	"diagram":    {"流程图（当前状态加粗）", "State diagram (the current state in bold)"},
	"refused":    {"未办理", "Refused"},
	"rule":       {"规则", "Rule"},
	"field":      {"字段", "Field"},
	"stats":      {"统计", "Statistics"},
	"from":       {"起", "From"},
	"to":         {"止（不含）", "To (exclusive)"},
	"show":       {"查看", "Show"},
	"awaiting":   {"等待", "Awaiting"},
	"at":         {"时间", "At"},
	"actor":      {"办理人", "By"},
	"command":    {"操作", "Command"},
	"transition": {"状态变化", "State"},
	"back":       {"返回待办", "Back to the inbox"},
	"data":       {"案件数据（JSON）", "The case (JSON)"},
}
