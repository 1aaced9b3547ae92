package dandang

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"time"
)

// ActorRef is who made a change, as the history keeps it (XC01): the actor,
// the organ and the role the change was authorized under.
type ActorRef struct {
	ID      string `json:"id"`
	Name    string `json:"name,omitempty"`
	OrganID string `json:"organ"`
	Level   Level  `json:"level"`
	Role    Role   `json:"role,omitempty"`
}

// Record is one entry of a case's history: every change of a case appends
// one (XC01). Records chain by hash per case, so that a changed, removed or
// reordered record is found by a service's Verify (kit.Verify).
type Record struct {
	CaseKind string    `json:"caseKind"` // "clearance", …
	CaseID   string    `json:"caseId"`
	Seq      int       `json:"seq"` // 1, 2, …; equals the case version after it
	At       time.Time `json:"at"`
	Actor    ActorRef  `json:"actor"`
	Command  string    `json:"command"` // such as "propose"
	From     string    `json:"from"`    // state before
	To       string    `json:"to"`      // state after; equal to From for commands that change no state
	Reason   string    `json:"reason,omitempty"`
	Rules    []string  `json:"rules,omitempty"` // rule IDs applied
	// Payload is the command's input as JSON, the bytes the hash covers.
	Payload json.RawMessage `json:"payload,omitempty"`
	// StateHash is the hex SHA-256 of the case's stored state after this
	// record ([StateHash]): it binds the case row to its history (XC11).
	StateHash string `json:"stateHash,omitempty"`
	PrevHash  string `json:"prevHash"` // hex; "" for the first record
	Hash      string `json:"hash"`     // hex SHA-256 over the fields above
}

// ComputeHash returns the hex SHA-256 of the record's canonical encoding:
// every field but Hash, each length-prefixed (a list by its count and then
// each element), the time as microseconds since 1970 (the precision
// databases keep).
func (r *Record) ComputeHash() string {
	// The canonical encoding is built in one buffer and hashed once: each
	// field is its length as 8 big-endian bytes, then its bytes; a number is
	// an 8-byte field.
	buf := make([]byte, 0, 256+len(r.Reason)+len(r.Payload))
	field := func(b []byte) {
		buf = binary.BigEndian.AppendUint64(buf, uint64(len(b)))
		buf = append(buf, b...)
	}
	str := func(s string) {
		buf = binary.BigEndian.AppendUint64(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	num := func(n uint64) {
		buf = binary.BigEndian.AppendUint64(buf, 8)
		buf = binary.BigEndian.AppendUint64(buf, n)
	}
	str(r.CaseKind)
	str(r.CaseID)
	num(uint64(r.Seq))
	num(uint64(r.At.UnixMicro()))
	str(r.Actor.ID)
	str(r.Actor.Name)
	str(r.Actor.OrganID)
	num(uint64(r.Actor.Level))
	str(string(r.Actor.Role))
	str(r.Command)
	str(r.From)
	str(r.To)
	str(r.Reason)
	num(uint64(len(r.Rules)))
	for _, id := range r.Rules {
		str(id)
	}
	field(r.Payload)
	// Records written before the state was bound (XC11) have no state hash
	// and keep the hash they were sealed with.
	if r.StateHash != "" {
		str(r.StateHash)
	}
	str(r.PrevHash)
	sum := sha256.Sum256(buf)
	return hex.EncodeToString(sum[:])
}

// Seal sets r's Seq and PrevHash to follow prev (nil for a case's first
// record) and computes its Hash.
func (r *Record) Seal(prev *Record) {
	if prev == nil {
		r.Seq, r.PrevHash = 1, ""
	} else {
		r.Seq, r.PrevHash = prev.Seq+1, prev.Hash
	}
	r.Hash = r.ComputeHash()
}
