package kit

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/internal/ident"
	"github.com/go-playground/validator/v10"
)

// An input struct declares its shape with `validate` struct tags, read by
// go-playground/validator, and names the rule a refusal cites with a `rule`
// tag beside them:
//
//	type PlanInput struct {
//		Ref
//		Forms []Form `json:"forms" validate:"min=1,list,unique,dive,valid" rule:"CL05"`
//		Note  string `json:"note" validate:"text"`
//	}
//
// Besides validator's own tags (required, min, max, len, oneof, unique,
// dive, omitempty …) these are registered:
//
//	text      a string that is valid UTF-8, holds no NUL byte and is at most
//	          Limits.Text bytes long (the service's limits)
//	list      a slice or map of at most Limits.List entries
//	nonblank  a string that is not empty or blank
//	id        an identifier, as CheckID has it: not blank, valid UTF-8, no
//	          control character
//	valid     a value whose Valid() bool method reports true, such as an enum
//
// A failure of text, list or id is refused under XC06 whatever the field's
// rule tag says, like the same failure anywhere else in an input; any other
// failure under the field's rule tag — or the rule tag of the nearest field
// enclosing it, such as a list of structs — and XC06 when none has one.

// validate is the one validator of the library: built on first use, safe
// for concurrent use, with the tags above registered.
var validate = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	must := func(err error) {
		if err != nil {
			panic("dandang: registering a validation tag: " + err.Error())
		}
	}
	must(v.RegisterValidationCtx("text", func(ctx context.Context, fl validator.FieldLevel) bool {
		return textFault(fl.Field(), limitsOf(ctx)) == ""
	}))
	must(v.RegisterValidationCtx("list", func(ctx context.Context, fl validator.FieldLevel) bool {
		return listFault(fl.Field(), limitsOf(ctx)) == ""
	}))
	must(v.RegisterValidation("nonblank", func(fl validator.FieldLevel) bool {
		f := fl.Field()
		return f.Kind() == reflect.String && strings.TrimSpace(f.String()) != ""
	}))
	must(v.RegisterValidation("id", func(fl validator.FieldLevel) bool {
		f := fl.Field()
		return f.Kind() == reflect.String && idFault(f.String()) == ""
	}))
	must(v.RegisterValidation("valid", func(fl validator.FieldLevel) bool {
		f := fl.Field()
		if !f.CanInterface() {
			return false
		}
		e, ok := f.Interface().(interface{ Valid() bool })
		return ok && e.Valid()
	}))
	return v
})

type limitsKey struct{}

// limitsOf returns the limits ValidateInput put in ctx, or the defaults.
func limitsOf(ctx context.Context) Limits {
	if l, ok := ctx.Value(limitsKey{}).(Limits); ok {
		return l
	}
	return DefaultLimits()
}

// textFault returns what is wrong with the string f under lim, or "".
func textFault(f reflect.Value, lim Limits) string {
	if f.Kind() != reflect.String {
		return "not text"
	}
	s := f.String()
	switch {
	case len(s) > lim.Text:
		return fmt.Sprintf("%d bytes, more than the %d allowed", len(s), lim.Text)
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	case strings.IndexByte(s, 0) >= 0:
		return "holds a NUL byte"
	}
	return ""
}

// listFault returns what is wrong with the slice or map f under lim, or "".
func listFault(f reflect.Value, lim Limits) string {
	switch f.Kind() {
	case reflect.Slice, reflect.Map, reflect.Array:
		if f.Len() > lim.List {
			return fmt.Sprintf("%d entries, more than the %d allowed", f.Len(), lim.List)
		}
		return ""
	}
	return "not a list"
}

// idFault returns what CheckID refuses in id, or "".
func idFault(id string) string { return ident.Problem(id) }

// ValidateInput checks the `validate` tags of in, a command's input struct
// or a pointer to one, under lim, and refuses the first field that fails as
// an Invalid *Error for op naming the field, as a path from in such as
// "Allegations[0].Summary", and the field's `rule` tag or its nearest
// enclosing field's (XC06 when none has one, and always for the text, list
// and id tags). An input that is not a
// struct has no tags and passes.
func ValidateInput(op string, in any, lim Limits) error {
	t := reflect.TypeOf(in)
	if t == nil {
		return nil
	}
	if t.Kind() == reflect.Pointer {
		if reflect.ValueOf(in).IsNil() {
			return nil
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	lim = lim.withDefaults()
	err := validate().StructCtx(context.WithValue(context.Background(), limitsKey{}, lim), in)
	if err == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) || len(ves) == 0 {
		return &dandang.Error{Code: dandang.Internal, Op: op, Message: "validating the input", Err: err}
	}
	fe := ves[0]
	field, rule := fieldOf(t, fe.StructNamespace())
	e := &dandang.Error{Code: dandang.Invalid, Op: op, Rule: rule, Field: field, Message: failure(fe, lim)}
	switch fe.Tag() {
	case "text", "list", "id":
		e.Rule = "XC06" // input hygiene, whatever the field's rule
	}
	return e
}

// fieldOf turns validator's namespace of a failed field, "NewCase.Ref.CaseID"
// or "PlanInput.Forms[1]", into the field path an Error names — embedded
// structs' names left out, as Go promotes their fields — and returns the
// `rule` tag of the field or of the nearest field enclosing it, "XC06" when
// none has one.
func fieldOf(t reflect.Type, ns string) (field, rule string) {
	segs := strings.Split(ns, ".")
	if len(segs) > 0 {
		segs = segs[1:] // the input's type name
	}
	rule = "XC06"
	var path []string
	for _, seg := range segs {
		name, index, _ := strings.Cut(seg, "[")
		if index != "" {
			index = "[" + index
		}
		for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map) {
			t = t.Elem()
		}
		var anonymous bool
		if t != nil && t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(name); ok {
				anonymous = f.Anonymous
				if r := f.Tag.Get("rule"); r != "" {
					rule = r
				}
				t = f.Type
			} else {
				t = nil
			}
		}
		if anonymous && index == "" {
			continue
		}
		path = append(path, name+index)
	}
	field = strings.Join(path, ".")
	return field, rule
}

// failure says in English what the failed tag of fe asks.
func failure(fe validator.FieldError, lim Limits) string {
	switch fe.Tag() {
	case "required", "nonblank":
		return "required"
	case "text":
		return textFault(reflect.ValueOf(fe.Value()), lim)
	case "list":
		return listFault(reflect.ValueOf(fe.Value()), lim)
	case "id":
		if s, ok := fe.Value().(string); ok {
			return idFault(s)
		}
	case "valid":
		return fmt.Sprintf("%q is not a known %s", fmt.Sprint(fe.Value()), fe.Type().Name())
	case "unique":
		return "an entry is listed twice"
	case "oneof":
		return "must be one of " + fe.Param()
	case "min", "gte":
		if k := fe.Kind(); k == reflect.Slice || k == reflect.Map {
			if fe.Param() == "1" {
				return "needs at least one entry"
			}
			return "needs at least " + fe.Param() + " entries"
		}
		return "must be at least " + fe.Param()
	case "max", "lte":
		if k := fe.Kind(); k == reflect.Slice || k == reflect.Map {
			return "holds at most " + fe.Param() + " entries"
		}
		return "must be at most " + fe.Param()
	}
	if fe.Param() != "" {
		return fmt.Sprintf("fails %q (%s)", fe.Tag(), fe.Param())
	}
	return fmt.Sprintf("fails %q", fe.Tag())
}
