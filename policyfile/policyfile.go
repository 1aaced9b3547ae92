package policyfile

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/accusation"
	"github.com/dandang/dandang/clearance"
	"github.com/dandang/dandang/followup"
	"github.com/dandang/dandang/internal/yamlfile"
	"github.com/dandang/dandang/kit"
	"github.com/dandang/dandang/tolerance"
	"github.com/goccy/go-yaml/ast"
)

// Error is a policy file that does not read or does not validate: the
// file, line and column, the field (its json path), what is wrong and the
// rule it breaks. A value that breaks a rule wraps the policy's
// *dandang.Error.
type Error = yamlfile.Error

// Kind says where a value comes from.
type Kind string

// The kinds of source.
const (
	Seed           Kind = "seed"     // a seed document: "seed 004"
	National       Kind = "national" // a national rule
	Local          Kind = "local"    // the commission's own document
	LibraryDefault Kind = "default"  // the library's own choice
	StandIn        Kind = "stand-in" // a placeholder for a text the library has not seen
)

// Source is where one value of a policy comes from.
type Source struct {
	Path string `json:"path"` // the value's json path, such as "deadlines.propose"
	Kind Kind   `json:"kind"`
	Text string `json:"text"` // the source as written, such as "seed 004" or "default: …"
	Line int    `json:"line"` // the line of the source in the file
}

// File is a policy read from a file.
type File struct {
	Name    string // the file's name, as given to Read
	Process string // "accusation", "clearance", "tolerance" or "followup"
	// Policy is the process's Policy value: an accusation.Policy,
	// clearance.Policy, tolerance.Policy or followup.Policy.
	Policy kit.Versioned
	// Sources are the sources of the policy's values, by path.
	Sources []Source
}

// Processes lists the processes a policy file may name.
func Processes() []string { return []string{"accusation", "clearance", "tolerance", "followup"} }

// Unsourced returns the sources that are the library's defaults or
// stand-ins: what a commission replaces with its own.
func (f *File) Unsourced() []Source {
	var out []Source
	for _, s := range f.Sources {
		if s.Kind == LibraryDefault || s.Kind == StandIn {
			out = append(out, s)
		}
	}
	return out
}

// Source returns the source of the value at path (or of the list holding
// it), and false when none is recorded.
func (f *File) Source(path string) (Source, bool) {
	for p := path; p != ""; p = parent(p) {
		for _, s := range f.Sources {
			if s.Path == p {
				return s, true
			}
		}
	}
	return Source{}, false
}

func parent(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

//go:embed defaults/*.yaml
var defaults embed.FS

// Defaults returns the default policy files, one per process, named
// "accusation.yaml" and so on: the policies DefaultPolicy returns, with
// the source of every value. A commission starts by copying one.
func Defaults() fs.FS {
	sub, err := fs.Sub(defaults, "defaults")
	if err != nil {
		panic(err) // the embedded directory is there at build time
	}
	return sub
}

// Default reads the default policy file of process. It returns a NotFound
// *dandang.Error for an unknown process.
func Default(process string) (*File, error) {
	data, err := fs.ReadFile(Defaults(), process+".yaml")
	if err != nil {
		return nil, &dandang.Error{Code: dandang.NotFound, Op: "policyfile.Default", Field: "process", Message: fmt.Sprintf("no process %q; known: %s", process, strings.Join(Processes(), ", "))}
	}
	return Read(process+".yaml", data)
}

// Load reads the policy file at path.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Message: err.Error(), Err: err}
	}
	return Read(path, data)
}

// Read reads a policy file's data; name is the file name errors give.
// It returns an *Error for a file that does not parse, a key it does not
// know, a value of the wrong type, a value without a source, or a policy
// that does not validate.
func Read(name string, data []byte) (*File, error) {
	_, root, err := yamlfile.Parse(name, data)
	if err != nil {
		return nil, err
	}
	return FromNode(name, root)
}

// FromNode reads a policy file from a parsed YAML mapping, as a scenario
// file embeds one.
func FromNode(name string, root *ast.MappingNode) (*File, error) {
	keys, err := yamlfile.Keys(name, root, "", "process", "policy", "sources")
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"process", "policy", "sources"} {
		if keys[k] == nil {
			return nil, yamlfile.At(name, root, k, "missing; a policy file has process, policy and sources")
		}
	}
	process, err := yamlfile.String(name, keys["process"].Value, "process")
	if err != nil {
		return nil, err
	}
	f := &File{Name: name, Process: process}
	pnode := keys["policy"].Value
	switch process {
	case "accusation":
		f.Policy, err = decode[accusation.Policy](name, pnode)
	case "clearance":
		f.Policy, err = decode[clearance.Policy](name, pnode)
	case "tolerance":
		f.Policy, err = decode[tolerance.Policy](name, pnode)
	case "followup":
		f.Policy, err = decode[followup.Policy](name, pnode)
	default:
		return nil, yamlfile.At(name, keys["process"].Value, "process", fmt.Sprintf("unknown process %q; known: %s", process, strings.Join(Processes(), ", ")))
	}
	if err != nil {
		return nil, err
	}
	if f.Sources, err = sources(name, keys["sources"].Value, pnode, reflect.TypeOf(f.Policy)); err != nil {
		return nil, err
	}
	return f, nil
}

