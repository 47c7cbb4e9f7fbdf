-- name: journey_times
-- Times to resolution of the escalated journeys per channel pair A → B and
-- side (1 = the first contact, 2 = the contact after escalating), aggregated
-- per time like survival_table: events are resolutions, censored contacts were
-- unresolved at the as-of time. Only pairs where both files had resolved_at.
SELECT from_channel, to_channel, side, t,
    count(*) FILTER (WHERE event) AS events,
    count(*) FILTER (WHERE NOT event) AS censored
FROM (
    SELECT from_channel, to_channel, 1 AS side, t1 AS t, resolved1 AS event
    FROM journey_outcomes WHERE resolution_known
    UNION ALL
    SELECT from_channel, to_channel, 2, t2, resolved2
    FROM journey_outcomes WHERE resolution_known
)
GROUP BY ALL
ORDER BY ALL
