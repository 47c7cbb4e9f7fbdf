-- name: team_counts
-- Empowerment: per channel and agent_team (contacts with a team only), the
-- contacts handled, and the remedy and resolution counts with their
-- denominators (as for remedy_rate and resolution_rate). Groups smaller than
-- the minimum group size are suppressed by the caller before reporting.
-- params: since, until
SELECT channel, agent_team AS team, count(*) AS contacts,
    count(*) FILTER (WHERE remedy) AS remedied, count(remedy) AS remedy_known,
    count(resolved_at) AS resolved, count(*) FILTER (WHERE resolution_known) AS resolution_known
FROM scoped($since, $until)
WHERE agent_team IS NOT NULL
GROUP BY ALL
ORDER BY ALL
