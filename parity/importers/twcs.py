"""Customer Support on Twitter (twcs): tweets → conversations, rebuilt from reply chains.

The export holds one row per tweet: `tweet_id`, `author_id`, `inbound` (True
for customers), `created_at`, `text`, `response_tweet_id` and
`in_response_to_tweet_id` (a float such as `3.0`). A contact is a
conversation: the customer's inbound tweet that opens a thread (it answers
no other tweet). Every other tweet is followed up its chain of
`in_response_to_tweet_id` to the thread's first tweet, all in one recursive
SQL statement, and then:

- the first company (outbound) tweet anywhere in the thread is the first
  response; a thread without one stays unanswered (censored, never dropped);
- the company is the author of that first reply; for an unanswered thread,
  the first `@handle` in the opening tweet that names a company seen in the
  file (customers' ids are numbers, companies' are handles);
- the other tweets of the thread are skipped as `merged_into_conversation`;
  threads a company started are skipped as `company_initiated`; threads
  whose first tweet is not in the file (an excerpt cut it off) are skipped
  as `thread_start_missing`: their start, and so their waiting time, is
  unknown.

One row comes out per tweet, so rows read = loaded + rejected + skipped.
"""

from __future__ import annotations

from collections.abc import Mapping

from parity.importers.rebuild import Column, Params, Rebuild

REQUIRED = ("tweet_id", "author_id", "inbound", "created_at", "text", "in_response_to_tweet_id")
CREATED_FORMAT = "%a %b %d %H:%M:%S %z %Y"
MAX_DEPTH = 1000  # a reply chain longer than this (or a cycle) is cut there


def _select(source: str, col: Column, options: Mapping[str, str], params: Params) -> str:
    tweet, author, inbound = col("tweet_id"), col("author_id"), col("inbound")
    created, text, parent = col("created_at"), col("text"), col("in_response_to_tweet_id")
    fmt = params.bind(CREATED_FORMAT)
    return f"""
WITH RECURSIVE src AS (SELECT * FROM ({source})),
t AS (
    SELECT __row, nullif(trim({tweet}), '') AS id,
        nullif(regexp_replace(trim({parent}), '\\.0+$', ''), '') AS parent,
        coalesce(lower(trim({inbound})) IN ('true', 't', '1', 'yes'), false) AS inbound,
        nullif(trim({author}), '') AS author,
        try_strptime(trim({created}), {fmt}) AS sent,
        {text} AS body
    FROM src),
tu AS (SELECT * FROM t WHERE id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY __row) = 1),
walk(__row, cur, parent, depth) AS (
    SELECT __row, id, parent, 0 FROM t
    UNION ALL
    SELECT w.__row, p.id, p.parent, w.depth + 1 FROM walk w JOIN tu p ON p.id = w.parent
    WHERE w.depth < {MAX_DEPTH}),
roots AS (
    SELECT __row, arg_max_null(cur, depth) AS root, arg_max_null(parent, depth) AS root_parent,
        max(depth) AS depth
    FROM walk GROUP BY __row),
j AS (
    SELECT t.*, r.root, r.root_parent, r.depth,
        CASE WHEN r.depth = 0 THEN t.inbound ELSE coalesce(rt.inbound, false) END AS root_inbound
    FROM t JOIN roots r USING (__row) LEFT JOIN tu rt ON rt.id = r.root AND r.depth > 0),
judged AS (
    SELECT *, CASE
        WHEN root_parent IS NOT NULL THEN 'thread_start_missing'
        WHEN NOT root_inbound THEN 'company_initiated'
        WHEN depth > 0 THEN 'merged_into_conversation' END AS skip
    FROM j),
companies AS (SELECT DISTINCT author AS company, lower(author) AS handle FROM t
    WHERE NOT inbound AND author IS NOT NULL),
replies AS (
    SELECT root, arg_min(author, sent) AS company, min(sent) AS first_reply
    FROM judged WHERE skip = 'merged_into_conversation' AND NOT inbound GROUP BY root),
mentions AS (
    SELECT __row, unnest(m) AS handle, generate_subscripts(m, 1) AS pos FROM (
        SELECT __row, regexp_extract_all(lower(body), '@([a-z0-9_]+)', 1) AS m
        FROM judged WHERE skip IS NULL)),
mentioned AS (
    SELECT x.__row, arg_min(c.company, x.pos) AS company
    FROM mentions x JOIN companies c USING (handle) GROUP BY x.__row)
SELECT src.*,
    CASE WHEN judged.skip IS NULL THEN CAST(r.first_reply AS VARCHAR) END AS first_reply_at,
    CASE WHEN judged.skip IS NULL THEN coalesce(r.company, m.company) END AS company,
    judged.skip AS __skip
FROM src JOIN judged USING (__row)
LEFT JOIN replies r ON judged.skip IS NULL AND r.root = judged.id
LEFT JOIN mentioned m ON m.__row = judged.__row
"""


REBUILD = Rebuild(
    name="twcs",
    summary="rebuilds conversations from reply chains: one contact per customer tweet "
    "that opens a thread",
    required=lambda options: REQUIRED,
    produces=("first_reply_at", "company"),
    reasons={
        "merged_into_conversation": "a reply or follow-up tweet, folded into its conversation",
        "company_initiated": "a thread a company started: not a customer contact",
        "thread_start_missing": "the thread's first tweet is not in the file: its start is unknown",
    },
    select=_select,
)
