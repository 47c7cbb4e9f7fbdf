-- name: apology_counts
-- Contacts closed with an apology only, per channel and stratum: resolved
-- without a concrete remedy (successes) among the contacts whose file had
-- resolved_at and whose remedy value is known (trials). A high share is
-- neglect dressed as resolution; a channel whose contacts are resolved WITH
-- remedies has a low one. The stratum is the category ('(none)' when empty).
-- With $parted, also per week of created_at (part: week_of; else NULL),
-- which an import keeps (parity.kept).
-- params: since, until, parted
SELECT channel, coalesce(category, '(none)') AS stratum,
    count(*) FILTER (WHERE resolved_at IS NOT NULL AND NOT remedy) AS successes,
    count(*) AS trials,
    CASE WHEN $parted THEN week_of(created_at) END AS part
FROM scoped($since, $until)
WHERE resolution_known AND remedy IS NOT NULL
GROUP BY ALL
ORDER BY ALL
