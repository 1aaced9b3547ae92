package postgres

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Store is the kit.Store of one case kind on a DB: its cases are the
// rows of the cases table with that kind. It is safe for concurrent use, by
// any number of instances sharing the database.
type Store[C kit.Stored[C]] struct {
	db   *DB
	kind string
	zero func() C
	last cache[C]
}

// cacheSize bounds the cases a store keeps as it last saved them.
const cacheSize = 4096

// cache holds copies of the cases this store saved last, at the version it
// saved them: a command naming that version needs no read first
// ([Store.GetAt]), and its save rewrites the case's keys only when they
// changed. It is bounded: when full, an entry is dropped to make room.
type cache[C kit.Stored[C]] struct {
	mu    sync.Mutex
	cases map[string]saved[C]
}

// saved is a case as a store saved it, with its keys as case_keys holds
// them (keyPairs).
type saved[C kit.Stored[C]] struct {
	c             C
	names, values []string
}

func (k *cache[C]) get(id string, version int) (C, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.cases[id]
	if !ok || e.c.Meta().Version != version {
		var zero C
		return zero, false
	}
	return e.c.Clone(), true
}

// sameKeys reports whether the case with id was saved at version with the
// keys names and values: case_keys holds them while the case's row is at
// that version, since each version of a case is written once.
func (k *cache[C]) sameKeys(id string, version int, names, values []string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.cases[id]
	return ok && e.c.Meta().Version == version && slices.Equal(e.names, names) && slices.Equal(e.values, values)
}

func (k *cache[C]) put(id string, e saved[C]) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cases == nil {
		k.cases = map[string]saved[C]{}
	}
	if _, ok := k.cases[id]; !ok && len(k.cases) >= cacheSize {
		for old := range k.cases {
			delete(k.cases, old)
			break
		}
	}
	k.cases[id] = e
}

func (k *cache[C]) drop(id string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.cases, id)
}

// GetAt returns the case with id for a command that names version: a copy
// of the case as this store last saved it, without a read, when that was
// at version; otherwise the case as [Store.Get] reads it. The case may
// have moved on since, saved by another instance: the command's save,
// conditional on version, then fails with Conflict and writes nothing. The
// errors are Get's.
func (s *Store[C]) GetAt(ctx context.Context, id string, version int) (C, error) {
	if err := kit.ContextError(ctx, s.op("Get")); err != nil {
		var zero C
		return zero, err
	}
	if txOf(ctx) == nil {
		if c, ok := s.last.get(id, version); ok {
			return c, nil
		}
	}
	return s.Get(ctx, id)
}

// NewStore returns the store of the cases of kind (such as
// clearance.Cases) on db; kind.New makes the empty case a stored one is
// decoded into. Stores of different kinds share db's tables and outbox but
// not their cases: the same ID may name a case of each kind. It panics if
// the kind has no name or no New.
func NewStore[C kit.Stored[C]](db *DB, kind kit.Kind[C]) *Store[C] {
	if kind.Name == "" || kind.New == nil {
		panic(fmt.Sprintf("postgres.NewStore: bad kind %q", kind.Name))
	}
	return &Store[C]{db: db, kind: kind.Name, zero: kind.New}
}

func (s *Store[C]) op(name string) string { return "postgres." + s.kind + "." + name }

// fail returns err for op: Canceled when ctx is done, an *Error as it is,
// anything else Internal.
func fail(ctx context.Context, op string, err error) error {
	if cerr := kit.ContextError(ctx, op); cerr != nil {
		return cerr
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return kit.StoreError(op, err)
	}
	var de *dandang.Error
	if errors.As(err, &de) {
		return err
	}
	return internal(op, err)
}

// readAgain runs read, and once more when it met a connection lost under
// it (killed, restarted, cut): a read changes nothing, so it is safe to
// repeat. The pool's idle connections are dropped first, as a lost
// connection usually means the others went with it, so that the read runs
// on a fresh one. Saves are never repeated blindly. In a host's transaction
// ([WithTx]) a read is not repeated: the transaction went with the
// connection.
func (db *DB) readAgain(ctx context.Context, read func() error) error {
	err := read()
	if err != nil && ctx.Err() == nil && txOf(ctx) == nil && connLost(err) {
		db.pool.Reset()
		err = read()
	}
	return err
}

