-- name: journey_customers
-- The customers of the journey index, one row per customer_key of the
-- contacts in the store: contacts, how many contacts the customer has;
-- several, whether they are on at least two channels (only they can
-- escalate). A customer with more contacts than the placeholder limit (such
-- as 'unknown' or a shared account) is a placeholder, not a customer:
-- journey_next leaves them out and escalations counts their contacts as
-- excluded. Kept in the database: every import recomputes the customers it
-- touched ($all: every customer; else those listed in journey_touched).
-- params: all
SELECT customer_key(customer_id) AS customer_key, count(*) AS contacts,
    min(channel) <> max(channel) AS several
FROM contacts
WHERE customer_id IS NOT NULL
  AND ($all OR customer_key(customer_id) IN (SELECT customer_key FROM journey_touched))
GROUP BY ALL
