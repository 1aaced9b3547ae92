package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"unicode"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"golang.org/x/text/language"
)

// Problem is an error answer, as RFC 9457 application/problem+json: a type
// per error code, the rule that refused, the input field at fault and the
// explanation in the request's language.
type Problem struct {
	// Type is "urn:dandang:problem:" and the code.
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	// Detail explains the refusal in the request's language: what went
	// wrong, the rule and what it says, and what the user acts on.
	Detail string `json:"detail"`
	// Code is the error's dandang.Code, or unauthenticated, stale,
	// precondition_required, too_large or unsupported_media_type for the
	// HTTP layer's own refusals.
	Code  string `json:"code"`
	Rule  string `json:"rule,omitempty"`
	Field string `json:"field,omitempty"`
	// CurrentVersion is the case's version now, on a stale If-Match (412):
	// read the case again and decide anew.
	CurrentVersion int `json:"currentVersion,omitempty"`
}

// Codes of the HTTP layer's own refusals, beside dandang's.
const (
	codeUnauthenticated = "unauthenticated"
	codeStale           = "stale"
	codePrecondition    = "precondition_required"
	codeTooLarge        = "too_large"
	codeMediaType       = "unsupported_media_type"
)

// statusOf is the one table from error codes to HTTP statuses.
var statusOf = map[string]int{
	string(dandang.Invalid):    http.StatusUnprocessableEntity,
	string(dandang.NotFound):   http.StatusNotFound,
	string(dandang.Conflict):   http.StatusConflict,
	string(dandang.Forbidden):  http.StatusForbidden,
	string(dandang.Transition): http.StatusConflict,
	// A canceled request or one past its deadline: the server gave up,
	// nothing was changed; try again.
	string(dandang.Canceled): http.StatusServiceUnavailable,
	string(dandang.Internal): http.StatusInternalServerError,
	codeStale:                http.StatusPreconditionFailed,
	codeUnauthenticated:      http.StatusUnauthorized,
	codePrecondition:         http.StatusPreconditionRequired,
	codeTooLarge:             http.StatusRequestEntityTooLarge,
	codeMediaType:            http.StatusUnsupportedMediaType,
}

// titles are each code's title, in zh-Hans and English.
var titles = map[string][2]string{
	string(dandang.Invalid):    {"输入不符合规则", "The input breaks a rule"},
	string(dandang.NotFound):   {"案件不存在", "No such case"},
	string(dandang.Conflict):   {"与现有记录冲突", "Conflict with what is recorded"},
	string(dandang.Forbidden):  {"无权办理", "Not allowed"},
	string(dandang.Transition): {"当前状态不允许此操作", "Not allowed in the case's state"},
	string(dandang.Canceled):   {"请求已取消或超时", "The request was canceled or timed out"},
	string(dandang.Internal):   {"系统内部错误", "Internal error"},
	codeStale:                  {"案件已被他人更新", "The case changed since it was read"},
	codeUnauthenticated:        {"未登录", "Not signed in"},
	codePrecondition:           {"缺少 If-Match 请求头", "If-Match is required"},
	codeTooLarge:               {"请求内容过大", "The request body is too large"},
	codeMediaType:              {"请求内容须为 JSON", "The request body must be JSON"},
}

// details are the texts of refusals that carry no explanation of their own.
var details = map[string][2]string{
	string(dandang.NotFound):  {"案件不存在，或不在您所在机关的办理范围内。", "There is no such case within your organ's reach."},
	string(dandang.Internal):  {"系统内部错误，未作任何更改。请稍后重试，或联系系统管理员。", "An internal error occurred; nothing was changed. Try again later, or ask the system's administrator."},
	string(dandang.Canceled):  {"请求已取消或超时，未作任何更改。", "The request was canceled or timed out; nothing was changed."},
	codeStale:                 {"案件在您读取后已被更新，未作任何更改。请重新读取后再办理。", "The case changed since you read it; nothing was changed. Read it again and decide anew."},
	codeUnauthenticated:       {"请先登录。", "Sign in first."},
	codePrecondition:          {"办理案件须在 If-Match 请求头中注明所读取的案件版本（ETag）。", "A command names the case version read, its ETag, in If-Match."},
	codeMediaType:             {"请求内容须为 application/json。", "The request body must be application/json."},
	string(dandang.Forbidden): {"无权办理。", "Not allowed."},
}

func pick(t [2]string, tag language.Tag) string {
	if tag == language.English {
		return t[1]
	}
	return t[0]
}

// newProblem returns the problem answering code.
func newProblem(code string, tag language.Tag) Problem {
	return Problem{Type: "urn:dandang:problem:" + code, Title: pick(titles[code], tag), Status: statusOf[code], Code: code, Detail: pick(details[code], tag)}
}

