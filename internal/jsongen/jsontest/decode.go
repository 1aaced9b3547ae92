package jsontest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// CanonicalDecoder is a value with a generated decoder.
type CanonicalDecoder interface {
	Appender
	DecodeCanonicalJSON(data []byte) bool
}

// Compare are the go-cmp options that compare decoded values: every
// field, exported or not, and times by instant, zone name and offset, and
// location name, which is as encoding/json sets them (a new fixed zone for
// an offset that is not the local one).
var Compare = cmp.Options{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.Comparer(func(a, b time.Time) bool {
		an, ao := a.Zone()
		bn, bo := b.Zone()
		return a.Equal(b) && an == bn && ao == bo && a.Location().String() == b.Location().String()
	}),
}

// CheckDecode decodes data with the DecodeCanonicalJSON of a new T and,
// when it accepts data, checks that encoding/json (DisallowUnknownFields,
// nothing after the value) accepts it too and decodes it into an equal
// value. It returns whether DecodeCanonicalJSON accepted data.
func CheckDecode[T any, P interface {
	*T
	CanonicalDecoder
}](tb testing.TB, data []byte) bool {
	tb.Helper()
	got := P(new(T))
	if !got.DecodeCanonicalJSON(data) {
		return false
	}
	want := P(new(T))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(want); err != nil || dec.More() {
		tb.Errorf("DecodeCanonicalJSON accepts what encoding/json refuses (%v, more %v):\n%s", err, dec.More(), clip(data))
		return true
	}
	if diff := cmp.Diff(want, got, Compare); diff != "" {
		tb.Errorf("DecodeCanonicalJSON decodes unlike encoding/json (-encoding/json +DecodeCanonicalJSON):\n%s\ndata %s", diff, clip(data))
	}
	return true
}

// CheckRoundTrip checks that what v's AppendJSON writes, when it encodes,
// DecodeCanonicalJSON accepts and decodes as encoding/json does. It
// returns whether v encodes.
func CheckRoundTrip[T any, P interface {
	*T
	CanonicalDecoder
}](tb testing.TB, v P) bool {
	tb.Helper()
	data, err := v.AppendJSON(nil)
	if err != nil {
		return false
	}
	if !CheckDecode[T, P](tb, data) && json.Unmarshal(data, P(new(T))) == nil {
		tb.Errorf("DecodeCanonicalJSON refuses what AppendJSON writes and encoding/json reads:\n%s", clip(data))
	}
	return true
}

// clip quotes data, cut short.
func clip(data []byte) string {
	if len(data) > 600 {
		return fmt.Sprintf("%q… (%d bytes)", data[:600], len(data))
	}
	return fmt.Sprintf("%q", data)
}

// Mutate returns data changed in one place the way a hand-edited or
// foreign row may differ from the canonical form: whitespace, a byte
// dropped, doubled or changed, a character escaped differently, a key
// capitalized, a member repeated, null for an empty value.
func Mutate(r *rand.Rand, data []byte) []byte {
	if len(data) == 0 {
		return []byte("{}")
	}
	i := r.IntN(len(data))
	out := bytes.Clone(data)
	splice := func(j, n int, s string) []byte {
		return append(append(bytes.Clone(out[:j]), s...), out[j+n:]...)
	}
	switch r.IntN(12) {
	case 0:
		return splice(i, 0, []string{" ", "\n", "\t", "\r"}[r.IntN(4)])
	case 1:
		return splice(i, 1, "")
	case 2:
		return splice(i, 0, string(out[i]))
	case 3:
		out[i] = "0123456789\"\\,:{}[]-.eEnul \x00\xff"[r.IntN(25)]
	case 4:
		// A character escaped as \u, in either case.
		const hex = "0123456789abcdef"
		c := out[i]
		esc := []byte{'\\', 'u', '0', '0', hex[c>>4], hex[c&0xF]}
		if r.IntN(2) == 0 {
			esc = bytes.ToUpper(esc)
			esc[1] = 'u'
		}
		return splice(i, 1, string(esc))
	case 5:
		if j := bytes.Index(out[i:], []byte(`,"`)); j >= 0 && j+2 < len(out[i:]) {
			out[i+j+2] = byte(unicodeUpper(out[i+j+2]))
		}
	case 6:
		// A member repeated.
		if j := bytes.Index(out[i:], []byte(`,"`)); j >= 0 {
			start := i + j
			if k := bytes.IndexAny(out[start+1:], ",}"); k >= 0 {
				return splice(start, 0, string(out[start:start+1+k]))
			}
		}
	case 7:
		for _, pair := range [][2]string{{"[]", "null"}, {"null", "[]"}, {"{}", "null"}, {`""`, "null"}, {"false", "0"}, {`"Z"`, `"+00:00"`}, {"Z", "+08:00"}, {`\u003c`, "<"}, {`\u0026`, `\u0026\u0026`}, {`\ufffd`, "\xff"}, {`\n`, `\u000a`}} {
			if j := bytes.Index(out[i:], []byte(pair[0])); j >= 0 {
				return splice(i+j, len(pair[0]), pair[1])
			}
		}
	case 8:
		// A number made larger, or given a leading zero or a fraction.
		if j := bytes.IndexAny(out[i:], "0123456789"); j >= 0 {
			return splice(i+j, 0, []string{"9999999999999999999", "0", "1.", "-", "1e"}[r.IntN(5)])
		}
	case 9:
		return append(out, []string{" ", "{}", "x", "\n"}[r.IntN(4)]...)
	case 10:
		// A string's content replaced by a hostile one.
		if j := bytes.IndexByte(out[i:], '"'); j >= 0 {
			s, _ := json.Marshal(Hostile[r.IntN(len(Hostile))])
			return splice(i+j, 1, string(s[:len(s)-1]))
		}
	default:
		return out[:i]
	}
	return out
}

func unicodeUpper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
