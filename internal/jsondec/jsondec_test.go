package jsondec

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// check reads data whole with read into a new T and, when it accepts,
// checks that json.Unmarshal accepts data and gives the same value. It
// returns whether read accepted data.
func check[T any](tb testing.TB, data []byte, read func(d *Decoder, p *T) bool) bool {
	tb.Helper()
	var got T
	d := New(data)
	if !read(&d, &got) || !d.End() {
		return false
	}
	var want T
	if err := json.Unmarshal(data, &want); err != nil {
		tb.Errorf("%q: read as %v, json.Unmarshal fails: %v", data, got, err)
		return true
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) })); diff != "" {
		tb.Errorf("%q: read unlike json.Unmarshal (-want +got):\n%s", data, diff)
	}
	return true
}

// readers read every kind the Decoder reads, each reporting through check.
var readers = map[string]func(tb testing.TB, data []byte) bool{
	"string":  func(tb testing.TB, b []byte) bool { return check(tb, b, String[string]) },
	"quoted":  func(tb testing.TB, b []byte) bool { return check(tb, b, quotedField) },
	"int8":    func(tb testing.TB, b []byte) bool { return check(tb, b, Int[int8]) },
	"int64":   func(tb testing.TB, b []byte) bool { return check(tb, b, Int[int64]) },
	"uint16":  func(tb testing.TB, b []byte) bool { return check(tb, b, Uint[uint16]) },
	"uint64":  func(tb testing.TB, b []byte) bool { return check(tb, b, Uint[uint64]) },
	"float32": func(tb testing.TB, b []byte) bool { return check(tb, b, Float[float32]) },
	"float64": func(tb testing.TB, b []byte) bool { return check(tb, b, Float[float64]) },
	"bool":    func(tb testing.TB, b []byte) bool { return check(tb, b, Bool[bool]) },
	"bytes":   func(tb testing.TB, b []byte) bool { return check(tb, b, (*Decoder).Bytes) },
	"time":    func(tb testing.TB, b []byte) bool { return check(tb, b, readTime) },
	"raw":     func(tb testing.TB, b []byte) bool { return check(tb, b, readRaw) },
	"strings": func(tb testing.TB, b []byte) bool { return check(tb, b, readStrings) },
	"map":     func(tb testing.TB, b []byte) bool { return check(tb, b, readMap) },
}

type quoted struct {
	S string `json:"s,string"`
}

func quotedField(d *Decoder, p *quoted) bool {
	return d.Byte('{') && d.Field(`"s":`) && QuotedString(d, &p.S) && d.Byte('}')
}

func readTime(d *Decoder, p *time.Time) bool { return d.JSON(p) }

func readRaw(d *Decoder, p *json.RawMessage) bool { return d.JSON(p) }

func readStrings(d *Decoder, p *[]string) bool {
	if d.Null() {
		return true
	}
	if !d.Byte('[') {
		return false
	}
	*p = []string{}
	for d.More(']') {
		var s string
		if !String(d, &s) {
			return false
		}
		*p = append(*p, s)
	}
	return true
}

func readMap(d *Decoder, p *map[int8]bool) bool {
	if d.Null() {
		return true
	}
	if !d.Byte('{') {
		return false
	}
	*p = map[int8]bool{}
	for d.More('}') {
		key := d.Key()
		var k int8
		var v bool
		if key == nil || !IntKey(key, &k) || !Bool(d, &v) {
			return false
		}
		(*p)[k] = v
	}
	return true
}

