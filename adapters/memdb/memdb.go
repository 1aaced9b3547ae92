package memdb

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/dandang/dandang"
	"github.com/hashicorp/go-memdb"
)

const (
	tableRows   = "rows"   // the cases, their index keys and the log, told apart by their first key part
	tableOutbox = "outbox" // the outbox of every kind
)

// The kinds of row of the rows table: the first part of every key.
const (
	rowCase = "c" // a case and its history: "c" NUL kind NUL id, written every save
	rowKey  = "k" // one index key of a case (see keyRow), written when it changes
	rowLog  = "l" // the Merkle log of every kind's history: one row, written every save
)

// schema keeps the cases, their index keys and the log in one table with
// one index, because go-memdb rewrites every index of a row it writes and
// each index written in a transaction is a radix tree of its own, copied
// along its path and then stored again in the DB's root: a save writes one
// tree. A case row is written on every save; each index key of a case (a
// subject, a named secondary key, the organ, the state, the deadline, the
// closing time) is a row of its own, written only when that key changes.
// Rows hold every kind, the kind second in every key.
func schema() *memdb.DBSchema {
	return &memdb.DBSchema{Tables: map[string]*memdb.TableSchema{
		tableRows: {Name: tableRows, Indexes: map[string]*memdb.IndexSchema{
			"id": {Name: "id", Unique: true, Indexer: keyIndexer{}},
		}},
		tableOutbox: {Name: tableOutbox, Indexes: map[string]*memdb.IndexSchema{
			"id":           {Name: "id", Unique: true, Indexer: eventKey(func(r *eventRow) []byte { return r.id })},
			"pending_kind": {Name: "pending_kind", AllowMissing: true, Indexer: eventKey(func(r *eventRow) []byte { return r.pendingKind })},
			"dead":         {Name: "dead", AllowMissing: true, Indexer: eventKey(func(r *eventRow) []byte { return r.dead })},
		}},
	}}
}

// keyed is a row of a table indexed by keyIndexer: its key, NUL
// terminated, is bytes the row holds and never changes, which the index
// keeps as they are rather than a copy of its own.
type keyed interface{ indexKey() []byte }

// keyIndexer indexes a keyed row by its key, without reflection. Its
// arguments are the parts of a key, joined with NUL bytes as the stored
// keys are.
type keyIndexer struct{}

func (keyIndexer) FromObject(obj any) (bool, []byte, error) { return true, obj.(keyed).indexKey(), nil }

// eventKey indexes an outbox row by one of its keys, without reflection:
// a row whose key is nil has none. Its arguments are as keyIndexer's.
type eventKey func(*eventRow) []byte

func (f eventKey) FromObject(obj any) (bool, []byte, error) {
	k := f(obj.(*eventRow))
	return k != nil, k, nil
}

func (eventKey) FromArgs(args ...any) ([]byte, error) { return keyIndexer{}.FromArgs(args...) }

func (eventKey) PrefixFromArgs(args ...any) ([]byte, error) {
	return keyIndexer{}.PrefixFromArgs(args...)
}

// rowKeyOf returns the parts joined with NUL bytes and NUL terminated, as a
// keyed row holds its key.
func rowKeyOf(parts ...string) []byte {
	n := len(parts)
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = append(append(b, p...), 0)
	}
	return b
}

func (keyIndexer) FromArgs(args ...any) ([]byte, error) {
	b, err := keyIndexer{}.PrefixFromArgs(args...)
	return append(b, 0), err
}

func (keyIndexer) PrefixFromArgs(args ...any) ([]byte, error) {
	var b bytes.Buffer
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			return nil, fmt.Errorf("memdb: key part %d is a %T, not a string", i, a)
		}
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(s)
	}
	return b.Bytes(), nil
}

// DB is the in-memory database of every process store and the outbox. It is
// safe for concurrent use.
type DB struct {
	db *memdb.MemDB

	mu   sync.Mutex
	subs map[chan struct{}]struct{} // the channels Outbox.Notify handed out

	noLog bool // saves append no leaf: for the benchmark that prices the log

	strs *strTable // the strings of every packed block
}

// wake tells every channel Outbox.Notify handed out that events were
// written, without waiting: a channel with a wake-up pending keeps that one.
func (db *DB) wake() {
	db.mu.Lock()
	defer db.mu.Unlock()
	for ch := range db.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// New returns an empty DB.
func New() *DB {
	db, err := memdb.NewMemDB(schema())
	if err != nil {
		panic("memdb: schema: " + err.Error()) // a constant schema: a build defect, caught by every test
	}
	// A snapshot is a DB of its own that tracks no mutations: go-memdb's
	// watch channels, closed on every commit for each radix node written,
	// serve only watchers, and nothing watches this DB (Outbox.Notify keeps
	// channels of its own).
	return &DB{db: db.Snapshot(), strs: newStrTable()}
}

// Outbox returns the outbox of every process store on db, for a
// dandang.Dispatcher.
func (db *DB) Outbox() *Outbox { return &Outbox{db: db} }

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
