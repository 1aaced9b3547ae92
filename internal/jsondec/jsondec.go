package jsondec

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// Decoder reads one JSON text in canonical form. Its methods return false
// when the data ahead is not in the form asked for; More, which reports
// the end of an array or object with false as well, records that failure,
// and End reports it.
type Decoder struct {
	data []byte
	i    int  // the next byte to read
	bad  bool // More met neither a separator nor the end
}

// New returns a Decoder reading data.
func New(data []byte) Decoder { return Decoder{data: data} }

// End reports whether every byte has been read and nothing failed.
func (d *Decoder) End() bool { return !d.bad && d.i == len(d.data) }

// Byte reads the byte c.
func (d *Decoder) Byte(c byte) bool {
	if !d.bad && d.i < len(d.data) && d.data[d.i] == c {
		d.i++
		return true
	}
	return false
}

// Field reads the member name key of an object, given quoted and followed
// by its colon (`"id":`), preceded by a comma unless it is the first
// member: unless the byte before is the object's '{', which no value ends
// with.
func (d *Decoder) Field(key string) bool {
	i := d.i
	if d.bad || i == 0 {
		return false
	}
	if d.data[i-1] != '{' {
		if i >= len(d.data) || d.data[i] != ',' {
			return false
		}
		i++
	}
	if len(d.data)-i < len(key) || string(d.data[i:i+len(key)]) != key {
		return false
	}
	d.i = i + len(key)
	return true
}

// More reports whether an element or member follows in the array or
// object being read, reading the comma before it, or reads close and
// reports false. Anything else is a failure, which End reports.
func (d *Decoder) More(close byte) bool {
	if d.bad || d.i == 0 || d.i >= len(d.data) {
		d.bad = true
		return false
	}
	switch c := d.data[d.i]; {
	case c == close:
		d.i++
		return false
	case d.data[d.i-1] == '[' || d.data[d.i-1] == '{':
		return true
	case c == ',':
		d.i++
		return true
	}
	d.bad = true
	return false
}

