"""The registry of corpus variants: a name, what was damaged, and how to build it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from tests.corpus import clean
from tests.corpus.model import Doc, Expected, Rec, join, reject

Build = Callable[[], tuple[bytes, Expected]]


@dataclass(frozen=True)
class Variant:
    name: str
    description: str
    build: Build
    suffix: str = ".csv"

    @property
    def file_name(self) -> str:
        return self.name + self.suffix


VARIANTS: dict[str, Variant] = {}


def variant(description: str, *, suffix: str = ".csv") -> Callable[[Build], Build]:
    """Register the decorated builder under its function name."""

    def register(build: Build) -> Build:
        name = build.__name__
        assert name not in VARIANTS, name
        VARIANTS[name] = Variant(name, description, build, suffix)
        return build

    return register


def changed(row: int, column: str, value: str, reason: str | None, delim: str = ",") -> Doc:
    """The clean document with one value of data row `row` (0: C01) changed.

    `reason` None: the row still loads; else it is rejected with that reason.
    """
    values = clean.with_value(row, column, value)[row]
    rec = Rec(join(values, delim), "load", cid=values[0].strip())
    if reason is not None:
        rec = reject(rec, reason)
    return clean.doc(delim).put(row + 1, rec)


def row_text(row: int, change: Callable[[list[str]], list[str]], delim: str = ",") -> str:
    return join(change(clean.rows()[row]), delim)


def loads_as(doc: Doc, cid: str, **values: str) -> dict[str, dict[str, str]]:
    """The `values` expectation: these columns of contact `cid` are stored as given."""
    assert any(r.cid == cid for r in doc.records)
    return {cid: dict(values)}


def with_text(rec: Rec, text: str) -> Rec:
    return replace(rec, text=text)
