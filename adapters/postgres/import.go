package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/dandang/dandang"
	"github.com/dandang/dandang/kit"
	"github.com/jackc/pgx/v5"
)

// Import writes cases replayed elsewhere with their whole histories (a
// host's historical cases), many in one transaction by COPY: each new case
// as [Store.Save] from version 0 would write it — its row in cases, its
// records in history, queued for their leaves in the DB's [Log], its
// case_keys and case_unique rows — and no event. It returns what it did with each
// case, in order: [kit.ImportWritten]; [kit.ImportPresent] when the store
// holds the case with the same history, or continued from it
// ([kit.Continues]: the case was imported before, so a file imported twice
// writes nothing the second time, even after the case went on live);
// [kit.ImportConflict] when it holds
// the case with another history, or another case (stored or earlier in
// cases) holds one of its unique keys, which is left as it is.
//
// The records are queued for the log as a save's are, in the order of the
// cases and their seq; the log's next reader numbers them. The error is
// Canceled when ctx is done; Conflict when a
// save of one of the cases, or of one of their unique keys, committed
// while the import ran (run it again: it writes the others); Internal when
// a case's version is not the number of its records, a record is not the
// next of its history, or the database fails. Whenever it returns an
// error it has written nothing.
func (s *Store[C]) Import(ctx context.Context, cases []kit.Imported[C]) ([]kit.ImportOutcome, error) {
	op := s.op("Import")
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	metas := make([]kit.Meta, len(cases))
	ids := make([]string, 0, len(cases))
	var uniques []string
	for i, ic := range cases {
		metas[i] = ic.Case.Meta()
		if err := kit.CheckImport(op, s.kind, metas[i], ic.Records); err != nil {
			return nil, err
		}
		ids = append(ids, metas[i].ID)
		uniques = append(uniques, metas[i].Unique...)
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	// What the store holds of these cases and keys.
	held := map[string]int{} // case ID → version
	rows, err := tx.Query(ctx, "SELECT id, version FROM cases WHERE kind = $1 AND id = ANY($2)", s.kind, ids)
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	for rows.Next() {
		var id string
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return nil, fail(ctx, op, err)
		}
		held[id] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, op, err)
	}
	claimed := map[string]string{} // unique key → case ID
	if len(uniques) > 0 {
		rows, err := tx.Query(ctx, "SELECT key, case_id FROM case_unique WHERE kind = $1 AND key = ANY($2)", s.kind, uniques)
		if err != nil {
			return nil, fail(ctx, op, err)
		}
		for rows.Next() {
			var k, id string
			if err := rows.Scan(&k, &id); err != nil {
				return nil, fail(ctx, op, err)
			}
			claimed[k] = id
		}
		if err := rows.Err(); err != nil {
			return nil, fail(ctx, op, err)
		}
	}

	// The histories of the cases held at the versions imported, read at
	// once: a file imported again reads them all.
	var again []string
	for i := range cases {
		if v, ok := held[metas[i].ID]; ok && v >= metas[i].Version {
			again = append(again, metas[i].ID)
		}
	}
	histories, err := s.loadHistories(ctx, tx, op, again)
	if err != nil {
		return nil, err
	}

	out := make([]kit.ImportOutcome, len(cases))
	mine := map[string]int{} // case ID → its index in cases, for the cases written
	nRecords := 0
	for i, ic := range cases {
		m := metas[i]
		if v, ok := held[m.ID]; ok {
			out[i] = kit.ImportConflict
			if v >= m.Version && kit.Continues(histories[m.ID], ic.Records) {
				out[i] = kit.ImportPresent
			}
			continue
		}
		if j, ok := mine[m.ID]; ok {
			out[i] = kit.ImportConflict
			if metas[j].Version == m.Version && kit.SameHistory(cases[j].Records, ic.Records) {
				out[i] = kit.ImportPresent
			}
			continue
		}
		taken := false
		for _, u := range m.Unique {
			if id, ok := claimed[u]; ok && id != m.ID {
				taken = true
			}
		}
		if taken {
			out[i] = kit.ImportConflict
			continue
		}
		for _, u := range m.Unique {
			claimed[u] = m.ID
		}
		mine[m.ID] = i
		out[i] = kit.ImportWritten
		nRecords += len(ic.Records)
	}
	if len(mine) == 0 {
		return out, nil
	}
	// Each record is queued for its leaf in the log, as a save queues it:
	// the log's first reader after the commit numbers them (Log.Tree).
	var queue []int64
	if !s.db.noLog && nRecords > 0 {
		rows, err := tx.Query(ctx, "SELECT nextval('history_queued') FROM generate_series(1, $1::int)", nRecords)
		if err != nil {
			return nil, fail(ctx, op, err)
		}
		for rows.Next() {
			var q int64
			if err := rows.Scan(&q); err != nil {
				return nil, fail(ctx, op, err)
			}
			queue = append(queue, q)
		}
		if err := rows.Err(); err != nil {
			return nil, fail(ctx, op, err)
		}
		// In the order the sequence gave them, whatever order the rows
		// came in: records are queued in their cases' order.
		slices.Sort(queue)
	}
	r := importRows{}
	for i, ic := range cases {
		if out[i] != kit.ImportWritten || mine[metas[i].ID] != i {
			continue
		}
		if err := r.add(s.kind, ic.Case, metas[i], ic.Records, &queue); err != nil {
			return nil, internal(op, err)
		}
	}
	if err := r.copy(ctx, tx); err != nil {
		if isUnique(err) {
			return nil, &dandang.Error{Code: dandang.Conflict, Op: op,
				Message: fmt.Sprintf("a %s case or unique key of the batch was saved while it was imported", s.kind), Err: err}
		}
		return nil, fail(ctx, op, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fail(ctx, op, err)
	}
	return out, nil
}

