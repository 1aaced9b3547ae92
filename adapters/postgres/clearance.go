package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/clearance"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ClearanceStore is the clearance.Store on a DB. It is safe for concurrent
// use, by any number of instances sharing the database.
type ClearanceStore struct {
	db *DB
}

var _ clearance.Store = (*ClearanceStore)(nil)

const caseColumns = "id, version, state, data"

// scanCase decodes and validates one case row.
func scanCase(op string, row pgx.Row) (*clearance.Case, error) {
	var id, state string
	var version int
	var data []byte
	if err := row.Scan(&id, &version, &state, &data); err != nil {
		return nil, err
	}
	return decodeCase(op, id, version, state, data)
}

// decodeCase decodes a case strictly, checks it against its row's columns
// and validates it: a row changed behind our back is an error naming the
// case, never silent zero values.
func decodeCase(op, id string, version int, state string, data []byte) (*clearance.Case, error) {
	bad := func(msg string, err error) error {
		return &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC01",
			Message: fmt.Sprintf("case %q: stored row does not validate: %s", id, msg), Err: err}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c clearance.Case
	if err := dec.Decode(&c); err != nil {
		return nil, bad("bad data", err)
	}
	switch {
	case c.ID != id:
		return nil, bad(fmt.Sprintf("data names case %q", c.ID), nil)
	case c.Version != version:
		return nil, bad(fmt.Sprintf("data at version %d, row at %d", c.Version, version), nil)
	case string(c.State) != state:
		return nil, bad(fmt.Sprintf("data in state %q, row in %q", c.State, state), nil)
	}
	if err := c.Validate(); err != nil {
		return nil, bad("invalid case", err)
	}
	return &c, nil
}

// Get returns the case with id, or a NotFound error.
func (s *ClearanceStore) Get(ctx context.Context, id string) (*clearance.Case, error) {
	const op = "postgres.Clearance.Get"
	c, err := scanCase(op, s.db.pool.QueryRow(ctx, "SELECT "+caseColumns+" FROM clearance_cases WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, &dandang.Error{Code: dandang.NotFound, Op: op, Message: "no case " + id}
	}
	if err != nil {
		return nil, wrap(op, err)
	}
	return c, nil
}

func wrap(op string, err error) error {
	var de *dandang.Error
	if errors.As(err, &de) {
		return err
	}
	return internal(op, err)
}

// row columns of a case.
func caseRow(c *clearance.Case) (due *int32, closed *time.Time, data []byte, err error) {
	if c.Open() && c.Due != 0 {
		d := int32(c.Due)
		due = &d
	}
	if !c.ClosedAt.IsZero() {
		t := c.ClosedAt
		closed = &t
	}
	data, err = json.Marshal(c)
	return due, closed, data, err
}

const insertHistory = `INSERT INTO history (case_kind, case_id, seq, at, actor, command, from_state, to_state, reason, rules, payload, prev_hash, hash)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`

const insertOutbox = `INSERT INTO outbox (id, kind, case_kind, case_id, at, payload) VALUES ($1, $2, $3, $4, $5, $6)`

func queueRecords(b *pgx.Batch, records []dandang.Record) error {
	for _, r := range records {
		actor, err := json.Marshal(r.Actor)
		if err != nil {
			return err
		}
		var rules []string
		if len(r.Rules) > 0 {
			rules = r.Rules
		}
		b.Queue(insertHistory, r.CaseKind, r.CaseID, r.Seq, r.At, actor, r.Command, r.From, r.To, r.Reason, rules, r.Payload, r.PrevHash, r.Hash)
	}
	return nil
}

func queueEvents(b *pgx.Batch, events []dandang.Event) {
	for _, e := range events {
		b.Queue(insertOutbox, e.ID, string(e.Kind), e.CaseKind, e.CaseID, e.At, e.Payload)
	}
}

// Save writes the case, its records and events in one transaction if the
// stored version is prev (0: the case must be new); otherwise it returns a
// Conflict error (NotFound when there is no such case) and writes nothing.
//
// The records, the events and the case row go to the server in one batch,
// one round trip, which the server runs as one implicit transaction: the
// case statement raises when the row is not at prev, and a history key
// taken by a concurrent save is a unique violation, either of which rolls
// back the whole batch.
func (s *ClearanceStore) Save(ctx context.Context, c *clearance.Case, prev int, records []dandang.Record, events []dandang.Event) error {
	const op = "postgres.Clearance.Save"
	if want := prev + len(records); c.Version != want {
		return &dandang.Error{Code: dandang.Internal, Op: op, Message: fmt.Sprintf("case version %d after %d records on %d", c.Version, len(records), prev)}
	}
	due, closed, data, err := caseRow(c)
	if err != nil {
		return internal(op, err)
	}
	b := &pgx.Batch{}
	if err := queueRecords(b, records); err != nil {
		return internal(op, err)
	}
	queueEvents(b, events)
	if prev == 0 {
		b.Queue(`WITH ins AS (INSERT INTO clearance_cases (id, version, state, subject_id, organ_id, organ_region, due, closed_at, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING 1)
			SELECT CASE WHEN EXISTS (SELECT 1 FROM ins) THEN 1 ELSE dandang_clearance_refused($1, 0) END`,
			c.ID, c.Version, string(c.State), c.Subject.ID, c.Organ.ID, c.Organ.Region, due, closed, data)
	} else {
		b.Queue(`WITH upd AS (UPDATE clearance_cases SET version = $2, state = $3, subject_id = $4, organ_id = $5, organ_region = $6,
			due = $7, closed_at = $8, data = $9 WHERE id = $1 AND version = $10 RETURNING 1)
			SELECT CASE WHEN EXISTS (SELECT 1 FROM upd) THEN 1 ELSE dandang_clearance_refused($1, $10) END`,
			c.ID, c.Version, string(c.State), c.Subject.ID, c.Organ.ID, c.Organ.Region, due, closed, data, prev)
	}
	err = s.db.pool.SendBatch(ctx, b).Close()
	var pe *pgconn.PgError
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: fmt.Sprintf("case %s was saved by someone else first", c.ID), Err: err}
	case errors.As(err, &pe) && pe.Code == "DD409":
		return &dandang.Error{Code: dandang.Conflict, Op: op, Message: pe.Message, Err: err}
	case errors.As(err, &pe) && pe.Code == "DD404":
		return &dandang.Error{Code: dandang.NotFound, Op: op, Message: pe.Message, Err: err}
	}
	return internal(op, err)
}

