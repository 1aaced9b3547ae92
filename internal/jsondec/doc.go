// Package jsondec holds what the decoders written by internal/jsongen call
// at run time: a Decoder that reads JSON only in the canonical form the
// generated encoders write — no whitespace, keys where they are expected,
// numbers and strings as json.Marshal writes them — and reports false on
// anything else, so that the caller falls back to encoding/json. What it
// reads, it reads to the value json.Unmarshal gives for the same bytes.
package jsondec
