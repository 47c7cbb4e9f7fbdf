-- name: amount_counts
-- Remedy amounts granted, per channel and stratum: how many remedied contacts
-- (remedy true, amount present) received each amount. The input of the
-- comparison of amounts (rank test and difference of means). Amounts of 0
-- (a fix or replacement without compensation) are included.
-- The stratum is the category ('(none)' when empty).
-- With $parted, also per week of created_at (part: week_of; else NULL),
-- which an import keeps (parity.kept).
-- params: since, until, parted
SELECT channel, coalesce(category, '(none)') AS stratum, remedy_amount AS value, count(*) AS n,
    CASE WHEN $parted THEN week_of(created_at) END AS part
FROM scoped($since, $until)
WHERE remedy AND remedy_amount IS NOT NULL
GROUP BY ALL
ORDER BY channel, stratum, value, part
