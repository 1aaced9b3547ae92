package kit

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/dandang/dandang"
)

type shapeItem struct {
	Name string              `validate:"nonblank,text" rule:"ZZ02"`
	Kind dandang.SubjectKind `validate:"omitempty,valid"`
}

type shapeInput struct {
	dandang.Ref
	Kind  dandang.SubjectKind `validate:"valid" rule:"ZZ01"`
	Note  string              `validate:"text"`
	IDs   []string            `validate:"min=1,list,dive,id" rule:"ZZ03"`
	Items []shapeItem         `validate:"list,dive" rule:"ZZ06"`
	Score int                 `validate:"min=0,max=100" rule:"ZZ04"`
	Role  string              `validate:"omitempty,oneof=organizer instigator" rule:"ZZ05"`
	Body  *shapeItem
}

func goodShape() shapeInput {
	return shapeInput{Ref: dandang.Ref{CaseID: "c1", Version: 1}, Kind: dandang.Person, Note: "说明", IDs: []string{"a", "b"},
		Items: []shapeItem{{Name: "甲"}}, Score: 100, Role: "organizer"}
}

// XC06: an input's declared shape is checked by its tags, and a failure is
// an Invalid *Error naming the field, as a Go path from the input, and the
// field's rule: XC06 for text, lists and identifiers, the rule tag for the
// rest, XC06 where there is none.
func TestValidateInput_XC06_ShapeNamesFieldAndRule(t *testing.T) {
	lim := Limits{Text: 16, List: 3}
	tests := []struct {
		name        string
		edit        func(*shapeInput)
		rule, field string
		msg         string // a part of the message
	}{
		{"unknown enum", func(in *shapeInput) { in.Kind = "robot" }, "ZZ01", "Kind", `"robot" is not a known SubjectKind`},
		{"NUL in text", func(in *shapeInput) { in.Note = "a\x00b" }, "XC06", "Note", "NUL"},
		{"invalid UTF-8", func(in *shapeInput) { in.Note = "a\xffb" }, "XC06", "Note", "UTF-8"},
		{"text over the limit", func(in *shapeInput) { in.Note = strings.Repeat("x", 17) }, "XC06", "Note", "17 bytes, more than the 16 allowed"},
		{"empty list", func(in *shapeInput) { in.IDs = nil }, "ZZ03", "IDs", "at least one entry"},
		{"list over the limit", func(in *shapeInput) { in.IDs = []string{"a", "b", "c", "d"} }, "XC06", "IDs", "4 entries, more than the 3 allowed"},
		{"blank ID in a list", func(in *shapeInput) { in.IDs[1] = " " }, "XC06", "IDs[1]", "required"},
		{"control character in an ID", func(in *shapeInput) { in.IDs[0] = "a\tb" }, "XC06", "IDs[0]", "control character"},
		{"blank nested field", func(in *shapeInput) { in.Items[0].Name = " \n" }, "ZZ02", "Items[0].Name", "required"},
		{"nested field takes the enclosing rule", func(in *shapeInput) { in.Items[0].Kind = "moon" }, "ZZ06", "Items[0].Kind", "not a known SubjectKind"},
		{"number out of range", func(in *shapeInput) { in.Score = 101 }, "ZZ04", "Score", "at most 100"},
		{"not one of", func(in *shapeInput) { in.Role = "bystander" }, "ZZ05", "Role", "organizer instigator"},
		{"pointer to a struct", func(in *shapeInput) { in.Body = &shapeItem{} }, "ZZ02", "Body.Name", "required"},
	}
	if err := ValidateInput("test.Op", goodShape(), lim); err != nil {
		t.Fatalf("a good input: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := goodShape()
			tt.edit(&in)
			for _, v := range []any{in, &in} {
				err := ValidateInput("test.Op", v, lim)
				var e *dandang.Error
				if !errors.As(err, &e) {
					t.Fatalf("err = %v, want a *Error", err)
				}
				if e.Code != dandang.Invalid || e.Op != "test.Op" || e.Rule != tt.rule || e.Field != tt.field {
					t.Errorf("got %s %s [%s] %s, want invalid test.Op [%s] %s", e.Code, e.Op, e.Rule, e.Field, tt.rule, tt.field)
				}
				if !strings.Contains(e.Message, tt.msg) {
					t.Errorf("message = %q, want it to say %q", e.Message, tt.msg)
				}
			}
		})
	}
}

