"""Counting a text file's records from its raw bytes, independently of DuckDB.

DuckDB's CSV reader can skip lines without a word (FIELD-NOTES), so parity
counts records itself and reconciles. Two streaming passes over the bytes:

1. `fingerprint`: the SHA-256 of the content, the byte-order mark, whether it
   is valid UTF-8, and how lines end (LF, CRLF, lone CR).
2. `index_records`: where each record ends, following the same quoting rule
   as DuckDB's strict reader: a quote opens a quoted field only at the start
   of a field (after a delimiter or a line break); inside, `""` is a literal
   quote and a lone quote closes the field; a quote in the middle of an
   unquoted field is a literal character. A line break ends a record only
   outside quotes.

Both work on chunks with NumPy, never a Python loop per line or per field:
the quoting state across runs of quote characters is a two-state automaton,
composed over each chunk with a parallel prefix scan.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

CHUNK = 16 * 1024 * 1024
QUOTE = ord('"')
LF = ord("\n")
CR = ord("\r")

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    sha256: str
    size: int
    bom: str | None  # encoding named by a byte-order mark
    utf8_valid: bool  # the whole content (after any BOM) decodes as UTF-8
    utf8_multibyte: bool  # it holds at least one valid multi-byte UTF-8 sequence
    nul_bytes: int
    crlf: int
    lone_lf: int
    lone_cr: int


def fingerprint(path: Path) -> Fingerprint:
    """Hash the file and describe its encoding and line endings, in one pass."""
    digest = hashlib.sha256()
    size = 0
    bom: str | None = None
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    utf8_valid = True
    multibyte = False
    nul = crlf = lf = cr = 0
    last = b""
    with path.open("rb") as fh:
        first = True
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if first:
                first = False
                for mark, name in BOMS:
                    if chunk.startswith(mark):
                        bom = name
                        chunk = chunk[len(mark) :]
                        break
            if utf8_valid and bom in (None, "utf-8"):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8_valid = False
            if not multibyte and bom in (None, "utf-8"):
                multibyte = _has_utf8_multibyte(chunk)
            nul += chunk.count(b"\0")
            joined = last + chunk  # a CRLF may straddle two chunks
            pairs = joined.count(b"\r\n") - last.count(b"\r\n")
            crlf += pairs
            lf += chunk.count(b"\n")
            cr += chunk.count(b"\r")
            last = chunk[-1:]
    if utf8_valid and bom in (None, "utf-8"):
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8_valid = False
    if bom in ("utf-16-le", "utf-16-be"):
        utf8_valid = False
    return Fingerprint(
        sha256=digest.hexdigest(),
        size=size,
        bom=bom,
        utf8_valid=utf8_valid,
        utf8_multibyte=multibyte,
        nul_bytes=nul,
        crlf=crlf,
        lone_lf=lf - crlf,
        lone_cr=cr - crlf,
    )


def _has_utf8_multibyte(chunk: bytes) -> bool:
    """True when the chunk holds a well-formed 2–4 byte UTF-8 sequence."""
    arr = np.frombuffer(chunk, dtype=np.uint8)
    lead = np.flatnonzero((arr >= 0xC2) & (arr <= 0xF4))
    lead = lead[lead + 1 < arr.size]
    return bool(np.any((arr[lead + 1] & 0xC0) == 0x80))


@dataclass(frozen=True, slots=True)
class RecordIndex:
    """Records of a file in order; numbering starts at 1, as DuckDB's `line` does."""

    end_line: npt.NDArray[np.int64]  # physical line on which each record ends
    blank: npt.NDArray[np.bool_]  # the record is empty (a blank line)
    unterminated_quote: bool  # the file ends inside a quoted field
    physical_lines: int

    @property
    def count(self) -> int:
        return int(self.end_line.size)

    def start_line(self, record: int) -> int:
        """Physical line on which 1-based `record` starts."""
        return 1 if record <= 1 else int(self.end_line[record - 2]) + 1

    def span(self, record: int) -> tuple[int, int]:
        return self.start_line(record), int(self.end_line[record - 1])


