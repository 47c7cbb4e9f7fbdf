-- name: rate_counts
-- Successes and trials per channel, stratum and rate metric: the input of the
-- rate metrics and of their tests. Trials are the contacts for which the
-- outcome is known (its column was present and the value not empty).
--   response_rate: contacts with a first response / contacts
--   resolution_rate: contacts resolved / contacts
--   abandon_rate: contacts abandoned / contacts with an abandoned value
--   reopen_rate: contacts reopened / contacts with a reopened value
--   transfer_rate: contacts with one or more transfers / contacts with a value
--   remedy_rate: contacts with a concrete remedy / contacts with a remedy value
-- A response, resolution or abandonment after the as-of time has not
-- happened yet (see observed).
-- The stratum is the category ('(none)' when empty).
-- With $parted, also per week of created_at (part: week_of; else NULL),
-- which an import keeps (parity.kept).
-- params: since, until, as_of, parted
WITH s AS (
    SELECT *, coalesce(category, '(none)') AS stratum,
        CASE WHEN $parted THEN week_of(created_at) END AS part
    FROM observed($since, $until, $as_of)
),
counts AS (
    SELECT channel, stratum, part,
        count(first_response_at) AS response_rate_x,
        count(*) FILTER (WHERE response_known) AS response_rate_n,
        count(resolved_at) AS resolution_rate_x,
        count(*) FILTER (WHERE resolution_known) AS resolution_rate_n,
        count(*) FILTER (WHERE abandoned) AS abandon_rate_x,
        count(abandoned) AS abandon_rate_n,
        count(*) FILTER (WHERE reopened) AS reopen_rate_x,
        count(reopened) AS reopen_rate_n,
        count(*) FILTER (WHERE transfers >= 1) AS transfer_rate_x,
        count(transfers) AS transfer_rate_n,
        count(*) FILTER (WHERE remedy) AS remedy_rate_x,
        count(remedy) AS remedy_rate_n
    FROM s GROUP BY ALL
),
long AS (
    UNPIVOT counts
    ON (response_rate_x, response_rate_n) AS response_rate,
       (resolution_rate_x, resolution_rate_n) AS resolution_rate,
       (abandon_rate_x, abandon_rate_n) AS abandon_rate,
       (reopen_rate_x, reopen_rate_n) AS reopen_rate,
       (transfer_rate_x, transfer_rate_n) AS transfer_rate,
       (remedy_rate_x, remedy_rate_n) AS remedy_rate
    INTO NAME metric VALUE successes, trials
)
SELECT channel, stratum, metric, successes, trials, part
FROM long
WHERE trials > 0
ORDER BY channel, stratum, metric, part