// Null reads null, if it is next, and reports whether it was.
func (d *Decoder) Null() bool {
	if len(d.data)-d.i >= 4 && string(d.data[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// Key reads the name of a map entry and its colon, and returns the name
// unescaped, or nil when there is none. It does not ask that names be
// sorted or given once: json.Marshal writes strings that are not UTF-8
// as U+FFFD, so that its keys, sorted before, may come out of order or
// twice; the caller stores entries in order, so that the last of a name
// given twice stands, as with encoding/json.
func (d *Decoder) Key() []byte {
	k, ok := d.text()
	if !ok || !d.Byte(':') {
		return nil
	}
	if k == nil {
		k = []byte{}
	}
	return k
}

// text reads a string and returns its content unescaped: a part of the
// data when it holds no escape. It accepts valid UTF-8 only, and the
// escapes json.Marshal writes, \/ and \u escapes but those of surrogates,
// which it leaves to encoding/json.
func (d *Decoder) text() ([]byte, bool) {
	data := d.data
	i := d.i
	if i >= len(data) || data[i] != '"' {
		return nil, false
	}
	i++
	start := i
	var high byte
	for ; i < len(data); i++ {
		c := data[i]
		if c == '"' {
			s := data[start:i]
			if high >= utf8.RuneSelf && !utf8.Valid(s) {
				return nil, false
			}
			d.i = i + 1
			return s, true
		}
		if c == '\\' || c < ' ' {
			break
		}
		high |= c
	}
	if i >= len(data) || data[i] != '\\' {
		return nil, false
	}
	// Escapes: unescape into a new slice.
	out := make([]byte, 0, i-start+16)
	out = append(out, data[start:i]...)
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			if !utf8.Valid(out) {
				return nil, false
			}
			d.i = i + 1
			return out, true
		case c < ' ':
			return nil, false
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(data) {
			return nil, false
		}
		switch e := data[i+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(data[i+2:])
			if r < 0 || 0xD800 <= r && r < 0xE000 {
				return nil, false
			}
			out = utf8.AppendRune(out, r)
			i += 4
		default:
			return nil, false
		}
		i += 2
	}
	return nil, false
}

// hex4 returns the value of the four hexadecimal digits b begins with, or
// -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// String reads a string into *p.
func String[T ~string](d *Decoder, p *T) bool {
	s, ok := d.text()
	if ok {
		*p = T(s)
	}
	return ok
}

// QuotedString reads a string into *p as encoding/json reads a string
// field with the `,string` option: a string whose content is a string.
func QuotedString[T ~string](d *Decoder, p *T) bool {
	s, ok := d.text()
	if !ok {
		return false
	}
	inner := Decoder{data: s}
	return String(&inner, p) && inner.End()
}

// Bool reads true or false into *p.
func Bool[T ~bool](d *Decoder, p *T) bool {
	switch rest := d.data[d.i:]; {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		*p, d.i = true, d.i+4
	case len(rest) >= 5 && string(rest[:5]) == "false":
		*p, d.i = false, d.i+5
	default:
		return false
	}
	return true
}

// digits reads an integer with no fraction or exponent, as JSON writes
// it: its magnitude, whether it is negative, and whether it is one that
// fits in 64 bits.
func (d *Decoder) digits() (n uint64, neg, ok bool) {
	data, i := d.data, d.i
	if i < len(data) && data[i] == '-' {
		neg = true
		i++
	}
	start := i
	for ; i < len(data) && '0' <= data[i] && data[i] <= '9'; i++ {
		c := uint64(data[i] - '0')
		if n > (1<<64-1-c)/10 {
			return 0, false, false
		}
		n = n*10 + c
	}
	switch {
	case i == start, data[start] == '0' && i > start+1:
		return 0, false, false
	case i < len(data) && (data[i] == '.' || data[i] == 'e' || data[i] == 'E'):
		return 0, false, false
	}
	d.i = i
	return n, neg, true
}

// Int reads an integer into *p, refusing one out of its range as
// encoding/json does.
func Int[T ~int | ~int8 | ~int16 | ~int32 | ~int64](d *Decoder, p *T) bool {
	n, neg, ok := d.digits()
	if !ok {
		return false
	}
	return setInt(p, n, neg)
}

func setInt[T ~int | ~int8 | ~int16 | ~int32 | ~int64](p *T, n uint64, neg bool) bool {
	var x int64
	switch {
	case !neg && n <= 1<<63-1:
		x = int64(n)
	case neg && n <= 1<<63:
		x = int64(-n)
	default:
		return false
	}
	if int64(T(x)) != x {
		return false
	}
	*p = T(x)
	return true
}

// Uint reads an unsigned integer into *p, refusing one out of its range
// as encoding/json does.
func Uint[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](d *Decoder, p *T) bool {
	n, neg, ok := d.digits()
	if !ok || neg {
		return false
	}
	return setUint(p, n)
}

func setUint[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](p *T, n uint64) bool {
	if uint64(T(n)) != n {
		return false
	}
	*p = T(n)
	return true
}

// IntKey parses key, a map entry's name, into *p as encoding/json parses
// an integer key, accepting only the decimal json.Marshal writes.
func IntKey[T ~int | ~int8 | ~int16 | ~int32 | ~int64](key []byte, p *T) bool {
	d := Decoder{data: key}
	n, neg, ok := d.digits()
	return ok && d.End() && setInt(p, n, neg)
}

// UintKey parses key, a map entry's name, into *p as encoding/json
// parses an unsigned integer key.
func UintKey[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](key []byte, p *T) bool {
	d := Decoder{data: key}
	n, neg, ok := d.digits()
	return ok && !neg && d.End() && setUint(p, n)
}

// number reads a JSON number and returns its text.
func (d *Decoder) number() ([]byte, bool) {
	data, i := d.data, d.i
	digits := func() bool {
		start := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		return i > start
	}
	if i < len(data) && data[i] == '-' {
		i++
	}
	if i < len(data) && data[i] == '0' {
		i++
	} else if !digits() {
		return nil, false
	}
	if i < len(data) && data[i] == '.' {
		i++
		if !digits() {
			return nil, false
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if !digits() {
			return nil, false
		}
	}
	s := data[d.i:i]
	d.i = i
	return s, true
}

// Float reads a number into *p as encoding/json does, refusing one out of
// its range.
func Float[T ~float32 | ~float64](d *Decoder, p *T) bool {
	s, ok := d.number()
	if !ok {
		return false
	}
	f, err := strconv.ParseFloat(string(s), 8*int(unsafe.Sizeof(*p)))
	if err != nil {
		return false
	}
	*p = T(f)
	return true
}

// Bytes reads null, leaving *p alone, or a string of standard base64 into
// *p, as encoding/json reads a []byte.
func (d *Decoder) Bytes(p *[]byte) bool {
	if d.Null() {
		return true
	}
	s, ok := d.text()
	if !ok {
		return false
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(b, s)
	if err != nil {
		return false
	}
	*p = b[:n]
	return true
}

// Text reads a string and passes its content to u, as encoding/json
// decodes a string into an encoding.TextUnmarshaler; an error is a
// failure.
func (d *Decoder) Text(u encoding.TextUnmarshaler) bool {
	s, ok := d.text()
	return ok && u.UnmarshalText(s) == nil
}

// JSON reads a value and passes it to u, as encoding/json decodes a value
// into a json.Unmarshaler; an error is a failure.
func (d *Decoder) JSON(u json.Unmarshaler) bool {
	start := d.i
	if !d.skip(0) {
		return false
	}
	return u.UnmarshalJSON(d.data[start:d.i]) == nil
}

// maxDepth bounds the nesting skip follows, below encoding/json's.
const maxDepth = 1000

// skip reads any JSON value with no whitespace outside strings.
func (d *Decoder) skip(depth int) bool {
	if d.i >= len(d.data) || depth > maxDepth {
		return false
	}
	switch c := d.data[d.i]; {
	case c == '"':
		_, ok := d.rawString()
		return ok
	case c == '{':
		d.i++
		for d.More('}') {
			if _, ok := d.rawString(); !ok || !d.Byte(':') || !d.skip(depth+1) {
				return false
			}
		}
		return !d.bad
	case c == '[':
		d.i++
		for d.More(']') {
			if !d.skip(depth + 1) {
				return false
			}
		}
		return !d.bad
	case c == 't':
		var b bool
		return Bool(d, &b)
	case c == 'f':
		var b bool
		return Bool(d, &b)
	case c == 'n':
		return d.Null()
	}
	_, ok := d.number()
	return ok
}

// rawString reads a string as the JSON grammar has it, bytes that are
// not UTF-8 included, as encoding/json's scanner takes them, and returns
// it quoted.
func (d *Decoder) rawString() ([]byte, bool) {
	data, i := d.data, d.i
	if i >= len(data) || data[i] != '"' {
		return nil, false
	}
	for i++; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			s := data[d.i : i+1]
			d.i = i + 1
			return s, true
		case c < ' ':
			return nil, false
		case c == '\\':
			if i+1 >= len(data) {
				return nil, false
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if hex4(data[i+2:]) < 0 {
					return nil, false
				}
				i += 5
			default:
				return nil, false
			}
		}
	}
	return nil, false
}
