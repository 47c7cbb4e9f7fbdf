-- name: period
-- The period a report covers: start and end are the first and last
-- created_at in scope, contacts how many contacts it holds. Its as-of time
-- and the span its clock must cover are the store's (queries/store_span.sql).
-- params: since, until
SELECT min(created_at) AS period_start, max(created_at) AS period_end,
    count(*) AS contacts
FROM scoped($since, $until)
