-- The Merkle log of every kind's history (audit.Log): each record is a
-- leaf, the RFC 6962 leaf hash of the record's hash as its hex digits,
-- appended in the transaction that saves the record. log_size is the
-- number of leaves; a save raises it, so saves take their leaf numbers one
-- after another, without gaps, in the order they commit.
CREATE TABLE log_size (
    id   boolean PRIMARY KEY DEFAULT true CHECK (id),
    size bigint NOT NULL CHECK (size >= 0)
);

CREATE TABLE log_leaves (
    idx  bigint PRIMARY KEY CHECK (idx >= 0),
    hash bytea NOT NULL CHECK (length(hash) = 32)
);

-- The hashes of the tree over the leaves in tlog's layout (leaves and
-- interior nodes), derived from log_leaves when a checkpoint or a proof
-- is asked for.
CREATE TABLE log_hashes (
    idx  bigint PRIMARY KEY CHECK (idx >= 0),
    hash bytea NOT NULL CHECK (length(hash) = 32)
);

-- Each record names its leaf.
ALTER TABLE history ADD COLUMN leaf bigint;

-- The records saved before the log: leaves in the order they were made.
ALTER TABLE history DISABLE TRIGGER history_no_update_delete;
UPDATE history h SET leaf = o.n
FROM (SELECT case_kind, case_id, seq, row_number() OVER (ORDER BY at, case_kind, case_id, seq) - 1 AS n FROM history) o
WHERE h.case_kind = o.case_kind AND h.case_id = o.case_id AND h.seq = o.seq;
ALTER TABLE history ENABLE TRIGGER history_no_update_delete;

INSERT INTO log_leaves (idx, hash)
SELECT leaf, sha256('\x00'::bytea || convert_to(hash, 'UTF8')) FROM history;
INSERT INTO log_size (size) SELECT count(*) FROM history;

-- Leaves and tree hashes are append-only, as the history is.
CREATE TRIGGER log_leaves_no_update_delete BEFORE UPDATE OR DELETE ON log_leaves
    FOR EACH ROW EXECUTE FUNCTION dandang_history_append_only();
CREATE TRIGGER log_leaves_no_truncate BEFORE TRUNCATE ON log_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION dandang_history_append_only();
CREATE TRIGGER log_hashes_no_update_delete BEFORE UPDATE OR DELETE ON log_hashes
    FOR EACH ROW EXECUTE FUNCTION dandang_history_append_only();
CREATE TRIGGER log_hashes_no_truncate BEFORE TRUNCATE ON log_hashes
    FOR EACH STATEMENT EXECUTE FUNCTION dandang_history_append_only();
-- The size only grows.
CREATE FUNCTION dandang_log_grows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.size < OLD.size THEN
        RAISE EXCEPTION 'dandang: the log only grows: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER log_size_grows BEFORE UPDATE OR DELETE ON log_size
    FOR EACH ROW EXECUTE FUNCTION dandang_log_grows();
