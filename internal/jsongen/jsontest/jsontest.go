// Package jsontest checks generated encoders (internal/jsongen) against
// encoding/json: a reflection-based filler that puts random, hostile
// content in every field of a value, and Check, which compares a value's
// AppendJSON with json.Marshal byte for byte and kit.StateHash with the
// hash of encoding/json's bytes.
package jsontest

import (
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/dandang/dandang/kit"
)

// Hostile are strings encoding/json escapes, each a way to get a
// hand-written encoder wrong: HTML characters, U+2028 and U+2029, control
// bytes, invalid and truncated UTF-8, surrogates, quotes and backslashes,
// and Chinese text.
var Hostile = []string{
	"",
	"plain",
	"<script>alert('x')</script> & more",
	"a\u2028b\u2029c",
	"\x00\x01\x02\x1f\x7f",
	"\b\f\n\r\t",
	`"quoted" \back\slash\ /`,
	"拖延办案：王某某收受购物卡。",
	"\xff\xfe invalid",
	"truncated \xe2\x80",
	"\xe2\x80\xa8 raw line separator",
	"\xed\xa0\x80 surrogate",
	"mixed 中文 <&> \u2028 \x00 \xc3",
	"\u00e9\u0301 combining, emoji \U0001F600",
	"\U0010FFFF max, \uFFFD replacement",
}

// Filler fills values with random content.
type Filler struct {
	Rand *rand.Rand
	// Invalid is the probability that a value of a type with a
	// MarshalText method gets random content rather than one harvested
	// (an enum's name): such a value mostly fails to encode.
	Invalid float64
	// Material, when set, is where random strings are cut from, as well.
	Material []byte
	pool     map[reflect.Type][]reflect.Value
}

// NewFiller returns a Filler drawing from seed.
func NewFiller(seed uint64) *Filler {
	return &Filler{Rand: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), Invalid: 0.002}
}

var textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()

// Harvest records the values of v (a value or a pointer) whose type has a
// MarshalText method, such as enums, so that Fill draws valid ones.
func (f *Filler) Harvest(v any) {
	if f.pool == nil {
		f.pool = map[reflect.Type][]reflect.Value{}
	}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if v.Type().Implements(textMarshalerType) && v.Kind() != reflect.Pointer && !v.IsZero() {
			f.pool[v.Type()] = append(f.pool[v.Type()], v)
		}
		switch v.Kind() {
		case reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Key())
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(v))
}

// Fill sets every exported field reachable from p, a non-nil pointer, to
// random content: hostile strings, nil, empty and filled slices and maps,
// nil and set pointers, zero, far and unencodable times, extreme numbers.
func (f *Filler) Fill(p any) {
	f.fill(reflect.ValueOf(p).Elem(), 0)
}

// Mutate changes some of what p, a non-nil pointer, holds and keeps the
// rest: a realistic value made hostile in places.
func (f *Filler) Mutate(p any) {
	f.mutate(reflect.ValueOf(p).Elem(), 0)
}

func (f *Filler) chance(p float64) bool { return f.Rand.Float64() < p }

// String returns a random string: a hostile one, a few glued together, or
// cut from Material or random bytes.
func (f *Filler) String() string {
	r := f.Rand
	switch r.IntN(8) {
	case 0, 1, 2:
		return Hostile[r.IntN(len(Hostile))]
	case 3:
		return Hostile[r.IntN(len(Hostile))] + Hostile[r.IntN(len(Hostile))] + Hostile[r.IntN(len(Hostile))]
	case 4:
		if len(f.Material) > 0 {
			i := r.IntN(len(f.Material))
			j := i + r.IntN(len(f.Material)-i+1)
			return string(f.Material[i:j])
		}
		fallthrough
	case 5:
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return string(b)
	case 6:
		b := make([]rune, r.IntN(12))
		for i := range b {
			b[i] = rune(r.IntN(0x3000))
		}
		return string(b)
	}
	return "ID-" + string(rune('a'+r.IntN(26)))
}

var zones = []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("", -(3*3600 + 30*60)),
	time.FixedZone("NPT", 5*3600+45*60), time.FixedZone("", 14*3600), time.FixedZone("LMT", 8*3600+5*60+43)}