// connLost reports whether err says the connection went away rather than
// that the statement failed.
func connLost(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "57P01", "57P02", "57P03": // admin shutdown, crash shutdown, cannot connect now
			return true
		}
		return false
	}
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.As(err, &ne) || pgconn.SafeToRetry(err)
}

// indexColumns are the columns of a case row beside its data: what queries
// select on. decode checks each against the data.
const indexColumns = "version, state, subject_ids, organ_id, organ_region, due, provisional, closed_at, priority"

const caseColumns = "id, " + indexColumns + ", data"

// columns holds a case row's index columns as scanned.
type columns struct {
	version     int
	state       string
	subjects    []string
	organ       string
	region      string
	due         *int32
	provisional bool
	closed      *time.Time
	priority    bool
}

func (c *columns) dest() []any {
	return []any{&c.version, &c.state, &c.subjects, &c.organ, &c.region, &c.due, &c.provisional, &c.closed, &c.priority}
}

// differ names the first column that does not say what the case's meta
// says, or "".
func (c *columns) differ(m kit.Meta) string {
	due := int32(0)
	if c.due != nil {
		due = *c.due
	}
	subjects := m.SubjectIDs
	if subjects == nil {
		subjects = []string{}
	}
	switch {
	case c.version != m.Version:
		return fmt.Sprintf("data at version %d, row at %d", m.Version, c.version)
	case c.state != m.State:
		return fmt.Sprintf("data in state %q, row in %q", m.State, c.state)
	case !slices.Equal(c.subjects, subjects):
		return fmt.Sprintf("data about %v, row about %v", m.SubjectIDs, c.subjects)
	case c.organ != m.OrganID || c.region != m.OrganRegion:
		return fmt.Sprintf("data handled by %s (%s), row by %s (%s)", m.OrganID, m.OrganRegion, c.organ, c.region)
	case due != int32(m.Due) || c.provisional != m.Provisional:
		return fmt.Sprintf("data due %d (provisional %v), row due %d (provisional %v)", m.Due, m.Provisional, due, c.provisional)
	case (c.closed == nil) != m.ClosedAt.IsZero() || (c.closed != nil && !c.closed.Equal(m.ClosedAt)):
		return fmt.Sprintf("data closed at %v, row at %v", m.ClosedAt, c.closed)
	case c.priority != m.Priority:
		return fmt.Sprintf("data priority %v, row %v", m.Priority, c.priority)
	}
	return ""
}

// decode decodes a case strictly, checks it against every column of its
// row and validates it: a row changed behind the library's back is an
// Internal error naming the case, never silent zero values, and a case
// found by an edited index column is never returned for it (XC11).
func (s *Store[C]) decode(op, id string, col columns, data []byte) (C, error) {
	// The row's organ is the index column's: the engine tells a reader
	// outside its reach no more than NotFound (kit.RowError).
	organ := col.organ
	bad := func(msg string, err error) error {
		return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC11",
			Message: fmt.Sprintf("%s case %q: stored row does not validate: %s", s.kind, id, msg),
			Err:     &kit.RowError{Kind: s.kind, ID: id, OrganID: organ, Err: err}}
	}
	c, msg, err := decodeJSON(s.zero, data)
	if msg != "" {
		var zero C
		return zero, bad(msg, err)
	}
	m := c.Meta()
	switch {
	case m.ID != id:
		err = bad(fmt.Sprintf("data names case %q", m.ID), nil)
	case col.differ(m) != "":
		err = bad(col.differ(m), nil)
	default:
		if verr := c.Validate(); verr != nil {
			err = bad("invalid case", verr)
		}
	}
	if err != nil {
		var zero C
		return zero, err
	}
	return c, nil
}

