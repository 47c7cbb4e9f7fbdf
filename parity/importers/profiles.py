"""Profiles: declarative mappings from a vendor's export to the canonical record.

A profile is a TOML file (the built-in ones live in `parity/importers/profiles/`
and are read with importlib.resources, so they work from a wheel). It says,
for each canonical column, where the value comes from and how to read it;
which rows are not contacts (skipped, with a reason); and optionally which
rebuild module first reshapes the records (reply threads, repeated records).
`docs/importers.md` documents the format with a worked example.

Loading validates every key and value; a mistake is one line naming the
file and the key. `profile_files` finds, reads and checks the files; `profile_sql` compiles them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from parity import schema
from parity.errors import UserError
from parity.schema import Kind

Op = Literal["in", "not_in", "present", "absent"]
Combine = Literal["single", "join", "first_of"]

ISO = "iso8601"  # in a list of timestamp formats: ISO 8601, as canonical files write it
UNITS: dict[str, float] = {"milliseconds": 0.001, "seconds": 1.0, "minutes": 60.0, "hours": 3600.0}


class ProfileError(UserError):
    """A profile file is invalid, or no profile has the name asked for (exit 2)."""


@dataclass(frozen=True, slots=True)
class Condition:
    """A test on one raw column; values compare trimmed and case-insensitively."""

    column: str
    op: Op
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """How one canonical column is produced from the raw columns."""

    target: str
    sources: tuple[str, ...] = ()  # raw column names (or names a rebuild module adds)
    combine: Combine = "single"  # join: values joined by a space; first_of: first non-empty
    value: str | None = None  # a constant
    when_all: tuple[Condition, ...] = ()  # derived flag: true when every condition holds
    optional: bool = False  # absent from the header: the canonical column is left out
    null_values: tuple[str, ...] = ()  # raw values that mean "did not happen"
    mapping: Mapping[str, str] | None = None  # lower-cased raw value → value ("" = empty)
    default: str | None = None  # for values the map does not name (None: keep them)
    formats: tuple[str, ...] = ()  # strptime formats of a timestamp
    unit: str | None = None  # unit of a number that is a duration
    after: str | None = None  # canonical timestamp this duration is counted from
    true_words: tuple[str, ...] = ()
    false_words: tuple[str, ...] = ()
    otherwise: bool | None = None  # value of a boolean for other non-empty words
    nonzero: bool = False  # a boolean read from a number: true when it is not 0
    if_empty: str | None = None  # the value when the source gives none
    only_if: tuple[Condition, ...] = ()  # the value is empty unless every condition holds

    @property
    def kind(self) -> Kind:
        return schema.BY_NAME[self.target].kind

    def raw_columns(self) -> set[str]:
        return (
            set(self.sources) | {c.column for c in self.when_all} | {c.column for c in self.only_if}
        )

    def describe(self) -> str:
        """A one-line summary, for `parity profiles NAME`."""
        if self.value is not None:
            text = repr(self.value)
        elif self.when_all:
            text = "true when " + " and ".join(_describe(c) for c in self.when_all)
        else:
            glue = " + " if self.combine == "join" else " or else "
            text = glue.join(self.sources)
        if self.after:
            text += f" ({self.unit or 'seconds'} after {self.after})"
        elif self.unit:
            text += f" ({self.unit})"
        if self.formats:
            text += f" as {' | '.join(self.formats)}"
        if self.mapping:
            text += f", mapped ({len(self.mapping)} values)"
        if self.true_words or self.false_words:
            text += f", true = {'/'.join(self.true_words)}, false = {'/'.join(self.false_words)}"
        if self.nonzero:
            text += ", true when not 0"
        if self.if_empty is not None:
            text += f", {self.if_empty!r} when empty"
        if self.null_values:
            text += f", {' / '.join(self.null_values)} = empty"
        if self.only_if:
            text += " — only when " + " and ".join(_describe(c) for c in self.only_if)
        if self.optional:
            text += " [optional]"
        return text


def _describe(cond: Condition) -> str:
    if cond.op == "present":
        return f"{cond.column} is set"
    if cond.op == "absent":
        return f"{cond.column} is empty"
    word = "is" if cond.op == "in" else "is not"
    return f"{cond.column} {word} {'/'.join(cond.values)}"


@dataclass(frozen=True, slots=True)
class SkipRule:
    """Rows for which every condition holds are not contacts: skipped with `reason`."""

    reason: str
    why: str
    when: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title: str
    source_system: str
    description: str
    origin: str  # "built-in" or the path of the file
    columns: Mapping[str, ColumnSpec]
    skips: tuple[SkipRule, ...] = ()
    timezone: str | None = None
    rebuild: str | None = None
    rebuild_options: Mapping[str, str] = field(default_factory=dict)
    detect: bool = True  # considered when a header is matched automatically
    refuse: str | None = None  # recognised only to refuse the file, with this reason
    detect_columns: tuple[str, ...] = ()  # further columns the header must have

    def references(self) -> tuple[set[str], set[str]]:
        """(required, optional) raw column names, before any rebuild module adds its own."""
        required = set(self.detect_columns)
        optional: set[str] = set()
        for spec in self.columns.values():
            (optional if spec.optional else required).update(spec.raw_columns())
        for rule in self.skips:
            required.update(c.column for c in rule.when)
        return required, optional - required