func decode[P kit.Versioned](name string, n ast.Node) (kit.Versioned, error) {
	if _, err := yamlfile.Mapping(name, n, "policy"); err != nil {
		return nil, err
	}
	var p P
	if err := yamlfile.Decode(name, n, "policy", &p); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		e := yamlfile.Wrap(name, n, "policy", err).(*Error)
		if field := dandang.ErrorField(err); field != "" {
			path := yamlfile.JSONPath(reflect.TypeOf(p), field)
			e.Field = "policy." + path
			e.Line, e.Column = yamlfile.Pos(yamlfile.Find(n, path))
		}
		return nil, e
	}
	return p, nil
}

var (
	seedRe   = regexp.MustCompile(`^seeds? (\d{3})(, ?\d{3})*\b`)
	seedNums = []string{"000", "001", "002", "003", "004"}
)

// kindOf classifies a source's text.
func kindOf(text string) (Kind, bool) {
	switch {
	case seedRe.MatchString(text):
		for _, n := range regexp.MustCompile(`\d{3}`).FindAllString(seedRe.FindString(text), -1) {
			if !slices.Contains(seedNums, n) {
				return "", false
			}
		}
		return Seed, true
	case strings.HasPrefix(text, "national:"):
		return National, true
	case strings.HasPrefix(text, "local:"):
		return Local, true
	case strings.HasPrefix(text, "default:"):
		return LibraryDefault, true
	case strings.HasPrefix(text, "stand-in:"):
		return StandIn, true
	}
	return "", false
}

// sources reads the sources mapping and checks that every value of the
// policy has one, and that every source names a value.
func sources(name string, n, policy ast.Node, t reflect.Type) ([]Source, error) {
	m, err := yamlfile.Mapping(name, n, "sources")
	if err != nil {
		return nil, err
	}
	leaves := Paths(t)
	var out []Source
	seen := map[string]bool{}
	for _, mv := range m.Values {
		path := yamlfile.Key(mv)
		field := "sources." + path
		if seen[path] {
			return nil, yamlfile.At(name, mv, field, "given twice")
		}
		seen[path] = true
		base := regexp.MustCompile(`\[\d+\]$`).ReplaceAllString(path, "")
		if !slices.Contains(leaves, base) {
			return nil, yamlfile.At(name, mv, field, fmt.Sprintf("%q names no value of a %s policy", path, t.PkgPath()[strings.LastIndexByte(t.PkgPath(), '/')+1:]))
		}
		if base != path && yamlfile.Find(policy, path) == yamlfile.Find(policy, base) {
			return nil, yamlfile.At(name, mv, field, fmt.Sprintf("the policy has no %s", path))
		}
		text, err := yamlfile.String(name, mv.Value, field)
		if err != nil {
			return nil, err
		}
		kind, ok := kindOf(strings.TrimSpace(text))
		if !ok {
			return nil, yamlfile.At(name, mv.Value, field, `a source begins "seed 000".."seed 004", "national:", "local:", "default:" or "stand-in:"`)
		}
		line, _ := yamlfile.Pos(mv)
		out = append(out, Source{Path: path, Kind: kind, Text: strings.TrimSpace(text), Line: line})
	}
	for _, leaf := range leaves {
		if seen[leaf] {
			continue
		}
		// A list is sourced element by element.
		seq, isSeq := yamlfile.Find(policy, leaf).(*ast.SequenceNode)
		all := isSeq && len(seq.Values) > 0
		for i := 0; all && i < len(seq.Values); i++ {
			all = seen[fmt.Sprintf("%s[%d]", leaf, i)]
		}
		if !all {
			return nil, yamlfile.At(name, m, "sources."+leaf, fmt.Sprintf(`no source for %s: name it ("seed 004", "national: …", "local: …"), or say "default: …" or "stand-in: …"`, leaf))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Paths returns the json paths of the values of a policy type that carry
// a source: every field, and the fields of a nested struct (a
// kit.PolicyRef and a list count as one value).
func Paths(t reflect.Type) []string {
	var out []string
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			p := yamlfile.JSONName(f)
			if prefix != "" {
				p = prefix + "." + p
			}
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeOf(kit.PolicyRef{}) {
				walk(f.Type, p)
				continue
			}
			out = append(out, p)
		}
	}
	walk(t, "")
	return out
}
