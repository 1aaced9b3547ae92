package postgres

// FindSQL is findSQL, for tests that EXPLAIN Find's queries.
var FindSQL = findSQL
