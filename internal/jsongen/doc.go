// Package jsongen writes encoders that produce, for a set of Go types,
// exactly the bytes encoding/json's Marshal produces, without reflection:
// an AppendJSON method for each root type and one append function for
// each named struct type it reaches, calling package internal/jsonenc for
// strings, times, floats and what a json.Marshaler returns.
//
// The generator follows encoding/json for what it supports — field order,
// json tag names, omitempty, omitzero, "-", ",string", embedded structs
// flattened, json.Marshaler and encoding.TextMarshaler, time.Time, nil
// slices, maps and pointers, []byte, maps with sorted keys — and refuses
// anything else (interfaces, channels, a field name two fields claim,
// methods with pointer receivers, …) with an error, so that what it writes
// never differs from encoding/json. A process package checks its
// generated file in and tests that it is current.
package jsongen