// fastJSON decodes names as written, no unknown name and nothing after
// the value: a case's JSON as a save wrote it, at about a third of
// encoding/json's cost.
var fastJSON = jsonv2.RejectUnknownMembers(true)

// decodeJSON decodes a case's JSON into a new case: first with its
// DecodeCanonicalJSON (kit.CanonicalDecoder), which reads only the form
// a save writes; when that refuses it, with fastJSON; and when that
// refuses it, once more with encoding/json (DisallowUnknownFields), whose
// verdict and value stand: the faster decoders refuse what encoding/json
// may take, such as names in another case (a row written before the data
// contract), whitespace, a name given twice or bytes that are not UTF-8.
// FuzzDecodeJSON holds that what either faster decoder takes,
// encoding/json takes and decodes alike.
// It returns what is wrong ("" when nothing is) and the decoder's error.
func decodeJSON[C any](zero func() C, data []byte) (C, string, error) {
	c := zero()
	if d, ok := any(c).(kit.CanonicalDecoder); ok && d.DecodeCanonicalJSON(data) {
		return c, "", nil
	}
	c = zero()
	if jsonv2.Unmarshal(data, c, fastJSON) == nil {
		return c, "", nil
	}
	c = zero()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return c, "bad data", err
	}
	if dec.More() {
		return c, "data after the case", nil
	}
	return c, "", nil
}

func (s *Store[C]) notFound(op, id string) error {
	return &dandang.Error{Code: dandang.NotFound, Op: op, Message: fmt.Sprintf("no %s case %q", s.kind, id)}
}

