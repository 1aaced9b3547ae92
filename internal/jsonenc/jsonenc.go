package jsonenc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

const hex = "0123456789abcdef"

// htmlSafe[b] reports whether the ASCII byte b may appear in a JSON string
// as it is when HTML escaping is on: not a control character, quote,
// backslash, <, > or &. Without HTML escaping <, > and & are safe too.
var htmlSafe = func() (s [utf8.RuneSelf]bool) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		switch b {
		case '"', '\\', '<', '>', '&':
		default:
			s[b] = true
		}
	}
	return s
}()

// AppendString appends s as a JSON string, escaped as json.Marshal
// escapes it: quote, backslash and control characters, <, > and & (HTML
// escaping), U+2028 and U+2029, and every byte of invalid UTF-8 as
// \ufffd.
func AppendString[Bytes []byte | string](b []byte, s Bytes) []byte {
	return appendString(b, s, true)
}

// AppendQuotedString appends s as json.Marshal writes a string field with
// the `,string` option: the JSON string of s, escaped, as a JSON string
// again (without HTML escaping the second time).
func AppendQuotedString(b []byte, s string) []byte {
	return appendString(b, appendString(nil, s, true), false)
}

// appendString is encoding/json's appendString.
func appendString[Bytes []byte | string](dst []byte, src Bytes, escapeHTML bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(src); {
		if c := src[i]; c < utf8.RuneSelf {
			if htmlSafe[c] || (!escapeHTML && (c == '<' || c == '>' || c == '&')) {
				i++
				continue
			}
			dst = append(dst, src[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				// Bytes below 0x20 but \b, \f, \n, \r and \t; and <, >
				// and & when escaping HTML.
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		n := min(len(src)-i, utf8.UTFMax)
		r, size := utf8.DecodeRuneInString(string(src[i : i+n]))
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, src[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, src[start:]...)
	return append(dst, '"')
}

// AppendTime appends t as json.Marshal writes it, as time.Time's
// MarshalJSON does: RFC 3339 with nanoseconds, quoted. A time whose year
// falls outside 0–9999 or whose zone offset is 24 hours or more has no
// such form: AppendTime returns b unchanged and MarshalJSON's error, as a
// *MarshalerError.
func AppendTime(b []byte, t time.Time) ([]byte, error) {
	start := len(b)
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	// The checks of time's appendStrictRFC3339.
	n := len(b)
	bad := n-start < len("\"9999-01-01T00:00:00Z") || b[start+1+len("9999")] != '-'
	if !bad && b[n-1] != 'Z' {
		c := b[n-len("Z07:00")]
		bad = ('0' <= c && c <= '9') || 10*(b[n-5]-'0')+(b[n-4]-'0') >= 24
	}
	if bad {
		_, err := t.MarshalJSON()
		if err == nil {
			err = errors.New("Time.MarshalJSON: no RFC 3339 form")
		}
		return b[:start], &MarshalerError{Type: "time.Time", Func: "MarshalJSON", Err: err}
	}
	return append(b, '"'), nil
}

// AppendFloat appends f, a float of bits bits (32 or 64), as json.Marshal
// writes it: the shortest decimal that reads back as f, in exponent form
// below 1e-6 or from 1e21 on. NaN and the infinities have no JSON form:
// AppendFloat returns b unchanged and an *UnsupportedValueError.
func AppendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, &UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, bits)}
	}
	abs := math.Abs(f)
	fmt := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			fmt = 'e'
		}
	}
	b = strconv.AppendFloat(b, f, fmt, -1, bits)
	if fmt == 'e' {
		// Clean up e-09 to e-9.
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// AppendBytes appends s as json.Marshal writes a []byte: standard base64,
// quoted.
func AppendBytes(b, s []byte) []byte {
	b = append(b, '"')
	b = base64.StdEncoding.AppendEncode(b, s)
	return append(b, '"')
}

// AppendMarshaled appends out, what a json.Marshaler of type typ returned,
// as json.Marshal does: compacted, with <, >, &, U+2028 and U+2029
// escaped. Output that is not valid JSON is an error, a *MarshalerError,
// and b is returned unchanged.
func AppendMarshaled(b, out []byte, typ string) ([]byte, error) {
	clean := true
	for _, c := range out {
		switch c {
		case ' ', '\t', '\n', '\r', '<', '>', '&', 0xE2:
			clean = false
		}
	}
	if clean && json.Valid(out) {
		return append(b, out...), nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, out); err != nil {
		return b, &MarshalerError{Type: typ, Func: "MarshalJSON", Err: err}
	}
	return appendHTMLEscape(b, buf.Bytes()), nil
}

// appendHTMLEscape is encoding/json's: compact JSON holds <, >, & and
// U+2028/U+2029 only inside strings, where they are escaped.
func appendHTMLEscape(dst, src []byte) []byte {
	start := 0
	for i, c := range src {
		if c == '<' || c == '>' || c == '&' {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			start = i + 1
		}
		if c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8 {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[src[i+2]&0xF])
			start = i + len("\u2029")
		}
	}
	return append(dst, src[start:]...)
}

// MarshalerError is the error of a MarshalJSON or MarshalText method
// called for the encoding, worded as encoding/json's *json.MarshalerError.
type MarshalerError struct {
	Type string // the Go type, such as "clearance.Form"
	Func string // "MarshalJSON" or "MarshalText"
	Err  error
}

// Error returns the message json.Marshal gives for the same failure.
func (e *MarshalerError) Error() string {
	return "json: error calling " + e.Func + " for type " + e.Type + ": " + e.Err.Error()
}

// Unwrap returns the method's error.
func (e *MarshalerError) Unwrap() error { return e.Err }

// UnsupportedValueError is a value that has no JSON form, such as a NaN.
type UnsupportedValueError struct {
	Str string
}

// Error returns the message json.Marshal gives for the same value.
func (e *UnsupportedValueError) Error() string { return "json: unsupported value: " + e.Str }

// TextError returns the error of a MarshalText method of type typ called
// for the encoding, as a *MarshalerError.
func TextError(typ string, err error) error {
	return &MarshalerError{Type: typ, Func: "MarshalText", Err: err}
}

// KeyError returns the error of a MarshalText method of a map key type
// called for the encoding, worded as json.Marshal words it; mapType is the
// map's type.
func KeyError(mapType string, err error) error {
	return errors.New("json: encoding error for type " + strconv.Quote(mapType) + ": " + strconv.Quote(err.Error()))
}
