-- The subject index serves screening on every intake (AC05): its lookups
-- must not grow with the store. With GIN's fast update, new entries wait in
-- a pending list that every lookup reads through until vacuum merges it:
-- on a store taking many reports between vacuums, screening slowed with
-- each one. Entries now go into the index as they are written.
SELECT gin_clean_pending_list('cases_subjects'::regclass);
ALTER INDEX cases_subjects SET (fastupdate = off);
