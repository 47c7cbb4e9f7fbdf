-- name: clocked
-- The contacts of a report as observed at the as-of time (observed) with the position of each of their instants
-- on their channel's clock (see clock_at): created_pos, first_response_pos,
-- resolved_pos, abandoned_pos, and as_of_pos for the report's as-of time. Every
-- time metric is a difference of these positions, so calendar and business
-- time go through the same SQL for every channel and every source; only the
-- clock_days table differs.
CREATE OR REPLACE TEMP MACRO clocked(since, until, as_of) AS TABLE
SELECT
    s.*,
    clock_at(d0.cum, d0.spans, epoch(s.created_at)) AS created_pos,
    clock_at(d1.cum, d1.spans, epoch(s.first_response_at)) AS first_response_pos,
    clock_at(d2.cum, d2.spans, epoch(s.resolved_at)) AS resolved_pos,
    clock_at(d3.cum, d3.spans, epoch(s.abandoned_at)) AS abandoned_pos,
    clock_at(d4.cum, d4.spans, epoch(as_of)) AS as_of_pos
FROM observed(since, until, as_of) AS s
LEFT JOIN clock_days AS d0
    ON d0.channel = s.channel AND d0.day = floor(epoch(s.created_at) / 86400)::BIGINT
LEFT JOIN clock_days AS d1
    ON d1.channel = s.channel AND d1.day = floor(epoch(s.first_response_at) / 86400)::BIGINT
LEFT JOIN clock_days AS d2
    ON d2.channel = s.channel AND d2.day = floor(epoch(s.resolved_at) / 86400)::BIGINT
LEFT JOIN clock_days AS d3
    ON d3.channel = s.channel AND d3.day = floor(epoch(s.abandoned_at) / 86400)::BIGINT
LEFT JOIN clock_days AS d4
    ON d4.channel = s.channel AND d4.day = floor(epoch(as_of) / 86400)::BIGINT
