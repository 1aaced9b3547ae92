package audit

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Format is the format a bundle names; [Decode] takes no other.
const Format = "dandang-bundle/1"

// Bundle is one file an auditor checks offline with the log's public key
// alone ([Bundle.Check], `dandang verify`): cases with their records, each
// record's inclusion proof against the signed checkpoint, and the proofs
// that the checkpoint extends earlier ones. Its JSON is part of the data
// contract (schema/audit.bundle.json).
//
// A bundle holds the cases' content: hand it only to whom may read them.
type Bundle struct {
	Format string `json:"format"` // [Format]
	// Checkpoint is the signed checkpoint every proof is against, as a
	// signed note.
	Checkpoint string `json:"checkpoint"`
	// Earlier are checkpoints taken before Checkpoint, each with the
	// proof that Checkpoint extends it.
	Earlier []Step `json:"earlier,omitempty"`
	// Range is set on the bundle of a period: every leaf of the log from
	// Range.From up to Range.To is a record of the bundle, so that a
	// record or case deleted from the period is missed.
	Range *Range       `json:"range,omitempty"`
	Cases []BundleCase `json:"cases"`
}

// Step is an earlier checkpoint and the proof that the bundle's
// checkpoint extends it.
type Step struct {
	Checkpoint string   `json:"checkpoint"` // a signed note
	Proof      []string `json:"proof"`      // base64 hashes
}

// Range is the part of the log a period's bundle covers.
type Range struct {
	Period dandang.Period `json:"period"` // the records logged at From or later and before To
	From   int64          `json:"from"`   // the first leaf covered
	To     int64          `json:"to"`     // the leaf after the last covered
}

// BundleCase is one case of a bundle.
type BundleCase struct {
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Version int    `json:"version"` // as the case's row holds it
	Head    string `json:"head"`    // as the case's row holds it
	// State is the case as stored with its head left out: its SHA-256,
	// with a newline after it, is the last record's stateHash (XC11).
	// Absent for a case last saved before the data contract (contract 0)
	// or exported without its store.
	State   json.RawMessage `json:"state,omitempty"`
	Records []Entry         `json:"records"`
}

// Entry is a record of a bundle and its place in the log.
type Entry struct {
	Record dandang.Record `json:"record"`
	Leaf   int64          `json:"leaf"` // its leaf index; -1 when it has none
	// LeafHash is the leaf as the log stores it (base64); the verifier
	// checks that it is the record's.
	LeafHash string `json:"leafHash,omitempty"`
	// Proof is the record's inclusion proof against the checkpoint
	// (base64 hashes).
	Proof []string `json:"proof"`
}

// Source reads the cases of one kind for an [Exporter]; [From] makes one.
type Source interface {
	Kind() string
	load(ctx context.Context, id string) (kit.Meta, json.RawMessage, []dandang.Record, error)
}

type source[C kit.Stored[C]] struct {
	kind  string
	store kit.Store[C]
}

// From returns the Source of the cases of kind in store.
func From[C kit.Stored[C]](kind kit.Kind[C], store kit.Store[C]) Source {
	return &source[C]{kind: kind.Name, store: store}
}

func (s *source[C]) Kind() string { return s.kind }

