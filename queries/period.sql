-- name: period
-- The period a report covers and its as-of time. start and end are the first
-- and last created_at in scope. as_of is the latest timestamp anywhere in the
-- store (created, first response, resolution or abandonment): the moment the
-- data was last known to be current. Never-answered and unresolved contacts
-- are censored at as_of when nothing earlier is known. first_seen is the
-- earliest timestamp in the store: with as_of, the span the clock must cover.
-- params: since, until
SELECT
    (SELECT min(created_at) FROM scoped($since, $until)) AS period_start,
    (SELECT max(created_at) FROM scoped($since, $until)) AS period_end,
    (SELECT count(*) FROM scoped($since, $until)) AS contacts,
    greatest(
        (SELECT max(created_at) FROM contacts),
        (SELECT max(first_response_at) FROM contacts),
        (SELECT max(resolved_at) FROM contacts),
        (SELECT max(abandoned_at) FROM contacts)
    ) AS as_of,
    least(
        (SELECT min(created_at) FROM contacts),
        (SELECT min(first_response_at) FROM contacts),
        (SELECT min(resolved_at) FROM contacts),
        (SELECT min(abandoned_at) FROM contacts)
    ) AS first_seen
