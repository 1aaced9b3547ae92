package jsongen

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// decStructFunc returns the name of the function that decodes the named
// struct type t in the form its append function writes, writing it first
// if need be.
func (g *gen) decStructFunc(t reflect.Type) (string, error) {
	if name, ok := g.decFuncs[t]; ok {
		return name, nil
	}
	if g.busy[t] {
		return "", fmt.Errorf("jsongen: %v is recursive", t)
	}
	g.busy[t] = true
	defer delete(g.busy, t)
	texpr, err := g.typeExpr(t)
	if err != nil {
		return "", err
	}
	name := g.funcName("decode", t)
	for _, other := range g.decFuncs {
		if other == name {
			return "", fmt.Errorf("jsongen: two types would be read by %s", name)
		}
	}
	f := &fn{g: g}
	if err := f.decStructBody(t, "v"); err != nil {
		return "", err
	}
	g.decFuncs[t] = name
	fmt.Fprintf(&g.out, "\n// %s decodes *v from d, in the form %s writes.\n", name, g.funcName("append", t))
	fmt.Fprintf(&g.out, "func %s(d *jsondec.Decoder, v *%s) bool {\n", name, texpr)
	g.out.Write(f.w.Bytes())
	g.out.WriteString("return d.Byte('}')\n}\n")
	return name, nil
}

// decStructBody writes the code decoding the struct expr of type t but
// its closing brace: every field in the encoder's order under its exact
// name, those the encoder may omit optional.
func (f *fn) decStructBody(t reflect.Type, expr string) error {
	fields, err := f.g.fields(t)
	if err != nil {
		return err
	}
	f.p("if !d.Byte('{') {\nreturn false\n}")
	for _, fd := range fields {
		x := expr + fd.path
		key := `"` + htmlEscaped(fd.name) + `":`
		if strings.ContainsRune(key, '`') {
			key = strconv.Quote(key)
		} else {
			key = "`" + key + "`"
		}
		mark := f.w.Len()
		e, err := f.decValue(fd.typ, x, fd.quoted)
		if err != nil {
			return fmt.Errorf("%w (field %v%s)", err, t, fd.path)
		}
		body := string(f.w.Bytes()[mark:])
		f.w.Truncate(mark)
		switch optional := fd.omitEmpty || fd.omitZero; {
		case !optional && e != "":
			f.p("if !d.Field(%s) || !%s {\nreturn false\n}", key, paren(e))
		case !optional:
			f.p("if !d.Field(%s) {\nreturn false\n}", key)
			f.w.WriteString(body)
		case e != "":
			f.p("if d.Field(%s) && !%s {\nreturn false\n}", key, paren(e))
		default:
			f.p("if d.Field(%s) {", key)
			f.w.WriteString(body)
			f.p("}")
		}
	}
	return nil
}

func paren(e string) string {
	if strings.Contains(e, "&&") {
		return "(" + e + ")"
	}
	return e
}

// decode writes the code decoding x, returning false on failure.
func (f *fn) decode(t reflect.Type, x string, quoted bool) error {
	e, err := f.decValue(t, x, quoted)
	if e != "" {
		f.p("if !%s {\nreturn false\n}", paren(e))
	}
	return err
}

// decodeMethod returns the method through which encoding/json decodes an
// addressable value of the type t, not a pointer: "json" for UnmarshalJSON,
// "text" for UnmarshalText, "" for none. It refuses a type whose encoding
// goes through another method (or through none while decoding does not),
// whose output encoding/json would not read back as written, and methods
// an unnamed type has by embedding, which encoding/json does not find.
func decodeMethod(t reflect.Type) (string, error) {
	var enc, dec string
	switch p := reflect.PointerTo(t); {
	case p.Implements(unmarshalerType):
		dec = "json"
	case p.Implements(textUnmarshalerType):
		dec = "text"
	}
	switch {
	case t.Implements(marshalerType):
		enc = "json"
	case t.Implements(textMarshalerType):
		enc = "text"
	}
	name := map[string]string{"json": "its JSON method", "text": "its text method", "": "its structure"}
	switch {
	case t.Name() == "" && (enc != "" || dec != ""):
		return "", fmt.Errorf("jsongen: the unnamed type %v has JSON or text methods by embedding: unsupported", t)
	case enc != dec:
		return "", fmt.Errorf("jsongen: %v is encoded through %s and decoded through %s: unsupported", t, name[enc], name[dec])
	}
	return dec, nil
}

