-- name: score_counts
-- Satisfaction scores per channel and stratum: how many contacts gave each
-- csat value (1–5). The input of csat_mean and of the ordinal test.
-- The stratum is the category ('(none)' when empty).
-- params: since, until
SELECT channel, coalesce(category, '(none)') AS stratum, csat AS value, count(*) AS n
FROM scoped($since, $until)
WHERE csat IS NOT NULL
GROUP BY ALL
ORDER BY channel, stratum, value
