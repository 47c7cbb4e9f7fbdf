-- name: satisfaction
-- csat_mean: the mean satisfaction score of a channel's contacts that gave one.
-- csat_responses: how many of its contacts gave one.
SELECT channel, sum(value * n) / sum(n) AS csat_mean, sum(n) AS csat_responses
FROM score_counts
GROUP BY channel
ORDER BY channel
