package memdb

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/dandang/dandang"
	"github.com/hashicorp/go-memdb"
)

const (
	tableClearance = "clearance"
	tableRecords   = "records"
	tableOutbox    = "outbox"
)

func schema() *memdb.DBSchema {
	str := func(field string) *memdb.StringFieldIndex { return &memdb.StringFieldIndex{Field: field} }
	return &memdb.DBSchema{Tables: map[string]*memdb.TableSchema{
		tableClearance: {Name: tableClearance, Indexes: map[string]*memdb.IndexSchema{
			"id":      {Name: "id", Unique: true, Indexer: str("ID")},
			"subject": {Name: "subject", Indexer: str("SubjectID")},
			"organ":   {Name: "organ", Indexer: str("OrganID")},
			"state":   {Name: "state", Indexer: str("State")},
			"due":     {Name: "due", Indexer: &memdb.UintFieldIndex{Field: "OpenDue"}},
			"closed":  {Name: "closed", Indexer: &memdb.UintFieldIndex{Field: "ClosedAt"}},
		}},
		tableRecords: {Name: tableRecords, Indexes: map[string]*memdb.IndexSchema{
			"id": {Name: "id", Unique: true, Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
				str("CaseKind"), str("CaseID"), &memdb.UintFieldIndex{Field: "Seq"}}}},
		}},
		tableOutbox: {Name: tableOutbox, Indexes: map[string]*memdb.IndexSchema{
			"id":      {Name: "id", Unique: true, Indexer: str("ID")},
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

// recordRow is a history record as stored: a private copy.
type recordRow struct {
	CaseKind string
	CaseID   string
	Seq      uint64
	rec      dandang.Record
}

func copyRecord(r dandang.Record) dandang.Record {
	r.Rules = append([]string(nil), r.Rules...)
	r.Payload = append([]byte(nil), r.Payload...)
	return r
}

// history returns the records of one case in order.
func history(txn *memdb.Txn, kind, id string) ([]dandang.Record, error) {
	it, err := txn.Get(tableRecords, "id_prefix", kind, id)
	if err != nil {
		return nil, internal("memdb.History", err)
	}
	var out []dandang.Record
	for obj := it.Next(); obj != nil; obj = it.Next() {
		r := obj.(*recordRow)
		if r.CaseID != id { // the prefix of "c1" also matches "c10"
			continue
		}
		out = append(out, copyRecord(r.rec))
	}
	return out, nil
}

// insertRecords appends records and events inside txn.
func insertRecords(txn *memdb.Txn, records []dandang.Record, events []dandang.Event) error {
	for _, r := range records {
		if err := txn.Insert(tableRecords, &recordRow{CaseKind: r.CaseKind, CaseID: r.CaseID, Seq: uint64(r.Seq), rec: copyRecord(r)}); err != nil {
			return err
		}
	}
	for _, e := range events {
		if existing, err := txn.First(tableOutbox, "id", e.ID); err != nil {
			return err
		} else if existing != nil {
			return &dandang.Error{Code: dandang.Conflict, Op: "memdb.Save", Message: fmt.Sprintf("event %s exists", e.ID)}
		}
		if err := txn.Insert(tableOutbox, newEventRow(e)); err != nil {
			return err
		}
	}
	return nil
}

func internal(op string, err error) error {
	return &dandang.Error{Code: dandang.Internal, Op: op, Err: err}
}

// unixDay encodes a time for an index: nanoseconds since 1970 as uint64; the
// zero time sorts last so open cases fall outside every closing range.
func unixNano(t time.Time) uint64 {
	if t.IsZero() {
		return math.MaxUint64
	}
	return uint64(t.UnixNano())
}

func ctxErr(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return internal(op, err)
	}
	return nil
}
