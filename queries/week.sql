-- name: week
-- The week of an instant, as the macro week_of(ts): a number counting weeks
-- from Monday 29 December 1969, 00:00 UTC (so every week runs from a Monday
-- midnight UTC to the next). The parts in which an import keeps its heavy
-- aggregates (parity.kept), so that a report with a window adds up the weeks
-- within it and computes only the days at its edges. Instants are from 1970
-- on (validation), so the integer division is a floor.
CREATE OR REPLACE TEMP MACRO week_of(ts) AS (epoch_us(ts) + 259200000000) // 604800000000
