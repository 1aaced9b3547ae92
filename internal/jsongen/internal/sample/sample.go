// Package sample holds types that use what the case types do not, so that
// the encoder internal/jsongen writes for them is checked against
// encoding/json too: floats, `,string`, integer and text map keys, byte
// slices, raw JSON, arrays, anonymous structs, pointers to marshalers.
package sample

import (
	"encoding/json"
	"errors"
	"time"
)

// Color is an int enum with MarshalText and UnmarshalText methods that
// fail on unknown values.
type Color int

// MarshalText names c.
func (c Color) MarshalText() ([]byte, error) {
	switch c {
	case 0:
		return []byte{}, nil
	case 1:
		return []byte("red<&>"), nil
	case 2:
		return []byte("蓝\u2028"), nil
	}
	return nil, errors.New("unknown color")
}

// UnmarshalText reads a name MarshalText writes.
func (c *Color) UnmarshalText(b []byte) error {
	switch string(b) {
	case "":
		*c = 0
	case "red<&>":
		*c = 1
	case "蓝\u2028":
		*c = 2
	default:
		return errors.New("unknown color")
	}
	return nil
}

// Raw marshals itself as given, indented and with HTML characters, as a
// json.Marshaler may, and unmarshals what it marshals.
type Raw struct{ S string }

// MarshalJSON returns an indented object holding S.
func (r Raw) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(r.S)
	return append(append([]byte("{\n  \"s\" : "), b...), "\n}"...), err
}

// UnmarshalJSON reads an object holding S, as MarshalJSON writes it.
func (r *Raw) UnmarshalJSON(b []byte) error {
	var v struct{ S *string }
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.S == nil {
		return errors.New("no s")
	}
	r.S = *v.S
	return nil
}

// Base is embedded.
type Base struct {
	ID   string `json:"id"`
	Skip string `json:"-"`
	Odd  string `json:"odd<&>name"`
}

// Sample is the root.
type Sample struct {
	Base
	F64   float64            `json:"f64"`
	F32   float32            `json:"f32,omitempty"`
	Qi    int                `json:"qi,string"`
	Qs    string             `json:"qs,string"`
	Qb    *bool              `json:"qb,string"`
	U8    uint8              `json:"u8"`
	Bytes []byte             `json:"bytes"`
	Raw   json.RawMessage    `json:"raw"`
	Arr   [3]Color           `json:"arr"`
	Anon  struct{ X, Y int } `json:"anon"`
	IntK  map[int64]string   `json:"intK"`
	UintK map[uint16]bool    `json:"uintK,omitempty"`
	TextK map[Color]Color    `json:"textK"`
	PRaw  *Raw               `json:"pRaw"`
	Raws  []Raw              `json:"raws"`
	PTime *time.Time         `json:"pTime,omitempty"`
	Zero  time.Time          `json:"zero,omitzero"`
	Names map[string]*Base   `json:"names"`
	NoTag int
	Ptrs  []*Color `json:"ptrs"`
}
