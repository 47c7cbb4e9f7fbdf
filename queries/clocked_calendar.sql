-- name: clocked_calendar
-- The clocked(since, until, as_of) macro of the calendar clock: every channel is
-- always open, so an instant's position on the clock is its epoch second and a
-- time metric, a difference of positions, is a calendar duration. The same
-- definition as clocked.sql with an always-open calendar, without its five
-- lookups of clock_days per contact.
CREATE OR REPLACE TEMP MACRO clocked(since, until, as_of) AS TABLE
SELECT
    s.*,
    epoch(s.created_at) AS created_pos,
    epoch(s.first_response_at) AS first_response_pos,
    epoch(s.resolved_at) AS resolved_pos,
    epoch(s.abandoned_at) AS abandoned_pos,
    epoch(as_of) AS as_of_pos
FROM observed(since, until, as_of) AS s
