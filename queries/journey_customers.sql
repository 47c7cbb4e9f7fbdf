-- name: journey_customers
-- The customers of the journey index, one row per customer_key of the
-- contacts in the store: contacts, how many contacts the customer has;
-- several, whether they are on at least two channels (only they can
-- escalate). A customer with more contacts than the placeholder limit (such
-- as 'unknown' or a shared account) is a placeholder, not a customer:
-- journey_next leaves them out and escalations counts their contacts as
-- excluded. Kept in the database: every import recomputes the customers it
-- touched ($all: every customer; else those listed in journey_touched).
-- Channels are compared by a small number each (channel_ids): min and max of
-- text kept state DuckDB could not spill, and a report on ten million
-- contacts ran out of memory here under a 384 MB limit (it also took 0.5 s
-- longer).
-- Customers without an id are left out by their id, not their key: a
-- pseudonym is hex, so the key is NULL exactly when the id is, and the
-- contacts of a report on files (a view) compute the key as they are read,
-- so a test of the key computed it twice (0.5 s at ten million contacts).
-- params: all
WITH channel_ids AS (
    SELECT channel, row_number() OVER (ORDER BY channel) AS id
    FROM (SELECT DISTINCT channel FROM contacts)
)
SELECT customer_key, count(*) AS contacts,
    min(id) <> max(id) AS several
FROM contacts
JOIN channel_ids USING (channel)
WHERE customer_id IS NOT NULL
  AND ($all OR customer_key IN (SELECT customer_key FROM journey_touched))
GROUP BY ALL
