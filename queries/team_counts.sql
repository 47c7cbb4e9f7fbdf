-- name: team_counts
-- Empowerment: per channel and agent_team (contacts with a team only), the
-- contacts handled, and the remedy and resolution counts with their
-- denominators (as for remedy_rate and resolution_rate). Groups smaller than
-- the minimum group size are suppressed by the caller before reporting.
-- With $parted, also per week of created_at (part: week_of; else NULL),
-- which an import keeps (parity.kept).
-- params: since, until, parted
SELECT channel, agent_team AS team, count(*) AS contacts,
    count(*) FILTER (WHERE remedy) AS remedied, count(remedy) AS remedy_known,
    count(resolved_at) AS resolved, count(*) FILTER (WHERE resolution_known) AS resolution_known,
    CASE WHEN $parted THEN week_of(created_at) END AS part
FROM scoped($since, $until)
WHERE agent_team IS NOT NULL
GROUP BY ALL
ORDER BY ALL
