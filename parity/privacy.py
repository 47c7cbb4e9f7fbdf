"""Small groups in breakdowns: the one rule every breakdown by category, segment or team follows.

A figure about a handful of contacts is a figure about people: a team of
two agents, a segment of three customers. A breakdown (rows per team within
a channel, per segment, per category) shows no figures for a group of fewer
than `k` contacts (default 5, `[empowerment] min_group_size` in the config):
the row says "suppressed" and a note says how many were.

Hiding the small group alone is not enough when the parent's total is shown:
with one team hidden in a channel, its figures are the channel's minus the
others'. So when a parent has exactly one small group, its smallest shown
sibling is suppressed too (complementary suppression), and the note says so.

Strata used only to adjust a comparison (categories in the stratified tests)
are never shown and need no suppression. Today the team breakdown
(`parity.signals`, the empowerment table) is the only breakdown in the
report; a new one must go through `suppress`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_GROUP_SIZE = 5


@dataclass(frozen=True, slots=True)
class Suppression:
    hidden: frozenset[int]  # positions of the groups to show without figures
    small: int  # groups under the minimum size
    complementary: int  # groups hidden only so that a small one cannot be recovered
    note: str | None


def suppress(sizes: Sequence[int], parents: Sequence[str], *, k: int, what: str) -> Suppression:
    """Which groups of a breakdown to show without figures.

    `sizes[i]` is the number of contacts of group i, `parents[i]` the group it
    belongs to (the channel of a team), `what` the plural name of the groups
    ("teams") for the note.
    """
    small = {i for i, n in enumerate(sizes) if n < k}
    extra: set[int] = set()
    for parent in dict.fromkeys(parents):
        members = [i for i, p in enumerate(parents) if p == parent]
        hidden = [i for i in members if i in small]
        shown = [i for i in members if i not in small]
        if len(hidden) == 1 and shown:
            extra.add(min(shown, key=lambda i: (sizes[i], i)))
    return Suppression(
        frozenset(small | extra), len(small), len(extra), _note(small, extra, k, what)
    )


def _note(small: set[int], extra: set[int], k: int, what: str) -> str | None:
    if not small:
        return None
    note = (
        f"{len(small)} {what} with fewer than {k} contacts are not shown, to protect the "
        "privacy of their agents and customers"
    )
    if extra:
        note += (
            f"; {len(extra)} more {what} are not shown either, so that a hidden one cannot be "
            "worked out from the totals"
        )
    return note
