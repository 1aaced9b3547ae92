package memdb

import (
	"context"

	"github.com/dandang/dandang/kit"
)

// Import writes cases replayed elsewhere with their whole histories (a
// host's historical cases), many in one transaction: each new case as
// [Store.Save] from version 0 would write it — the case, its records, the
// leaves of its records in the DB's [Log], its index and unique keys — and
// no event. It returns what it did with each case, in order:
// [kit.ImportWritten]; [kit.ImportPresent] when the store holds the case
// with the same history, or continued from it ([kit.Continues]: the case
// was imported before, so a file imported twice writes nothing the second
// time, even after the case went on live); [kit.ImportConflict]
// when it holds the case with another history, or another case (stored or
// earlier in cases) holds one of its unique keys, which is left as it is.
//
// The error is Canceled when ctx is done, and Internal when a case's
// version is not the number of its records or a record is not the next
// of its history; whenever it returns an error it has written nothing.
func (s *Store[C]) Import(ctx context.Context, cases []kit.Imported[C]) ([]kit.ImportOutcome, error) {
	op := s.op("Import")
	if err := kit.ContextError(ctx, op); err != nil {
		return nil, err
	}
	for _, ic := range cases {
		if err := kit.CheckImport(op, s.kind, ic.Case.Meta(), ic.Records); err != nil {
			return nil, err
		}
	}
	out := make([]kit.ImportOutcome, len(cases))
	txn := s.db.db.Txn(true)
	defer txn.Abort()
	for i, ic := range cases {
		m := ic.Case.Meta()
		obj, err := txn.First(tableRows, "id", rowCase, s.kind, m.ID)
		if err != nil {
			return nil, internal(op, err)
		}
		if obj != nil {
			old := obj.(*caseRow[C])
			out[i] = kit.ImportConflict
			if old.meta().Version >= m.Version && kit.Continues(old.copyRecords(), ic.Records) {
				out[i] = kit.ImportPresent
			}
			continue
		}
		held := false
		for _, u := range m.Unique {
			k, err := txn.First(tableRows, "id", key(rowKey, s.kind, idxUnique, u))
			if err != nil {
				return nil, internal(op, err)
			}
			held = held || (k != nil && k.(*uniqueRow).id != m.ID)
		}
		if held {
			out[i] = kit.ImportConflict
			continue
		}
		for _, u := range m.Unique {
			if err := txn.Insert(tableRows, &uniqueRow{key: nulTerminated(key(rowKey, s.kind, idxUnique, u)), id: m.ID}); err != nil {
				return nil, internal(op, err)
			}
		}
		if err := s.writeKeys(txn, nil, indexKeys(s.kind, &m)); err != nil {
			return nil, internal(op, err)
		}
		row := &caseRow[C]{key: rowKeyOf(rowCase, s.kind, m.ID), c: ic.Case.Clone()}
		row.history = s.appendHistory(nil, ic.Records, m.ID)
		if !m.ClosedAt.IsZero() {
			row.end(s.db.strs, s.shape, &m)
		}
		if row.leafIdx, err = s.db.appendLeaves(txn, ic.Records); err != nil {
			return nil, internal(op, err)
		}
		if row.packed != nil {
			row.packed, row.leafIdx = row.packed.withLeaves(row.leafIdx), nil
		}
		if err := txn.Insert(tableRows, row); err != nil {
			return nil, internal(op, err)
		}
		out[i] = kit.ImportWritten
	}
	txn.Commit()
	return out, nil
}
