-- A case's JSON passes 2 kB as its content grows, and the server then
-- compresses it on every save and decompresses it on every read: with lz4,
-- where the server has it, both cost a fraction of pglz's. Values written
-- before stay as they are and read as before. A server before PostgreSQL
-- 14 has no per-column compression (the statement, run as a string, is
-- not parsed there), and one built without lz4 refuses it: both keep pglz.
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'ALTER TABLE cases ALTER COLUMN data SET COMPRESSION lz4';
    END IF;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