// Get returns the case with id. The error is NotFound when there is no
// such case of the store's kind, Canceled when ctx is done, and Internal
// when the stored row does not decode and validate.
func (s *Store[C]) Get(ctx context.Context, id string) (C, error) {
	op := s.op("Get")
	var zero C
	var col columns
	var data []byte
	err := s.db.readAgain(ctx, func() error {
		return s.db.conn(ctx).QueryRow(ctx, "SELECT "+indexColumns+", data FROM cases WHERE kind = $1 AND id = $2", s.kind, id).
			Scan(append(col.dest(), &data)...)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return zero, s.notFound(op, id)
	}
	if err != nil {
		return zero, fail(ctx, op, err)
	}
	return s.decode(op, id, col, data)
}

// loadQuery reads a case and its history in one statement, so in one
// snapshot: a row per record, the case's data on the first only, and one
// row with no record for a case without history. The history is fenced by
// the parameters themselves, not only by the join: cases' key columns
// collate as "C" and history's do not, and a join alone on them keeps
// the planner off history's primary key (a scan of every record).
const loadQuery = `SELECT c.version, c.state, c.subject_ids, c.organ_id, c.organ_region, c.due, c.provisional, c.closed_at, c.priority,
		CASE WHEN row_number() OVER (ORDER BY h.seq) = 1 THEN c.data END,
		h.case_kind, h.case_id, h.seq, h.at, h.actor, h.command, h.from_state, h.to_state, h.reason, h.rules, h.payload,
		h.state_hash, h.prev_hash, h.hash
	FROM cases c LEFT JOIN history h ON h.case_kind = $1 AND h.case_id = $2 AND h.case_kind = c.kind AND h.case_id = c.id
	WHERE c.kind = $1 AND c.id = $2
	ORDER BY h.seq`

// historyQuery is loadQuery without the case's data.
var historyQuery = strings.Replace(loadQuery, "CASE WHEN row_number() OVER (ORDER BY h.seq) = 1 THEN c.data END", "NULL::json", 1)

// load runs query for id and returns the case's columns, data (nil for
// historyQuery) and records; found is false when there is no case. A
// connection lost under it is met once more on a fresh one.
func (s *Store[C]) load(ctx context.Context, op, query, id string) (col columns, data []byte, out []dandang.Record, found bool, err error) {
	err = s.db.readAgain(ctx, func() error {
		col, data, out, found, err = s.loadOnce(ctx, op, query, id)
		return err
	})
	return col, data, out, found, err
}

func (s *Store[C]) loadOnce(ctx context.Context, op, query, id string) (col columns, data []byte, out []dandang.Record, found bool, err error) {
	rows, err := s.db.conn(ctx).Query(ctx, query, s.kind, id)
	if err != nil {
		return col, nil, nil, false, fail(ctx, op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			d                                                                  []byte
			kind, caseID, command, from, to, reason, stateHash, prevHash, hash *string
			seq                                                                *int
			at                                                                 *time.Time
			actor, payload                                                     []byte
			rules                                                              []string
		)
		if err := rows.Scan(append(col.dest(), &d, &kind, &caseID, &seq, &at, &actor, &command, &from, &to, &reason, &rules, &payload,
			&stateHash, &prevHash, &hash)...); err != nil {
			return col, nil, nil, false, fail(ctx, op, err)
		}
		if !found {
			data, found = d, true
		}
		if seq == nil {
			continue
		}
		r := dandang.Record{CaseKind: *kind, CaseID: *caseID, Seq: *seq, At: at.In(dandang.China), Command: *command,
			From: *from, To: *to, Reason: *reason, Rules: rules, Payload: payload, StateHash: *stateHash, PrevHash: *prevHash, Hash: *hash}
		if err := json.Unmarshal(actor, &r.Actor); err != nil {
			return col, nil, nil, false, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC01",
				Message: fmt.Sprintf("%s case %q record %d: bad actor", s.kind, id, r.Seq),
				Err:     &kit.RowError{Kind: s.kind, ID: id, OrganID: col.organ, Err: err}}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return col, nil, nil, false, fail(ctx, op, err)
	}
	return col, data, out, found, nil
}

// Load returns the case with id and its history, oldest first, read in one
// statement and so in one snapshot. The error is NotFound when there is no
// such case, Canceled when ctx is done, and Internal when the stored row
// does not decode and validate.
func (s *Store[C]) Load(ctx context.Context, id string) (C, []dandang.Record, error) {
	op := s.op("Load")
	var zero C
	col, data, recs, found, err := s.load(ctx, op, loadQuery, id)
	if err != nil {
		return zero, nil, err
	}
	if !found {
		return zero, nil, s.notFound(op, id)
	}
	c, err := s.decode(op, id, col, data)
	if err != nil {
		return zero, nil, err
	}
	return c, recs, nil
}

// History returns the case's records in order, their times in China time.
// The error is NotFound when there is no such case, and Canceled when ctx
// is done.
func (s *Store[C]) History(ctx context.Context, id string) ([]dandang.Record, error) {
	op := s.op("History")
	_, _, recs, found, err := s.load(ctx, op, historyQuery, id)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, s.notFound(op, id)
	}
	return recs, nil
}

// insertHistory inserts a record, queued for its leaf in the log when
// $16 is true ([Log] numbers it at its next read).
const insertHistory = `INSERT INTO history (case_kind, case_id, seq, at, actor, command, from_state, to_state, reason, rules, payload, state_hash, prev_hash, hash, save_token, queued)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, CASE WHEN $16::boolean THEN nextval('history_queued') END)`

const insertUnique = `INSERT INTO case_unique (kind, key, case_id) VALUES ($1, $2, $3)`

// writeKeys makes the case's rows in case_keys the pairs ($3[i], $4[i]):
// it deletes those no longer listed and inserts those new, so that a save
// that changes no key writes no index entry.
const writeKeys = `WITH want AS (SELECT DISTINCT w.name, w.value FROM unnest($3::text[], $4::text[]) AS w(name, value)),
	dropped AS (DELETE FROM case_keys k WHERE k.kind = $1 AND k.case_id = $2
		AND NOT EXISTS (SELECT 1 FROM want WHERE want.name = k.name AND want.value = k.value))
	INSERT INTO case_keys (kind, case_id, name, value) SELECT $1, $2, name, value FROM want ON CONFLICT DO NOTHING`

