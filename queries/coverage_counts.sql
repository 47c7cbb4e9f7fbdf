-- name: coverage_counts
-- Reply coverage per channel, stratum and mark: of the contacts whose file had
-- first_response_at, how many were answered within `mark` seconds on the
-- report's clock (successes) among those created at least `mark` before the
-- as-of time (trials). Unanswered, abandoned and closed-without-reply contacts
-- are in the denominator: they were not answered in time. A contact created
-- less than `mark` before the as-of time could not yet reach the mark: whether
-- it will be answered in time is unknown, so it counts in `recent` and neither
-- in successes nor in trials (counting only its successes would flatter a
-- channel; counting it as a failure would blame it for the future).
-- The stratum is the category ('(none)' when empty).
-- With $parted, also per week of created_at (part: week_of; else NULL),
-- which an import keeps (parity.kept).
-- params: since, until, as_of, marks, parted
WITH s AS (
    SELECT channel, coalesce(category, '(none)') AS stratum,
        first_response_pos - created_pos AS waited, as_of_pos - created_pos AS observed,
        CASE WHEN $parted THEN week_of(created_at) END AS part
    FROM clocked_reply($since, $until, $as_of)
    WHERE response_known
)
SELECT channel, stratum, mark,
    count(*) FILTER (WHERE observed >= mark AND waited <= mark) AS successes,
    count(*) FILTER (WHERE observed >= mark) AS trials,
    count(*) FILTER (WHERE observed < mark) AS recent,
    part
FROM s CROSS JOIN (SELECT unnest($marks::DOUBLE[]) AS mark)
GROUP BY ALL
ORDER BY channel, stratum, mark, part