def index_records(
    path: Path, *, delimiter: str, newline: str = "\n", quoting: bool = True
) -> RecordIndex:
    """Find every record boundary of a (UTF-8 or single-byte) delimited text file.

    Without `quoting` (JSON Lines) every line break ends a record.
    """
    delim = ord(delimiter)
    nl = ord(newline)
    ends: list[npt.NDArray[np.int64]] = []
    blanks: list[npt.NDArray[np.bool_]] = []
    state = 0  # 0 outside quotes, 1 inside
    prev_byte = nl  # the start of the file counts as the start of a field
    lines_before = 0
    last_end = -1  # global byte offset of the last record-ending newline
    offset = 0
    leftover_nonblank = False
    with path.open("rb") as fh:
        pending = b""
        while True:
            chunk = pending + fh.read(CHUNK)
            pending = b""
            if not chunk:
                break
            # Never split a run of quotes between chunks: its length decides its meaning.
            while chunk.endswith(b'"'):
                more = fh.read(4096)
                if not more:
                    break
                chunk += more
            buf = np.frombuffer(chunk, dtype=np.uint8)
            if quoting:
                state, rec_end = _chunk_boundaries(buf, state, prev_byte, delim, nl)
            else:
                rec_end = np.flatnonzero(buf == nl)
            newline_at = np.flatnonzero(buf == nl)
            is_end = np.isin(newline_at, rec_end, assume_unique=True)
            end_idx = np.flatnonzero(is_end)
            global_ends = rec_end.astype(np.int64) + offset
            starts = np.empty_like(global_ends)
            if global_ends.size:
                starts[0] = last_end + 1
                starts[1:] = global_ends[:-1] + 1
                lengths = global_ends - starts
                blank = lengths == 0
                if nl == LF:
                    one = lengths == 1
                    if np.any(one):
                        local = global_ends[one] - 1 - offset
                        cr_before = np.zeros(one.sum(), dtype=bool)
                        inside = local >= 0
                        cr_before[inside] = buf[local[inside]] == CR
                        if np.any(~inside):  # the CR sits at the end of the previous chunk
                            cr_before[~inside] = prev_byte == CR
                        blank[np.flatnonzero(one)] = cr_before
                ends.append(lines_before + end_idx.astype(np.int64) + 1)
                blanks.append(blank)
                last_end = int(global_ends[-1])
            lines_before += int(newline_at.size)
            prev_byte = int(buf[-1])
            offset += int(buf.size)
    total = offset
    tail_start = last_end + 1
    if tail_start < total:
        with path.open("rb") as fh:
            fh.seek(tail_start)
            tail = fh.read(total - tail_start)
        leftover_nonblank = tail.strip(b"\r") != b"" or state == 1
        ends.append(np.array([lines_before + 1], dtype=np.int64))
        blanks.append(np.array([not leftover_nonblank]))
        lines_before += 1
    end_line = np.concatenate(ends) if ends else np.empty(0, dtype=np.int64)
    blank = np.concatenate(blanks) if blanks else np.empty(0, dtype=bool)
    return RecordIndex(
        end_line=end_line,
        blank=blank,
        unterminated_quote=state == 1,
        physical_lines=lines_before,
    )


def _chunk_boundaries(
    buf: npt.NDArray[np.uint8], state: int, prev_byte: int, delim: int, nl: int
) -> tuple[int, npt.NDArray[np.intp]]:
    """Quote state after the chunk and the offsets of newlines that end records."""
    newline_at = np.flatnonzero(buf == nl)
    quote_at = np.flatnonzero(buf == QUOTE)
    if quote_at.size == 0:
        return state, (newline_at if state == 0 else newline_at[:0])
    breaks = np.flatnonzero(np.diff(quote_at) != 1) + 1
    run_start = quote_at[np.concatenate(([0], breaks))]
    run_len = np.diff(np.concatenate(([0], breaks, [quote_at.size])))
    before = np.empty(run_start.size, dtype=np.int64)
    before[0] = buf[run_start[0] - 1] if run_start[0] > 0 else prev_byte
    if run_start.size > 1:
        before[1:] = buf[run_start[1:] - 1]
    at_field_start = (before == delim) | (before == nl) | (before == LF) | (before == CR)
    odd = (run_len % 2) == 1
    # Each run maps the state before it to the state after it:
    #   outside -> inside  iff the run opens a field and leaves an odd remainder open
    #   inside  -> inside  iff the run is all escaped pairs (even length)
    from_out = at_field_start & odd
    from_in = ~odd
    after = _compose_prefix(from_out, from_in, state)
    run_of_newline = np.searchsorted(run_start, newline_at) - 1
    state_at = np.where(run_of_newline >= 0, after[np.maximum(run_of_newline, 0)], state)
    return int(after[-1]), newline_at[state_at == 0]


def _compose_prefix(
    from_out: npt.NDArray[np.bool_], from_in: npt.NDArray[np.bool_], start: int
) -> npt.NDArray[np.bool_]:
    """State after each run, by an inclusive prefix scan of two-state transition maps."""
    f0 = from_out.copy()
    f1 = from_in.copy()
    step = 1
    n = f0.size
    while step < n:
        # compose: new[i] = cur[i] ∘ cur[i - step]  (apply the earlier map first)
        p0 = f0[:-step]
        p1 = f1[:-step]
        c0 = f0[step:]
        c1 = f1[step:]
        n0 = np.where(p0, c1, c0)
        n1 = np.where(p1, c1, c0)
        f0[step:] = n0
        f1[step:] = n1
        step *= 2
    return f1 if start else f0
