"""Getting a text export into a shape DuckDB reads exactly: encoding, line endings, dialect.

DuckDB reads UTF-8 (with or without a BOM) and Latin-1 itself. Files it
would misread are rewritten first into a temporary copy, line for line, so
line numbers stay those of the original:
- UTF-16 (by its byte-order mark) is transcoded to UTF-8;
- mixed line endings (CRLF and LF in one file) become LF: DuckDB can return
  zero rows without an error on them (FIELD-NOTES);
- a lone carriage return inside an LF or CRLF file (a stray `\\r` in a text
  field) becomes a space: DuckDB's reader cannot parse it at all. The count
  is reported.
A file that is not valid UTF-8 and holds no multi-byte UTF-8 sequence at all
is read as Windows-1252 (the Latin-1 that spreadsheets write: curly quotes
and € in 0x80–0x9F, where DuckDB's own Latin-1 reader refuses the whole
file), transcoded to UTF-8; one that is mostly UTF-8 keeps UTF-8 and its bad
rows are rejected with `invalid_encoding`. A file that is not text at all is
refused (`parity.importers.binary`).

The dialect (delimiter, header line, preamble) is found by parsing the head
of the file with the standard `csv` module for each candidate delimiter and
keeping the one whose header best matches what the importer expects.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from parity import errors
from parity.errors import InputFileError
from parity.importers.binary import refuse_binary
from parity.importers.scan import CHUNK, Fingerprint

DELIMITERS = (",", ";", "\t", "|")
HEAD_BYTES = 1024 * 1024
HEAD_RECORDS = 60
WINDOWS_1252 = "windows-1252"
TRANSCODED = ("utf-16", WINDOWS_1252)
_LENIENT = "parity-latin-1"  # the five bytes Windows-1252 leaves undefined are read as Latin-1


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error(_LENIENT, _latin1_fallback)


@dataclass(frozen=True, slots=True)
class TextFile:
    """A text export ready for DuckDB: the path to read and how to read it."""

    original: Path
    path: Path  # the original, or a normalised temporary copy
    encoding: str  # for DuckDB: "utf-8" (other encodings are transcoded first)
    newline: str  # "\n" or "\r" (CR-only files)
    notes: tuple[str, ...] = field(default_factory=tuple)
    source_encoding: str | None = None  # the original's, when transcoded

    @property
    def described_encoding(self) -> str:
        return self.source_encoding or self.encoding


def prepare(path: Path, fp: Fingerprint, workdir: Path) -> TextFile:
    """Decide how DuckDB must read `path`; rewrite it into `workdir` when it cannot as is."""
    notes: list[str] = []
    encoding = "utf-8"
    source_encoding = "utf-8-sig"
    refuse_binary(path, utf16=fp.bom in ("utf-16-le", "utf-16-be"))
    if fp.bom in ("utf-16-le", "utf-16-be"):
        source_encoding = "utf-16"
        notes.append(f"transcoded from {fp.bom.upper()}")
    elif not fp.utf8_valid:
        if fp.utf8_multibyte:
            notes.append("not valid UTF-8 throughout: rows with invalid bytes are rejected")
        else:
            source_encoding = WINDOWS_1252
            notes.append("read as Windows-1252 (Latin-1)")
    if source_encoding in TRANSCODED:
        mixed = True  # transcoding rewrites the file anyway; normalise line ends on the way
    else:
        mixed = (fp.crlf > 0 and fp.lone_lf > 0) or (fp.lone_cr > 0 and (fp.lone_lf + fp.crlf) > 0)
    cr_only = fp.lone_cr > 0 and fp.crlf == 0 and fp.lone_lf == 0
    if not mixed:
        return TextFile(path, path, encoding, "\r" if cr_only else "\n", tuple(notes))
    target = workdir / f"{abs(hash(str(path)))}-{path.name}.normalised"
    stray_cr = _normalise(path, target, source_encoding, cr_only=cr_only)
    if fp.crlf and fp.lone_lf:
        notes.append("mixed CRLF/LF line endings normalised to LF")
    if stray_cr:
        notes.append(f"{stray_cr} stray carriage return(s) inside lines replaced by spaces")
    described = fp.bom if source_encoding == "utf-16" else source_encoding
    if source_encoding not in TRANSCODED:
        described = None
    return TextFile(path, target, encoding, "\n", tuple(notes), described)


def _normalise(source: Path, target: Path, encoding: str, *, cr_only: bool = False) -> int:
    """Copy `source` to `target` with LF line ends; returns how many lone CRs became spaces.

    In a file whose lines all end with a lone CR (`cr_only`), each CR becomes LF instead.
    """
    lone_cr = b"\n" if cr_only else b" "
    stray = 0
    with source.open("rb") as fin, target.open("wb") as fout:
        decoder = (
            codecs.getincrementaldecoder(encoding)(
                _LENIENT if encoding == WINDOWS_1252 else "strict"
            )
            if encoding in TRANSCODED
            else None
        )
        carry = b""
        first = True
        read = 0
        while True:
            raw = fin.read(CHUNK)
            if decoder is not None:
                try:
                    text = decoder.decode(raw, final=not raw)
                except UnicodeDecodeError as exc:  # a broken UTF-16 file: refused, not guessed
                    raise InputFileError(
                        errors.UNREADABLE.format(
                            file=source,
                            what="UTF-16",
                            reason=f"invalid bytes near byte {read + exc.start:,}",
                        )
                    ) from exc
                read += len(raw)
                chunk = text.encode("utf-8")
            else:
                chunk = raw
            if first and decoder is not None and chunk.startswith(codecs.BOM_UTF8):
                chunk = chunk[len(codecs.BOM_UTF8) :]
            first = False
            chunk = carry + chunk
            carry = b""
            if raw and chunk.endswith(b"\r"):  # its LF may be in the next chunk
                carry, chunk = b"\r", chunk[:-1]
            chunk = chunk.replace(b"\r\n", b"\n")
            stray += 0 if cr_only else chunk.count(b"\r")
            chunk = chunk.replace(b"\r", lone_cr)
            fout.write(chunk)
            if not raw:
                break
        if carry:
            fout.write(lone_cr)
            stray += 0 if cr_only else 1
    return stray


@dataclass(frozen=True, slots=True)
class Dialect:
    delimiter: str
    header_record: int  # 1-based record number of the header
    header: tuple[str, ...]  # names as written in the file


HeaderScore = Callable[[list[str]], int]


def sniff(text: TextFile, score: HeaderScore) -> Dialect:
    """Find delimiter and header: the record, among the first few, that `score` likes best.

    `score` returns how many expected column names a record holds; the best
    (delimiter, record) wins, earlier records and more fields breaking ties.
    Records before the header are a preamble.
    """
    refuse_binary(text.path)
    head = _head_text(text)
    if not head.strip():
        raise InputFileError(errors.FILE_EMPTY.format(file=text.original))
    best: tuple[int, int, int, str, list[str]] | None = None
    for delim in DELIMITERS:
        for number, fields in enumerate(_head_records(head, delim), start=1):
            if not fields:
                continue
            names = [f.strip() for f in fields]
            rank = (score(names), -number, len(names))
            if best is None or rank > (best[0], -best[1], best[2]):
                best = (rank[0], number, len(names), delim, names)
    if best is None or best[0] == 0:
        raise InputFileError(
            errors.NO_HEADER.format(file=text.original, required="contact_id, channel, created_at")
        )
    _, number, _, delim, names = best
    return Dialect(delimiter=delim, header_record=number, header=tuple(names))


def _head_text(text: TextFile) -> str:
    with text.path.open("rb") as fh:
        raw = fh.read(HEAD_BYTES)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    return raw.decode(text.encoding, errors="replace")


def _head_records(head: str, delimiter: str) -> list[list[str]]:
    """The first records of `head`; blank lines count as (empty) records, as in the index."""
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter, quotechar='"')
    records: list[list[str]] = []
    try:
        for fields in reader:
            records.append(fields)
            if len(records) >= HEAD_RECORDS:
                break
    except csv.Error:
        pass
    return records
