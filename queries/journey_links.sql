-- name: journey_links
-- Escalations: a contact on channel A escalates to channel B when the same
-- customer_id has a contact on B (B other than A) created after it and within
-- $window_seconds of its created_at, and in the same category when both carry
-- one. One row per escalating contact and channel B, linked to the FIRST such
-- contact on B. The A contacts are those of the report's scope with a customer
-- id whose whole window had passed by the as-of time (a contact created later
-- could not yet be seen escalating); the B contacts may lie anywhere in the
-- store. Customer ids with more than $max_contacts contacts in the store are
-- left out (placeholders such as 'unknown' would pair everything with
-- everything); their count is reported. A hash join on the pseudonymised
-- customer_id with the time window as a range condition: linear in the
-- contacts of ordinary customers.
-- params: since, until, as_of, window_seconds, max_contacts
WITH everyone AS (
    SELECT contact_key, channel, customer_id, category, created_at
    FROM scoped(NULL, NULL)
    WHERE customer_id IS NOT NULL
),
busy AS (
    SELECT customer_id FROM everyone GROUP BY customer_id HAVING count(*) > $max_contacts
),
usable AS (SELECT * FROM everyone ANTI JOIN busy USING (customer_id)),
starts AS (
    SELECT u.*
    FROM usable AS u
    SEMI JOIN scoped($since, $until) AS s USING (contact_key)
    WHERE u.created_at <= $as_of - to_seconds($window_seconds)
),
candidates AS (
    SELECT
        a.contact_key AS from_key, a.channel AS from_channel, a.created_at AS from_created,
        b.channel AS to_channel, b.contact_key AS to_key, b.created_at AS to_created
    FROM starts AS a
    JOIN usable AS b
        ON a.customer_id = b.customer_id
        AND b.created_at > a.created_at
        AND b.created_at <= a.created_at + to_seconds($window_seconds)
        AND a.channel <> b.channel
        AND (a.category IS NULL OR b.category IS NULL OR a.category = b.category)
)
SELECT
    from_key, from_channel, any_value(from_created) AS from_created, to_channel,
    arg_min(to_key, (to_created, to_key)) AS to_key
FROM candidates
GROUP BY from_key, from_channel, to_channel
