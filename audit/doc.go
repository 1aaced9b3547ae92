// Package audit makes a store's history verifiable by someone outside it:
// an auditor, a superior organ, a court. It holds the log's checkpoints,
// proofs and bundles; the stores (adapters/memdb, adapters/postgres) keep
// the log itself.
//
// # One log per store
//
// Each database keeps one Merkle log ([Log]), an RFC 6962 tree as
// golang.org/x/mod/sumdb/tlog builds it, over the history records of every
// process and every organ it holds: a record's leaf is the hash of its
// hash ([LeafHash]), appended in the transaction that saves the record,
// so the log holds nothing of a case's content and an erased case leaves
// only hashes. One log per store rather than per organ: a checkpoint then
// commits to every case at once, so a case moved, deleted or forged
// between organs is still seen, and one signature every few minutes
// serves the whole database.
//
// # Checkpoints
//
// A [Checkpointer] signs the log's size and root hash as a C2SP
// tlog-checkpoint note with a key the host supplies (any note.Signer, so
// that a hardware module may hold it; note.GenerateKey and note.NewSigner
// give an Ed25519 one). The host calls it on demand and on a schedule of
// its own, and publishes each checkpoint outside the database (to the
// superior organ, which may [Cosign] it as a witness). A checkpoint that
// has left the building fixes every leaf before it: [ProveRecord] and
// [CheckRecord] show a record is in it, [ProveConsistency] and
// [CheckConsistency] that a later checkpoint extends it, and [Consistent]
// names the first of an auditor's checkpoints the log no longer reaches.
//
// # What is found, and when
//
// [Verify] checks a store against a checkpoint taken earlier. After a
// checkpoint, it finds a record edited (re-hashed or not), a record
// deleted from the end with the case's head set back, a whole case
// deleted, a case's whole chain rewritten and re-hashed, a forged record
// appended without a leaf, and a leaf rewritten; the services' Verify
// finds a case row edited (XC11), and a bundle's check finds all of them.
// What it cannot find: a forged record appended after the checkpoint
// together with a leaf and a raised log size looks like a later save (the
// next checkpoint signs it; only the key's holder can tell); and before
// the first checkpoint nothing outside the database remembers the log, so
// a superuser who rewrites records, leaves and tree hashes alike is found
// only as the case chains find it today (an edit not re-hashed, a gap, a
// row that does not bind its last record). Take the first checkpoint as
// soon as the log exists.
//
// # Bundles
//
// An [Exporter] writes a [Bundle]: one case, or every record logged in a
// period, with each record's inclusion proof, the signed checkpoint, and
// proofs that it extends earlier checkpoints. [Bundle.Check] — and the
// command `dandang verify BUNDLE -key KEY` — checks it offline with the
// log's public key alone and says, in zh-Hans or English, what holds and
// the first thing that does not. The bundle's JSON is part of the data
// contract (schema/audit.bundle.json).
package audit
