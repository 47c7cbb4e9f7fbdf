-- name: scope
-- The contacts a report covers, as the table macro scoped(since, until): every
-- contact created at or after `since` and before `until` (either may be NULL
-- for no bound). Each contact carries three flags set on import, telling
-- whether its file had the first_response_at, resolved_at and remedy_amount
-- columns at all (response_known, resolution_known, amount_known): an empty
-- first_response_at means "never answered" only where the column was present;
-- where it was absent the channel's response metrics are unknown. Its
-- contact_key (import and row number) identifies it for self-joins.
CREATE OR REPLACE TEMP MACRO scoped(since, until) AS TABLE
SELECT c.*
FROM contacts AS c
WHERE (since IS NULL OR c.created_at >= since)
  AND (until IS NULL OR c.created_at < until)
