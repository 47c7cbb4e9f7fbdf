-- name: journey_busy
-- The customers journeys look at, by a 64-bit hash of the pseudonymised
-- customer_id (valid within one run: grouping and joining on it instead of
-- the 24-character pseudonym is two to three times faster; two customers of
-- ten million share a key with a chance of about one in 400,000):
--   busy = true: placeholders, not customers — ids with more than
--     $max_contacts contacts in the store (such as 'unknown' or a shared
--     account) would pair everything with everything, so journeys leave them
--     out and count their contacts as excluded;
--   busy = false: customers with contacts on at least two channels, the only
--     ones who can escalate. Leaving the others out of the self-join shrinks
--     it several-fold.
-- params: max_contacts
SELECT hash(customer_id) AS customer_key, count(*) > $max_contacts AS busy
FROM contacts
WHERE customer_id IS NOT NULL
GROUP BY customer_key
HAVING count(*) > $max_contacts OR min(channel) <> max(channel)
