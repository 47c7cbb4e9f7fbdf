-- name: journey_counts
-- Paired outcome counts of the escalated journeys per channel pair A → B
-- (see journey_outcomes), the input of McNemar's test and of the log-rank
-- test stratified by pair.
--   resolution_*: pairs where both files had resolved_at, by which sides were
--     resolved: both, second_only (only after escalating), first_only, neither.
--   remedy_*: the same for a concrete remedy, pairs where both values are known.
--   second_sooner / first_sooner: pairs whose earlier time to resolution is a
--     resolution of the contact after escalating / of the first contact (at
--     equal times, the side resolved when only one was); pairs where the
--     earlier time is a censoring, or both resolved at once, tell nothing.
SELECT from_channel, to_channel,
    count(*) FILTER (WHERE resolution_known AND resolved1 AND resolved2) AS resolution_both,
    count(*) FILTER (WHERE resolution_known AND resolved2 AND NOT resolved1)
        AS resolution_second_only,
    count(*) FILTER (WHERE resolution_known AND resolved1 AND NOT resolved2)
        AS resolution_first_only,
    count(*) FILTER (WHERE resolution_known AND NOT resolved1 AND NOT resolved2)
        AS resolution_neither,
    count(*) FILTER (WHERE remedy1 AND remedy2) AS remedy_both,
    count(*) FILTER (WHERE remedy2 AND NOT remedy1) AS remedy_second_only,
    count(*) FILTER (WHERE remedy1 AND NOT remedy2) AS remedy_first_only,
    count(*) FILTER (WHERE NOT remedy1 AND NOT remedy2) AS remedy_neither,
    count(*) FILTER (WHERE resolution_known AND resolved2
        AND (t2 < t1 OR (t2 = t1 AND NOT resolved1))) AS second_sooner,
    count(*) FILTER (WHERE resolution_known AND resolved1
        AND (t1 < t2 OR (t1 = t2 AND NOT resolved2))) AS first_sooner
FROM journey_outcomes
GROUP BY ALL
ORDER BY ALL
