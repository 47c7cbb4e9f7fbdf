-- name: rates
-- Rate metrics per channel from the rate counts (all strata pooled): the
-- successes divided by the trials of each metric (see rate_counts). NULL when
-- no contact of the channel carries the outcome.
-- remedy_amount_mean: the mean compensation over all contacts of the channel,
-- an empty amount counting as 0 when the file had the column; NULL without it.
-- params: since, until
WITH pooled AS (
    SELECT channel, metric, sum(successes) / sum(trials) AS rate
    FROM rate_counts GROUP BY ALL
),
amounts AS (  -- summed by distinct amount, in order: the same mean whatever the order of
              -- the rows (avg() over parallel threads differed in its last digits)
    SELECT channel,
        sum(value * n ORDER BY value) FILTER (WHERE amount_known)
            / sum(n) FILTER (WHERE amount_known) AS remedy_amount_mean
    FROM (
        SELECT channel, amount_known, coalesce(remedy_amount, 0) AS value, count(*) AS n
        FROM scoped($since, $until) GROUP BY ALL
    )
    GROUP BY channel
)
SELECT
    a.channel,
    any_value(rate) FILTER (WHERE metric = 'response_rate') AS response_rate,
    any_value(rate) FILTER (WHERE metric = 'resolution_rate') AS resolution_rate,
    any_value(rate) FILTER (WHERE metric = 'abandon_rate') AS abandon_rate,
    any_value(rate) FILTER (WHERE metric = 'reopen_rate') AS reopen_rate,
    any_value(rate) FILTER (WHERE metric = 'transfer_rate') AS transfer_rate,
    any_value(rate) FILTER (WHERE metric = 'remedy_rate') AS remedy_rate,
    any_value(a.remedy_amount_mean) AS remedy_amount_mean
FROM amounts AS a LEFT JOIN pooled AS p USING (channel)
GROUP BY a.channel
ORDER BY a.channel