// Time returns a random time: zero, near the present, far in the past or
// future, in odd zones, and rarely one that has no RFC 3339 form.
func (f *Filler) Time() time.Time {
	r := f.Rand
	switch r.IntN(12) {
	case 0:
		return time.Time{}
	case 1:
		return time.Date(9999, 12, 31, 23, 59, 59, 999999999, zones[r.IntN(len(zones))])
	case 2:
		return time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	case 3:
		if f.chance(0.05) {
			// No RFC 3339 form: encoding fails.
			switch r.IntN(3) {
			case 0:
				return time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			case 1:
				return time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			return time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600+60))
		}
	}
	t := time.Date(2000+r.IntN(30), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60), 0, zones[r.IntN(len(zones))])
	switch r.IntN(4) {
	case 0:
		t = t.Add(time.Duration(r.IntN(1e9)))
	case 1:
		t = t.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
	}
	return t
}

func (f *Filler) fill(v reflect.Value, depth int) {
	r := f.Rand
	t := v.Type()
	if t == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(f.Time()))
		return
	}
	if t.Implements(textMarshalerType) && t.Kind() != reflect.Pointer && t.Kind() != reflect.Struct {
		if vals := f.pool[t]; len(vals) > 0 && !f.chance(f.Invalid) {
			if f.chance(0.9) {
				v.Set(vals[r.IntN(len(vals))])
			} else {
				v.SetZero()
			}
			return
		}
		if len(f.pool[t]) == 0 && !f.chance(f.Invalid) {
			v.SetZero() // the zero value encodes, a random one mostly not
			return
		}
	}
	switch t.Kind() {
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		switch r.IntN(6) {
		case 0:
			v.SetInt(0)
		case 1:
			v.SetInt(-1 - r.Int64N(1000))
		case 2:
			v.SetInt(math.MinInt64) // truncated to the type's size
			if v.Int() == 0 {
				v.SetInt(math.MinInt64 >> (64 - t.Bits()))
			}
		default:
			v.SetInt(r.Int64() >> (64 - t.Bits()))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		v.SetUint(r.Uint64() >> (64 - t.Bits()))
	case reflect.Float32, reflect.Float64:
		fs := []float64{0, math.Copysign(0, -1), 1e21, 1e-7, 123.456, -1e-300, 1 / 3.0, math.MaxFloat32, math.SmallestNonzeroFloat64}
		x := fs[r.IntN(len(fs))] * (1 + r.Float64())
		if f.chance(0.01) {
			x = math.NaN()
		}
		v.SetFloat(x)
	case reflect.String:
		v.SetString(f.String())
	case reflect.Pointer:
		if depth > 6 || r.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(t.Elem())
		f.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		switch n := r.IntN(6); {
		case n == 0 || depth > 6:
			v.SetZero()
		case n == 1:
			v.Set(reflect.MakeSlice(t, 0, 0))
		default:
			s := reflect.MakeSlice(t, n-1, n-1)
			for i := range n - 1 {
				f.fill(s.Index(i), depth+1)
			}
			v.Set(s)
		}
	case reflect.Array:
		for i := range v.Len() {
			f.fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		switch n := r.IntN(6); {
		case n == 0 || depth > 6:
			v.SetZero()
		case n == 1:
			v.Set(reflect.MakeMap(t))
		default:
			m := reflect.MakeMap(t)
			for range n - 1 {
				k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
				f.fill(k, depth+1)
				f.fill(e, depth+1)
				m.SetMapIndex(k, e)
			}
			v.Set(m)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				f.fill(v.Field(i), depth+1)
			}
		}
	}
}

func (f *Filler) mutate(v reflect.Value, depth int) {
	r := f.Rand
	t := v.Type()
	if r.IntN(20) == 0 {
		f.fill(v, depth) // replaced altogether
		return
	}
	switch t.Kind() {
	case reflect.String:
		if !t.Implements(textMarshalerType) && r.IntN(3) == 0 {
			v.SetString(f.String())
		}
	case reflect.Pointer:
		if !v.IsNil() {
			f.mutate(v.Elem(), depth+1)
		}
	case reflect.Slice:
		if v.Len() == 0 && r.IntN(2) == 0 {
			if v.IsNil() {
				v.Set(reflect.MakeSlice(t, 0, 0))
			} else {
				v.SetZero()
			}
		}
		for i := range v.Len() {
			f.mutate(v.Index(i), depth+1)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(t.Elem()).Elem()
			e.Set(v.MapIndex(k))
			f.mutate(e, depth+1)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			if r.IntN(3) == 0 {
				v.Set(reflect.ValueOf(f.Time()))
			}
			return
		}
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				f.mutate(v.Field(i), depth+1)
			}
		}
	}
}

