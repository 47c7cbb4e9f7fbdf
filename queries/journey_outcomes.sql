-- name: journey_outcomes
-- Escalated journeys paired one to one for the question "is complaining
-- elsewhere rewarded?": each contact on B is paired with the latest contact
-- that escalated to it (the one just before the customer switched channel), so
-- no contact is in two pairs. One row per pair with the outcome of the first
-- contact (suffix 1) and of the contact after escalating (suffix 2), carried
-- by journey_links:
--   resolved, and whether the file had resolved_at (resolution_known);
--   remedy (NULL when unknown);
--   t: time to resolution on the report's clock, censored at the as-of time
--     when unresolved (as resolution_time in survival_table).
SELECT
    from_channel, to_channel,
    first.resolution_known AND second.resolution_known AS resolution_known,
    first.resolved AS resolved1, second.resolved AS resolved2,
    first.remedy AS remedy1, second.remedy AS remedy2,
    first.t AS t1, second.t AS t2
FROM journey_links
QUALIFY row_number() OVER (PARTITION BY to_key ORDER BY from_created DESC, from_key DESC) = 1
