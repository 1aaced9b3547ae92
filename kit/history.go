package kit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/dandang/dandang"
)

// RefOf returns the ActorRef of a acting under role.
func RefOf(a dandang.Actor, role dandang.Role) dandang.ActorRef {
	return dandang.ActorRef{ID: a.ID, Name: a.Name, OrganID: a.Organ.ID, Level: a.Organ.Level, Role: role}
}

// Verify walks one case's history in order and returns nil when every
// record belongs to the case kind and ID given, its hash matches its
// content, sequence numbers run 1, 2, … without gap, and each record names
// its predecessor's hash. Otherwise it returns a *ChainError for the first
// broken link, wrapped in an *Error with code Internal and rule XC01. A
// changed record fails its own hash; a removed or reordered one breaks the
// sequence and the link; a record of another case is named as such.
//
// Verify cannot see records removed from the end or an edited case row;
// [VerifyCase] checks those against the case.
func Verify(kind, id string, records []dandang.Record) error {
	var prev *dandang.Record
	for i := range records {
		r := &records[i]
		wantSeq := 1
		wantPrev := ""
		if prev != nil {
			wantSeq, wantPrev = prev.Seq+1, prev.Hash
		}
		switch {
		case r.CaseKind != kind || r.CaseID != id:
			return chainErr(id, wantSeq, i, fmt.Sprintf("record of another case (%s %q)", r.CaseKind, r.CaseID))
		case r.ComputeHash() != r.Hash:
			return chainErr(id, wantSeq, i, "hash mismatch: the record was changed")
		case r.Seq != wantSeq:
			return chainErr(id, wantSeq, i, fmt.Sprintf("sequence %d where %d was due: a record was removed or reordered", r.Seq, wantSeq))
		case r.PrevHash != wantPrev:
			return chainErr(id, wantSeq, i, "link mismatch: the previous record was removed, changed or reordered")
		}
		prev = r
	}
	return nil
}

// VerifyCase verifies the chain like [Verify] and also that it ends at the
// case's head after version records, so that records cut from the end are
// found, and that the last record's StateHash is stateHash, the hash of the
// case as stored ([StateHash]), so that an edited case row is found (XC11).
// A last record written before records carried a state hash binds nothing.
func VerifyCase(kind, id string, records []dandang.Record, version int, head, stateHash string) error {
	if err := Verify(kind, id, records); err != nil {
		return err
	}
	n := len(records)
	last := dandang.Record{}
	if n > 0 {
		last = records[n-1]
	}
	switch {
	case n != version || last.Hash != head:
		return chainErr(id, n+1, n, fmt.Sprintf("chain of %d records ends before the case's head at version %d: records were removed from the end, or the case row was edited", n, version))
	case last.StateHash != "" && last.StateHash != stateHash:
		// A last record without a state hash predates the binding (XC11):
		// the case's next command binds it.
		return chainErr(id, n, n-1, "the stored case differs from the state its last record bound: the case row was edited")
	}
	return nil
}

// StateHash returns the hex SHA-256 of the JSON encoding of c, a case as
// stored with its head left out (the head is the hash of the record that
// binds it): the bytes json.NewEncoder(w).Encode(c) writes, json.Marshal's
// and a newline. encoding/json writes struct fields in order and map keys
// sorted, so the same case always hashes alike. A case that is a
// [JSONAppender] is encoded by its AppendJSON, which writes the same bytes
// without reflection. The reference is encoding/json as Go builds it by
// default (not under GOEXPERIMENT=jsonv2, which changes its edge cases).
func StateHash(c any) (string, error) {
	s, _, err := stateHash(c, make([]byte, 0, 4<<10))
	return s, err
}

// stateHash is [StateHash] encoding a JSONAppender into buf, which it
// returns grown for the next use.
func stateHash(c any, buf []byte) (string, []byte, error) {
	var sum [sha256.Size]byte
	if a, ok := c.(JSONAppender); ok {
		b, err := a.AppendJSON(buf)
		if err == nil {
			sum = sha256.Sum256(append(b, '\n'))
			return hex.EncodeToString(sum[:]), b[:0], nil
		}
		// encoding/json says what failed, in its words.
	}
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(c); err != nil {
		return "", buf, err
	}
	return hex.EncodeToString(h.Sum(sum[:0])), buf, nil
}

// JSONAppender is implemented by a type whose AppendJSON appends to b
// exactly the bytes json.Marshal returns for it, or fails where
// json.Marshal fails: the case types, whose method internal/jsongen
// writes. [StateHash] and [EncodeJSON] use it.
type JSONAppender interface {
	AppendJSON(b []byte) ([]byte, error)
}

// CanonicalDecoder is implemented by a type whose DecodeCanonicalJSON
// decodes into its zero value exactly the bytes its AppendJSON writes, to
// the value json.Unmarshal gives, and reports false on anything else,
// leaving the caller to decode with encoding/json: the case types, whose
// method internal/jsongen writes.
type CanonicalDecoder interface {
	DecodeCanonicalJSON(data []byte) bool
}

// EncodeJSON returns json.Marshal(v), written by v's AppendJSON when v is a
// [JSONAppender]. When AppendJSON fails, the error is json.Marshal's.
func EncodeJSON(v any) ([]byte, error) {
	a, ok := v.(JSONAppender)
	if !ok {
		return json.Marshal(v)
	}
	b, err := a.AppendJSON(make([]byte, 0, 4<<10))
	if err != nil {
		return json.Marshal(v) // its error, in encoding/json's words
	}
	if cap(b) > 2*len(b) { // a small case, whose bytes a caller may keep: no spare 4 KB with them
		b = bytes.Clone(b)
	}
	return b, nil
}

func chainErr(caseID string, seq, index int, reason string) error {
	ce := &ChainError{CaseID: caseID, Seq: seq, Index: index, Reason: reason}
	return &dandang.Error{Code: dandang.Internal, Op: "kit.Verify", Rule: "XC01", Message: "history does not verify", Err: ce}
}

// ChainError names the first broken link of a history chain.
type ChainError struct {
	CaseID string
	Seq    int    // the sequence number expected at the broken link
	Index  int    // position in the slice given to Verify
	Reason string // "hash mismatch", "sequence gap", …
}

// Error implements the error interface.
func (e *ChainError) Error() string {
	return fmt.Sprintf("history of %s broken at record %d (position %d): %s", e.CaseID, e.Seq, e.Index, e.Reason)
}
