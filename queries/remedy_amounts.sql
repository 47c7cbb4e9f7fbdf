-- name: remedy_amounts
-- The distribution of remedy amounts per channel among remedied contacts with
-- an amount: their number, mean, and the 25th, 50th, 75th and 90th
-- percentiles (linear interpolation between order statistics, R type 7).
-- params: since, until
SELECT channel,
    count(*) FILTER (WHERE remedy) AS remedied,
    count(remedy_amount) FILTER (WHERE remedy) AS amounts,
    -- summed in order of the amounts, so the same whatever the order of the rows
    sum(remedy_amount ORDER BY remedy_amount) FILTER (WHERE remedy)
        / count(remedy_amount) FILTER (WHERE remedy) AS amount_mean_remedied,
    quantile_cont(remedy_amount, [0.25, 0.5, 0.75, 0.9]) FILTER (WHERE remedy) AS quantiles
FROM scoped($since, $until)
GROUP BY channel
ORDER BY channel
