-- name: journey_links
-- Escalations: a contact on channel A escalates to channel B when the same
-- customer_id has a contact on B (B other than A) created after it and within
-- $window_seconds of its created_at, and in the same category when both carry
-- one. One row per escalating contact and channel B, linked to the FIRST such
-- contact on B, with the outcome columns of both (journey_outcomes pairs them
-- up without going back to the contacts). The A contacts are those of the
-- report's scope with a customer id whose whole window had passed by the as-of
-- time (a contact created later could not yet be seen escalating); the B
-- contacts may lie anywhere in the store. Only customers on several channels
-- that are not placeholders take part (journey_busy). A hash join on the customer key (see journey_busy) with the time window
-- as a range condition: linear in the contacts of ordinary customers.
-- params: since, until, as_of, window_seconds
WITH usable AS NOT MATERIALIZED (  -- scanned twice: cheaper than holding 10 M rows
    SELECT
        contact_key, hash(customer_id) AS customer_key, channel, category, created_at,
        {
            'key': contact_key,
            'resolution_known': resolution_known,
            'resolved': resolved_at IS NOT NULL,
            'remedy': remedy,
            't': greatest(coalesce(resolved_pos, as_of_pos) - created_pos, 0)
        } AS outcome
    FROM clocked(NULL, NULL, $as_of)
    WHERE customer_id IS NOT NULL
),
eligible AS (
    SELECT * FROM usable
    SEMI JOIN (SELECT customer_key FROM journey_busy WHERE NOT busy) USING (customer_key)
),
starts AS (
    SELECT * FROM eligible
    WHERE ($since IS NULL OR created_at >= $since)
      AND ($until IS NULL OR created_at < $until)
      AND created_at <= $as_of - to_seconds($window_seconds)
),
candidates AS (
    SELECT
        a.contact_key AS from_key, a.channel AS from_channel, a.created_at AS from_created,
        a.outcome AS first, b.channel AS to_channel, b.contact_key AS to_key,
        b.created_at AS to_created, b.outcome AS second
    FROM starts AS a
    JOIN eligible AS b
        ON a.customer_key = b.customer_key
        AND b.created_at > a.created_at
        AND b.created_at <= a.created_at + to_seconds($window_seconds)
        AND a.channel <> b.channel
        AND (a.category IS NULL OR b.category IS NULL OR a.category = b.category)
)
SELECT
    from_key, from_channel, any_value(from_created) AS from_created, to_channel,
    arg_min(to_key, (to_created, to_key)) AS to_key,
    any_value(first) AS first,
    arg_min(second, (to_created, to_key)) AS second
FROM candidates
GROUP BY from_key, from_channel, to_channel
