-- name: clocked_calendar
-- The clocked(since, until, as_of) macro of the calendar clock: every channel is
-- always open, so an instant's position on the clock is its epoch second and a
-- time metric, a difference of positions, is a calendar duration. The same
-- definition as clocked.sql with an always-open calendar, without its four
-- lookups of the clock's slots per contact. Built on clocked_reply_calendar.
CREATE OR REPLACE TEMP MACRO clocked(since, until, as_of) AS TABLE
SELECT
    r.*,
    epoch(r.resolved_at) AS resolved_pos,
    epoch(r.abandoned_at) AS abandoned_pos
FROM clocked_reply(since, until, as_of) AS r
