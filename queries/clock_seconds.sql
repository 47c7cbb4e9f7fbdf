-- name: clock_seconds
-- The time between two instants on one channel's clock (see clock_at): the
-- seconds the channel was open from $start to $end; with the calendar clock,
-- plain elapsed seconds. NULL when the clock does not cover the instants.
-- params: channel, start, end
SELECT clock_at(d1.cum, d1.spans, epoch($end)) - clock_at(d0.cum, d0.spans, epoch($start))
FROM clock_days AS d0
JOIN clock_days AS d1 ON d1.channel = d0.channel
WHERE d0.channel = $channel
  AND d0.day = floor(epoch($start) / 86400)::BIGINT
  AND d1.day = floor(epoch($end) / 86400)::BIGINT