// keyPairs flattens keys into parallel lists of names and values, in the
// order of the names.
func keyPairs(keys map[string][]string) (names, values []string) {
	names, values = []string{}, []string{}
	for _, name := range slices.Sorted(maps.Keys(keys)) {
		for _, v := range keys[name] {
			names, values = append(names, name), append(values, v)
		}
	}
	return names, values
}

const insertOutbox = `INSERT INTO outbox (id, kind, case_kind, case_id, at, payload) VALUES ($1, $2, $3, $4, $5, $6)`

const insertCase = `WITH ins AS (
		INSERT INTO cases (kind, id, version, state, subject_ids, organ_id, organ_region, due, provisional, closed_at, priority, data)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (kind, id) DO NOTHING RETURNING 1)
	SELECT CASE WHEN EXISTS (SELECT 1 FROM ins) THEN 1 ELSE dandang_case_refused($1, $2, 0) END`

const updateCase = `WITH upd AS (
		UPDATE cases SET version = $3, state = $4, subject_ids = $5, organ_id = $6, organ_region = $7, due = $8,
			provisional = $9, closed_at = $10, priority = $11, data = $12
		WHERE kind = $1 AND id = $2 AND version = $13 RETURNING 1)
	SELECT CASE WHEN EXISTS (SELECT 1 FROM upd) THEN 1 ELSE dandang_case_refused($1, $2, $13) END`

// queueRecords queues the inserts of records, each queued for its leaf
// in the log unless log is false.
func queueRecords(b *pgx.Batch, records []dandang.Record, token string, log bool) error {
	for _, r := range records {
		actor, err := json.Marshal(r.Actor)
		if err != nil {
			return err
		}
		var rules []string
		if len(r.Rules) > 0 {
			rules = r.Rules
		}
		b.Queue(insertHistory, r.CaseKind, r.CaseID, r.Seq, r.At, actor, r.Command, r.From, r.To, r.Reason, rules, r.Payload,
			r.StateHash, r.PrevHash, r.Hash, token, log)
	}
	return nil
}

// queueEvents queues the inserts of events and, when there are any, the
// notification that wakes the dispatchers listening (Outbox.Notify): sent
// in the same transaction, it is delivered when that commits, and never
// for events rolled back.
func queueEvents(b *pgx.Batch, events []dandang.Event) {
	for _, e := range events {
		b.Queue(insertOutbox, e.ID, string(e.Kind), e.CaseKind, e.CaseID, e.At, e.Payload)
	}
	if len(events) > 0 {
		b.Queue(notifyOutbox, NotifyChannel)
	}
}