// History returns the case's records in order, or NotFound.
func (s *ClearanceStore) History(ctx context.Context, id string) ([]dandang.Record, error) {
	const op = "postgres.Clearance.History"
	rows, err := s.db.pool.Query(ctx, `SELECT case_kind, case_id, seq, at, actor, command, from_state, to_state, reason, rules, payload, prev_hash, hash
		FROM history WHERE case_kind = $1 AND case_id = $2 ORDER BY seq`, clearance.Kind, id)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	var out []dandang.Record
	for rows.Next() {
		var r dandang.Record
		var actor []byte
		if err := rows.Scan(&r.CaseKind, &r.CaseID, &r.Seq, &r.At, &actor, &r.Command, &r.From, &r.To, &r.Reason, &r.Rules, &r.Payload, &r.PrevHash, &r.Hash); err != nil {
			return nil, internal(op, err)
		}
		if err := json.Unmarshal(actor, &r.Actor); err != nil {
			return nil, &dandang.Error{Code: dandang.Internal, Op: op, Rule: "XC01", Message: fmt.Sprintf("case %q record %d: bad actor", id, r.Seq), Err: err}
		}
		r.At = r.At.In(dandang.China)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	if len(out) == 0 {
		var exists bool
		if err := s.db.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM clearance_cases WHERE id = $1)", id).Scan(&exists); err != nil {
			return nil, internal(op, err)
		}
		if !exists {
			return nil, &dandang.Error{Code: dandang.NotFound, Op: op, Message: "no case " + id}
		}
	}
	return out, nil
}

func (s *ClearanceStore) query(ctx context.Context, op, sql string, args ...any) ([]*clearance.Case, error) {
	rows, err := s.db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, internal(op, err)
	}
	defer rows.Close()
	var out []*clearance.Case
	for rows.Next() {
		c, err := scanCase(op, rows)
		if err != nil {
			return nil, wrap(op, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(op, err)
	}
	return out, nil
}

// Find returns the cases f selects, ordered by ID, on the indexed columns.
func (s *ClearanceStore) Find(ctx context.Context, f clearance.Filter) ([]*clearance.Case, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.SubjectID != "" {
		where = append(where, "subject_id = "+arg(f.SubjectID))
	}
	if f.OrganID != "" {
		where = append(where, "organ_id = "+arg(f.OrganID))
	}
	if f.Region != "" {
		where = append(where, "organ_region LIKE "+arg(escapeLike(f.Region)+"%"))
	}
	if f.State != "" {
		where = append(where, "state = "+arg(string(f.State)))
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
	sql := "SELECT " + caseColumns + " FROM clearance_cases"
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	sql += " ORDER BY id"
	if f.Limit > 0 {
		sql += " LIMIT " + arg(f.Limit)
	}
	return s.query(ctx, "postgres.Clearance.Find", sql, args...)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// OverdueQuery is the query Overdue runs; it is served by the partial index
// clearance_cases_due.
const OverdueQuery = "SELECT " + caseColumns + " FROM clearance_cases WHERE due IS NOT NULL AND due < $1 ORDER BY due, id"

// Overdue returns the open cases due before day, earliest first, from the
// deadline index.
func (s *ClearanceStore) Overdue(ctx context.Context, day dandang.Day) ([]*clearance.Case, error) {
	return s.query(ctx, "postgres.Clearance.Overdue", OverdueQuery, int32(day))
}
