"""Rebuild modules: formats whose records are not one contact each.

Reply threads (twcs), records delivered more than once (Amazon Connect) and
call logs whose times need a calendar (Anonymous Bank) are reshaped in SQL
before the profile's column mapping applies. A rebuild returns exactly one
row per input row, so that every record stays accounted for: the rows that
are not contacts carry a skip reason in `__skip` (counted as skipped, never
dropped), and the contact rows carry the columns the module derives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

Column = Callable[[str], str]  # a column name of the profile → quoted identifier in the relation


class Params:
    """Bound parameters collected while SQL is composed: values never enter the text."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def bind(self, value: object, cast: str = "") -> str:
        name = f"p{len(self.values)}_"  # the trailing _ keeps $p1_ from matching $p10_
        self.values[name] = value
        return f"${name}{cast}"


@dataclass(frozen=True, slots=True)
class Rebuild:
    name: str
    summary: str
    required: Callable[[Mapping[str, str]], tuple[str, ...]]  # raw columns, given the options
    produces: tuple[str, ...]  # columns it adds for the profile to map
    reasons: Mapping[str, str]  # skip reason → why
    select: Callable[[str, Column, Mapping[str, str], Params], str]  # source SQL → rebuilt SQL


def registry() -> dict[str, Rebuild]:
    from parity.importers import anonymous_bank, latest, twcs

    return {r.name: r for r in (twcs.REBUILD, latest.REBUILD, anonymous_bank.REBUILD)}
