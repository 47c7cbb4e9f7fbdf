-- name: journey_outcomes
-- Escalated journeys paired one to one for the question "is complaining
-- elsewhere rewarded?": each contact on B is paired with the latest contact
-- that escalated to it (the one just before the customer switched channel), so
-- no contact is in two pairs. One row per pair with the outcome of the first
-- contact (suffix 1) and of the contact after escalating (suffix 2):
--   resolved, and whether the file had resolved_at (resolution_known);
--   remedy (NULL when unknown);
--   t: time to resolution on the report's clock, censored at the as-of time
--     when unresolved (as resolution_time in survival_table).
-- params: as_of
WITH pairs AS (
    SELECT from_key, to_key, from_channel, to_channel
    FROM journey_links
    QUALIFY row_number() OVER (PARTITION BY to_key ORDER BY from_created DESC, from_key DESC) = 1
),
c AS (SELECT * FROM clocked(NULL, NULL, $as_of))
SELECT
    p.from_channel, p.to_channel,
    f.resolution_known AND s.resolution_known AS resolution_known,
    f.resolved_at IS NOT NULL AS resolved1, s.resolved_at IS NOT NULL AS resolved2,
    f.remedy AS remedy1, s.remedy AS remedy2,
    greatest(coalesce(f.resolved_pos, f.as_of_pos) - f.created_pos, 0) AS t1,
    greatest(coalesce(s.resolved_pos, s.as_of_pos) - s.created_pos, 0) AS t2
FROM pairs AS p
JOIN c AS f ON f.contact_key = p.from_key
JOIN c AS s ON s.contact_key = p.to_key
