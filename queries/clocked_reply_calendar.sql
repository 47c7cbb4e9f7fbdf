-- name: clocked_reply_calendar
-- The clocked_reply(since, until, as_of) macro of the calendar clock: every
-- channel is always open, so a position is the instant's epoch second (see
-- clocked_calendar).
CREATE OR REPLACE TEMP MACRO clocked_reply(since, until, as_of) AS TABLE
SELECT
    s.*,
    epoch(s.created_at) AS created_pos,
    epoch(s.first_response_at) AS first_response_pos,
    epoch(as_of) AS as_of_pos
FROM observed(since, until, as_of) AS s