// Each reader accepts the forms json.Marshal writes and refuses what it
// does not read exactly as encoding/json does.
func TestReaders(t *testing.T) {
	tests := []struct {
		reader string
		data   string
		want   bool
	}{
		{"string", `""`, true},
		{"string", `"a\"\\\/\b\f\n\r\t\u0000\u001f\u003c\u003e\u0026\u2028\u2029\ufffd\u00e9"`, true},
		{"string", `"中文 \u4e2d"`, true},
		{"string", `"\ud83d\ude00"`, false}, // surrogates: left to encoding/json
		{"string", "\"\xff\"", false},
		{"string", "\"\x01\"", false},
		{"string", `"\x"`, false},
		{"string", `"abc`, false},
		{"string", `null`, false},
		{"quoted", `{"s":"\"a\\u003c\""}`, true},
		{"quoted", `{"s":"\"a\"b\""}`, false},
		{"int8", `-128`, true},
		{"int8", `127`, true},
		{"int8", `128`, false},
		{"int8", `-129`, false},
		{"int8", `-0`, true},
		{"int8", `01`, false},
		{"int8", `1.0`, false},
		{"int8", `1e2`, false},
		{"int64", `-9223372036854775808`, true},
		{"int64", `9223372036854775808`, false},
		{"int64", `99999999999999999999999`, false},
		{"uint16", `65535`, true},
		{"uint16", `65536`, false},
		{"uint16", `-1`, false},
		{"uint64", `18446744073709551615`, true},
		{"uint64", `18446744073709551616`, false},
		{"float32", `3.4028235e+38`, true},
		{"float32", `1e39`, false},
		{"float64", `-0`, true},
		{"float64", `1e-7`, true},
		{"float64", `.5`, false},
		{"float64", `1.`, false},
		{"bool", `true`, true},
		{"bool", `false`, true},
		{"bool", `True`, false},
		{"bytes", `null`, true},
		{"bytes", `""`, true},
		{"bytes", `"AQID/w=="`, true},
		{"bytes", `"AQID"`, true},
		{"bytes", `"AQI"`, false},
		{"time", `"2024-02-29T12:00:00.5+08:00"`, true},
		{"time", `"2024-02-29T12:00:00Z"`, true},
		{"time", `"2024-02-30T12:00:00Z"`, false},
		{"raw", `{"a":[1,-2.5e3,true,false,null,"\u0041"],"b":{}}`, true},
		{"raw", `{"a" :1}`, false},
		{"raw", `[1,]`, false},
		{"raw", `[1 2]`, false},
		{"raw", `{"a":1,}`, false},
		{"strings", `[]`, true},
		{"strings", `null`, true},
		{"strings", `["a","b"]`, true},
		{"strings", `["a""b"]`, false},
		{"strings", `["a",]`, false},
		{"strings", `[,"a"]`, false},
		{"map", `{}`, true},
		{"map", `{"-1":true,"1":false}`, true},
		{"map", `{"1":true,"1":false}`, true}, // the last stands, as with encoding/json
		{"map", `{"128":true}`, false},
		{"map", `{"01":true}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.reader+" "+tt.data, func(t *testing.T) {
			if got := readers[tt.reader](t, []byte(tt.data)); got != tt.want {
				t.Errorf("accepted = %v, want %v", got, tt.want)
			}
		})
	}
}

// Field and More: members in the given order, commas between, nothing
// else.
func TestFieldMore(t *testing.T) {
	tests := []struct {
		data string
		want bool
	}{
		{`{"a":1,"b":2}`, true},
		{`{"b":2}`, true}, // a is optional
		{`{"a":1}`, false},
		{`{"a":1"b":2}`, false},
		{`{,"b":2}`, false},
		{`{"a":1,"b":2,}`, false},
		{`{"b":2,"a":1}`, false},
		{`{ "a":1,"b":2}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.data, func(t *testing.T) {
			var a, b int
			d := New([]byte(tt.data))
			got := d.Byte('{') && (!d.Field(`"a":`) || Int(&d, &a)) && d.Field(`"b":`) && Int(&d, &b) && d.Byte('}') && d.End()
			if got != tt.want {
				t.Errorf("accepted = %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzReaders: what a reader accepts, json.Unmarshal accepts and reads
// alike.
func FuzzReaders(f *testing.F) {
	for _, s := range []string{`"a\u003c\n"`, `-128`, `18446744073709551615`, `1.5e-7`, `true`, `"AQID"`, `"2024-02-29T12:00:00.5+08:00"`, `["a","b"]`, `{"1":true}`, `{"a":[1,{}]}`, `{"s":"\"x\""}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, read := range readers {
			read(t, bytes.Clone(data))
		}
	})
}