// decValue returns an expression that decodes x, an addressable
// expression of type t, and reports whether it did; or, when it returns
// "", it has written statements that decode x and return false on
// failure. quoted is the `,string` option.
func (f *fn) decValue(t reflect.Type, x string, quoted bool) (string, error) {
	g := f.g
	switch {
	case t == numberType:
		return "", fmt.Errorf("jsongen: json.Number: unsupported")
	case t.Kind() == reflect.Interface:
		return "", fmt.Errorf("jsongen: the interface %v: unsupported", t)
	case t.Kind() == reflect.Pointer:
		if t.Name() != "" {
			return "", fmt.Errorf("jsongen: the named pointer type %v: unsupported", t)
		}
		te, err := g.typeExpr(t.Elem())
		if err != nil {
			return "", err
		}
		// null leaves the pointer nil, as encoding/json sets it.
		f.p("if !d.Null() {")
		f.p("%s = new(%s)", x, te)
		if err := f.decode(t.Elem(), "(*"+x+")", quoted); err != nil {
			return "", err
		}
		f.p("}")
		return "", nil
	}
	m, err := decodeMethod(t)
	if err != nil {
		return "", err
	}
	if m != "" && quoted {
		return "", fmt.Errorf("jsongen: `,string` on %v, which has its own encoding: unsupported", t)
	}
	switch m {
	case "json":
		return "d.JSON(" + addr(x) + ")", nil
	case "text":
		return "d.Text(" + addr(x) + ")", nil
	}
	q := func(e string) string {
		if quoted {
			return `d.Byte('"') && ` + e + ` && d.Byte('"')`
		}
		return e
	}
	switch t.Kind() {
	case reflect.Bool:
		return q("jsondec.Bool(d, " + addr(x) + ")"), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return q("jsondec.Int(d, " + addr(x) + ")"), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return q("jsondec.Uint(d, " + addr(x) + ")"), nil
	case reflect.Float32, reflect.Float64:
		return q("jsondec.Float(d, " + addr(x) + ")"), nil
	case reflect.String:
		if quoted {
			return "jsondec.QuotedString(d, " + addr(x) + ")", nil
		}
		return "jsondec.String(d, " + addr(x) + ")", nil
	case reflect.Struct:
		if t.Name() == "" {
			if err := f.decStructBody(t, x); err != nil {
				return "", err
			}
			f.p("if !d.Byte('}') {\nreturn false\n}")
			return "", nil
		}
		name, err := g.decStructFunc(t)
		if err != nil {
			return "", err
		}
		return name + "(d, " + addr(x) + ")", nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			if t.Elem() != reflect.TypeFor[byte]() || t.Name() != "" {
				return "", fmt.Errorf("jsongen: the byte slice %v: unsupported", t)
			}
			return "d.Bytes(" + addr(x) + ")", nil
		}
		return "", f.decSlice(t, x)
	case reflect.Array:
		i := f.local("i")
		f.p("if !d.Byte('[') {\nreturn false\n}")
		f.p("for %s := range %s {", i, x)
		f.p("if %s > 0 && !d.Byte(',') {\nreturn false\n}", i)
		if err := f.decode(t.Elem(), x+"["+i+"]", false); err != nil {
			return "", err
		}
		f.p("}")
		f.p("if !d.Byte(']') {\nreturn false\n}")
		return "", nil
	case reflect.Map:
		return "", f.decMap(t, x)
	}
	return "", fmt.Errorf("jsongen: %v: unsupported", t)
}

// decSlice writes a slice: nil for null, else a slice, empty for [].
func (f *fn) decSlice(t reflect.Type, x string) error {
	te, err := f.g.typeExpr(t)
	if err != nil {
		return err
	}
	ee, err := f.g.typeExpr(t.Elem())
	if err != nil {
		return err
	}
	e := f.local("e")
	f.p("if !d.Null() {")
	f.p("if !d.Byte('[') {\nreturn false\n}")
	f.p("%s = %s{}", x, te)
	f.p("for d.More(']') {")
	f.p("var %s %s", e, ee)
	if err := f.decode(t.Elem(), e, false); err != nil {
		return err
	}
	f.p("%s = append(%s, %s)", x, x, e)
	f.p("}")
	f.p("}")
	return nil
}

// decMap writes a map: nil for null, else a map of the entries, stored in
// order as encoding/json stores them.
func (f *fn) decMap(t reflect.Type, x string) error {
	g := f.g
	kt := t.Key()
	te, err := g.typeExpr(t)
	if err != nil {
		return err
	}
	ke, err := g.typeExpr(kt)
	if err != nil {
		return err
	}
	ee, err := g.typeExpr(t.Elem())
	if err != nil {
		return err
	}
	key, k, e := f.local("key"), f.local("k"), f.local("e")
	f.p("if !d.Null() {")
	f.p("if !d.Byte('{') {\nreturn false\n}")
	f.p("%s = make(%s)", x, te)
	f.p("for d.More('}') {")
	f.p("%s := d.Key()\nif %s == nil {\nreturn false\n}", key, key)
	switch pk := reflect.PointerTo(kt); {
	case kt.Kind() == reflect.Pointer:
		return fmt.Errorf("jsongen: the pointer key of %v: unsupported", t)
	case pk.Implements(unmarshalerType):
		return fmt.Errorf("jsongen: the key of %v has UnmarshalJSON: unsupported", t)
	case pk.Implements(textUnmarshalerType):
		// encoding/json writes a string key as it is, any other through
		// MarshalText, and reads every one through UnmarshalText.
		if kt.Kind() != reflect.String && !kt.Implements(textMarshalerType) {
			return fmt.Errorf("jsongen: the key of %v is read by UnmarshalText but not written by MarshalText: unsupported", t)
		}
		f.p("var %s %s\nif %s.UnmarshalText(%s) != nil {\nreturn false\n}", k, ke, k, key)
	case kt.Implements(textMarshalerType):
		return fmt.Errorf("jsongen: the key of %v is written by MarshalText but has no UnmarshalText: unsupported", t)
	case kt.Kind() == reflect.String:
		f.p("%s := %s(%s)", k, ke, key)
	case kt.Kind() >= reflect.Int && kt.Kind() <= reflect.Int64:
		f.p("var %s %s\nif !jsondec.IntKey(%s, &%s) {\nreturn false\n}", k, ke, key, k)
	case isInt(kt):
		f.p("var %s %s\nif !jsondec.UintKey(%s, &%s) {\nreturn false\n}", k, ke, key, k)
	default:
		return fmt.Errorf("jsongen: the key of %v: unsupported", t)
	}
	f.p("var %s %s", e, ee)
	if err := f.decode(t.Elem(), e, false); err != nil {
		return err
	}
	f.p("%s[%s] = %s", x, k, e)
	f.p("}")
	f.p("}")
	return nil
}
