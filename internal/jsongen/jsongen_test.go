package jsongen

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

type (
	inner       struct{ A string }
	innerToo    struct{ A string }
	withIface   struct{ X any }
	twoSameName struct {
		inner
		innerToo
	}
	embeddedPtr struct{ *inner }
	withChan    struct{ C chan int }
	ptrMarsh    struct{ A string }
	usesPtrM    struct{ P ptrMarsh }
	withNumber  struct{ N json.Number }
	recursive   struct{ Next *recursive }
	floatZero   struct {
		F struct{ X float64 } `json:",omitzero"`
	}
	fine struct {
		A  string            `json:"a,omitempty"`
		B  int               `json:",string"`
		C  []byte            `json:"c"`
		D  map[int]string    `json:"d"`
		E  *time.Time        `json:"e"`
		F  float64           `json:"f,omitempty"`
		G  json.RawMessage   `json:"g"`
		H  [2]bool           `json:"h"`
		I  struct{ X int }   `json:"i"`
		J  map[string][]uint `json:"j"`
		K  time.Time         `json:"k,omitzero"`
		Ig string            `json:"-"`
	}
)

func (*ptrMarsh) MarshalJSON() ([]byte, error) { return []byte(`1`), nil }

// Generate refuses what it cannot reproduce exactly, naming why.
func TestGenerate_Refuses(t *testing.T) {
	tests := []struct {
		name string
		typ  reflect.Type
		want string
	}{
		{"interface", reflect.TypeFor[withIface](), "interface"},
		{"two fields named alike", reflect.TypeFor[twoSameName](), "ambiguous"},
		{"embedded pointer", reflect.TypeFor[embeddedPtr](), "embeds the pointer"},
		{"channel", reflect.TypeFor[withChan](), "unsupported"},
		{"pointer-receiver MarshalJSON", reflect.TypeFor[usesPtrM](), "on its pointer only"},
		{"json.Number", reflect.TypeFor[withNumber](), "json.Number"},
		{"recursive", reflect.TypeFor[recursive](), "recursive"},
		{"omitzero over a float", reflect.TypeFor[floatZero](), "omitzero"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate("github.com/dandang/dandang/internal/jsongen", tt.typ)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate(%v) error = %v, want one saying %q", tt.typ, err, tt.want)
			}
		})
	}
}

// Generate writes code for every kind it supports.
func TestGenerate_Supported(t *testing.T) {
	src, err := Generate("github.com/dandang/dandang/internal/jsongen", reflect.TypeFor[fine]())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"func (v *fine) AppendJSON(b []byte) ([]byte, error)", "b = append(b, '\"')", "jsonenc.AppendBytes", "strconv.FormatInt", "MarshalJSON()", "!v.K.IsZero()", "v.F != 0"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("generated code lacks %q:\n%s", want, src)
		}
	}
	if strings.Contains(string(src), "Ig") {
		t.Errorf("generated code writes the field tagged \"-\":\n%s", src)
	}
}
