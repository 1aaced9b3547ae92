-- Reports are indexed by the month they were received and the month their
-- malice was established, in China's time, so that statistics read a
-- period through the subject index (accusation.Statistics, XC04). Rows
-- written before carry neither key: add them where Case.Meta lists them,
-- last, the received month before the established one, so that the rows
-- agree with their data again.
--
-- From here on, due and provisional are also kept for an ended case that
-- still owes a deadline (a reporter's objection to a closed report); no
-- case written before could owe one.
UPDATE cases SET subject_ids = subject_ids
	|| ARRAY['~m:' || to_char((coalesce(data->>'ReceivedAt', data->>'receivedAt')::timestamptz AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')]
	|| CASE WHEN coalesce(data->'Determination'->'Approved'->>'At', data->'determination'->'approved'->>'at') IS NULL THEN ARRAY[]::text[]
		ELSE ARRAY['~e:' || to_char((coalesce(data->'Determination'->'Approved'->>'At', data->'determination'->'approved'->>'at')::timestamptz AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')]
	END
WHERE kind = 'accusation' AND NOT EXISTS (SELECT 1 FROM unnest(subject_ids) AS k WHERE k LIKE '~m:%');