// XC06: the caps a service configures reach the tags; zero takes the
// defaults.
func TestValidateInput_XC06_LimitsComeFromTheService(t *testing.T) {
	in := goodShape()
	in.Note = strings.Repeat("x", 100)
	if err := ValidateInput("test.Op", in, Limits{}); err != nil {
		t.Errorf("under the default limits: %v", err)
	}
	if err := ValidateInput("test.Op", in, Limits{Text: 99}); dandang.ErrorField(err) != "Note" {
		t.Errorf("under a 99-byte cap: err = %v, want Note refused", err)
	}
}

func TestValidateInput_NoTagsPass(t *testing.T) {
	for _, v := range []any{nil, 3, "text", (*shapeInput)(nil), struct{ A string }{"\x00"}} {
		if err := ValidateInput("test.Op", v, Limits{}); err != nil {
			t.Errorf("ValidateInput(%#v) = %v, want nil", v, err)
		}
	}
}

// The validator is built once, on first use, and shared by every caller,
// concurrently.
func TestValidatorIsBuiltOnce(t *testing.T) {
	if a, b := validate(), validate(); a != b {
		t.Fatalf("validate() returned two instances: %p and %p", a, b)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := goodShape()
			if i%2 == 1 {
				in.Note = "\x00"
			}
			err := ValidateInput("test.Op", in, Limits{})
			if (err != nil) != (i%2 == 1) {
				t.Errorf("goroutine %d: err = %v", i, err)
			}
		}()
	}
	wg.Wait()
}

// handShape is what shapeInput's tags declare, written by hand as the
// processes did before the tags.
func handShape(op string, in shapeInput, lim Limits) error {
	if !in.Kind.Valid() {
		return Invalidf(op, "ZZ01", "Kind", fmt.Sprintf("unknown kind %q", in.Kind))
	}
	if len(in.IDs) == 0 {
		return Invalidf(op, "ZZ03", "IDs", "required")
	}
	for i, id := range in.IDs {
		if err := CheckID(op, fmt.Sprintf("IDs[%d]", i), id); err != nil {
			return err
		}
	}
	for i, it := range in.Items {
		if strings.TrimSpace(it.Name) == "" {
			return Invalidf(op, "ZZ02", fmt.Sprintf("Items[%d].Name", i), "required")
		}
		if it.Kind != "" && !it.Kind.Valid() {
			return Invalidf(op, "ZZ06", fmt.Sprintf("Items[%d].Kind", i), "unknown level")
		}
	}
	if in.Score < 0 || in.Score > 100 {
		return Invalidf(op, "ZZ04", "Score", "from 0 to 100")
	}
	if in.Role != "" && in.Role != "organizer" && in.Role != "instigator" {
		return Invalidf(op, "ZZ05", "Role", "organizer or instigator")
	}
	return nil
}

// BenchmarkInputShape compares the tags with the hand-written checks they
// replace; both run after or before the walker (CheckInput), which stays.
func BenchmarkInputShape(b *testing.B) {
	in, lim := goodShape(), DefaultLimits()
	b.Run("walker", func(b *testing.B) {
		for b.Loop() {
			if err := CheckInput("b", "", in, lim); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hand", func(b *testing.B) {
		for b.Loop() {
			if err := handShape("b", in, lim); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tags", func(b *testing.B) {
		for b.Loop() {
			if err := ValidateInput("b", in, lim); err != nil {
				b.Fatal(err)
			}
		}
	})
}
