package storetest

import (
	"maps"
	"slices"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
)

// ToyKind and OtherKind are the case kinds the suite stores [Toy] cases
// under: two kinds on one database must not see each other's cases.
const (
	ToyKind   = "toy"
	OtherKind = "toy2"
)

// Toys and Others describe the two kinds to a store's NewStore.
var (
	Toys   = kit.Kind[*Toy]{Name: ToyKind, New: func() *Toy { return new(Toy) }}
	Others = kit.Kind[*Toy]{Name: OtherKind, New: func() *Toy { return new(Toy) }}
)

// ToyState is the state of a [Toy] case.
type ToyState string

// The states of a [Toy] case.
const (
	ToyOpened ToyState = "opened"
	ToyReview ToyState = "review"
	ToyClosed ToyState = "closed"
	ToyDenied ToyState = "denied"
)

// Toy is the case kind the suite stores: the [kit.Header] every process
// keeps, several subjects, a priority, named secondary keys, and a slice
// and a map, so that the suite can tell whether a store shares memory with
// its caller.
type Toy struct {
	kit.Header[ToyState]
	SubjectIDs []string
	Priority   bool
	Notes      []string
	Tags       map[string]string
	Keys       map[string][]string // named secondary keys (Meta.Keys)
	Unique     []string            // claimed at creation (Meta.Unique)
}

// Meta returns what a store indexes of t.
func (t *Toy) Meta() kit.Meta {
	m := t.Header.Meta()
	m.SubjectIDs = slices.Clone(t.SubjectIDs)
	m.Priority = t.Priority
	m.Keys = cloneKeys(t.Keys)
	m.Unique = slices.Clone(t.Unique)
	return m
}

// Clone returns a deep copy of t.
func (t *Toy) Clone() *Toy {
	n := *t
	n.SubjectIDs = slices.Clone(t.SubjectIDs)
	n.Notes = slices.Clone(t.Notes)
	n.Tags = maps.Clone(t.Tags)
	n.Keys = cloneKeys(t.Keys)
	n.Unique = slices.Clone(t.Unique)
	return &n
}

func cloneKeys(keys map[string][]string) map[string][]string {
	if keys == nil {
		return nil
	}
	out := make(map[string][]string, len(keys))
	for name, values := range keys {
		out[name] = slices.Clone(values)
	}
	return out
}

// Validate checks what every stored case keeps and that t has a subject.
// The error is Internal, as [kit.Header.Validate] returns.
func (t *Toy) Validate() error {
	const op = "storetest.Toy.Validate"
	if err := t.Header.Validate(op); err != nil {
		return err
	}
	if len(t.SubjectIDs) == 0 {
		return &dandang.Error{Code: dandang.Internal, Op: op, Field: "SubjectIDs", Message: "case " + t.ID + ": no subject"}
	}
	return nil
}
