package postgres

// FindSQL is findSQL, for tests that EXPLAIN Find's queries.
var FindSQL = findSQL

// WithoutLog makes db's saves append no leaf: the benchmark that prices
// the log compares with it.
func WithoutLog(db *DB) *DB { db.noLog = true; return db }
