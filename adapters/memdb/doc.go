// Package memdb is the embedded in-memory store of every process, built on
// hashicorp/go-memdb: the default for examples, tests and small
// deployments.
//
// One [DB] holds the tables of every process and one outbox. Each process
// store ([ClearanceStore]) saves a case, its history records and its outbox
// events in one write transaction, conditional on the version read; go-memdb
// serializes writers and gives readers a consistent snapshot. Stored values
// are private copies: nothing a caller holds is shared with the store.
//
// Queries run on indexes: by subject, organ, state, deadline (for overdue
// cases) and closing day (for statistics by period).
package memdb
