package memdb

import (
	"context"
	"fmt"

	"github.com/dandang/dandang"
	"github.com/hashicorp/go-memdb"
)

const (
	tableClearance          = "clearance"           // the case and its history, by ID
	tableClearanceParties   = "clearance_parties"   // subject and organ: written when a case opens
	tableClearanceLifecycle = "clearance_lifecycle" // state with deadline or closing time: written when they change
	tableOutbox             = "outbox"
)

// schema splits each case over three tables by how often their indexed
// fields change, because go-memdb rewrites every index of a row it writes:
// most commands write only the case table, a state change one index more.
func schema() *memdb.DBSchema {
	str := func(field string) *memdb.StringFieldIndex { return &memdb.StringFieldIndex{Field: field} }
	id := &memdb.IndexSchema{Name: "id", Unique: true, Indexer: str("ID")}
	return &memdb.DBSchema{Tables: map[string]*memdb.TableSchema{
		tableClearance: {Name: tableClearance, Indexes: map[string]*memdb.IndexSchema{"id": id}},
		tableClearanceParties: {Name: tableClearanceParties, Indexes: map[string]*memdb.IndexSchema{
			"id":      id,
			"subject": {Name: "subject", Indexer: str("SubjectID")},
			"organ":   {Name: "organ", Indexer: str("OrganID")},
		}},
		// The lifecycle key ends with the case ID, so it is unique and serves
		// as the table's only index.
		tableClearanceLifecycle: {Name: tableClearanceLifecycle, Indexes: map[string]*memdb.IndexSchema{
			"id": {Name: "id", Unique: true, Indexer: str("Key")},
		}},
		tableOutbox: {Name: tableOutbox, Indexes: map[string]*memdb.IndexSchema{
			"id":      id,
			"pending": {Name: "pending", AllowMissing: true, Indexer: str("PendingKey")},
		}},
	}}
}

// DB is the in-memory database of every process store and the outbox. It is
// safe for concurrent use.
type DB struct {
	db *memdb.MemDB
}

// New returns an empty DB.
func New() *DB {
	db, err := memdb.NewMemDB(schema())
	if err != nil {
		panic("memdb: schema: " + err.Error()) // a constant schema: a build defect, caught by every test
	}
	return &DB{db: db}
}

// Clearance returns the clearance store on db.
func (db *DB) Clearance() *ClearanceStore { return &ClearanceStore{db: db} }

// Outbox returns the outbox of every process store on db, for a
// dandang.Dispatcher.
func (db *DB) Outbox() *Outbox { return &Outbox{db: db} }

func copyRecord(r dandang.Record) dandang.Record {
	r.Rules = append([]string(nil), r.Rules...)
	r.Payload = append([]byte(nil), r.Payload...)
	return r
}

// appendHistory returns history with records appended. Rows share the
// backing array: a row only ever reads up to its own length, and appends
// happen under go-memdb's single writer, so a longer slice never changes
// what an older row sees.
func appendHistory(history []dandang.Record, records []dandang.Record) []dandang.Record {
	for _, r := range records {
		history = append(history, copyRecord(r))
	}
	return history
}

func copyHistory(history []dandang.Record) []dandang.Record {
	out := make([]dandang.Record, len(history))
	for i, r := range history {
		out[i] = copyRecord(r)
	}
	return out
}

// insertEvents adds outbox events inside txn for op; an existing ID is a
// Conflict error, any other failure Internal.
func insertEvents(txn *memdb.Txn, op string, events []dandang.Event) error {
	for _, e := range events {
		if existing, err := txn.First(tableOutbox, "id", e.ID); err != nil {
			return internal(op, err)
		} else if existing != nil {
			return &dandang.Error{Code: dandang.Conflict, Op: op, Message: fmt.Sprintf("event %s exists", e.ID)}
		}
		if err := txn.Insert(tableOutbox, newEventRow(e)); err != nil {
			return internal(op, err)
		}
	}
	return nil
}

func internal(op string, err error) error {
	return &dandang.Error{Code: dandang.Internal, Op: op, Err: err}
}

func ctxErr(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return internal(op, err)
	}
	return nil
}
