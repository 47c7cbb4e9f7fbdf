-- name: times
-- Time metrics per channel from the Kaplan–Meier estimate of the survival table
-- (all strata pooled): S(t) = product over event times u <= t of (1 - d_u / n_u),
-- d_u the events at u and n_u the contacts still waiting at u (censored ones
-- count as waiting at their own time). The q-quantile (median q = 0.5, 90th
-- percentile q = 0.9) is the first event time at which S(t) <= 1 - q; when S
-- equals 1 - q exactly up to the next event time, the midpoint of the two (the
-- rule of R's survfit and SAS, which gives the usual median of an even number
-- of uncensored values). NULL when the curve never gets there ("not reached":
-- too many contacts never answered or resolved).
-- params: tolerance
WITH pooled AS (
    SELECT channel, metric, t, sum(events) AS d, sum(censored) AS c
    FROM survival_table GROUP BY ALL
),
risk AS (
    SELECT *, sum(d + c) OVER (PARTITION BY channel, metric ORDER BY t DESC) AS n
    FROM pooled
),
curve AS (
    SELECT channel, metric, t,
        exp(sum(ln(1 - d / n)) OVER (
            PARTITION BY channel, metric ORDER BY t ROWS UNBOUNDED PRECEDING
        )) AS s  -- ln(0) = -inf and exp(-inf) = 0 once every contact has had its event
    FROM risk
    WHERE d > 0
),
steps AS (
    SELECT *, lead(t) OVER (PARTITION BY channel, metric ORDER BY t) AS next_t FROM curve
),
quantiles AS (
    SELECT channel, metric, q,
        arg_min(
            CASE WHEN abs(s - (1 - q)) <= $tolerance AND next_t IS NOT NULL
                 THEN (t + next_t) / 2 ELSE t END,
            t
        ) FILTER (WHERE s <= 1 - q + $tolerance) AS value
    FROM steps CROSS JOIN (VALUES (0.5), (0.9)) AS probabilities(q)
    GROUP BY ALL
)
SELECT
    channel,
    any_value(value) FILTER (WHERE metric = 'first_response_time' AND q = 0.5)
        AS first_response_time_median_s,
    any_value(value) FILTER (WHERE metric = 'first_response_time' AND q = 0.9)
        AS first_response_time_p90_s,
    any_value(value) FILTER (WHERE metric = 'resolution_time' AND q = 0.5)
        AS resolution_time_median_s,
    any_value(value) FILTER (WHERE metric = 'hold_time' AND q = 0.5) AS hold_time_median_s,
    any_value(value) FILTER (WHERE metric = 'hold_time' AND q = 0.9) AS hold_time_p90_s
FROM quantiles
GROUP BY channel
ORDER BY channel