func (s *source[C]) load(ctx context.Context, id string) (kit.Meta, json.RawMessage, []dandang.Record, error) {
	c, recs, err := s.store.Load(ctx, id)
	if err != nil {
		return kit.Meta{}, nil, nil, err
	}
	m := c.Meta()
	b, err := kit.EncodeJSON(c) // json.Marshal(c): the bytes the state hash covers
	if err != nil {
		return kit.Meta{}, nil, nil, &dandang.Error{Code: dandang.Internal, Op: "audit.Exporter", Err: err}
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(b, &top) != nil || top["contract"] == nil {
		return m, nil, recs, nil // hashed over its contract 0 encoding: not bound here
	}
	head, _ := json.Marshal(m.Head)
	state := bytes.Replace(b, []byte(`"head":`+string(head)), []byte(`"head":""`), 1)
	return m, state, recs, nil
}

// Exporter exports bundles from a log and the stores of its cases. It is
// safe for concurrent use.
type Exporter struct {
	Log     Log
	Key     note.Verifier // the log's public key, to open the checkpoints given
	Sources []Source      // a store of each kind exported
}

func (e *Exporter) source(kind string) Source {
	for _, s := range e.Sources {
		if s.Kind() == kind {
			return s
		}
	}
	return nil
}

// Case returns the bundle of one case: its records proved against
// checkpoint (a signed checkpoint covering them, such as the
// Checkpointer's latest), with consistency proofs from each of earlier.
// It exports what the store holds, tampered or not: the verifier judges.
// The error is Invalid (XC01) for a checkpoint that does not open with
// e.Key, Invalid (XC06) for a kind
// with no Source, NotFound for no such case, Internal when a store fails,
// and Canceled when ctx is done.
func (e *Exporter) Case(ctx context.Context, checkpoint []byte, kind, id string, earlier ...[]byte) (*Bundle, error) {
	b, c, err := e.begin(ctx, checkpoint, earlier)
	if err != nil {
		return nil, err
	}
	bc, err := e.exportCase(ctx, c, kind, id, nil)
	if err != nil {
		return nil, err
	}
	b.Cases = append(b.Cases, *bc)
	return b, nil
}

func (e *Exporter) begin(ctx context.Context, checkpoint []byte, earlier [][]byte) (*Bundle, Checkpoint, error) {
	c, err := Open(checkpoint, e.Key)
	if err != nil {
		return nil, c, err
	}
	b := &Bundle{Format: Format, Checkpoint: string(checkpoint), Cases: []BundleCase{}}
	for _, signed := range earlier {
		old, err := Open(signed, e.Key)
		if err != nil {
			return nil, c, err
		}
		// A log that no longer extends old gives no proof, or one that
		// does not hold: the verifier says so.
		p, err := ProveConsistency(ctx, e.Log, old, c)
		if kit.ContextError(ctx, "audit.Exporter") != nil {
			return nil, c, err
		}
		b.Earlier = append(b.Earlier, Step{Checkpoint: string(signed), Proof: encodeHashes(p)})
	}
	return b, c, nil
}

// exportCase exports the case of kind with id; recs and leaves, when the
// kind has no source, are its records as the log read them.
func (e *Exporter) exportCase(ctx context.Context, c Checkpoint, kind, id string, logged []logged) (*BundleCase, error) {
	bc := &BundleCase{Kind: kind, ID: id, Records: []Entry{}}
	var recs []dandang.Record
	var leaves []int64
	if src := e.source(kind); src != nil {
		m, state, rs, err := src.load(ctx, id)
		if err != nil {
			return nil, err
		}
		bc.Version, bc.Head, bc.State, recs = m.Version, m.Head, state, rs
		if leaves, err = e.Log.CaseLeaves(ctx, kind, id); err != nil {
			return nil, err
		}
	} else if logged == nil {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: "audit.Exporter", Rule: "XC06", Field: "kind", Message: fmt.Sprintf("no source of %s cases", kind)}
	} else {
		for _, l := range logged {
			recs, leaves = append(recs, l.r), append(leaves, l.leaf)
		}
		bc.Version = len(recs)
		if len(recs) > 0 {
			bc.Head = recs[len(recs)-1].Hash
		}
	}
	for i, r := range recs {
		en := Entry{Record: r, Leaf: -1, Proof: []string{}}
		if i < len(leaves) && leaves[i] >= 0 {
			en.Leaf = leaves[i]
			if en.Leaf < c.Size {
				if stored, err := e.Log.Leaves(ctx, en.Leaf, en.Leaf+1); err == nil {
					en.LeafHash = base64.StdEncoding.EncodeToString(stored[0][:])
				}
				// A log rewritten under the checkpoint may give no proof:
				// the verifier says so.
				p, _ := ProveRecord(ctx, e.Log, c, en.Leaf)
				if err := kit.ContextError(ctx, "audit.Exporter"); err != nil {
					return nil, err
				}
				en.Proof = encodeHashes(p)
			}
		}
		bc.Records = append(bc.Records, en)
	}
	return bc, nil
}

