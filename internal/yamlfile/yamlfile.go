// Package yamlfile reads the YAML (and JSON) files of policies and
// scenarios with positions: every error names the file, the line and
// column, the field and, where one applies, the rule it breaks.
package yamlfile

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/dandang/dandang"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Error is a file that does not read or does not validate: where, which
// field, what is wrong and the rule it breaks. It wraps the
// *dandang.Error of a value that breaks a rule.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line"`   // 1-based; 0 when the file as a whole is at fault
	Column  int    `json:"column"` // 1-based; 0 when unknown
	Field   string `json:"field,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
	Err     error  `json:"-"`
}

// Error returns "file:line:column: field: message (rule)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Message)
	if e.Rule != "" {
		b.WriteString(" (" + e.Rule + ")")
	}
	return b.String()
}

// Unwrap returns the error underneath, such as a *dandang.Error.
func (e *Error) Unwrap() error { return e.Err }

// MaxBytes caps a file's size: a policy or scenario file is text a person
// writes.
const MaxBytes = 4 << 20

// Parse parses data as one YAML (or JSON) document whose body is a
// mapping.
func Parse(name string, data []byte) (*ast.File, *ast.MappingNode, error) {
	if len(data) > MaxBytes {
		return nil, nil, &Error{File: name, Message: fmt.Sprintf("%d bytes, more than the %d a file may have", len(data), MaxBytes)}
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, nil, Wrap(name, nil, "", err)
	}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil {
		return nil, nil, &Error{File: name, Line: 1, Message: "the file must hold one YAML document"}
	}
	m, ok := f.Docs[0].Body.(*ast.MappingNode)
	if !ok {
		return nil, nil, At(name, f.Docs[0].Body, "", "the file must be a mapping of keys to values")
	}
	return f, m, nil
}

// Mapping returns n as a mapping, or an error at n.
func Mapping(name string, n ast.Node, field string) (*ast.MappingNode, error) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m, nil
	case *ast.MappingValueNode:
		return &ast.MappingNode{BaseNode: m.BaseNode, Values: []*ast.MappingValueNode{m}}, nil
	}
	return nil, At(name, n, field, "must be a mapping of keys to values")
}

// Sequence returns n as a sequence, or an error at n.
func Sequence(name string, n ast.Node, field string) (*ast.SequenceNode, error) {
	if s, ok := n.(*ast.SequenceNode); ok {
		return s, nil
	}
	return nil, At(name, n, field, "must be a list")
}

// Key returns the text of a mapping entry's key.
func Key(mv *ast.MappingValueNode) string {
	if mv.Key == nil {
		return ""
	}
	if s, ok := mv.Key.(*ast.StringNode); ok {
		return s.Value
	}
	return mv.Key.String()
}

// Keys checks that m has only the keys allowed and each at most once, and
// returns the entries by key.
func Keys(name string, m *ast.MappingNode, prefix string, allowed ...string) (map[string]*ast.MappingValueNode, error) {
	out := make(map[string]*ast.MappingValueNode, len(m.Values))
	for _, mv := range m.Values {
		k := Key(mv)
		field := join(prefix, k)
		if !contains(allowed, k) {
			return nil, At(name, mv.Key, field, fmt.Sprintf("unknown key %q; known: %s", k, strings.Join(allowed, ", ")))
		}
		if _, dup := out[k]; dup {
			return nil, At(name, mv.Key, field, "given twice")
		}
		out[k] = mv
	}
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// String returns a scalar's text, or an error at n.
func String(name string, n ast.Node, field string) (string, error) {
	switch s := n.(type) {
	case *ast.StringNode:
		return s.Value, nil
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.LiteralNode:
		return strings.TrimSpace(scalarText(n)), nil
	case *ast.NullNode:
		return "", nil
	}
	return "", At(name, n, field, "must be a single value")
}

func scalarText(n ast.Node) string {
	if l, ok := n.(*ast.LiteralNode); ok {
		return l.Value.Value
	}
	return n.GetToken().Value
}

// Decode decodes n into v (a pointer), refusing unknown keys; v's types
// are read by their json names and text unmarshalers.
func Decode(name string, n ast.Node, field string, v any) error {
	if err := yaml.NodeToValue(n, v, yaml.DisallowUnknownField(), yaml.UseJSONUnmarshaler()); err != nil {
		return Wrap(name, n, field, err)
	}
	return nil
}

// Wrap turns a decoding error into an *Error at its token, or at n.
func Wrap(name string, n ast.Node, field string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) {
		e := &Error{File: name, Field: field, Message: ye.GetMessage(), Err: err}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			e.Line, e.Column = tk.Position.Line, tk.Position.Column
		} else if n != nil {
			e.Line, e.Column = pos(n)
		}
		return e
	}
	e := &Error{File: name, Field: field, Message: err.Error(), Err: err}
	var de *dandang.Error
	if errors.As(err, &de) {
		e.Rule = de.Rule
		if de.Message != "" {
			e.Message = de.Message
		}
	}
	if n != nil {
		e.Line, e.Column = pos(n)
	}
	return e
}

// At returns an *Error at node n.
func At(name string, n ast.Node, field, msg string) *Error {
	e := &Error{File: name, Field: field, Message: msg}
	if n != nil {
		e.Line, e.Column = pos(n)
	}
	return e
}

// Pos returns a node's line and column.
func Pos(n ast.Node) (int, int) { return pos(n) }

func pos(n ast.Node) (int, int) {
	if n == nil {
		return 0, 0
	}
	var tk *token.Token
	if mv, ok := n.(*ast.MappingValueNode); ok && mv.Key != nil {
		tk = mv.Key.GetToken()
	} else {
		tk = n.GetToken()
	}
	if tk == nil || tk.Position == nil {
		return 0, 0
	}
	return tk.Position.Line, tk.Position.Column
}

// Find returns the node at a json path such as "deadlines.propose" or
// "chain[0].roles" under root, or the deepest node on the way there.
func Find(root ast.Node, path string) ast.Node {
	n := root
	for _, seg := range Segments(path) {
		var next ast.Node
		switch v := n.(type) {
		case *ast.MappingNode:
			for _, mv := range v.Values {
				if Key(mv) == seg {
					next = mv.Value
				}
			}
		case *ast.MappingValueNode:
			if Key(v) == seg {
				next = v.Value
			}
		case *ast.SequenceNode:
			if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(v.Values) {
				next = v.Values[i]
			}
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// Segments splits "a.b[2].c" into "a", "b", "2", "c".
func Segments(path string) []string {
	path = strings.NewReplacer("[", ".", "]", "").Replace(path)
	var out []string
	for _, s := range strings.Split(path, ".") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// JSONPath turns a Go field path such as "Chain[0].Roles" of a value of
// type t into its json path, "chain[0].roles". A segment it cannot place
// is kept as it is.
func JSONPath(t reflect.Type, goPath string) string {
	var b strings.Builder
	for i, seg := range strings.Split(goPath, ".") {
		name, idx := seg, ""
		if j := strings.IndexByte(seg, '['); j >= 0 {
			name, idx = seg[:j], seg[j:]
		}
		for t != nil && (t.Kind() == reflect.Pointer) {
			t = t.Elem()
		}
		jname := name
		if t != nil && t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(name); ok {
				jname = JSONName(f)
				t = f.Type
			} else {
				t = nil
			}
		} else {
			t = nil
		}
		if idx != "" && t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Map) {
			t = t.Elem()
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(jname + idx)
	}
	return b.String()
}

// JSONName returns the name a struct field has in JSON.
func JSONName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	if n, _, _ := strings.Cut(tag, ","); n != "" && n != "-" {
		return n
	}
	return f.Name
}
