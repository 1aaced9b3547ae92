package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/dandang/dandang"
)

// Contract is the version of the data contract (CONTRACT.md) the engine
// saves cases in and hashes their state over: 1, the explicit
// lowerCamelCase json names. A case saved before the contract has
// [Header.Contract] 0 and its records' state hashes cover contract 0, the
// encoding with Go field names ([LegacyStateHash]).
const Contract = 1

// v0Named are the types whose json names predate contract 1 and did not
// change with it: in contract 0 their fields had the names they have now.
// Every other field was named by its Go name.
var v0Named = map[reflect.Type]bool{
	reflect.TypeFor[dandang.Organ]():    true,
	reflect.TypeFor[PolicyRef]():        true,
	reflect.TypeFor[dandang.ActorRef](): true,
}

// LegacyStateHash returns the hex SHA-256 of c as contract 0 encoded it,
// what [StateHash] returned for c before the data contract: the same
// encoding with every field named as it was then, its Go name (or its
// `v0:"…"` tag, for a field whose Go name changed since), in the same order
// and with the same omissions, so that a case stored then still verifies
// (XC11).
//
// It re-encodes c's current encoding: the contract 1 names are mapped back
// field by field, walking c's type beside the JSON, and every value is
// written as encoding/json writes it. A field added after contract 0 must
// be omitempty or omitzero, so that it is absent from a case stored before
// it, as it was.
func LegacyStateHash(c any) (string, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out bytes.Buffer
	if err := rewriteV0(dec, &out, reflect.TypeOf(c)); err != nil {
		return "", fmt.Errorf("dandang: contract 0 encoding: %w", err)
	}
	out.WriteByte('\n') // as json.Encoder ends a value
	sum := sha256.Sum256(out.Bytes())
	return hex.EncodeToString(sum[:]), nil
}

// v0Field is a field as contract 1 names it: its contract 0 name and type.
type v0Field struct {
	name string
	typ  reflect.Type
}

var v0Fields sync.Map // reflect.Type -> map[string]v0Field

// v0FieldsOf returns the fields of struct type t by their json names, with
// embedded structs flattened as encoding/json flattens them.
func v0FieldsOf(t reflect.Type) map[string]v0Field {
	if m, ok := v0Fields.Load(t); ok {
		return m.(map[string]v0Field)
	}
	m := map[string]v0Field{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			old := f.Name
			switch v0, ok := f.Tag.Lookup("v0"); {
			case ok:
				old = v0
			case v0Named[t]:
				old = name
			}
			if _, dup := m[name]; !dup {
				m[name] = v0Field{name: old, typ: ft}
			}
		}
	}
	walk(t)
	v0Fields.Store(t, m)
	return m
}

// rewriteV0 copies the next JSON value of dec to out, renaming the fields
// of the structs of type t (nil: a value of no known type, copied as is).
func rewriteV0(dec *json.Decoder, out *bytes.Buffer, t reflect.Type) error {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			var elem reflect.Type
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				elem = t.Elem()
			}
			out.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					out.WriteByte(',')
				}
				if err := rewriteV0(dec, out, elem); err != nil {
					return err
				}
			}
			out.WriteByte(']')
			_, err := dec.Token()
			return err
		}
		var fields map[string]v0Field
		var elem reflect.Type
		if t != nil && t.Kind() == reflect.Struct {
			fields = v0FieldsOf(t)
		} else if t != nil && t.Kind() == reflect.Map {
			elem = t.Elem()
		}
		out.WriteByte('{')
		for i := 0; dec.More(); i++ {
			if i > 0 {
				out.WriteByte(',')
			}
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			vt := elem
			if fields != nil {
				f, ok := fields[key]
				if ok {
					key = f.name
				}
				vt = f.typ
			}
			if err := writeJSON(out, key); err != nil {
				return err
			}
			out.WriteByte(':')
			if err := rewriteV0(dec, out, vt); err != nil {
				return err
			}
		}
		out.WriteByte('}')
		_, err := dec.Token()
		return err
	case json.Number:
		out.WriteString(tok.String())
		return nil
	default: // string, bool, nil
		return writeJSON(out, tok)
	}
}

// writeJSON writes v as encoding/json encodes it.
func writeJSON(out *bytes.Buffer, v any) error {
	b, err := json.Marshal(v)
	out.Write(b)
	return err
}
