-- Keys a case claims when it is created (dandang.Meta.Unique), one case
-- each per kind, across every instance sharing the database: two intakes
-- of the same reporter's same report at one organ, on two instances at
-- once, cannot both register it as new (AC15). Keys are held for good.
CREATE TABLE case_unique (
	kind    text NOT NULL,
	key     text NOT NULL,
	case_id text NOT NULL,
	PRIMARY KEY (kind, key)
);
