-- name: clock_seconds
-- The time between two instants on one channel's clock (see clock_at): the
-- seconds the channel was open from $start to $end; with the calendar clock,
-- plain elapsed seconds. NULL when the clock does not cover the instants.
-- params: channel, start, end
SELECT clock_at(g.v, c.clock, epoch($end)) - clock_at(g.v, c.clock, epoch($start))
FROM clock_channels AS c CROSS JOIN clock_grid AS g
WHERE c.channel = $channel
