package kit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/dandang/dandang"
)

// Imported is a case replayed elsewhere with its whole history, from its
// first record, for a store to write as it stands ([ImportOutcome]): how
// a host brings in the cases it concluded before it used the library.
// The records were made by the engine's own commands, so they chain and
// bind the case's states as live ones do (XC01, XC11).
type Imported[C any] struct {
	Case    C
	Records []dandang.Record
}

// Head returns the hash of the last of the records, the case's head, or ""
// when there are none.
func (i Imported[C]) Head() string {
	if len(i.Records) == 0 {
		return ""
	}
	return i.Records[len(i.Records)-1].Hash
}

// ImportOutcome is what a store's import did with one case.
type ImportOutcome uint8

// The outcomes of importing a case.
const (
	// ImportWritten: the case was new and is now stored, with its history.
	ImportWritten ImportOutcome = iota + 1
	// ImportPresent: the store holds the case already with the same
	// history ([Continues]), as an earlier import of the same case left
	// it, or at a later version whose first records are that history (an
	// earlier import, continued live since); nothing was written.
	ImportPresent
	// ImportConflict: the store holds a case of that ID with another
	// history, or another case holds one of its unique keys; nothing was
	// written and nothing was overwritten.
	ImportConflict
)

// String returns "written", "present" or "conflict".
func (o ImportOutcome) String() string {
	switch o {
	case ImportWritten:
		return "written"
	case ImportPresent:
		return "present"
	case ImportConflict:
		return "conflict"
	}
	return "unknown"
}

// CheckImport checks what a store is given to import as a new case, as
// [CheckSave] does a save from version 0 — the case is at the version its
// records reach, each record is the next of the case's history — and that
// the records chain (XC01, [Verify]) up to the case's head. That each
// record binds the case's state as it then stood (XC11) is what the
// services' Verify checks of a case once stored (dandang import -verify).
// The error is Internal, naming what does not hold.
func CheckImport(op, kind string, m Meta, records []dandang.Record) error {
	if err := CheckSave(op, kind, m, 0, records); err != nil {
		return err
	}
	if err := Verify(kind, m.ID, records); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	if n := len(records); n > 0 && records[n-1].Hash != m.Head {
		return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC11",
			Message: fmt.Sprintf("%s case %q: its head is not its last record's hash", kind, m.ID)}
	}
	return nil
}

// SameHistory reports whether stored and replayed are one history: the
// same records in everything a replay of the same commands determines —
// sequence, time, command, actor, states, reason, rules, payload and the
// state each record binds (XC11) — where a payload's sealed part (a
// report's Sealed confidential, AES-GCM under a fresh nonce at each
// sealing) is left out, and with it the hashes that cover it. A case
// holding a sealed part holds its ciphertext too, so the states its
// records bind differ at each sealing and are not compared: for such a
// case (a report) the payloads decide. A store's import treats a case it
// holds with the same head, or with the same history so, as imported
// already.
func SameHistory(stored, replayed []dandang.Record) bool {
	if len(stored) != len(replayed) {
		return false
	}
	sealed := false
	for i := range stored {
		sealed = sealed || hasSealed(stored[i].Payload) || hasSealed(replayed[i].Payload)
	}
	for i := range stored {
		a, b := &stored[i], &replayed[i]
		if a.Hash == b.Hash {
			continue
		}
		if a.Seq != b.Seq || !a.At.Equal(b.At) || a.Command != b.Command || a.Actor != b.Actor ||
			a.From != b.From || a.To != b.To || a.Reason != b.Reason || !slices.Equal(a.Rules, b.Rules) ||
			!samePayload(a.Payload, b.Payload) || (!sealed && a.StateHash != b.StateHash) {
			return false
		}
	}
	return true
}

// Continues reports whether stored, a case's history as a store holds it,
// is replayed followed by nothing or by records saved since: the store
// holds the case as replayed, at its version or continued from it
// ([SameHistory] on replayed's length).
func Continues(stored, replayed []dandang.Record) bool {
	return len(stored) >= len(replayed) && SameHistory(stored[:len(replayed)], replayed)
}

// hasSealed reports whether a JSON payload has a top-level Sealed member.
func hasSealed(p []byte) bool {
	if !bytes.Contains(p, []byte(`"Sealed"`)) {
		return false
	}
	var x map[string]json.RawMessage
	if json.Unmarshal(p, &x) != nil {
		return false
	}
	_, ok := x["Sealed"]
	return ok
}

// samePayload compares two JSON payloads with their top-level Sealed
// member left out.
func samePayload(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var x, y map[string]json.RawMessage
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	delete(x, "Sealed")
	delete(y, "Sealed")
	if len(x) != len(y) {
		return false
	}
	for k, v := range x {
		w, ok := y[k]
		if !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}
