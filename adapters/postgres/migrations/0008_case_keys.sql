-- Named secondary keys (dandang.Meta.Keys): a row per (name, value) of a
-- case, rewritten in the transaction of every save that changes them.
-- A lookup (Filter.Keys) walks case_keys_lookup for the few rows of a
-- value, then reads each case by its primary key: a plain btree, so that
-- its cost follows the cases found, never the store's size, whatever the
-- planner thinks of the other conditions (a GIN index over an array of the
-- cases row, as the subjects have, waits on its pending list or is ANDed
-- with other indexes). The primary key serves a save's rewrite of one
-- case's keys.
CREATE TABLE case_keys (
	kind    text COLLATE "C" NOT NULL,
	case_id text COLLATE "C" NOT NULL,
	name    text COLLATE "C" NOT NULL,
	value   text COLLATE "C" NOT NULL,
	PRIMARY KEY (kind, case_id, name, value)
);
CREATE INDEX case_keys_lookup ON case_keys (kind, name, value, case_id);

-- Reports written before kept their keys in subject_ids, each behind a
-- prefix (accusation's content hash, reporter's pseudonym, first report
-- of a repeat, month received, month established): move them out under
-- the names accusation.Case.Meta gives them now, keeping the real
-- subjects in their order, so that the rows agree with their data again.
INSERT INTO case_keys (kind, case_id, name, value)
SELECT DISTINCT c.kind, c.id,
	CASE left(k, 3)
		WHEN '~c:' THEN 'content_hash'
		WHEN '~p:' THEN 'pseudonym'
		WHEN '~r:' THEN 'repeat_of'
		WHEN '~m:' THEN 'received_month'
		WHEN '~e:' THEN 'established_month'
	END,
	substr(k, 4)
FROM cases c, unnest(c.subject_ids) AS k
WHERE c.kind = 'accusation' AND left(k, 3) IN ('~c:', '~p:', '~r:', '~m:', '~e:');

UPDATE cases SET subject_ids = array(
		SELECT k FROM unnest(subject_ids) WITH ORDINALITY AS u(k, i)
		WHERE left(k, 3) NOT IN ('~c:', '~p:', '~r:', '~m:', '~e:') ORDER BY i)
WHERE kind = 'accusation' AND EXISTS (SELECT 1 FROM unnest(subject_ids) AS k WHERE left(k, 3) IN ('~c:', '~p:', '~r:', '~m:', '~e:'));
