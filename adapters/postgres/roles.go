package postgres

import (
	"context"
	"fmt"
	"regexp"

	"github.com/dandang/dandang/kit"
	"github.com/jackc/pgx/v5"
)

var roleName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// AppGrants returns the statements that let role run the application on
// the schema of the connection's search_path, and no more: it reads every
// table, inserts into every table, updates the columns of a case a save
// writes (not its kind or ID) and the delivery columns of the outbox (not
// an event's ID, kind, case or payload), deletes the secondary keys a save
// drops (case_keys), updates the log's size (log_size) and a queued
// record's leaf (history.leaf, once: a trigger refuses any other update),
// and may neither update, delete nor truncate the history otherwise, nor
// delete from any other table.
// A role that does not own the tables cannot ALTER them or disable the
// history's append-only trigger. Run them as the tables' owner (the
// role that ran Migrate) after every Migrate that applied a migration
// (GrantApp does): a migration may add a table, a sequence or a column the
// application writes (0011 adds the sequence every save draws from and the
// history's leaf update), and until the grants are run again the
// application's saves are refused.
//
// What this leaves open: a superuser, and the owner, can still disable the
// trigger, rewrite history rows and re-hash the chain. Verify finds an edit
// that was not re-hashed; a rewrite re-hashed end to end is found by
// audit.Verify against a signed checkpoint taken before it (package audit).
func AppGrants(schema, role string) ([]string, error) {
	if !roleName.MatchString(role) {
		return nil, kit.Invalidf("postgres.AppGrants", "XC06", "role", fmt.Sprintf("%q is not a plain role name", role))
	}
	s := pgx.Identifier{schema}.Sanitize()
	r := pgx.Identifier{role}.Sanitize()
	return []string{
		fmt.Sprintf("GRANT USAGE ON SCHEMA %s TO %s", s, r),
		fmt.Sprintf("REVOKE ALL ON ALL TABLES IN SCHEMA %s FROM %s", s, r),
		fmt.Sprintf("GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA %s TO %s", s, r),
		// Column grants: a save rewrites a case's row but never its kind or
		// ID; delivery moves an event's delivery columns but never its ID,
		// kind, case or payload.
		fmt.Sprintf("GRANT UPDATE (version, state, subject_ids, organ_id, organ_region, due, provisional, closed_at, priority, data) ON %s.cases TO %s", s, r),
		fmt.Sprintf("GRANT UPDATE (state, attempts, last_error, delivered_at, claimed_until, next_attempt, dead_at) ON %s.outbox TO %s", s, r),
		fmt.Sprintf("GRANT UPDATE ON %s.log_size TO %s", s, r),
		// The log gives a queued record its leaf, once (the history's
		// trigger refuses any other update).
		fmt.Sprintf("GRANT UPDATE (leaf) ON %s.history TO %s", s, r),
		fmt.Sprintf("GRANT USAGE ON ALL SEQUENCES IN SCHEMA %s TO %s", s, r),
		fmt.Sprintf("GRANT DELETE ON %s.case_keys TO %s", s, r),
		fmt.Sprintf("REVOKE INSERT ON %s.dandang_migrations FROM %s", s, r),
	}, nil
}

// GrantApp runs [AppGrants] for role on the schema of the connection's
// search_path. The role must exist. Run it as the tables' owner.
//
// Errors: Invalid (XC06) for a role name that is not plain; Internal when
// a statement fails (the role does not exist, the caller owns nothing).
func (db *DB) GrantApp(ctx context.Context, role string) error {
	const op = "postgres.GrantApp"
	var schema string
	if err := db.pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return internal(op, err)
	}
	stmts, err := AppGrants(schema, role)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		for _, st := range stmts {
			if _, err := tx.Exec(ctx, st); err != nil {
				return internal(op, fmt.Errorf("%s: %w", st, err))
			}
		}
		return nil
	})
}