// Save writes c, its records and events, each record queued for its leaf
// in the DB's [Log], in one transaction (or, on a context from
// [WithTx], in the host's transaction) if the stored
// version is prev (0: the case must be new, and claims its Meta.Unique keys
// in case_unique), and makes the case's rows in case_keys its Meta.Keys. It returns Conflict when the stored version is not
// prev, when prev is 0 and the case exists, when another case of the kind
// holds one of its unique keys (field "Unique"), or when
// an event's ID exists in the outbox (of any kind); NotFound when prev is
// above 0 and there is no such case; Canceled when ctx is done; and
// Internal when c's version is not prev plus the number of records, or a
// record is not the next of this case's history. Whenever it returns an
// error it has written nothing.
//
// The records, the events and the case row go to the server in one batch,
// one round trip, which the server runs as one implicit transaction: the
// case statement raises when the row is not at prev, and a history key
// taken by a concurrent save or an existing event ID is a unique
// violation, either of which rolls back the whole batch.
//
// A save takes no lock but its case row's: saves of different cases, on
// any instance, commit side by side (the server flushes their commits
// together). The log numbers the queued records at its next read
// ([Log.Tree]), without gaps, each case's in order.
func (s *Store[C]) Save(ctx context.Context, c C, prev int, records []dandang.Record, events []dandang.Event) error {
	op := s.op("Save")
	if err := kit.ContextError(ctx, op); err != nil {
		return err
	}
	m := c.Meta()
	if err := kit.CheckSave(op, s.kind, m, prev, records); err != nil {
		return err
	}
	data, err := kit.EncodeJSON(c) // json.Marshal(c), without reflection for a case type
	if err != nil {
		return internal(op, err)
	}
	var due *int32
	if m.Due != 0 {
		d := int32(m.Due)
		due = &d
	}
	var closed *time.Time
	if !m.ClosedAt.IsZero() {
		closed = &m.ClosedAt
	}
	subjects := m.SubjectIDs
	if subjects == nil {
		subjects = []string{}
	}
	provisional := m.Provisional
	keyNames, keyValues := keyPairs(m.Keys)
	// A batch is built for each send: one sent on a lost connection refers
	// to statements prepared there.
	token := rand.Text()
	// Keys are rewritten unless they are those of the version this store
	// saved last: case_keys holds those while the row is at prev, and the
	// save writes nothing unless it is.
	writeKeysToo := len(keyNames) > 0
	if prev != 0 {
		writeKeysToo = txOf(ctx) != nil || !s.last.sameKeys(m.ID, prev, keyNames, keyValues)
	}
	send := func() error {
		b := &pgx.Batch{}
		// The case's row first: a save that loses the race for it raises
		// there, and a case's records take their places in the log's queue
		// only once its previous save committed, so in the order of their seq.
		if prev == 0 {
			b.Queue(insertCase, s.kind, m.ID, m.Version, m.State, subjects, m.OrganID, m.OrganRegion, due, provisional, closed, m.Priority, data)
			for _, u := range m.Unique {
				b.Queue(insertUnique, s.kind, u, m.ID)
			}
		} else {
			b.Queue(updateCase, s.kind, m.ID, m.Version, m.State, subjects, m.OrganID, m.OrganRegion, due, provisional, closed, m.Priority, data, prev)
		}
		if err := queueRecords(b, records, token, !s.db.noLog); err != nil {
			return internal(op, err)
		}
		queueEvents(b, events)
		if writeKeysToo {
			b.Queue(writeKeys, s.kind, m.ID, keyNames, keyValues)
		}
		return s.db.sendBatch(ctx, b)
	}
	err = send()
	if err != nil && ctx.Err() == nil && txOf(ctx) == nil && connLost(err) {
		// The connection went away under the save: it committed whole or
		// not at all. Read which, and send it once more only if it did not.
		switch outcome, rerr := s.saved(ctx, m, prev, token, len(records)); {
		case rerr != nil:
			return fail(ctx, op, rerr)
		case outcome == saveCommitted:
			return nil
		case outcome == saveAbsent:
			err = send()
		default:
			return &dandang.Error{Code: dandang.Conflict, Op: op, Message: fmt.Sprintf("%s case %q was saved by someone else while the connection was lost", s.kind, m.ID), Err: err}
		}
	}
	switch {
	case err != nil || txOf(ctx) != nil:
		// A host's transaction may yet roll back: keep nothing of it.
		s.last.drop(m.ID)
	default:
		s.last.put(m.ID, saved[C]{c: c.Clone(), names: keyNames, values: keyValues})
	}
	var pe *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe) && pe.Code == "23505" && pe.TableName == "outbox":
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: "an event exists already", Err: err}
	case errors.As(err, &pe) && pe.Code == "23505" && pe.TableName == "case_unique":
		return &dandang.Error{Code: dandang.Conflict, Op: op, Field: "Unique",
			Message: fmt.Sprintf("%s case %q claims a key another case holds", s.kind, m.ID), Err: err}
	case errors.As(err, &pe) && pe.Code == "23505":
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: fmt.Sprintf("%s case %q was saved by someone else first", s.kind, m.ID), Err: err}
	case errors.As(err, &pe) && pe.Code == "DD409":
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: pe.Message, Err: err}
	case errors.As(err, &pe) && pe.Code == "DD404":
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: pe.Message, Err: err}
	}
	return fail(ctx, op, err)
}

type saveOutcome int

const (
	saveAbsent    saveOutcome = iota // the row is still at prev (or missing, for a new case): nothing was written
	saveCommitted                    // the row is at the save's version and head: the save committed
	saveOvertaken                    // someone else's save is there: the batch, sent again, fails as stale
)

