-- Clearance cases: the case as JSON beside the columns queries select on.
CREATE TABLE clearance_cases (
    id           text PRIMARY KEY,
    version      integer NOT NULL CHECK (version > 0),
    state        text NOT NULL,
    subject_id   text NOT NULL,
    organ_id     text NOT NULL,
    organ_region text NOT NULL,
    due          integer,      -- deadline day (days since 1970, China time) of an open case; NULL once closed
    closed_at    timestamptz,  -- NULL while open
    data         json NOT NULL
) WITH (fillfactor = 70); -- room on each page, so that most saves are HOT updates that touch no index
-- A save is one batch, run by the server as one implicit transaction: when
-- the case row is not where the save expects it, this raises, and the
-- history and outbox rows of the same batch are rolled back with it.
CREATE FUNCTION dandang_clearance_refused(p_id text, p_prev integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE v integer;
BEGIN
    SELECT version INTO v FROM clearance_cases WHERE id = p_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'dandang: no case %', p_id USING ERRCODE = 'DD404';
    END IF;
    RAISE EXCEPTION 'dandang: case % is at version %, not %', p_id, v, p_prev USING ERRCODE = 'DD409';
END
$$;

CREATE INDEX clearance_cases_subject ON clearance_cases (subject_id);
CREATE INDEX clearance_cases_organ ON clearance_cases (organ_id);
CREATE INDEX clearance_cases_state ON clearance_cases (state);
CREATE INDEX clearance_cases_due ON clearance_cases (due) WHERE due IS NOT NULL;
CREATE INDEX clearance_cases_closed ON clearance_cases (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX clearance_cases_region_closed ON clearance_cases (organ_region text_pattern_ops, closed_at);

-- History of every process, hash-chained per case. Append-only: the server
-- itself refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE history (
    case_kind text NOT NULL,
    case_id   text NOT NULL,
    seq       integer NOT NULL CHECK (seq > 0),
    at        timestamptz NOT NULL,
    actor     jsonb NOT NULL,
    command   text NOT NULL,
    from_state text NOT NULL,
    to_state  text NOT NULL,
    reason    text NOT NULL,
    rules     text[],
    payload   bytea,
    prev_hash text NOT NULL,
    hash      text NOT NULL,
    PRIMARY KEY (case_kind, case_id, seq)
);

CREATE FUNCTION dandang_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dandang: history is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER history_no_update_delete BEFORE UPDATE OR DELETE ON history
    FOR EACH ROW EXECUTE FUNCTION dandang_history_append_only();
CREATE TRIGGER history_no_truncate BEFORE TRUNCATE ON history
    FOR EACH STATEMENT EXECUTE FUNCTION dandang_history_append_only();

-- The outbox of every process. A dispatcher claims pending events with a
-- lease (claimed_until) so that instances never hold the same event at once.
CREATE TABLE outbox (
    id            text PRIMARY KEY,
    kind          text NOT NULL,
    case_kind     text NOT NULL,
    case_id       text NOT NULL,
    at            timestamptz NOT NULL,
    payload       bytea NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    last_error    text NOT NULL DEFAULT '',
    delivered_at  timestamptz,
    claimed_until timestamptz
);
CREATE INDEX outbox_pending ON outbox (at, id) WHERE delivered_at IS NULL;
