// Package schema generates the JSON Schema (draft 2020-12) of a Go type
// from its reflection, the way encoding/json encodes it: the json names of
// the fields, omitempty and omitzero fields not required, embedded structs
// flattened, pointers nullable, slices and maps (nullable: a nil one
// encodes as null), time.Time as a date-time string, types that marshal as
// text as strings (with their values, for enums whose values are integers),
// and every named struct type once, under $defs.
//
// Types that encode themselves in their own way are described by hooks
// ([Generator.Hooks]); [New] sets the ones of the dandang kit. The schemas
// are the repository's data contract (CONTRACT.md), kept as golden files
// under schema/ and checked by this package's tests.
package schema

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// Schema is one JSON Schema object. encoding/json writes its keys sorted,
// so that the same type always gives the same bytes.
type Schema = map[string]any

// Generator generates schemas. A Generator is used by one goroutine at a
// time; Generate may be called again for another root.
type Generator struct {
	// Hooks describe types that encode themselves: the schema of a type
	// found here is the hook's, inline.
	Hooks map[reflect.Type]func() Schema

	defs     map[string]Schema
	untagged []string
}

// New returns a Generator with the hooks of the dandang kit: a Term is a
// bare day or an object, a Day is an integer count of days, time.Time is a
// date-time string and json.RawMessage any JSON.
func New() *Generator {
	day := func() Schema {
		return Schema{"type": "integer", "description": "a date in China's time zone: days since 1970-01-01; 0 for none"}
	}
	return &Generator{Hooks: map[reflect.Type]func() Schema{
		reflect.TypeFor[dandang.Day](): day,
		reflect.TypeFor[kit.Term](): func() Schema {
			return Schema{
				"description": "a deadline: a bare day when it keeps only its day, otherwise an object",
				"oneOf": []any{day(), Schema{
					"type": "object",
					"properties": Schema{
						"due":         day(),
						"from":        day(),
						"days":        Schema{"type": "integer"},
						"provisional": Schema{"type": "boolean"},
					},
					"required": []string{"due"},
				}},
			}
		},
		reflect.TypeFor[time.Time](): func() Schema {
			return Schema{"type": "string", "format": "date-time"}
		},
		reflect.TypeFor[json.RawMessage](): func() Schema {
			return Schema{"description": "any JSON value, kept as written"}
		},
	}}
}

// Generate returns the schema document of the type of root, titled title:
// the root's schema with $schema and $defs.
func (g *Generator) Generate(t reflect.Type, title string) Schema {
	g.defs, g.untagged = map[string]Schema{}, nil
	s := g.of(t)
	doc := Schema{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title}
	for k, v := range s {
		doc[k] = v
	}
	if len(g.defs) > 0 {
		defs := Schema{}
		for k, v := range g.defs {
			defs[k] = v
		}
		doc["$defs"] = defs
	}
	return doc
}

// Untagged returns the fields the last Generate met that have no explicit
// json name, as "pkg.Type.Field", sorted.
func (g *Generator) Untagged() []string {
	out := slices.Clone(g.untagged)
	slices.Sort(out)
	return slices.Compact(out)
}

var pkgPath = regexp.MustCompile(`[A-Za-z0-9_.\-]*/`)

// Name returns the name t has under $defs: its package's name and its own,
// type arguments included (kit.Header[clearance.State]).
func Name(t reflect.Type) string { return pkgPath.ReplaceAllString(t.String(), "") }

var (
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
)

func implements(t, iface reflect.Type) bool {
	return t.Implements(iface) || reflect.PointerTo(t).Implements(iface)
}

func (g *Generator) of(t reflect.Type) Schema {
	if h, ok := g.Hooks[t]; ok {
		return h()
	}
	switch {
	case implements(t, jsonMarshaler):
		return Schema{"description": "encoded by " + Name(t) + "'s MarshalJSON"}
	case implements(t, textMarshaler):
		s := Schema{"type": "string"}
		if vals := enumValues(t); len(vals) > 0 {
			s["enum"] = vals
		}
		return s
	}
	switch t.Kind() {
	case reflect.Pointer:
		return Schema{"anyOf": []any{g.of(t.Elem()), Schema{"type": "null"}}}
	case reflect.Bool:
		return Schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return Schema{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return Schema{"type": "number"}
	case reflect.String:
		return Schema{"type": "string"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return Schema{"type": []string{"string", "null"}, "contentEncoding": "base64"}
		}
		return Schema{"type": []string{"array", "null"}, "items": g.of(t.Elem())}
	case reflect.Array:
		return Schema{"type": "array", "items": g.of(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return Schema{"type": []string{"object", "null"}, "additionalProperties": g.of(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return g.object(t)
		}
		name := Name(t)
		if _, ok := g.defs[name]; !ok {
			g.defs[name] = nil // a recursive type refers to itself
			g.defs[name] = g.object(t)
		}
		return Schema{"$ref": "#/$defs/" + name}
	}
	return Schema{}
}

// object is the schema of a struct's fields, embedded ones flattened.
func (g *Generator) object(t reflect.Type) Schema {
	props := Schema{}
	var required []string
	g.fields(t, props, &required)
	s := Schema{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (g *Generator) fields(t reflect.Type, props Schema, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				g.fields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
			g.untagged = append(g.untagged, Name(t)+"."+f.Name)
		}
		if _, dup := props[name]; dup {
			continue
		}
		props[name] = g.of(ft)
		if !slices.Contains(strings.Split(opts, ","), "omitempty") && !slices.Contains(strings.Split(opts, ","), "omitzero") {
			*required = append(*required, name)
		}
	}
}

// enumValues returns the text of the values of an enum whose values are
// integers: "" for the zero value and then every value up to 255 that
// marshals. An enum of strings gives none (its values cannot be counted).
func enumValues(t reflect.Type) []string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
	default:
		return nil
	}
	vals := []string{""}
	for i := 1; i < 256; i++ {
		v := reflect.New(t).Elem()
		if v.CanInt() {
			v.SetInt(int64(i))
		} else {
			v.SetUint(uint64(i))
		}
		m, ok := v.Interface().(encoding.TextMarshaler)
		if !ok {
			m, ok = v.Addr().Interface().(encoding.TextMarshaler)
		}
		if !ok {
			return nil
		}
		b, err := m.MarshalText()
		if err != nil || len(b) == 0 {
			continue
		}
		vals = append(vals, string(b))
	}
	if len(vals) == 1 {
		return nil
	}
	return vals
}

// String returns s as indented JSON with a final newline, as golden files
// keep it.
func String(s Schema) (string, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return "", fmt.Errorf("schema: %w", err)
	}
	return string(b) + "\n", nil
}
