-- name: clock_grid
-- The clock as one list of slots (see clock_at), built from clock_days and
-- clock_channels: for each calendar in use (channels with the same calendar
-- share its slots, from the same off), every slot k from lo to hi, in order:
-- the open seconds before the slot's start, from the channel's cum and the
-- day's open spans, or -1 minus them when the slot lies within an open span.
-- A slot's q seconds divide the day and every edge of the calendar's open
-- spans, so a slot is open or closed throughout.
CREATE OR REPLACE TEMP TABLE clock_grid AS
WITH segments AS (
    SELECT any_value(channel) AS channel, clock FROM clock_channels GROUP BY clock
),
slots AS (
    SELECT g.clock.off + g.k AS i, g.k * g.clock.q AS e, d.cum, d.spans
    FROM (SELECT channel, clock, unnest(range(clock.lo, clock.hi + 1)) AS k FROM segments) AS g
    JOIN clock_days AS d ON d.channel = g.channel AND d.day = (g.k * g.clock.q) // 86400
)
SELECT list(
    CASE WHEN list_bool_or(list_transform(spans, lambda x: x.s <= e AND e < x.s + x.l))
        THEN -1 - position ELSE position END
    ORDER BY i) AS v
FROM (
    SELECT i, e, spans,
        cum + coalesce(list_sum(list_transform(spans, lambda x: least(greatest(e - x.s, 0), x.l))), 0)
            AS position
    FROM slots
)