// Appender is a value with a generated encoder.
type Appender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// Check reports, through tb, where v's AppendJSON differs from
// json.Marshal(v): in the bytes, appended to an empty and to a non-empty
// buffer, or in failing. It also checks that kit.StateHash(v) is the hash
// of json.NewEncoder's bytes, or fails with the encoder's error. It
// returns whether v encodes.
func Check(tb testing.TB, v Appender) bool {
	tb.Helper()
	want, wantErr := json.Marshal(v)
	got, gotErr := v.AppendJSON(nil)
	switch {
	case (wantErr == nil) != (gotErr == nil):
		tb.Errorf("AppendJSON error %v, json.Marshal error %v\njson.Marshal: %s", gotErr, wantErr, want)
		return false
	case wantErr != nil:
		if gotErr.Error() != wantErr.Error() {
			tb.Errorf("AppendJSON error:\n%v\njson.Marshal error:\n%v", gotErr, wantErr)
		}
	case !bytes.Equal(got, want):
		tb.Errorf("AppendJSON differs from json.Marshal at byte %d:\n got %q\nwant %q", firstDiff(got, want), got, want)
		return false
	}
	prefix := []byte("prefix")
	if got2, _ := v.AppendJSON(prefix); wantErr == nil && !bytes.Equal(got2, append(prefix, want...)) {
		tb.Errorf("AppendJSON on a non-empty buffer: got %q, want %q", got2, append(prefix, want...))
	}
	var buf bytes.Buffer
	encErr := json.NewEncoder(&buf).Encode(v)
	state, err := kit.StateHash(v)
	switch {
	case encErr != nil:
		if err == nil || err.Error() != encErr.Error() {
			tb.Errorf("kit.StateHash error %v, want %v", err, encErr)
		}
	case err != nil:
		tb.Errorf("kit.StateHash: %v", err)
	default:
		sum := sha256.Sum256(buf.Bytes())
		if want := hex.EncodeToString(sum[:]); state != want {
			tb.Errorf("kit.StateHash = %s, want %s", state, want)
		}
	}
	return wantErr == nil
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// SetStrings sets every string reachable from p, a non-nil pointer, to s,
// but those of types with a MarshalText method (enums), and allocates
// nothing: nil pointers, slices and maps stay nil.
func SetStrings(p any, s string) {
	walk(reflect.ValueOf(p).Elem(), func(v reflect.Value) {
		if v.Kind() == reflect.String && !v.Type().Implements(textMarshalerType) {
			v.SetString(s)
		}
	})
}

// EmptyCollections makes every nil slice and map reachable from p, a
// non-nil pointer, empty and not nil, which encoding/json writes as [] and
// {} rather than null.
func EmptyCollections(p any) {
	walk(reflect.ValueOf(p).Elem(), func(v reflect.Value) {
		switch {
		case v.Kind() == reflect.Slice && v.IsNil():
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		case v.Kind() == reflect.Map && v.IsNil():
			v.Set(reflect.MakeMap(v.Type()))
		}
	})
}

// walk calls visit on v and every settable value reachable from it; a
// map's values are visited on copies that are stored back.
func walk(v reflect.Value, visit func(reflect.Value)) {
	visit(v)
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walk(v.Elem(), visit)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walk(v.Field(i), visit)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walk(v.Index(i), visit)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(v.MapIndex(k))
			walk(e, visit)
			v.SetMapIndex(k, e)
		}
	}
}

// AppendGo appends s quoted as a Go string literal, ASCII only: a name for
// a test of s.
func AppendGo(b []byte, s string) []byte { return strconv.AppendQuoteToASCII(b, s) }
