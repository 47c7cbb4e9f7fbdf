"""The baseline of `parity check --baseline FILE`: a JSON report saved earlier.

The file is what `parity report --format json` writes (or `parity check
--format json`, whose `report` key holds one). Its comparisons and signal
verdicts are used: each gap's estimate, interval, figures and verdict. A file
saved before parity judged signals has no `signals`; its signals count as new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parity import errors
from parity.errors import UserError
from parity.gaps import Gap, GapFormatError, from_item
from parity.report import SCHEMA_VERSION

NOT_JSON = "{file}:{line}:{column}: not valid JSON: {reason}"
NOT_A_REPORT = (
    "{file}: not a parity JSON report ({reason}); save one with "
    "`parity report --format json --output {file}`"
)
BAD_COMPARISON = "{file}: {key}[{index}]: {reason}"
OTHER_REFERENCE = (
    "{file}: the baseline compares channels with '{baseline}' but this check with "
    "'{current}'; set reference = \"{baseline}\" in the config or save a new baseline"
)


@dataclass(frozen=True, slots=True)
class Baseline:
    file: str
    as_of: str | None
    reference: str
    gaps: dict[tuple[str, str, str], Gap]

    def check_reference(self, current: str) -> None:
        if current != self.reference:
            raise UserError(
                OTHER_REFERENCE.format(file=self.file, baseline=self.reference, current=current)
            )


def load(path: Path) -> Baseline:
    """Read and check a baseline file; every problem is a UserError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(errors.FILE_NOT_FOUND.format(file=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(
            errors.UNREADABLE.format(file=path, what="a JSON report", reason=exc)
        ) from exc
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(
            NOT_JSON.format(file=path, line=exc.lineno, column=exc.colno, reason=exc.msg)
        ) from exc
    return parse(doc, file=str(path))


def parse(doc: Any, *, file: str) -> Baseline:
    if isinstance(doc, dict) and isinstance(doc.get("report"), dict):
        doc = doc["report"]  # the output of `parity check --format json`
    if not isinstance(doc, dict) or not isinstance(doc.get("comparisons"), list):
        raise UserError(NOT_A_REPORT.format(file=file, reason="no comparisons list"))
    if doc.get("schema_version") != SCHEMA_VERSION:
        reason = f"schema_version {doc.get('schema_version')!r}, expected {SCHEMA_VERSION}"
        raise UserError(NOT_A_REPORT.format(file=file, reason=reason))
    reference = doc.get("reference_channel")
    if not isinstance(reference, str) or not reference:
        raise UserError(NOT_A_REPORT.format(file=file, reason="no reference_channel"))
    signals = doc.get("signals") or []
    if not isinstance(signals, list):
        raise UserError(NOT_A_REPORT.format(file=file, reason="signals is not a list"))
    gaps: dict[tuple[str, str, str], Gap] = {}
    for key, items in (("comparisons", doc["comparisons"]), ("signals", signals)):
        for index, item in enumerate(items):
            where = {"file": file, "key": key, "index": index}
            if not isinstance(item, dict):
                raise UserError(BAD_COMPARISON.format(**where, reason="not an object"))
            try:
                gap = from_item(item)
            except GapFormatError as exc:
                raise UserError(BAD_COMPARISON.format(**where, reason=exc)) from exc
            gaps[gap.key] = gap
    as_of = doc.get("as_of")
    return Baseline(file, as_of if isinstance(as_of, str) else None, reference, gaps)
