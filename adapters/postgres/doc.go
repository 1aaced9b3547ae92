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
// [NewStore] returns the dandang.Store of one case kind. The cases of every
// kind are rows of one table, keyed by kind and ID, with the columns queries
// select on beside the case as JSON; the history and the outbox are shared
// by every kind too.
//
// A case's named secondary keys (dandang.Meta.Keys) are rows of case_keys
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
// trigger refuses UPDATE, DELETE and TRUNCATE. Queries run on indexes by
// subject (GIN, a case may have several), organ, state, deadline and
// provisional deadline (partial indexes on open cases), region and closing
// time, and the database orders and limits what Find returns. Load reads
// a case and its history in one statement, so in one snapshot.
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
package postgres
