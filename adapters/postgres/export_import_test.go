package postgres

import (
	"context"

	"github.com/dandang/dandang/kit"
)

// Rows are the rows Import would write for some cases, built beforehand.
type Rows struct{ r importRows }

// RowsOf builds the rows of cases of kind, their records queued for the
// log from first on: what Import copies, with nothing checked or read.
func RowsOf[C kit.Stored[C]](kind string, cases []kit.Imported[C], first int64) (*Rows, error) {
	out := &Rows{}
	var queue []int64
	for _, ic := range cases {
		for range ic.Records {
			queue = append(queue, first)
			first++
		}
	}
	for _, ic := range cases {
		if err := out.r.add(kind, ic.Case, ic.Case.Meta(), ic.Records, &queue); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RawCopy copies rows in one transaction by COPY alone: the floor an
// import is measured against.
func RawCopy(ctx context.Context, db *DB, rows *Rows) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if err := rows.r.copy(ctx, tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
