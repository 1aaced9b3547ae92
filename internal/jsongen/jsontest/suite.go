package jsontest

import (
	"math/rand/v2"
	"testing"
)

// Case is a case type's pointer as the suites take it: it encodes,
// decodes its canonical JSON and clones.
type Case[T any] interface {
	*T
	CanonicalDecoder
	Clone() *T
}

// DecodeReplayed checks, for each of real and for three hostile variants
// of each (f mutates them), that what AppendJSON writes
// DecodeCanonicalJSON reads back as encoding/json reads it, and that the
// same bytes changed in one place (twenty ways each, r choosing) it
// either refuses or reads as encoding/json does. It fails t when no
// changed encoding is accepted: the comparison would never be made.
func DecodeReplayed[T any, P Case[T]](t *testing.T, real []P, f *Filler, r *rand.Rand) {
	t.Helper()
	accepted := 0
	for i, c := range real {
		for j := range 4 {
			m := c
			if j > 0 {
				m = P(c.Clone())
				f.Mutate(m)
			}
			CheckRoundTrip[T](t, m)
			if data, err := m.AppendJSON(nil); err == nil {
				for range 20 {
					if CheckDecode[T, P](t, Mutate(r, data)) {
						accepted++
					}
				}
			}
			if t.Failed() {
				t.Fatalf("case %d, variant %d", i, j)
			}
		}
	}
	if accepted == 0 {
		t.Error("DecodeCanonicalJSON refuses every changed encoding: the comparison with encoding/json is never made")
	}
	t.Logf("%d changed encodings accepted", accepted)
}

// DecodeRandom checks that cases f fills at random (400, or 50 with
// -short) that encode, DecodeCanonicalJSON reads back as encoding/json
// reads them. It fails t when fewer than a quarter encode.
func DecodeRandom[T any, P Case[T]](t *testing.T, f *Filler) {
	t.Helper()
	n, ok := 400, 0
	if testing.Short() {
		n = 50
	}
	for i := range n {
		c := P(new(T))
		f.Fill(c)
		if CheckRoundTrip[T](t, c) {
			ok++
		}
		if t.Failed() {
			t.Fatalf("random case %d", i)
		}
	}
	if ok < n/4 {
		t.Errorf("%d of %d random cases encode: the round trip is barely tested", ok, n)
	}
}

// FuzzDecode is the body of a process's FuzzDecodeCanonicalJSON: whatever
// the bytes, what DecodeCanonicalJSON accepts encoding/json
// (DisallowUnknownFields) accepts too and decodes to an equal case. It
// seeds f (beside testdata/fuzz) with the canonical encodings of a zero
// case, of one with empty collections and of the smallest of replayed,
// and a change of the last: the fuzzer crawls on larger inputs.
func FuzzDecode[T any, P Case[T]](f *testing.F, replayed []P) {
	r := rand.New(rand.NewPCG(5, 6))
	empty := P(new(T))
	EmptyCollections(empty)
	var small []byte
	for _, c := range replayed {
		if data, err := c.AppendJSON(nil); err == nil && (small == nil || len(data) < len(small)) {
			small = data
		}
	}
	for _, c := range []P{P(new(T)), empty} {
		data, err := c.AppendJSON(nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(small)
	f.Add(Mutate(r, small))
	f.Fuzz(func(t *testing.T, data []byte) {
		CheckDecode[T, P](t, data)
	})
}
