-- A save no longer numbers its records' leaves: numbering them in the
-- order saves commit made every save hold the log's size row from its
-- first statement to its commit, so that saves on every instance waited on
-- each other's commit one at a time. A save now queues its records
-- (queued, from history_queued, taken in the order saves write), and the
-- first reader of the log after it (Log.Tree, CaseLeaves, Records) gives
-- every queued record its leaf, in queue order, under the log's advisory
-- lock: leaves stay numbered without gaps, each record is a leaf once, and
-- a case's records are leaves in the order of their seq (a case's next
-- save is written after its last one committed).
--
-- Records written before already have their leaf; queued is NULL for
-- them, and for records a store writes without the log.
ALTER TABLE history ADD COLUMN queued bigint;
CREATE SEQUENCE history_queued;
CREATE INDEX history_unsealed ON history (queued) WHERE leaf IS NULL AND queued IS NOT NULL;

-- History stays append-only, but for the one update the log makes: a
-- queued record given its leaf, once, and nothing else of it changed.
CREATE FUNCTION dandang_history_leaf_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.leaf IS NULL AND OLD.queued IS NOT NULL AND NEW.leaf IS NOT NULL
        AND to_jsonb(NEW) - 'leaf' = to_jsonb(OLD) - 'leaf' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'dandang: history is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER history_no_update_delete ON history;
CREATE TRIGGER history_no_update_delete BEFORE UPDATE OR DELETE ON history
    FOR EACH ROW EXECUTE FUNCTION dandang_history_leaf_once();
