// Package postgres is the PostgreSQL store of every process, on pgx: the
// store for production, where several application instances share one
// database.
//
// Open connects; Migrate applies the embedded, versioned schema migrations
// under an advisory lock, so that instances starting at once apply each
// migration exactly once, and does nothing when they are applied already.
// Each store works in the schema the connection's search_path names, so
// that one database can hold several installations (and tests one schema
// each).
//
// [NewStore] returns the kit.Store of one case kind. The cases of every
// kind are rows of one table, keyed by kind and ID, with the columns queries
// select on beside the case as JSON; the history and the outbox are shared
// by every kind too.
//
// A case's named secondary keys (kit.Meta.Keys) are rows of case_keys
// (kind, case_id, name, value), one per value, rewritten by the save that
// changes them: a reporting query may join them to cases by kind and ID.
// A lookup by key walks their btree for each value and reads each case it
// names by its primary key, so that its cost follows the cases found, not
// the store's size, with the planner's statistics current or not.
//
// A save is one transaction: the history records and outbox events are
// inserted and the case row written only where its version is the one the
// command read, otherwise nothing is written and the error has the
// Conflict code. The history table is append-only in the server itself: a
// trigger refuses UPDATE, DELETE and TRUNCATE, but for the one update the
// log makes: a queued record given its leaf, once. A save takes no lock
// but its case row's, so that saves of different cases, on any instance,
// commit side by side: its records wait in the log's queue, and the log's
// next read (Log.Tree, CaseLeaves, Records) numbers them, without gaps.
// Queries run on indexes by subject (GIN, a case may have several), organ,
// state, deadline and provisional deadline (partial indexes on open
// cases), and closing time (a period's closed cases are found by it
// first, then filtered by reach and region), and the database orders and
// limits what Find returns. Load reads a case and its history in one
// statement, so in one snapshot.
//
// The Outbox claims pending events with FOR UPDATE SKIP LOCKED and a lease,
// so that dispatchers on several instances deliver each event at least once
// without handing it to two of them at the same time; a claim that is not
// marked delivered or failed expires with its lease and the event is handed
// out again. It hands out only the kinds a dispatcher handles and only
// events whose next attempt is due; a failing event backs off and becomes a
// dead letter after the dispatcher's maximum of attempts (DeadLetters,
// Retry).
//
// Saves and Publish that write events send, in the same transaction, a
// NOTIFY on [NotifyChannel]; [Outbox.Notify] LISTENs on a connection of its
// own and reconnects when it is lost, so that dandang.Dispatcher.Run
// delivers at once and polls only as a fallback.
//
// [WithTx] runs a command inside the host's own pgx.Tx: the case, its
// history records and its events commit or roll back with the host's rows
// (the host commits), the version check still applies, and a save the
// database refuses rolls back to a savepoint, leaving the host's
// transaction usable.
//
// A read that meets a connection killed under it is read again once, on a
// fresh connection. A save is never sent again blindly: when its connection
// is lost, the store reads whether it committed (each save writes a token
// beside its first record) and sends it once more only when nothing was
// written. Run migrations as the schema's owner and the application as a
// role GrantApp set up, which cannot update, delete, truncate, alter or
// un-trigger the history.
//
// Rows read back are decoded strictly, checked column by column against the
// case they hold, and validated: a row changed behind the library's back is
// reported as an Internal error naming the case, never returned as zero
// values or found by an edited index column or key row.
// # Reading the tables from SQL
//
// A reporting query may rely on these, which change only by a migration
// with a test (CONTRACT.md): the table cases (columns kind, id, version,
// state, subject_ids, organ_id, organ_region, due, provisional, closed_at,
// priority, data), history (case_kind, case_id, seq, at, actor, command,
// from_state, to_state, reason, rules, payload, state_hash, prev_hash,
// hash) and outbox (id, kind, case_kind, case_id, at, payload, state,
// attempts, last_error, next_attempt, delivered_at, dead_at); the columns
// data and payload are json, and hold the JSON the schemas under schema/
// describe, in lowerCamelCase (data->>'state', payload->'subject'->>'id').
// A case saved before the data contract (data without "contract") keeps
// its Go field names (data->>'State') until its next command: a query over
// both reads coalesce(data->>'receivedAt', data->>'ReceivedAt').
//
// Not stable: the order of keys in the JSON (use ->, never text
// comparison), indexes, functions, the table dandang_migrations, the
// columns save_token, queued, leaf and claimed_until, and anything outside
// the tables named here. The secondary keys a process declares are in case_keys (kind,
// case_id, name, value), one row a value, rewritten with each save.
package postgres
