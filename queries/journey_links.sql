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
-- that are not placeholders take part.
-- The links come from the journey index (journey_next: each contact's first
-- later contact on every other channel, whenever it came), kept where the
-- window holds; the outcomes are read for the linked contacts alone, on the
-- report's clock as observed at the as-of time.
-- params: since, until, as_of, window_seconds
WITH links AS (
    SELECT from_key, from_created, to_channel, to_key
    FROM journey_next
    WHERE ($since IS NULL OR from_created >= $since)
      AND ($until IS NULL OR from_created < $until)
      AND from_created <= $as_of - to_seconds($window_seconds)
      AND to_created <= from_created + to_seconds($window_seconds)
),
outcomes AS (
    SELECT
        contact_key, channel,
        {
            'key': contact_key,
            'resolution_known': resolution_known,
            'resolved': resolved_at IS NOT NULL,
            'remedy': remedy,
            't': greatest(coalesce(resolved_pos, as_of_pos) - created_pos, 0)
        } AS outcome
    FROM clocked(NULL, NULL, $as_of)
    WHERE contact_key IN (SELECT from_key FROM links UNION ALL SELECT to_key FROM links)
)
SELECT
    l.from_key, a.channel AS from_channel, l.from_created, l.to_channel, l.to_key,
    a.outcome AS first, b.outcome AS second
FROM links AS l
JOIN outcomes AS a ON a.contact_key = l.from_key
JOIN outcomes AS b ON b.contact_key = l.to_key
