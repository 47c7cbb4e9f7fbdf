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
-- The stratum is the category ('(none)' when empty). With $parted, also per
-- week of created_at (part: week_of; else NULL), which an import keeps
-- (parity.kept).
-- params: since, until, as_of, parted
-- s is computed once and scanned three times: on the business clock each
-- scan of clocked places every instant on its channel's opening hours (a
-- lookup of its slot per instant), so at 10 M contacts 1.06 s against 1.26 s;
-- on the calendar clock about the same time either way, and no more memory
-- (docs/performance.md).
WITH s AS MATERIALIZED (
    SELECT channel, coalesce(category, '(none)') AS stratum, response_known, resolution_known,
        hold_seconds, first_response_at, resolved_at, created_pos, first_response_pos,
        resolved_pos, abandoned_pos, as_of_pos,
        CASE WHEN $parted THEN week_of(created_at) END AS part
    FROM clocked($since, $until, $as_of)
),
observations AS (  -- the metric as its index in the list below: grouping on it is cheaper
    SELECT channel, stratum, part, 1 AS m,
        coalesce(first_response_pos,
                 least(coalesce(abandoned_pos, resolved_pos, as_of_pos), as_of_pos))
            - created_pos AS t,
        first_response_at IS NOT NULL AS event
    FROM s WHERE response_known
    UNION ALL
    SELECT channel, stratum, part, 2,
        coalesce(resolved_pos, as_of_pos) - created_pos,
        resolved_at IS NOT NULL
    FROM s WHERE resolution_known
    UNION ALL
    SELECT channel, stratum, part, 3, hold_seconds, true
    FROM s WHERE hold_seconds IS NOT NULL
),
counted AS (
    SELECT
        channel, stratum, part, m,
        -- the time grid: whole seconds below 1000 s, three significant figures above
        -- (e.g. 4.42 days), so the table stays a few thousand rows per channel and
        -- stratum at any volume; see docs/metrics.md. Written out per decade up to
        -- 10^8 s (three years): a fixed rounding costs half of round(t, 2 - log10(t)).
        CASE WHEN t < 1000 THEN round(greatest(t, 0))
             WHEN t < 1e4 THEN round(t / 1e1) * 1e1
             WHEN t < 1e5 THEN round(t / 1e2) * 1e2
             WHEN t < 1e6 THEN round(t / 1e3) * 1e3
             WHEN t < 1e7 THEN round(t / 1e4) * 1e4
             WHEN t < 1e8 THEN round(t / 1e5) * 1e5
             ELSE round(t, 2 - floor(log10(t))::INTEGER) END AS t,
        count(*) FILTER (WHERE event) AS events,
        count(*) FILTER (WHERE NOT event) AS censored
    FROM observations
    GROUP BY ALL
)
SELECT channel, stratum,
    ['first_response_time', 'resolution_time', 'hold_time'][m] AS metric, t, events, censored,
    part
FROM counted
