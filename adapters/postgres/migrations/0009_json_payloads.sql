-- The data contract (CONTRACT.md): payloads are readable as JSON in SQL.
-- json, not jsonb: json keeps the bytes as written, the bytes a record's
-- hash covers (a history payload) and a case's state hash was taken over.
-- The bytea rows were written by encoding/json, so they are valid UTF-8
-- JSON and convert unchanged.
ALTER TABLE history ALTER COLUMN payload TYPE json USING convert_from(payload, 'UTF8')::json;
ALTER TABLE outbox ALTER COLUMN payload TYPE json USING convert_from(payload, 'UTF8')::json;
