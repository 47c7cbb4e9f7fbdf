-- name: escalations
-- For every pair of channels A → B (B other than A): contacts, the A contacts
-- with a customer id whose escalation window had passed by the as-of time
-- (see journey_links); escalated, how many of them escalated to B. The rate is
-- escalated / contacts. excluded counts the A contacts left out because their
-- customer is a placeholder (more than $max_contacts contacts, journey_customers).
-- params: since, until, as_of, window_seconds, max_contacts
WITH eligible AS NOT MATERIALIZED (  -- read twice: cheaper than holding its rows
    SELECT channel AS from_channel, customer_id
    FROM scoped($since, $until)
    WHERE customer_id IS NOT NULL AND created_at <= $as_of - to_seconds($window_seconds)
),
excluded AS (  -- a join, not IN: with no placeholders (the rule) it reads nothing
    SELECT e.from_channel, count(*) AS excluded
    FROM eligible AS e
    JOIN (SELECT customer_key FROM journey_customers WHERE contacts > $max_contacts) AS p
        ON customer_key(e.customer_id) = p.customer_key
    GROUP BY ALL
),
starts AS (
    SELECT n.from_channel, n.eligible - coalesce(x.excluded, 0) AS contacts,
        coalesce(x.excluded, 0) AS excluded
    FROM (SELECT from_channel, count(*) AS eligible FROM eligible GROUP BY ALL) AS n
    LEFT JOIN excluded AS x USING (from_channel)
),
targets AS (SELECT DISTINCT channel AS to_channel FROM contacts),
links AS (
    SELECT from_channel, to_channel, count(*) AS escalated FROM journey_links GROUP BY ALL
)
SELECT s.from_channel, t.to_channel, s.contacts, coalesce(l.escalated, 0) AS escalated,
    s.excluded
FROM starts AS s
CROSS JOIN targets AS t
LEFT JOIN links AS l ON l.from_channel = s.from_channel AND l.to_channel = t.to_channel
WHERE t.to_channel <> s.from_channel
ORDER BY s.from_channel, t.to_channel
