-- name: satisfaction
-- csat_mean: the mean satisfaction score of a channel's contacts that gave one.
-- csat_responses: how many of its contacts gave one.
-- Summed in a fixed order (scores that are not whole or half numbers would
-- otherwise round differently with the order of the strata's rows).
SELECT channel, sum(value * n ORDER BY value, n) / sum(n) AS csat_mean, sum(n) AS csat_responses
FROM score_counts
GROUP BY channel
ORDER BY channel
