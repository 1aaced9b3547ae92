package memdb

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"github.com/hashicorp/go-memdb"
)

// caseRow is a case as stored: a private copy of the case and its history,
// as a struct and records while the case is open and packed once it has
// ended (the case too, when its type has a shape).
type caseRow[C kit.Stored[C]] struct {
	key     []byte           // "c" NUL kind NUL id NUL: made once per case, shared by its rows
	c       C                // the zero C when packed holds the case
	history []dandang.Record // nil when packed
	packed  *packed          // the history of an ended case
	leafIdx []int64          // the log's leaf of each record, shared as history is; nil when packed (in the block)
}

// isPacked reports whether the row's case is packed.
func (r *caseRow[C]) isPacked() bool { return r.packed != nil && r.packed.caseAt >= 0 }

// get returns a copy of the row's case that shares no memory with it.
func (r *caseRow[C]) get() C {
	if r.isPacked() {
		var c C
		r.packed.unpackCase(unsafe.Pointer(&c))
		return c
	}
	return r.c.Clone()
}

// meta returns the case's meta.
func (r *caseRow[C]) meta() kit.Meta {
	if r.isPacked() {
		return r.packed.unpackMeta()
	}
	return r.c.Meta()
}

// end packs the row's history on tab, and its case when sh is not nil,
// the case having meta m.
func (r *caseRow[C]) end(tab *strTable, sh *caseShape, m *kit.Meta) {
	if sh == nil {
		r.packed, r.history = packCase(tab, r.history, nil, nil, nil), nil
		return
	}
	var zero C
	r.packed = packCase(tab, r.history, sh, unsafe.Pointer(&r.c), m)
	r.history, r.c = nil, zero
}

// copyRecords returns a copy of the row's history that shares no memory
// with the row.
func (r *caseRow[C]) copyRecords() []dandang.Record {
	if r.packed != nil {
		return r.packed.unpack()
	}
	return copyHistory(r.history)
}

func (r *caseRow[C]) indexKey() []byte { return r.key }

// keyRow is one index key of a case: "k" NUL kind NUL index NUL value NUL
// id NUL, where index is one of the idx constants. Keys of one index sort
// by value, then by ID; numbers are fixed-width hex so that they sort as
// numbers.
type keyRow struct{ key []byte }

// id returns the case the key indexes: the last part of the key, read in
// place (a stored key's bytes never change), so that a row holds its key
// alone.
func (r *keyRow) id() string {
	end := len(r.key) - 1
	start := bytes.LastIndexByte(r.key[:end], 0) + 1
	return unsafe.String(&r.key[start], end-start)
}

// uniqueRow is a unique key a case claimed at creation ("k" NUL kind NUL
// idxUnique NUL key NUL): its key holds no case ID, so that one case holds
// it, and the row names the case.
type uniqueRow struct {
	key []byte
	id  string // shared with the case's ID
}

func (r *uniqueRow) indexKey() []byte { return r.key }

// nulTerminated returns k as a keyed row holds it.
func nulTerminated(k string) []byte {
	b := make([]byte, len(k)+1)
	copy(b, k)
	return b
}

func (r *keyRow) indexKey() []byte { return r.key }

// The indexes of the keys table.
const (
	idxSubject     = "u" // each subject
	idxKey         = "k" // each named secondary key: name NUL value
	idxOrgan       = "o" // the handling organ
	idxState       = "s" // the state, then the deadline ("" when none): one key, since a command that moves the one mostly moves the other
	idxProvisional = "p" // the provisional deadline of an open case
	idxClosed      = "c" // the closing time of an ended case
	idxUnique      = "q" // a unique key claimed at creation: the row's key holds no case ID, so that one case holds it
)

// number encodes n as 16 hex digits that sort as signed numbers do.
func number(n int64) string {
	var b [16]byte
	u := uint64(n) ^ 1<<63
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = "0123456789abcdef"[u&0xf]
		u >>= 4
	}
	return string(b[:])
}

func key(parts ...string) string { return strings.Join(parts, "\x00") }

