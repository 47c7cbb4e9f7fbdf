-- name: clocked
-- The contacts of a report as observed at the as-of time (observed) with the position of each of their instants
-- on their channel's clock (see clock_at): created_pos, first_response_pos,
-- resolved_pos, abandoned_pos, and as_of_pos for the report's as-of time. Every
-- time metric is a difference of these positions, so calendar and business
-- time go through the same SQL for every channel and every source; only the
-- clock_days table differs. Built on clocked_reply, which places the instants
-- a reply needs.
CREATE OR REPLACE TEMP MACRO clocked(since, until, as_of) AS TABLE
SELECT
    r.*,
    clock_at(d2.cum, d2.spans, epoch(r.resolved_at)) AS resolved_pos,
    clock_at(d3.cum, d3.spans, epoch(r.abandoned_at)) AS abandoned_pos
FROM clocked_reply(since, until, as_of) AS r
LEFT JOIN clock_days AS d2
    ON d2.channel = r.channel AND d2.day = floor(epoch(r.resolved_at) / 86400)::BIGINT
LEFT JOIN clock_days AS d3
    ON d3.channel = r.channel AND d3.day = floor(epoch(r.abandoned_at) / 86400)::BIGINT
