-- Each save writes a token of its own beside its history records: when the
-- connection is lost under a save, the store reads whether that save, and
-- not an identical one racing it, committed. The token is not part of the
-- record or its hash.
ALTER TABLE history ADD COLUMN save_token text NOT NULL DEFAULT '';
