-- name: journey_next
-- The journey index: for every contact A of a customer on several channels
-- who is not a placeholder (journey_customers: at most $max_contacts
-- contacts), and every other channel B on which that customer has a later
-- contact, the FIRST such contact on B: created after A (the earliest, then
-- the lowest contact_key) and in the same category when both carry one. With
-- no time limit, so any escalation window is a filter on this table
-- (journey_links): the first contact on B within the window is this one when
-- it is within the window, and there is none otherwise. Kept in the database:
-- every import recomputes the customers it touched ($all: every customer;
-- else those listed in journey_touched).
-- A hash join on the customer key with the order in time as a range
-- condition: linear in the contacts of ordinary customers, quadratic in one
-- customer's contacts, which the placeholder limit bounds.
-- The first contact on B is the least (created_at, contact_key), packed into
-- one 128-bit number (microseconds since 1970 above, the key below: both
-- non-negative, as validation keeps instants from 1970 on) rather than
-- compared as a struct: with the struct, a report on ten million contacts ran
-- out of memory in this query under a 448 MB limit; with the number it
-- completes.
-- $parts and $part: only the customers whose key is $part modulo $parts (all
-- of them with 1 and 0). The pairing's hash table holds the customers it
-- pairs, so where the whole pairing runs out of memory it is done in parts
-- (parity/journey_index.py); a customer's contacts are all in one part.
-- Both taken as UBIGINT, the key's type: with integer parameters DuckDB
-- computes the remainder of every key as a HUGEINT, 0.3 to 0.6 s at ten
-- million contacts for a filter that, in one part, keeps every customer.
-- Channels are paired by a small number each (channel_ids), their names put
-- back after the grouping: the join's hash table holds a 4-byte number per
-- contact instead of a 16-byte string. With the names, a report on ten
-- million contacts in file order ran out of memory here under the default
-- 512 MB limit and paired again in 4 parts (about 4 s more); with the numbers
-- it pairs whole, at the same speed, under 448 MB.
-- params: max_contacts, all, parts, part
WITH channel_ids AS (
    SELECT channel, (row_number() OVER (ORDER BY channel))::UINTEGER AS ch
    FROM (SELECT DISTINCT channel FROM contacts)
),
eligible AS (
    SELECT customer_key, contact_key, ch, category, created_at
    FROM contacts
    JOIN channel_ids USING (channel)
    SEMI JOIN (
        SELECT customer_key FROM journey_customers
        WHERE several AND contacts <= $max_contacts
          AND ($all OR customer_key IN (SELECT customer_key FROM journey_touched))
          AND customer_key % $parts::UBIGINT = $part::UBIGINT
    ) USING (customer_key)
),
pairs AS (
    SELECT
        a.customer_key, a.contact_key AS from_key, any_value(a.created_at) AS from_created,
        b.ch,
        arg_min(b.contact_key, epoch_us(b.created_at)::HUGEINT * 18446744073709551616 + b.contact_key)
            AS to_key,
        min(b.created_at) AS to_created
    FROM eligible AS a
    JOIN eligible AS b
        ON a.customer_key = b.customer_key
        AND b.created_at > a.created_at
        AND a.ch <> b.ch
        AND (a.category IS NULL OR b.category IS NULL OR a.category = b.category)
    GROUP BY a.customer_key, a.contact_key, b.ch
)
SELECT customer_key, from_key, from_created, channel AS to_channel, to_key, to_created
FROM pairs JOIN channel_ids USING (ch)
