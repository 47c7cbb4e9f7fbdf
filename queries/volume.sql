-- name: volume
-- contacts: the number of contacts of each channel in scope.
-- share: a channel's contacts divided by all contacts in scope.
-- params: since, until
SELECT
    channel,
    count(*) AS contacts,
    count(*) / sum(count(*)) OVER () AS share
FROM scoped($since, $until)
GROUP BY channel
ORDER BY channel
