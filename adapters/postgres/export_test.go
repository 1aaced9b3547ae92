package postgres

import "context"

// FindSQL is findSQL, for tests that EXPLAIN Find's queries.
var FindSQL = findSQL

// LoadSQL and HistorySQL are the statements Load and History run, for
// tests that EXPLAIN them.
var LoadSQL, HistorySQL = loadQuery, historyQuery

// WithoutLog makes db's saves append no leaf: the benchmark that prices
// the log compares with it.
func WithoutLog(db *DB) *DB { db.noLog = true; return db }

// Row is a case row as Get reads it, not decoded.
type Row struct {
	id   string
	col  columns
	data []byte
}

// ReadRow reads the row of the case with id as Get does, without decoding
// it: the SQL half of Get.
func (s *Store[C]) ReadRow(ctx context.Context, id string) (Row, error) {
	r := Row{id: id}
	err := s.db.pool.QueryRow(ctx, "SELECT "+indexColumns+", data FROM cases WHERE kind = $1 AND id = $2", s.kind, id).
		Scan(append(r.col.dest(), &r.data)...)
	return r, err
}

// DecodeRow decodes a row as Get does: the other half.
func (s *Store[C]) DecodeRow(r Row) (C, error) { return s.decode(s.op("Get"), r.id, r.col, r.data) }