// saved reads, after a connection was lost under a save of m on prev,
// whether that save committed: its first record carries its token. A save
// with no record (a case row alone) is told by the row's version.
func (s *Store[C]) saved(ctx context.Context, m kit.Meta, prev int, token string, records int) (saveOutcome, error) {
	var version int
	var found *string
	err := s.db.readAgain(ctx, func() error {
		return s.db.conn(ctx).QueryRow(ctx, `SELECT c.version, h.save_token FROM cases c
			LEFT JOIN history h ON h.case_kind = $1 AND h.case_id = $2 AND h.seq = $3 AND h.case_kind = c.kind AND h.case_id = c.id
			WHERE c.kind = $1 AND c.id = $2`, s.kind, m.ID, prev+1).Scan(&version, &found)
	})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		if prev == 0 {
			return saveAbsent, nil
		}
		return saveOvertaken, nil
	case err != nil:
		return saveOvertaken, err
	case records > 0 && found != nil && *found == token:
		return saveCommitted, nil
	case records > 0 && found != nil:
		return saveOvertaken, nil // another save took this place in the history
	case version == prev:
		return saveAbsent, nil
	}
	return saveOvertaken, nil
}

// findSQL returns the query Find runs for f on kind, and its arguments.
func findSQL(kind string, f kit.Filter) (string, []any) {
	args := []any{kind}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where := []string{"kind = $1"}
	from := "cases"
	switch name := keyToWalk(f.Keys); {
	case name != "":
		// A key's values have few cases: find each value's through the
		// keys' btree, then read each case by its primary key, then filter
		// those few. Each step is a lateral subquery fenced by OFFSET 0,
		// which the planner cannot turn into a join that scans, nor into
		// an index scan that reads every value of the name and filters
		// them (as it does for "value = ANY(...)" on a table it has no
		// statistics of yet), whatever its statistics say of the other
		// conditions.
		from = "(SELECT DISTINCT k.case_id FROM unnest(" + arg(f.Keys[name]) + "::text[]) AS v(value)" +
			" CROSS JOIN LATERAL (SELECT case_id FROM case_keys WHERE kind = $1 AND name = " + arg(name) +
			" AND value = v.value OFFSET 0) AS k) AS k" +
			" CROSS JOIN LATERAL (SELECT * FROM cases WHERE kind = $1 AND id = k.case_id OFFSET 0) AS hit"
		// Other names are checked on each case found, a lookup of the
		// whole key for each value (OFFSET 0 keeps it so, never a join nor
		// a scan of the name's keys).
		for _, other := range slices.Sorted(maps.Keys(f.Keys)) {
			if other != name {
				where = append(where, "EXISTS (SELECT 1 FROM unnest("+arg(f.Keys[other])+"::text[]) AS w(value)"+
					" CROSS JOIN LATERAL (SELECT 1 FROM case_keys x WHERE x.kind = $1 AND x.case_id = hit.id AND x.name = "+arg(other)+
					" AND x.value = w.value OFFSET 0) AS x OFFSET 0)")
			}
		}
		if f.SubjectID != "" {
			where = append(where, "subject_ids @> ARRAY["+arg(f.SubjectID)+"::text]")
		}
	case f.SubjectID != "":
		// A subject has few cases: find them through the subject index
		// alone, whatever the planner's statistics say of the other
		// conditions, then filter those few, kind included. With the kind
		// inside, a planner without statistics ANDs in the kind's index and
		// reads every case of the kind.
		from = "(SELECT * FROM cases WHERE subject_ids @> ARRAY[" + arg(f.SubjectID) + "::text] OFFSET 0) AS hit"
	case !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero():
		// A period's closed cases: by closing time first, then the
		// reader's reach and region on those found (statistics), whatever
		// the planner's statistics say of the organs: its cost follows the
		// cases closed in the period, not the store's size.
		closed := "closed_at IS NOT NULL"
		if !f.ClosedFrom.IsZero() {
			closed += " AND closed_at >= " + arg(f.ClosedFrom)
		}
		if !f.ClosedTo.IsZero() {
			closed += " AND closed_at < " + arg(f.ClosedTo)
		}
		from = "(SELECT * FROM cases WHERE kind = $1 AND " + closed + " OFFSET 0) AS hit"
	}
	if f.OrganIDs != nil {
		where = append(where, "organ_id = ANY("+arg(f.OrganIDs)+"::text[])")
	}
	if f.Region != "" {
		where = append(where, "organ_region LIKE "+arg(escapeLike(f.Region)+"%"))
	}
	if f.State != "" {
		where = append(where, "state = "+arg(f.State))
	}
	if !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero() {
		where = append(where, "closed_at IS NOT NULL")
		if !f.ClosedFrom.IsZero() {
			where = append(where, "closed_at >= "+arg(f.ClosedFrom))
		}
		if !f.ClosedTo.IsZero() {
			where = append(where, "closed_at < "+arg(f.ClosedTo))
		}
	}
	if f.DueBefore != 0 {
		where = append(where, "due IS NOT NULL", "due < "+arg(int32(f.DueBefore)))
	}
	if f.Provisional {
		where = append(where, "provisional")
	}
	sql := "SELECT " + caseColumns + " FROM " + from + " WHERE " + strings.Join(where, " AND ")
	if f.DueBefore != 0 {
		sql += " ORDER BY due, id"
	} else {
		sql += " ORDER BY priority DESC, id"
	}
	if f.Limit > 0 {
		sql += " LIMIT " + arg(f.Limit)
	}
	return sql, args
}

