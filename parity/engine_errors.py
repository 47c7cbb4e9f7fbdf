"""Engine errors rewritten before they reach a user: one line that quotes no data.

DuckDB's messages quote the data they choke on: the raw CSV line
(`Original Line: …`), the JSON input (`Input: …`), the value of a failed cast
(`Could not convert string 'ann@example.org' …`, `with value 1e+20`). Printed
as they are, a customer's e-mail address ends up in a terminal, a cron mail or
a CI log. Every path that turns an engine error into text — the CLI's error
line, the reasons of unreadable files, `--debug` tracebacks — goes through
`describe`, which keeps the kind of error and its wording but masks every
quoted or value-like fragment and cuts what follows a data marker.
"""

from __future__ import annotations

import re
import traceback

import duckdb

from parity.errors import ParityError

MASK = "…"
MAX_LENGTH = 240

# DuckDB follows these words with raw data, up to the end of the message
_DATA_MARKERS = re.compile(
    r"(Original Line|Input|Problematic\b[^:]*|Parser options|Possible fixes):"
)
# a quoted fragment; a quote between two letters is an apostrophe (can't), not a quote
_QUOTED = re.compile(r"(?<!\w)('(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`)(?!\w)")
_UNCLOSED = re.compile(r"(?<!\w)['\"`].*$")
# an unquoted value (DuckDB quotes strings, not numbers): `with value 1e+20`
_AFTER_VALUE = re.compile(r"\b(value|string|literal|key)\s+(?=\S*[\d@])\S+", re.IGNORECASE)
_SLOT = "\x00"


def describe(exc: BaseException) -> str:
    """The error as one line without any fragment of data: kind, wording, masked values."""
    text = " ".join(str(exc).split("\n", 1)[0].split())
    if not text:
        return type(exc).__name__
    return scrub(text)


def scrub(text: str) -> str:
    """`text` with quoted fragments and values masked, and cut where data would follow."""
    text = text.replace(_SLOT, "")
    marker = _DATA_MARKERS.search(text)
    if marker is not None:
        text = text[: marker.start()].rstrip(" .,;:")
    quotes: list[str] = []

    def park(match: re.Match[str]) -> str:
        quotes.append(match.group(0)[0])
        return _SLOT

    text = _QUOTED.sub(park, text)
    text = _UNCLOSED.sub(MASK, text)  # a quote left open: everything after it may be data
    text = _AFTER_VALUE.sub(lambda m: f"{m.group(1)} {MASK}", text)
    for quote in quotes:
        text = text.replace(_SLOT, quote + MASK + quote, 1)
    if len(text) > MAX_LENGTH:
        text = text[: MAX_LENGTH - 1] + MASK
    return text


def is_engine_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.Error)


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C, however it surfaced: DuckDB turns it into `RuntimeError: Query interrupted`
    when it arrives while a query runs."""
    if isinstance(exc, KeyboardInterrupt | duckdb.InterruptException):
        return True
    return isinstance(exc, RuntimeError) and str(exc).strip() == "Query interrupted"


def scrubbed_traceback(exc: BaseException) -> str:
    """The traceback `--debug` prints, every message in the chain rewritten but parity's own
    (which are written to be shown): engine errors, and any other library's, can quote data."""
    text = "".join(traceback.format_exception(exc))
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if not isinstance(current, ParityError) and str(current):
            text = text.replace(str(current), describe(current))
        current = current.__cause__ or current.__context__
    return text
