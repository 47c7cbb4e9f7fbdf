-- name: clock_at
-- The position of an instant on a channel's clock, in seconds: clock_at(cum,
-- spans, e) with cum and spans from the clock_days row of the channel and of
-- the UTC day of e (epoch seconds). cum is the open seconds before that day;
-- each span {s, l} is an open interval of the day starting at epoch second s
-- and lasting l seconds, of which the part before e counts. The business time
-- between two instants is the difference of their positions: the seconds the
-- channel was open between them. With every channel always open (the calendar
-- clock) a position is plain seconds and a difference a calendar duration.
-- NULL when the instant is NULL.
CREATE OR REPLACE TEMP MACRO clock_at(cum, spans, e) AS
    cum + coalesce(list_sum(list_transform(spans, lambda x: least(greatest(e - x.s, 0), x.l))), 0)