// keyToWalk returns the name of keys that Find looks cases up by: the one
// listed with the fewest values, the first by name of those; "" when keys
// is empty.
func keyToWalk(keys map[string][]string) string {
	name := ""
	for n, values := range keys {
		if name == "" || len(values) < len(keys[name]) || (len(values) == len(keys[name]) && n < name) {
			name = n
		}
	}
	return name
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Find returns the cases f selects, in the order f.Less gives, at most
// f.Limit of them: the database filters, orders and limits them on the
// indexed columns and case_keys. The error is Canceled when ctx is done,
// and Internal (XC11) when a stored row does not decode and validate, or
// its case was found by a key its data does not hold.
func (s *Store[C]) Find(ctx context.Context, f kit.Filter) ([]C, error) {
	for _, values := range f.Keys {
		if len(values) == 0 {
			if err := kit.ContextError(ctx, s.op("Find")); err != nil {
				return nil, err
			}
			return []C{}, nil
		}
	}
	var out []C
	err := s.db.readAgain(ctx, func() error {
		var err error
		out, err = s.findOnce(ctx, f)
		return err
	})
	return out, err
}

func (s *Store[C]) findOnce(ctx context.Context, f kit.Filter) ([]C, error) {
	op := s.op("Find")
	sql, args := findSQL(s.kind, f)
	rows, err := s.db.conn(ctx).Query(ctx, sql, args...)
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	defer rows.Close()
	out := []C{}
	var bad []error
	for rows.Next() {
		var id string
		var col columns
		var data []byte
		if err := rows.Scan(append([]any{&id}, append(col.dest(), &data)...)...); err != nil {
			return nil, fail(ctx, op, err)
		}
		c, err := s.decode(op, id, col, data)
		if err == nil && f.Keys != nil && !(kit.Filter{Keys: f.Keys}).Match(c.Meta()) {
			err = &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC11",
				Message: fmt.Sprintf("%s case %q: found by a key its data does not hold", s.kind, id)}
		}
		if err != nil {
			// One bad row does not fail every find that meets it: it is
			// left out and named in the error beside the result (XC11).
			bad = append(bad, err)
			continue
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, op, err)
	}
	if len(bad) > 0 {
		return out, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC11",
			Message: fmt.Sprintf("%d stored %s rows left out", len(bad), s.kind), Err: errors.Join(bad...)}
	}
	return out, nil
}
