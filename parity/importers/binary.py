"""Telling a text export from a file that is not text at all, by its first bytes.

DuckDB "loads" a binary file with every line rejected (FIELD-NOTES), and the
header search would report "no header found", which sends the user looking
for the wrong problem. A workbook, an archive, an image or UTF-16 without a
byte-order mark is refused in one line that says what the file seems to be.
"""

from __future__ import annotations

from pathlib import Path

from parity import errors
from parity.errors import InputFileError

HEAD = 64 * 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive, such as an Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document, such as an .xls workbook"),
    (b"\x1f\x8b", "gzip-compressed; decompress it first"),
    (b"BZh", "bzip2-compressed; decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed; decompress it first"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed; decompress it first"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file; name it .parquet"),
)
# bytes that never occur in text: C0 controls other than tab, line feed, form feed, CR, escape
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"


def refuse_binary(path: Path, *, utf16: bool = False) -> None:
    """Raise a one-line error when `path` does not hold text. `utf16`: it has a UTF-16 BOM."""
    if utf16:
        return
    with path.open("rb") as fh:
        head = fh.read(HEAD)
    what = describe(head)
    if what is not None:
        raise InputFileError(errors.NOT_TEXT.format(file=path, what=what))


def describe(head: bytes) -> str | None:
    """What the first bytes of a file say it is, when it is not text; None for text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if not head:
        return None
    nul = head.count(0)
    if nul * 4 > len(head):
        odd = head[1::2].count(0)
        if odd * 5 > len(head) * 2 or head[0::2].count(0) * 5 > len(head) * 2:
            return "UTF-16 without a byte-order mark; save it as UTF-8"
    controls = sum(head.count(b) for b in _CONTROL)
    if controls * 20 > len(head):  # over 5 % control bytes: binary
        return "binary content"
    return None
