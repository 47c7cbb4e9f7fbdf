-- name: clocked
-- The contacts of a report as observed at the as-of time (observed) with the position of each of their instants
-- on their channel's clock (see clock_at): created_pos, first_response_pos,
-- resolved_pos, abandoned_pos, and as_of_pos for the report's as-of time. Every
-- time metric is a difference of these positions, so calendar and business
-- time go through the same SQL for every channel and every source; only the
-- clock (clock_channels, clock_grid) differs. Built on clocked_reply, which
-- places the instants a reply needs.
CREATE OR REPLACE TEMP MACRO clocked(since, until, as_of) AS TABLE
SELECT
    r.*,
    clock_at(g.v, c.clock, epoch(r.resolved_at)) AS resolved_pos,
    clock_at(g.v, c.clock, epoch(r.abandoned_at)) AS abandoned_pos
FROM clocked_reply(since, until, as_of) AS r
LEFT JOIN clock_channels AS c ON c.channel = r.channel
CROSS JOIN clock_grid AS g
