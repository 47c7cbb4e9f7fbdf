"""A damaged export and what must become of every one of its lines.

A `Doc` is a list of records as written (a record may span several physical
lines inside quotes), each with its fate: the header, loaded (with its
contact id), rejected (with the reason), or skipped (with the reason). The
bytes of the file and the expected outcome both come from the same `Doc`, so
line numbers in the expectation are computed, never typed by hand.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

Fate = Literal["header", "load", "reject", "skip"]


@dataclass(frozen=True)
class Rec:
    text: str  # the record without its line terminator; "\n" only inside quoted fields
    fate: Fate
    reason: str | None = None  # why rejected or skipped
    cid: str | None = None  # contact id, when loaded

    @property
    def lines(self) -> int:
        return self.text.count("\n") + 1


@dataclass(frozen=True)
class Expected:
    """The outcome of `parity import` on a variant, as stored beside it (`.expected.json`)."""

    exit_code: int
    error: str | None = None  # exit 2: a phrase the one stderr line must hold
    rows_read: int = 0  # records after the header: the independent count
    loaded: list[str] = field(default_factory=list)  # contact ids, sorted
    rejected: list[tuple[int, int, str]] = field(default_factory=list)  # (line, line_end, reason)
    skipped: dict[str, int] = field(default_factory=dict)  # reason → records
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # cid → column → stored text

    def to_json(self) -> str:
        doc = asdict(self)
        doc["rejected"] = [list(r) for r in self.rejected]
        return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Expected:
        doc = json.loads(text)
        doc["rejected"] = [tuple(r) for r in doc["rejected"]]
        return cls(**doc)


def refused(error: str) -> Expected:
    return Expected(exit_code=2, error=error)


def field_text(value: str, delim: str) -> str:
    """A field as a careful writer quotes it: only when it must."""
    if any(c in value for c in (delim, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def join(values: Sequence[str], delim: str = ",") -> str:
    return delim.join(field_text(v, delim) for v in values)


@dataclass(frozen=True)
class Doc:
    records: tuple[Rec, ...]

    @classmethod
    def of(cls, header: Sequence[str], rows: Sequence[Sequence[str]], delim: str = ",") -> Doc:
        """A clean document: the header, then every row loaded."""
        recs = [Rec(join(header, delim), "header")]
        recs += [Rec(join(r, delim), "load", cid=r[0]) for r in rows]
        return cls(tuple(recs))

    # -- editing ----------------------------------------------------------------------------

    def put(self, index: int, rec: Rec) -> Doc:
        """Replace record `index` (0 is the first record of the file)."""
        recs = list(self.records)
        recs[index] = rec
        return Doc(tuple(recs))

    def insert(self, index: int, *recs: Rec) -> Doc:
        out = list(self.records)
        out[index:index] = recs
        return Doc(tuple(out))

    def append(self, *recs: Rec) -> Doc:
        return Doc((*self.records, *recs))

    def map_rows(self, change: Callable[[Rec], Rec]) -> Doc:
        """Apply `change` to every record after the header."""
        return Doc(tuple(r if r.fate == "header" else change(r) for r in self.records))

    def map_all(self, text: Callable[[str], str]) -> Doc:
        return Doc(tuple(replace(r, text=text(r.text)) for r in self.records))

    # -- output -----------------------------------------------------------------------------

    def text(self, newline: str = "\n", *, final: bool = True) -> str:
        body = newline.join(r.text.replace("\n", newline) for r in self.records)
        return body + newline if final else body

    def encode(
        self,
        newline: str = "\n",
        *,
        encoding: str = "utf-8",
        bom: bytes = b"",
        final: bool = True,
    ) -> bytes:
        return bom + self.text(newline, final=final).encode(encoding)

    def expected(self, values: dict[str, dict[str, str]] | None = None) -> Expected:
        """Line numbers are physical: a record spanning lines takes them all."""
        loaded: list[str] = []
        rejected: list[tuple[int, int, str]] = []
        skipped: dict[str, int] = {}
        line = 1
        headers = 0
        for rec in self.records:
            start, end = line, line + rec.lines - 1
            line = end + 1
            if rec.fate == "header":
                headers += 1
            elif rec.fate == "load":
                assert rec.cid is not None
                loaded.append(rec.cid)
            elif rec.fate == "reject":
                assert rec.reason is not None
                rejected.append((start, end, rec.reason))
            else:
                assert rec.reason is not None
                skipped[rec.reason] = skipped.get(rec.reason, 0) + 1
        assert headers == 1, "a document that loads has exactly one header"
        return Expected(
            exit_code=0,
            rows_read=len(self.records) - 1,
            loaded=sorted(loaded),
            rejected=rejected,
            skipped=skipped,
            values=values or {},
        )


def reject(rec: Rec, reason: str) -> Rec:
    return replace(rec, fate="reject", reason=reason, cid=None)


def skip(text: str, reason: str) -> Rec:
    return Rec(text, "skip", reason)


BLANK = Rec("", "skip", "blank_line")
