-- name: scope
-- The contacts a report covers, as the table macro scoped(since, until): every
-- contact created at or after `since` and before `until` (either may be NULL
-- for no bound), with three flags telling whether the file it came from had
-- the first_response_at, resolved_at and remedy_amount columns at all. An
-- empty first_response_at means "never answered" only where the column was
-- present; where it was absent the channel's response metrics are unknown.
-- contact_key identifies a contact within the run (the row id), for self-joins.
CREATE OR REPLACE TEMP MACRO scoped(since, until) AS TABLE
SELECT
    c.*,
    c.rowid AS contact_key,
    list_contains(i.columns, 'first_response_at') AS response_known,
    list_contains(i.columns, 'resolved_at') AS resolution_known,
    list_contains(i.columns, 'remedy_amount') AS amount_known
FROM contacts AS c
JOIN imports AS i USING (import_id)
WHERE (since IS NULL OR c.created_at >= since)
  AND (until IS NULL OR c.created_at < until)
