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
// that a save writes one radix tree. An ended case's history is kept
// packed in one block and unpacked when read.
package memdb
