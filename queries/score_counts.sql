-- name: score_counts
-- Satisfaction scores per channel and stratum: how many contacts gave each
-- csat value (1–5). The input of csat_mean and of the ordinal test.
-- The stratum is the category ('(none)' when empty).
-- With $parted, also per week of created_at (part: week_of; else NULL),
-- which an import keeps (parity.kept).
-- params: since, until, parted
SELECT channel, coalesce(category, '(none)') AS stratum, csat AS value, count(*) AS n,
    CASE WHEN $parted THEN week_of(created_at) END AS part
FROM scoped($since, $until)
WHERE csat IS NOT NULL
GROUP BY ALL
ORDER BY channel, stratum, value, part
