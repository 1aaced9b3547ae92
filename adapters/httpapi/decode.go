package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"

	"github.com/dandang/dandang"
)

var errMediaType = errors.New("httpapi: the body must be application/json")

// ignored are the top-level body fields dropped before decoding when the
// input has no field of that name: who acts comes from the authenticator,
// never from a body.
var ignored = []string{"actor", "organ"}

// body reads the request body, capped at the configured size, and decodes
// it strictly into v.
func (c *call) body(v any) error {
	if t := reflect.TypeOf(v); t != nil && t.Kind() == reflect.Pointer {
		c.in = t.Elem()
	}
	if ct := c.r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return errMediaType
		}
	}
	data, err := io.ReadAll(http.MaxBytesReader(c.w, c.r.Body, c.h.cfg.MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return mbe
		}
		return &dandang.Error{Code: dandang.Invalid, Op: "httpapi", Rule: "XC06", Field: "body", Message: "the body could not be read", Err: err}
	}
	return Decode(data, v)
}

// Decode decodes data, one JSON value, into v, a pointer to a struct,
// strictly: an unknown field, a value of the wrong type, malformed JSON and
// anything after the value are refused as Invalid (XC06) naming the field
// (its JSON path, such as "subject.level") or "body". Top-level "actor" and
// "organ" members are dropped first when v has no such field: the acting
// user comes from the authenticator. On an error v is left as it was.
func Decode(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &dandang.Error{Code: dandang.Internal, Op: "httpapi.Decode", Message: "decoding into a non-pointer"}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte("{}")
	}
	tmp := reflect.New(rv.Elem().Type())
	err := decodeStrict(data, tmp.Interface())
	if name, ok := unknownField(err); ok && isIgnored(name, rv.Elem().Type()) {
		var m map[string]json.RawMessage
		if json.Unmarshal(data, &m) == nil {
			for _, k := range ignored {
				if !hasJSONField(rv.Elem().Type(), k) {
					delete(m, k)
				}
			}
			if data, err = json.Marshal(m); err == nil {
				tmp = reflect.New(rv.Elem().Type())
				err = decodeStrict(data, tmp.Interface())
			}
		}
	}
	if err != nil {
		return decodeError(err)
	}
	rv.Elem().Set(tmp.Elem())
	return nil
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}

var errTrailing = errors.New("data after the JSON value")

func unknownField(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	const prefix = "json: unknown field \""
	s := err.Error()
	if !strings.HasPrefix(s, prefix) {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, prefix), "\""), true
}

func isIgnored(name string, t reflect.Type) bool {
	for _, k := range ignored {
		if name == k && !hasJSONField(t, k) {
			return true
		}
	}
	return false
}

// hasJSONField reports whether struct t (embedded structs included) has a
// field encoded as name.
func hasJSONField(t reflect.Type, name string) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && tag == "" && hasJSONField(f.Type, name) {
			return true
		}
		if tag == name || (tag == "" && f.Name == name) {
			return true
		}
	}
	return false
}

// decodeError turns a decoding error into an Invalid *dandang.Error naming
// the field.
func decodeError(err error) error {
	var (
		de  *dandang.Error
		ute *json.UnmarshalTypeError
		se  *json.SyntaxError
	)
	mk := func(field, msg string) error {
		return &dandang.Error{Code: dandang.Invalid, Op: "httpapi", Rule: "XC06", Field: field, Message: msg}
	}
	switch {
	case errors.As(err, &de):
		// An enum's own refusal (UnmarshalText) names its rule; the field
		// is where it stood.
		out := *de
		if out.Field == "" {
			out.Field = "body"
		}
		if out.Rule == "" {
			out.Rule = "XC06"
		}
		return &out
	case errors.As(err, &ute):
		field := ute.Field
		if field == "" {
			field = "body"
		}
		return mk(field, fmt.Sprintf("%s must be %s, not %s", field, kindName(ute.Type), ute.Value))
	case errors.As(err, &se):
		return mk("body", fmt.Sprintf("malformed JSON at byte %d", se.Offset))
	case errors.Is(err, errTrailing):
		return mk("body", "the body holds data after its JSON value")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return mk("body", "the JSON value ends too soon")
	}
	if name, ok := unknownField(err); ok {
		field := name
		if field == "" {
			field = "body"
		}
		return mk(field, fmt.Sprintf("unknown field %q", name))
	}
	return mk("body", "the body is not the JSON this operation takes")
}

func kindName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}
