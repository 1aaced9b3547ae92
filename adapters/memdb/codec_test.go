package memdb

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/dandang/dandang/kit"
	"github.com/google/go-cmp/cmp"
)

// every holds a field of every kind a shape packs, nil and empty alike.
type every struct {
	B        bool
	I8       int8
	I16      int16
	I32      int32
	I        int
	U8       uint8
	U16      uint16
	U32      uint32
	U        uint
	F32      float32
	F64      float64
	S        string
	Named    kindName
	Raw      json.RawMessage
	Bytes    []byte
	Strs     []string
	Arr      [3]string
	At       time.Time
	Ptr      *every // recursive
	Structs  []inner
	Map      map[string]inner
	IntMap   map[int][]string
	private  string
	Empty    struct{}
	PtrEmpty *struct{}
}

type kindName string

type inner struct {
	At   time.Time
	Note string
	N    *int
}

// testShape returns the shapes of T and kit.Meta.
func testShape[T any](t testing.TB) *caseShape {
	t.Helper()
	cs, err := shapeOf(reflect.TypeFor[T]())
	if err != nil {
		t.Fatal(err)
	}
	ts, err := shapeOf(timeType)
	if err != nil {
		t.Fatal(err)
	}
	return &caseShape{c: cs, meta: metaShape(ts)}
}

// roundTrip packs v with its shape and unpacks it.
func roundTrip[T any](t testing.TB, v T) T {
	t.Helper()
	p := packCase(newStrTable(), nil, testShape[T](t), unsafe.Pointer(&v), &kit.Meta{})
	var got T
	p.unpackCase(unsafe.Pointer(&got))
	return got
}

// An ended case's packed struct unpacks to the case saved, field for
// field, nil and empty kept apart, times with their monotonic reading and
// location (XC01: the case is kept as saved).
func TestShapeRoundTripXC01(t *testing.T) {
	n := 7
	china := time.FixedZone("CST", 8*3600)
	full := &every{
		B: true, I8: -8, I16: -1600, I32: 1 << 30, I: -1 << 62, U8: 255, U16: 65535, U32: 1<<32 - 1, U: 1<<64 - 1,
		F32: 3.5, F64: -0.1, S: "字符串", Named: "k", Raw: json.RawMessage(`{"a":1}`), Bytes: []byte{},
		Strs: []string{"", "a", "a"}, Arr: [3]string{"x", "", "z"}, At: time.Now(),
		Ptr:     &every{S: "inner", Strs: []string{}, Map: map[string]inner{}},
		Structs: []inner{{At: time.Date(1960, 1, 1, 0, 0, 0, 1, time.UTC), Note: "n", N: &n}, {}},
		Map:     map[string]inner{"a": {Note: "a"}, "": {At: time.Date(2026, 3, 1, 9, 0, 0, 5, china)}},
		IntMap:  map[int][]string{-1: nil, 2: {}, 3: {"三"}},
		private: "p", PtrEmpty: &struct{}{},
	}
	for name, v := range map[string]*every{"zero": {}, "full": full} {
		t.Run(name, func(t *testing.T) {
			got := roundTrip(t, v)
			if !reflect.DeepEqual(got, v) {
				t.Errorf("unpacked %+v, want %+v", got, v)
			}
			if got.At != v.At || (v.Structs != nil && got.Structs[0].At != v.Structs[0].At) {
				t.Errorf("times differ: %v, want %v", got.At, v.At)
			}
			if v.Ptr != nil && got.Ptr == v.Ptr {
				t.Error("the unpacked case shares a pointer with the packed one")
			}
		})
	}
}

// An unpacked case is the reader's: changing it changes nothing of the
// packed one (XC01).
func TestShapeUnpackedIsACopyXC01(t *testing.T) {
	v := &every{Bytes: []byte("ab"), Strs: []string{"a"}, Map: map[string]inner{"a": {}}, Ptr: &every{S: "p"}}
	p := packCase(newStrTable(), nil, testShape[*every](t), unsafe.Pointer(&v), &kit.Meta{})
	var got *every
	p.unpackCase(unsafe.Pointer(&got))
	got.Bytes[0], got.Strs[0], got.Ptr.S = 'x', "x", "x"
	got.Map["b"] = inner{}
	var again *every
	p.unpackCase(unsafe.Pointer(&again))
	want := &every{Bytes: []byte("ab"), Strs: []string{"a"}, Map: map[string]inner{"a": {}}, Ptr: &every{S: "p"}}
	if diff := cmp.Diff(want, again, cmp.AllowUnexported(every{})); diff != "" {
		t.Fatalf("the packed case changed (-want +got):\n%s", diff)
	}
}

