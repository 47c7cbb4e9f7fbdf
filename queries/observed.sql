-- name: observed
-- The contacts in scope as they stood at the as-of time, as the table macro
-- observed(since, until, as_of): a first response, resolution or abandonment
-- recorded after `as_of` had not happened yet at that time, so it is read as
-- missing and the contact is censored at as_of; the hold of a call answered
-- after as_of is unknown too. Outcomes without a timestamp (transfers,
-- reopened, remedy, csat) count as recorded. With the default as-of (the
-- latest timestamp in the data) nothing is masked; an earlier as-of, as
-- `parity summary` uses for each period, gives the figures as they were then.
CREATE OR REPLACE TEMP MACRO observed(since, until, as_of) AS TABLE
SELECT * REPLACE (
    CASE WHEN as_of IS NULL OR first_response_at <= as_of THEN first_response_at END
        AS first_response_at,
    CASE WHEN as_of IS NULL OR resolved_at <= as_of THEN resolved_at END AS resolved_at,
    CASE WHEN as_of IS NULL OR abandoned_at <= as_of THEN abandoned_at END AS abandoned_at,
    CASE WHEN abandoned AND abandoned_at > as_of THEN false ELSE abandoned END AS abandoned,
    CASE WHEN first_response_at > as_of THEN NULL ELSE hold_seconds END AS hold_seconds
)
FROM scoped(since, until)