// indexKeys returns the index keys of a case of kind with meta m, each once.
func indexKeys(kind string, m *kit.Meta) []string {
	keys := make([]string, 0, len(m.SubjectIDs)+len(m.Keys)+4)
	for _, s := range m.SubjectIDs {
		if k := key(rowKey, kind, idxSubject, s, m.ID); !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for name, values := range m.Keys {
		for _, v := range values {
			if k := key(rowKey, kind, idxKey, name, v, m.ID); !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	due := ""
	if m.Due != 0 {
		due = number(int64(m.Due))
	}
	keys = append(keys, key(rowKey, kind, idxOrgan, m.OrganID, m.ID), key(rowKey, kind, idxState, m.State, due, m.ID))
	if m.Provisional {
		keys = append(keys, key(rowKey, kind, idxProvisional, number(int64(m.Due)), m.ID))
	}
	if !m.ClosedAt.IsZero() {
		keys = append(keys, key(rowKey, kind, idxClosed, number(m.ClosedAt.UnixMicro()), m.ID))
	}
	return keys
}

// sameKeys reports whether metas a and b give the same index keys.
func sameKeys(a, b *kit.Meta) bool {
	return a.ID == b.ID && a.OrganID == b.OrganID && a.State == b.State && a.Due == b.Due &&
		a.Provisional == b.Provisional && a.ClosedAt.Equal(b.ClosedAt) && slices.Equal(a.SubjectIDs, b.SubjectIDs) &&
		maps.EqualFunc(a.Keys, b.Keys, slices.Equal)
}

// Store is the kit.Store of one case kind on a DB. It is safe for
// concurrent use.
type Store[C kit.Stored[C]] struct {
	db    *DB
	kind  string
	shape *caseShape // nil when the case type has none: ended cases are then kept as they are
}

// NewStore returns the store of the cases of kind (such as
// clearance.Cases) on db. Stores of different kinds share db's tables and
// outbox but not their cases: the same ID may name a case of each kind. It
// panics if the kind has no name or its name holds a NUL byte.
func NewStore[C kit.Stored[C]](db *DB, kind kit.Kind[C]) *Store[C] {
	if kind.Name == "" || strings.ContainsRune(kind.Name, 0) {
		panic(fmt.Sprintf("memdb.NewStore: bad kind %q", kind.Name))
	}
	s := &Store[C]{db: db, kind: kind.Name}
	// A case type with no shape, or a Go whose time.Time the shape cannot
	// copy, keeps its ended cases as structs.
	if cs, err := shapeOf(reflect.TypeFor[C]()); err == nil {
		if ts, err := shapeOf(timeType); err == nil {
			s.shape = &caseShape{c: cs, meta: metaShape(ts)}
		}
	}
	return s
}

func (s *Store[C]) op(name string) string { return "memdb." + s.kind + "." + name }

func (s *Store[C]) row(txn *memdb.Txn, op, id string) (*caseRow[C], error) {
	obj, err := txn.First(tableRows, "id", rowCase, s.kind, id)
	if err != nil {
		return nil, internal(op, err)
	}
	if obj == nil {
		return nil, &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no %s case %q", s.kind, id)}
	}
	return obj.(*caseRow[C]), nil
}

// Get returns a copy of the case with id. The error is NotFound when there
// is no such case of the store's kind, and Canceled when ctx is done.
func (s *Store[C]) Get(ctx context.Context, id string) (C, error) {
	op := s.op("Get")
	var zero C
	if err := kit.ContextError(ctx, op); err != nil {
		return zero, err
	}
	row, err := s.row(s.db.db.Txn(false), op, id)
	if err != nil {
		return zero, err
	}
	return row.get(), nil
}

// Load returns a copy of the case with id and of its history, oldest
// first, read in one transaction. The error is NotFound when there is no
// such case, and Canceled when ctx is done.
func (s *Store[C]) Load(ctx context.Context, id string) (C, []dandang.Record, error) {
	op := s.op("Load")
	var zero C
	if err := kit.ContextError(ctx, op); err != nil {
		return zero, nil, err
	}
	row, err := s.row(s.db.db.Txn(false), op, id)
	if err != nil {
		return zero, nil, err
	}
	return row.get(), row.copyRecords(), nil
}

// History returns a copy of the case's records in order. The error is
// NotFound when there is no such case, and Canceled when ctx is done.
func (s *Store[C]) History(ctx context.Context, id string) ([]dandang.Record, error) {
	op := s.op("History")
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	row, err := s.row(s.db.db.Txn(false), op, id)
	if err != nil {
		return nil, err
	}
	return row.copyRecords(), nil
}

// Save writes a copy of c, its records and events, and appends the leaf of
// each record to the DB's [Log], in one transaction if the stored version
// is prev (0: the case must be new, and claims its
// Meta.Unique keys). It returns Conflict when the stored version is not
// prev, when prev is 0 and the case exists, when another case of the kind
// holds one of its unique keys (field "Unique"), or when an event's ID
// exists in the outbox (of any kind); NotFound when
// prev is above 0 and there is no such case; Canceled when ctx is done; and
// Internal when c's version is not prev plus the number of records, or a
// record is not the next of this case's history. Whenever it returns an
// error it has written nothing.
func (s *Store[C]) Save(ctx context.Context, c C, prev int, records []dandang.Record, events []dandang.Event) error {
	op := s.op("Save")
	if err := kit.ContextError(ctx, op); err != nil {
		return err
	}
	m := c.Meta()
	if err := kit.CheckSave(op, s.kind, m, prev, records); err != nil {
		return err
	}
	txn := s.db.db.Txn(true)
	defer txn.Abort()
	obj, err := txn.First(tableRows, "id", rowCase, s.kind, m.ID)
	if err != nil {
		return internal(op, err)
	}
	row := &caseRow[C]{c: c.Clone()}
	switch {
	case obj == nil && prev != 0:
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no %s case %q", s.kind, m.ID)}
	case obj == nil:
		row.key = rowKeyOf(rowCase, s.kind, m.ID)
		for _, u := range m.Unique {
			k := key(rowKey, s.kind, idxUnique, u)
			held, err := txn.First(tableRows, "id", k)
			if err != nil {
				return internal(op, err)
			}
			if held != nil && held.(*uniqueRow).id != m.ID {
				return &dandang.Error{Code: dandang.Conflict, Op: op, Field: "Unique",
					Message: fmt.Sprintf("%s case %q claims a key another case holds", s.kind, m.ID)}
			}
			if err := txn.Insert(tableRows, &uniqueRow{key: nulTerminated(k), id: m.ID}); err != nil {
				return internal(op, err)
			}
		}
		if err := s.writeKeys(txn, nil, indexKeys(s.kind, &m)); err != nil {
			return internal(op, err)
		}
	default:
		old := obj.(*caseRow[C])
		om := old.meta()
		if om.Version != prev {
			return &dandang.Error{Code: dandang.Conflict, Op: op,
				Message: fmt.Sprintf("%s case %q is at version %d, not %d", s.kind, m.ID, om.Version, prev)}
		}
		row.key, row.history, row.leafIdx = old.key, old.history, old.leafIdx
		if old.packed != nil {
			row.history, row.leafIdx = old.packed.unpack(), old.packed.leaves()
		}
		if !sameKeys(&om, &m) {
			if err := s.writeKeys(txn, indexKeys(s.kind, &om), indexKeys(s.kind, &m)); err != nil {
				return internal(op, err)
			}
		}
	}
	row.history = s.appendHistory(row.history, records, m.ID)
	if !m.ClosedAt.IsZero() {
		row.end(s.db.strs, s.shape, &m)
	}
	leaves, err := s.db.appendLeaves(txn, records)
	if err != nil {
		return internal(op, err)
	}
	if leaves != nil {
		row.leafIdx = append(row.leafIdx, leaves...)
	}
	if row.packed != nil { // packed in this save: its leaves go into its block
		row.packed, row.leafIdx = row.packed.withLeaves(row.leafIdx), nil
	}
	if err := txn.Insert(tableRows, row); err != nil {
		return internal(op, err)
	}
	if err := insertEvents(txn, op, events); err != nil {
		return err
	}
	txn.Commit()
	if len(events) > 0 {
		s.db.wake()
	}
	return nil
}

// writeKeys replaces the index keys old (nil for a new case) of a case by
// keys, writing only those that changed.
func (s *Store[C]) writeKeys(txn *memdb.Txn, old, keys []string) error {
	for _, k := range old {
		if !slices.Contains(keys, k) {
			if err := txn.Delete(tableRows, &keyRow{key: nulTerminated(k)}); err != nil {
				return err
			}
		}
	}
	for _, k := range keys {
		if !slices.Contains(old, k) {
			if err := txn.Insert(tableRows, &keyRow{key: nulTerminated(k)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// appendHistory returns history with copies of records appended.
//
// While a case is open, rows share the backing array, grown by doubling: a
// row only reads up to its own length, and appends happen under go-memdb's
// single writer, so a longer slice never changes what an older row sees
// (an aborted save leaves only unread slots behind). Once the case has
// ended Save packs its history, so that the cases that make up most of a
// long-lived store hold no spare capacity and no record structs.
//
// The copies share the strings the store holds already: the kind, the case
// ID and the previous record's hash.
func (s *Store[C]) appendHistory(history, records []dandang.Record, id string) []dandang.Record {
	if len(history) > 0 {
		id = history[0].CaseID
	}
	for _, r := range records {
		r.CaseKind, r.CaseID = s.kind, id
		if len(history) > 0 && history[len(history)-1].Hash == r.PrevHash {
			r.PrevHash = history[len(history)-1].Hash
		}
		r.Rules = slices.Clone(r.Rules)
		r.Payload = bytes.Clone(r.Payload)
		history = append(history, r)
	}
	return history
}

// copyHistory returns a copy of history that shares no memory with it: the
// rules and payloads of all records in one allocation each, each record's
// slices capped at their length so that an append by the caller copies.
func copyHistory(history []dandang.Record) []dandang.Record {
	nRules, nPayload := 0, 0
	for _, r := range history {
		nRules += len(r.Rules)
		nPayload += len(r.Payload)
	}
	rules := make([]string, 0, nRules)
	payloads := make([]byte, 0, nPayload)
	out := slices.Clone(history)
	for i := range out {
		r := &out[i]
		if r.Rules != nil {
			at := len(rules)
			rules = append(rules, r.Rules...)
			r.Rules = rules[at:len(rules):len(rules)]
		}
		if r.Payload != nil {
			at := len(payloads)
			payloads = append(payloads, r.Payload...)
			r.Payload = payloads[at:len(payloads):len(payloads)]
		}
	}
	return out
}

// found is a case Find selected, with its meta: the case is copied (or
// unpacked, when it has ended) only once the order and the limit have
// chosen it.
type found[C kit.Stored[C]] struct {
	m   kit.Meta
	row *caseRow[C]
}

// Find returns copies of the cases f selects, in the order f.Less gives, at
// most f.Limit of them. It walks the index of the most selective field f
// sets — a secondary key (the name listed with the fewest values), subject,
// provisional deadline, deadline, closing time, state (when f lists other
// than one organ), organ, state — or every case of the kind when f sets
// none of them. The closing time and the state come before the organs
// because a reader's reach always sets the organs: a period's statistics
// walk the cases that closed in the period, and the cases in progress are
// read by state, not by walking every case the reader reaches. Deadlines
// are kept in the state's keys (state, then deadline), so that a command
// moving both writes one key: the cases due before a day are read a state
// at a time, each state's range in one walk. The error is Canceled when
// ctx is done.
func (s *Store[C]) Find(ctx context.Context, f kit.Filter) ([]C, error) {
	op := s.op("Find")
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	if f.OrganIDs != nil && len(f.OrganIDs) == 0 {
		return []C{}, nil
	}
	name := ""
	for n, values := range f.Keys {
		if len(values) == 0 {
			return []C{}, nil
		}
		if name == "" || len(values) < len(f.Keys[name]) || (len(values) == len(f.Keys[name]) && n < name) {
			name = n
		}
	}
	txn := s.db.db.Txn(false)
	var hits []found[C]
	// ordered: the index walked yields cases in f.Less order, so that the
	// walk may stop at f.Limit.
	ordered := false
	keep := func(obj any) (bool, error) {
		row, ok := obj.(*caseRow[C])
		if !ok {
			var err error
			if row, err = s.row(txn, op, obj.(*keyRow).id()); err != nil {
				return false, err
			}
		}
		m := row.meta()
		if f.Match(m) {
			hits = append(hits, found[C]{m: m, row: row})
		}
		return !ordered || f.Limit == 0 || len(hits) < f.Limit, nil
	}
	var err error
	switch {
	case name != "":
		// A case holding several of the values is met once for each.
		seen := map[string]bool{}
		once := func(obj any) (bool, error) {
			if id := obj.(*keyRow).id(); !seen[id] {
				seen[id] = true
				return keep(obj)
			}
			return true, nil
		}
		for _, v := range slices.Compact(slices.Sorted(slices.Values(f.Keys[name]))) {
			if err = s.walkPrefix(txn, once, rowKey, s.kind, idxKey, name, v, ""); err != nil {
				break
			}
		}
	case f.SubjectID != "":
		err = s.walkPrefix(txn, keep, rowKey, s.kind, idxSubject, f.SubjectID, "")
	case f.Provisional:
		err = s.walkPrefix(txn, keep, rowKey, s.kind, idxProvisional, "")
	case f.DueBefore != 0:
		// Deadlines are days from 1: keys without one ("") sort before.
		lo, hi := number(1), number(int64(f.DueBefore))
		if f.State != "" {
			ordered = true // one state's keys run by deadline, then ID
			err = s.walkRange(txn, keep, key(rowKey, s.kind, idxState, f.State, lo), key(rowKey, s.kind, idxState, f.State, hi))
		} else {
			err = s.walkDue(txn, keep, lo, hi)
		}
	case !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero():
		from, to := int64(math.MinInt64), int64(math.MaxInt64)
		if !f.ClosedFrom.IsZero() {
			from = f.ClosedFrom.UnixMicro()
		}
		if !f.ClosedTo.IsZero() {
			// Keys count microseconds; every case is checked by Match again.
			to = f.ClosedTo.UnixMicro() + 1
		}
		err = s.walkRange(txn, keep, key(rowKey, s.kind, idxClosed, number(from)), key(rowKey, s.kind, idxClosed, number(to)))
	case f.State != "" && len(f.OrganIDs) != 1:
		// A reach of several organs: the cases in the state are fewer than
		// every case of the organs, as soon as the store holds ended ones.
		err = s.walkPrefix(txn, keep, rowKey, s.kind, idxState, f.State, "")
	case f.OrganIDs != nil:
		for _, o := range slices.Compact(slices.Sorted(slices.Values(f.OrganIDs))) {
			if err = s.walkPrefix(txn, keep, rowKey, s.kind, idxOrgan, o, ""); err != nil {
				break
			}
		}
	case f.State != "":
		err = s.walkPrefix(txn, keep, rowKey, s.kind, idxState, f.State, "")
	default:
		err = s.walkPrefix(txn, keep, rowCase, s.kind, "")
	}
	if err != nil {
		return nil, err
	}
	if !ordered {
		slices.SortFunc(hits, func(a, b found[C]) int { return f.Less(a.m, b.m) })
	}
	if f.Limit > 0 && len(hits) > f.Limit {
		hits = hits[:f.Limit]
	}
	out := make([]C, len(hits))
	for i, h := range hits {
		out[i] = h.row.get()
	}
	return out, nil
}

// walkPrefix calls keep on the rows whose key starts with the parts
// given (the first names the kind of row), in key order, while keep returns true.
func (s *Store[C]) walkPrefix(txn *memdb.Txn, keep func(any) (bool, error), parts ...any) error {
	it, err := txn.Get(tableRows, "id_prefix", parts...)
	if err != nil {
		return internal(s.op("Find"), err)
	}
	for obj := it.Next(); obj != nil; obj = it.Next() {
		if more, err := keep(obj); err != nil || !more {
			return err
		}
	}
	return nil
}

// walkRange calls keep on the keys from lo (inclusive) up to hi
// (exclusive), in key order, while keep returns true. lo and hi end where
// a NUL and the rest of a key follow: a number, or a state and a number.
func (s *Store[C]) walkRange(txn *memdb.Txn, keep func(any) (bool, error), lo, hi string) error {
	it, err := txn.LowerBound(tableRows, "id", lo)
	if err != nil {
		return internal(s.op("Find"), err)
	}
	for obj := it.Next(); obj != nil; obj = it.Next() {
		if string(obj.(keyed).indexKey()) >= hi { // the rows after the keys are of other kinds
			return nil
		}
		if more, err := keep(obj); err != nil || !more {
			return err
		}
	}
	return nil
}

// walkDue calls keep on the keys of every state whose deadline's number
// is from lo up to hi: the state keys are skipped through a state at a
// time, each state's range read by walkRange, so that the cases read are
// those due in the range and a seek for each state the store holds.
func (s *Store[C]) walkDue(txn *memdb.Txn, keep func(any) (bool, error), lo, hi string) error {
	base := key(rowKey, s.kind, idxState, "")
	seek := base
	for {
		it, err := txn.LowerBound(tableRows, "id", seek)
		if err != nil {
			return internal(s.op("Find"), err)
		}
		obj := it.Next()
		if obj == nil {
			return nil
		}
		k := string(obj.(keyed).indexKey())
		if !strings.HasPrefix(k, base) {
			return nil
		}
		state := k[len(base):]
		state = state[:strings.IndexByte(state, 0)]
		more := true
		err = s.walkRange(txn, func(obj any) (bool, error) {
			more, err = keep(obj)
			return more, err
		}, key(rowKey, s.kind, idxState, state, lo), key(rowKey, s.kind, idxState, state, hi))
		if err != nil || !more {
			return err
		}
		seek = base + state + "\x01" // after every key of the state: a state holds no control character
	}
}
