// Package jsonenc holds what the encoders written by internal/jsongen call
// at run time: the pieces of encoding/json's encoder (strings, times,
// floats, bytes, the output of a json.Marshaler) as functions that append
// to a byte slice, each writing exactly the bytes json.Marshal writes for
// the same value, HTML escaping on.
package jsonenc
