-- A case's JSON passes 2 kB as its content grows, and the server then
-- compresses it on every save and decompresses it on every read: with lz4,
-- where the server has it, both cost a fraction of pglz's. Values written
-- before stay as they are and read as before.
DO $$
BEGIN
    ALTER TABLE cases ALTER COLUMN data SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL; -- a server built without lz4 keeps pglz
END
$$;