// A type holding what a shape cannot copy has none: its store keeps ended
// cases as they are.
func TestShapeRefuses(t *testing.T) {
	for name, typ := range map[string]reflect.Type{
		"interface": reflect.TypeFor[struct{ V any }](),
		"func":      reflect.TypeFor[struct{ F func() }](),
		"chan":      reflect.TypeFor[*struct{ C []chan int }](),
		"map value": reflect.TypeFor[map[string]error](),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := shapeOf(typ); err == nil {
				t.Errorf("shapeOf(%s) = nil error, want one", typ)
			}
		})
	}
}

// FuzzShape packs a struct of the fuzzer's values and checks that it
// unpacks to the same.
func FuzzShape(f *testing.F) {
	f.Add("理由", []byte(`{"forms":["written"]}`), int64(1_700_000_000), int64(-3), uint8(2), true)
	f.Add("", []byte(nil), int64(-1), int64(1<<62), uint8(0), false)
	f.Fuzz(func(t *testing.T, s string, b []byte, sec, i int64, n uint8, flag bool) {
		v := &every{S: s, Raw: b, Bytes: b, I: int(i), I8: int8(i), U16: uint16(i), F64: float64(i), B: flag,
			At: time.Unix(sec, i%1e9).In(time.FixedZone(s, int(sec%50000)))}
		for k := range int(n % 8) {
			v.Strs = append(v.Strs, s[:k%(len(s)+1)])
			v.Structs = append(v.Structs, inner{Note: s, At: v.At})
			if flag {
				v = &every{Ptr: v, Map: map[string]inner{s: {Note: s}}}
			}
		}
		if got := roundTrip(t, v); !reflect.DeepEqual(got, v) {
			t.Fatalf("unpacked %+v, want %+v", got, v)
		}
	})
}

// BenchmarkUnpackMeta reads the meta of a packed case, as a query does of
// each ended case it walks.
func BenchmarkUnpackMeta(b *testing.B) {
	m := kit.Meta{ID: "r1/p-zhou", Version: 13, State: "closed", SubjectIDs: []string{"p-zhou"}, OrganID: "wuyi-lx",
		OrganRegion: "330723101", ClosedAt: time.Now(), Head: "cbab4ffe543cca3e116521af5cc34f917b3def147967ad71a994cdd827ed6a8f",
		Keys: map[string][]string{"report": {"r1"}}, Unique: []string{"r1/p-zhou"}}
	v := &every{}
	p := packCase(newStrTable(), nil, testShape[*every](b), unsafe.Pointer(&v), &m)
	b.ReportAllocs()
	for range b.N {
		if p.unpackMeta().ID == "" {
			b.Fatal("no meta")
		}
	}
}

// The meta packed beside an ended case is the case's, every field of it
// (XC01): a field kit.Meta gains and metaShape does not pack fails here.
func TestMetaShapeKeepsEveryField(t *testing.T) {
	var m kit.Meta
	v := reflect.ValueOf(&m).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(v.Type().Field(i).Name)
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(int64(i + 1))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{"a", v.Type().Field(i).Name}))
		case reflect.Map:
			f.Set(reflect.ValueOf(map[string][]string{"k": {"v1", "v2"}, "e": {}, "n": nil}))
		case reflect.Struct:
			f.Set(reflect.ValueOf(time.Date(2026, 3, 1, 9, 0, 0, 5, time.FixedZone("CST", 8*3600))))
		default:
			t.Fatalf("kit.Meta.%s is a %s: teach this test and metaShape", v.Type().Field(i).Name, f.Kind())
		}
	}
	for name, want := range map[string]kit.Meta{"zero": {}, "full": m, "empty": {SubjectIDs: []string{}, Keys: map[string][]string{}, Unique: []string{}}} {
		t.Run(name, func(t *testing.T) {
			v := &every{}
			got := packCase(newStrTable(), nil, testShape[*every](t), unsafe.Pointer(&v), &want).unpackMeta()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("unpacked meta %+v, want %+v", got, want)
			}
		})
	}
}