// fail answers err as a problem. A case out of the actor's reach answers
// exactly as a missing one; a command refused for a version that moved on
// answers 412 with the version now.
func (c *call) fail(err error) {
	var de *dandang.Error
	switch {
	case errors.Is(err, errUnauthenticated):
		c.refused = &dandang.Error{Code: codeUnauthenticated, Op: "httpapi"}
		c.problem(newProblem(codeUnauthenticated, c.tag))
		return
	case errors.Is(err, errPrecondition):
		c.refused = &dandang.Error{Code: codePrecondition, Op: "httpapi", Field: "If-Match"}
		c.problem(newProblem(codePrecondition, c.tag))
		return
	case errors.As(err, new(*http.MaxBytesError)):
		c.refused = &dandang.Error{Code: codeTooLarge, Op: "httpapi", Field: "body"}
		p := newProblem(codeTooLarge, c.tag)
		p.Detail = pick([2]string{"请求内容超过上限。", "The request body is over the limit."}, c.tag)
		c.problem(p)
		return
	case errors.Is(err, errMediaType):
		c.refused = &dandang.Error{Code: codeMediaType, Op: "httpapi", Field: "Content-Type"}
		c.problem(newProblem(codeMediaType, c.tag))
		return
	}
	code := dandang.ErrorCode(err)
	if c.rt.onCase && c.resolved {
		switch {
		case code == dandang.NotFound, code == dandang.Forbidden && !c.inReach():
			c.notFound()
			return
		case code == dandang.Conflict && c.rt.ifMatch:
			if v, ok := c.current(); ok && v != c.version {
				c.refused = &dandang.Error{Code: codeStale, Op: "httpapi", Field: "If-Match"}
				p := newProblem(codeStale, c.tag)
				p.CurrentVersion = v
				c.w.Header().Set("ETag", etag(v))
				c.problem(p)
				return
			}
		}
	}
	if !errors.As(err, &de) {
		de = &dandang.Error{Code: code, Op: "httpapi", Err: err}
	}
	c.refused = de
	p := newProblem(string(code), c.tag)
	switch code {
	case dandang.Internal, dandang.Canceled:
		// No internals: the fixed text only.
	default:
		p.Rule, p.Field = dandang.ErrorRule(err), jsonPath(c.in, dandang.ErrorField(err))
		if c.p != nil {
			p.Detail = c.p.explain(err, c.tag)
		} else {
			p.Detail = dandang.Explain(err, c.tag)
		}
	}
	if code == dandang.Canceled {
		c.w.Header().Set("Retry-After", "1")
	}
	c.problem(p)
}

// notFound answers a missing case, and a case out of the actor's reach, the
// same way: nothing in the answer tells the two apart.
func (c *call) notFound() {
	c.refused = &dandang.Error{Code: dandang.NotFound, Op: "httpapi"}
	c.problem(newProblem(string(dandang.NotFound), c.tag))
}

// inReach reports whether the case the route names exists within the
// actor's reach: a Forbidden refusal of a command on it is then a real
// refusal, not a case to hide.
func (c *call) inReach() bool {
	if c.p == nil || c.caseID == "" {
		return false
	}
	_, err := c.p.version(c.ctx, c.actor, c.caseID)
	return err == nil
}

// current returns the version of the case the route names, when it can be
// read.
func (c *call) current() (int, bool) {
	if c.p == nil {
		return 0, false
	}
	v, err := c.p.version(c.ctx, c.actor, c.caseID)
	return v, err == nil
}

func (c *call) problem(p Problem) {
	c.w.Header().Set("Content-Type", "application/problem+json")
	c.w.Header().Set("Content-Language", c.tag.String())
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.WriteHeader(p.Status)
	_ = json.NewEncoder(c.w).Encode(p)
}

// jsonPath names the field at fault as the contract does: the library's
// refusals name a field by its Go path from the command's input
// ("Allegations[0].Summary", "CaseID"); an HTTP client knows it by its json
// names ("allegations[0].summary", "caseId"). Each segment is looked up in
// in, the input's type, and takes its json tag's name; a segment the type
// does not hold (the actor's organ, a field of a case) is written in
// lowerCamelCase.
func jsonPath(in reflect.Type, field string) string {
	if field == "" || strings.ContainsAny(field, "- ") {
		return field // a header (If-Match) or a query's name, as the request wrote it
	}
	segs := strings.Split(field, ".")
	t := in
	for i, seg := range segs {
		name, index, _ := strings.Cut(seg, "[")
		if index != "" {
			index = "[" + index
		}
		json := lowerCamel(name)
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			t = t.Elem()
		}
		if t != nil && t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(name); ok {
				if tag, _, _ := strings.Cut(f.Tag.Get("json"), ","); tag != "" && tag != "-" {
					json = tag
				}
				t = f.Type
				if index != "" {
					for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
						t = t.Elem()
					}
				}
			} else {
				t = nil
			}
		}
		segs[i] = json + index
	}
	return strings.Join(segs, ".")
}

// lowerCamel writes a Go name as the contract does: "CaseID" is "caseId",
// "Opinion" "opinion", "ID" "id".
func lowerCamel(name string) string {
	if name == "" {
		return ""
	}
	r := []rune(name)
	n := 0
	for n < len(r) && unicode.IsUpper(r[n]) {
		n++
	}
	switch {
	case n == len(r):
		return strings.ToLower(name)
	case n > 1:
		n-- // "IDNumber": the last capital begins the next word
	}
	out := strings.ToLower(string(r[:n])) + string(r[n:])
	return strings.ReplaceAll(out, "ID", "Id")
}

// reply writes v as JSON with status.
func (c *call) reply(status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return &dandang.Error{Code: dandang.Internal, Op: "httpapi", Message: "encoding the answer", Err: err}
	}
	c.w.Header().Set("Content-Type", "application/json")
	c.w.Header().Set("Content-Language", c.tag.String())
	// Case work is confidential, and the authorized identity read answers
	// a reporter's identity: no cache keeps an answer.
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.WriteHeader(status)
	_, _ = c.w.Write(append(b, '\n'))
	return nil
}

func checkID(field, id string) error { return kit.CheckID("httpapi", field, id) }