type logged struct {
	leaf int64
	r    dandang.Record
}

// Period returns the bundle of the records logged in period p (their
// times at p.From or later and before p.To; p.Region is not applied): the
// part of the log from the first such leaf to the last, every case with a
// record there in full, proved against checkpoint, with consistency
// proofs from each of earlier. Errors: as for Case, but a kind with no
// Source is exported from its records alone (without its state).
func (e *Exporter) Period(ctx context.Context, checkpoint []byte, p dandang.Period, earlier ...[]byte) (*Bundle, error) {
	b, c, err := e.begin(ctx, checkpoint, earlier)
	if err != nil {
		return nil, err
	}
	type key struct{ kind, id string }
	lo, hi := c.Size, int64(0)
	inPeriod := func(r *dandang.Record) bool { return !r.At.Before(p.From) && r.At.Before(p.To) }
	err = e.Log.Records(ctx, func(leaf int64, r dandang.Record) error {
		if inPeriod(&r) && leaf >= 0 && leaf < c.Size {
			lo, hi = min(lo, leaf), max(hi, leaf+1)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if lo >= hi {
		lo, hi = 0, 0
	}
	b.Range = &Range{Period: p, From: lo, To: hi}
	cases := map[key][]logged{}
	var order []key
	err = e.Log.Records(ctx, func(leaf int64, r dandang.Record) error {
		k := key{r.CaseKind, r.CaseID}
		if _, ok := cases[k]; !ok {
			order = append(order, k)
		}
		cases[k] = append(cases[k], logged{leaf, r})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, k := range order {
		if !slices.ContainsFunc(cases[k], func(l logged) bool { return (l.leaf >= lo && l.leaf < hi) || (l.leaf < 0 && inPeriod(&l.r)) }) {
			continue
		}
		bc, err := e.exportCase(ctx, c, k.kind, k.id, cases[k])
		if errors.Is(err, dandang.NotFound) {
			// The case row is gone but its records are not: export
			// them, and let the verifier say so.
			bc, err = (&Exporter{Log: e.Log, Key: e.Key}).exportCase(ctx, c, k.kind, k.id, cases[k])
			if err == nil {
				bc.Version, bc.Head = 0, ""
			}
		}
		if err != nil {
			return nil, err
		}
		b.Cases = append(b.Cases, *bc)
	}
	return b, nil
}

func encodeHashes(hs []tlog.Hash) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = base64.StdEncoding.EncodeToString(h[:])
	}
	return out
}

func decodeHashes(ss []string) ([]tlog.Hash, bool) {
	out := make([]tlog.Hash, len(ss))
	for i, s := range ss {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(b) != len(out[i]) {
			return nil, false
		}
		copy(out[i][:], b)
	}
	return out, true
}

// MaxBundle is the largest bundle Decode reads, in bytes.
const MaxBundle = 1 << 30

// Decode decodes a bundle strictly: known fields only, one JSON value, the
// format [Format]. The error is Invalid (XC06) naming what is wrong; it
// checks nothing a signature or proof covers ([Bundle.Check] does).
func Decode(data []byte) (*Bundle, error) {
	const op = "audit.Decode"
	bad := func(field, msg string, err error) (*Bundle, error) {
		return nil, &dandang.Error{Code: dandang.Invalid, Op: op, Rule: "XC06", Field: field, Message: msg, Err: err}
	}
	if len(data) > MaxBundle {
		return bad("bundle", fmt.Sprintf("%d bytes, more than %d", len(data), MaxBundle), nil)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var b Bundle
	if err := dec.Decode(&b); err != nil {
		return bad("bundle", "not a bundle", err)
	}
	if dec.More() {
		return bad("bundle", "data after the bundle", nil)
	}
	if b.Format != Format {
		return bad("format", fmt.Sprintf("%q is not %q", b.Format, Format), nil)
	}
	return &b, nil
}
