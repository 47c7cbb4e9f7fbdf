-- name: survival_table
-- Time-to-event observations, aggregated per channel, stratum and time: the
-- input of the time metrics and of their statistical tests.
--   first_response_time: created_at to first_response_at. A contact never
--     answered is censored, not dropped: at its abandonment time (abandoned_at)
--     or its close time (resolved_at) when known, else at the as-of time.
--   resolution_time: created_at to resolved_at; an unresolved contact is
--     censored at the as-of time. Abandonment does not end the wait for a
--     resolution: the customer's matter is still unresolved (a deliberate
--     departure from SPEC §4, see docs/metrics.md).
--   hold_time: hold_seconds where present; every value is an event.
-- Only contacts whose file had the column take part. Times are in seconds,
-- on a grid (below), on
-- the report's clock (calendar or business time, see clocked); hold_seconds is
-- a duration on the line and the same on both clocks. Events after the as-of
-- time have not happened yet (see observed, on which clocked is built).
-- The stratum is the category ('(none)' when empty).
-- params: since, until, as_of
WITH s AS (
    SELECT *, coalesce(category, '(none)') AS stratum FROM clocked($since, $until, $as_of)
),
observations AS (
    SELECT channel, stratum, 'first_response_time' AS metric,
        coalesce(first_response_pos,
                 least(coalesce(abandoned_pos, resolved_pos, as_of_pos), as_of_pos))
            - created_pos AS t,
        first_response_at IS NOT NULL AS event
    FROM s WHERE response_known
    UNION ALL
    SELECT channel, stratum, 'resolution_time',
        coalesce(resolved_pos, as_of_pos) - created_pos,
        resolved_at IS NOT NULL
    FROM s WHERE resolution_known
    UNION ALL
    SELECT channel, stratum, 'hold_time', hold_seconds, true
    FROM s WHERE hold_seconds IS NOT NULL
)
SELECT
    channel, stratum, metric,
    -- the time grid: whole seconds below 1000 s, three significant figures above
    -- (e.g. 4.42 days), so the table stays a few thousand rows per channel and
    -- stratum at any volume; see docs/metrics.md
    CASE WHEN t < 1000 THEN round(greatest(t, 0))
         ELSE round(t, 2 - floor(log10(t))::INTEGER) END AS t,
    count(*) FILTER (WHERE event) AS events,
    count(*) FILTER (WHERE NOT event) AS censored
FROM observations
GROUP BY ALL