// loadHistories reads the histories of the cases ids in tx, by case ID.
// It selects on history's own columns, so that its primary key serves.
func (s *Store[C]) loadHistories(ctx context.Context, tx pgx.Tx, op string, ids []string) (map[string][]dandang.Record, error) {
	out := map[string][]dandang.Record{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `SELECT case_id, seq, at, actor, command, from_state, to_state, reason, rules, payload, state_hash, prev_hash, hash
		FROM history WHERE case_kind = $1 AND case_id = ANY($2::text[]) ORDER BY case_id, seq`, s.kind, ids)
	if err != nil {
		return nil, fail(ctx, op, err)
	}
	defer rows.Close()
	for rows.Next() {
		r := dandang.Record{CaseKind: s.kind}
		var actor []byte
		if err := rows.Scan(&r.CaseID, &r.Seq, &r.At, &actor, &r.Command, &r.From, &r.To, &r.Reason, &r.Rules, &r.Payload, &r.StateHash, &r.PrevHash, &r.Hash); err != nil {
			return nil, fail(ctx, op, err)
		}
		if err := json.Unmarshal(actor, &r.Actor); err != nil {
			return nil, internal(op, err)
		}
		r.At = r.At.In(dandang.China)
		out[r.CaseID] = append(out[r.CaseID], r)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, op, err)
	}
	return out, nil
}

// importRows are the rows an import copies, table by table, as Save would
// write them.
type importRows struct {
	cases, history, keys, unique [][]any
}

// add appends the rows of a case with its records; *queue holds the
// queue numbers of the records in the log (nil: the DB keeps no log), and
// add takes the first ones.
func (r *importRows) add(kind string, c any, m kit.Meta, records []dandang.Record, queue *[]int64) error {
	data, err := kit.EncodeJSON(c)
	if err != nil {
		return err
	}
	var due *int32
	if m.Due != 0 {
		d := int32(m.Due)
		due = &d
	}
	var closed any
	if !m.ClosedAt.IsZero() {
		closed = m.ClosedAt
	}
	subjects := m.SubjectIDs
	if subjects == nil {
		subjects = []string{}
	}
	r.cases = append(r.cases, []any{kind, m.ID, m.Version, m.State, subjects, m.OrganID, m.OrganRegion, due, m.Provisional, closed, m.Priority, json.RawMessage(data)})
	for _, rec := range records {
		actor, err := json.Marshal(rec.Actor)
		if err != nil {
			return err
		}
		var rules []string
		if len(rec.Rules) > 0 {
			rules = rec.Rules
		}
		var payload any
		if rec.Payload != nil {
			payload = json.RawMessage(rec.Payload)
		}
		var queued any
		if len(*queue) > 0 {
			queued, *queue = (*queue)[0], (*queue)[1:]
		}
		r.history = append(r.history, []any{rec.CaseKind, rec.CaseID, rec.Seq, rec.At, json.RawMessage(actor), rec.Command, rec.From, rec.To,
			rec.Reason, rules, payload, rec.StateHash, rec.PrevHash, rec.Hash, "import", queued})
	}
	names, values := keyPairs(m.Keys)
	seen := map[[2]string]bool{}
	for i := range names {
		k := [2]string{names[i], values[i]}
		if !seen[k] {
			seen[k] = true
			r.keys = append(r.keys, []any{kind, m.ID, names[i], values[i]})
		}
	}
	for _, u := range m.Unique {
		r.unique = append(r.unique, []any{kind, u, m.ID})
	}
	return nil
}

// copy copies the rows in tx.
func (r *importRows) copy(ctx context.Context, tx pgx.Tx) error {
	tables := []struct {
		name string
		cols []string
		rows [][]any
	}{
		{"cases", []string{"kind", "id", "version", "state", "subject_ids", "organ_id", "organ_region", "due", "provisional", "closed_at", "priority", "data"}, r.cases},
		{"history", []string{"case_kind", "case_id", "seq", "at", "actor", "command", "from_state", "to_state", "reason", "rules", "payload", "state_hash", "prev_hash", "hash", "save_token", "queued"}, r.history},
		{"case_keys", []string{"kind", "case_id", "name", "value"}, r.keys},
		{"case_unique", []string{"kind", "key", "case_id"}, r.unique},
	}
	for _, t := range tables {
		if len(t.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(t.rows)); err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
	}
	return nil
}
