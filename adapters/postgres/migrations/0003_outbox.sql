-- Outbox delivery states: an event is pending until a handler for its kind
-- succeeded (delivered) or its handlers failed as often as the dispatcher
-- allows (dead, a dead letter, put back to pending only by hand). A failed
-- event waits for next_attempt (the dispatcher's clock) before it is handed
-- out again.
ALTER TABLE outbox
    ADD COLUMN state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    ADD COLUMN next_attempt timestamptz, -- NULL: due at once
    ADD COLUMN dead_at timestamptz;      -- NULL unless dead
UPDATE outbox SET state = 'delivered' WHERE delivered_at IS NOT NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_delivered_at CHECK ((state = 'delivered') = (delivered_at IS NOT NULL));
ALTER TABLE outbox ADD CONSTRAINT outbox_dead_at CHECK ((state = 'dead') = (dead_at IS NOT NULL));

DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (at, id) WHERE state = 'pending';
CREATE INDEX outbox_dead ON outbox (dead_at, id) WHERE state = 'dead';
