-- name: store_span
-- What every report on the store shares, whatever its window: as_of, the
-- latest timestamp anywhere in the store (created, first response,
-- resolution or abandonment), the moment the data was last known to be
-- current (never-answered and unresolved contacts are censored at as_of when
-- nothing earlier is known); first_seen, the earliest, with as_of the span
-- the clock must cover; and channels, the store's channels in order. One scan
-- of the whole store (about 80 ms at ten million contacts), so parity.metrics
-- keeps its row for as long as the store's contacts stay the same: the weekly
-- trend of a report builds a report per week, a summary one per period.
SELECT
    greatest(max(created_at), max(first_response_at), max(resolved_at),
             max(abandoned_at)) AS as_of,
    least(min(created_at), min(first_response_at), min(resolved_at),
          min(abandoned_at)) AS first_seen,
    list(DISTINCT channel ORDER BY channel) AS channels
FROM contacts
