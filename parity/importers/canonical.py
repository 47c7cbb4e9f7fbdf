"""The canonical format: a header of SPEC §2 column names, in any order, any subset.

Names are matched leniently (case, surrounding spaces, spaces or hyphens
for underscores); columns that are not canonical are ignored and named in
the import's notes.
"""

from __future__ import annotations

import re

from parity import errors, schema
from parity.errors import InputFileError

_SEPARATORS = re.compile(r"[\s\-]+")


def normalise_name(name: str) -> str:
    return _SEPARATORS.sub("_", name.strip().lstrip("\ufeff").strip().lower())


def mapping(
    header: tuple[str, ...], *, file: object, header_line: int | None, channel_given: bool
) -> tuple[dict[str, str], list[str]]:
    """Canonical name → file column name, and the file's columns that are ignored.

    Raises a one-line error when a required column is missing or a canonical
    column appears twice.
    """
    found: dict[str, str] = {}
    ignored: list[str] = []
    for name in header:
        canonical = normalise_name(name)
        if canonical not in schema.BY_NAME:
            ignored.append(name)
            continue
        if canonical in found:
            raise InputFileError(
                errors.DUPLICATE_COLUMN.format(file=file, line=header_line or 1, column=canonical)
            )
        found[canonical] = name
    for required in schema.REQUIRED:
        if required == "channel" and channel_given:
            continue
        if required not in found:
            raise InputFileError(
                errors.MISSING_COLUMN.format(file=file, line=header_line or 1, column=required)
            )
    return found, ignored
