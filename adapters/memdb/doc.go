// Package memdb is the embedded in-memory store of every process, built on
// hashicorp/go-memdb: the default for examples, tests and small
// deployments.
//
// One [DB] holds the cases of every kind and one outbox. [NewStore] returns
// the kit.Store of one case kind on it; each saves a case, its history
// records and its outbox events in one write transaction, conditional on
// the version read. go-memdb serializes writers and gives readers a
// consistent snapshot. Stored values are private copies: nothing a caller
// holds is shared with the store.
//
// Queries run on indexes: by subject, organ, state and deadline (one key:
// the state, then the deadline), provisional deadline of open cases, and
// closing time (for statistics by period). Each index key of a case is a
// row of its own, written only when it changes, so that most saves write
// the case row alone; cases, keys and the log share one go-memdb table, so
// that a save writes one radix tree.
//
// An ended case, which most of a long-lived store holds, is kept packed:
// its history, the case and its meta in one block of bytes, written by a
// codec compiled once per case type from its reflect.Type (through unsafe
// pointers, which it never hides in the bytes: strings go to a table of
// the DB's, shared by every block and only growing, since the cases that
// name them stay; hashes and numbers are written in the block). Every
// read of an ended case unpacks a copy of it; Find reads the meta alone
// of the cases it walks and unpacks only those it returns. A case type
// the codec cannot copy (one holding an interface, a func or a channel)
// keeps its ended cases as structs.
package memdb
