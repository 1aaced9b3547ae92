-- The cases of every process in one table: the case as JSON beside the
-- columns queries select on. IDs compare byte-wise (COLLATE "C"), as Go
-- compares strings, so that ORDER BY id is the order Filter.Less gives.
CREATE TABLE cases (
    kind         text COLLATE "C" NOT NULL,
    id           text COLLATE "C" NOT NULL,
    version      integer NOT NULL CHECK (version > 0),
    state        text NOT NULL,
    subject_ids  text[] NOT NULL,
    organ_id     text NOT NULL,
    organ_region text NOT NULL,
    due          integer,      -- deadline day (days since 1970, China time) of an open case; NULL once ended or with no deadline
    provisional  boolean NOT NULL DEFAULT false, -- the deadline of an open case is provisional (XC10)
    closed_at    timestamptz,  -- NULL while open
    priority     boolean NOT NULL DEFAULT false, -- listed first (CL08)
    data         json NOT NULL,
    PRIMARY KEY (kind, id)
) WITH (fillfactor = 70); -- room on each page, so that most saves are HOT updates that touch no index

CREATE INDEX cases_subjects ON cases USING gin (subject_ids);
CREATE INDEX cases_organ ON cases (kind, organ_id);
CREATE INDEX cases_state ON cases (kind, state);
CREATE INDEX cases_due ON cases (kind, due, id) WHERE due IS NOT NULL;
CREATE INDEX cases_provisional ON cases (kind, due, id) WHERE provisional;
CREATE INDEX cases_closed ON cases (kind, closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX cases_region_closed ON cases (kind, organ_region text_pattern_ops, closed_at);
CREATE INDEX cases_order ON cases (kind, priority DESC, id);

-- A save is one batch, run by the server as one implicit transaction: when
-- the case row is not where the save expects it, this raises, and the
-- history and outbox rows of the same batch are rolled back with it.
CREATE FUNCTION dandang_case_refused(p_kind text, p_id text, p_prev integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE v integer;
BEGIN
    SELECT version INTO v FROM cases WHERE kind = p_kind AND id = p_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'dandang: no % case %', p_kind, p_id USING ERRCODE = 'DD404';
    END IF;
    RAISE EXCEPTION 'dandang: % case % is at version %, not %', p_kind, p_id, v, p_prev USING ERRCODE = 'DD409';
END
$$;

-- Each record binds the case's state after it (XC11).
ALTER TABLE history ADD COLUMN state_hash text NOT NULL DEFAULT '';

INSERT INTO cases (kind, id, version, state, subject_ids, organ_id, organ_region, due, provisional, closed_at, priority, data)
SELECT 'clearance', id, version, state, ARRAY[subject_id], organ_id, organ_region, due,
       due IS NOT NULL AND coalesce((data->>'Provisional')::boolean, false),
       closed_at, coalesce((data->>'Priority')::boolean, false), data
FROM clearance_cases;

DROP TABLE clearance_cases;
DROP FUNCTION dandang_clearance_refused(text, integer);
