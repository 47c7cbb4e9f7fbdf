"""Counting a text file's records from its raw bytes, independently of DuckDB.

DuckDB's CSV reader can skip lines without a word (FIELD-NOTES), so parity
counts records itself and reconciles. One streaming pass over the bytes,
`survey`, gives both:

- the fingerprint: the SHA-256 of the content (computed on a worker thread
  while the main thread scans), the byte-order mark, whether the content is
  valid UTF-8, and how lines end (LF, CRLF, lone CR);
- the record index: where each record ends, following the same quoting rule
  as DuckDB's strict reader: a quote opens a quoted field only at the start
  of a field (after a delimiter or a line break); inside, `""` is a literal
  quote and a lone quote closes the field; a quote in the middle of an
  unquoted field is a literal character. A line break ends a record only
  outside quotes. The index also says whether any value may begin or end
  with a blank, which validation must then trim (`RecordIndex.blank_edges`).

It works on chunks with NumPy, never a Python loop per line or per field: the
quoting state across runs of quote characters is a two-state automaton,
composed over each chunk with a parallel prefix scan. Cheap tests (`isascii`,
`in`) skip the costlier checks for the common case of an ASCII file with LF
line ends and no quotes.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

CHUNK = 16 * 1024 * 1024
QUOTE = ord('"')
LF = ord("\n")
CR = ord("\r")
SPACE = ord(" ")
TAB = ord("\t")

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


@dataclass(frozen=True, slots=True)
class RecordIndex:
    """Records of a file in order; numbering starts at 1, as DuckDB's `line` does."""

    # physical line on which each record ends: 32-bit while the lines fit (half the memory
    # of a ten-million-record index, held for the whole report)
    end_line: npt.NDArray[np.int64] | npt.NDArray[np.int32]
    blank: npt.NDArray[np.bool_]  # the record is empty (a blank line)
    unterminated_quote: bool  # the file ends inside a quoted field
    physical_lines: int
    # Some value may begin or end with a blank (space, tab, CR, LF): a blank next to a
    # delimiter, a line break, a quote or the start or end of the file, or a line break
    # inside quotes. False is a promise (validation then skips its trim, 1.5 s of a
    # ten-million-row file); True may be a false alarm, such as a quoted value holding ", ".
    blank_edges: bool = True

    @property
    def count(self) -> int:
        return int(self.end_line.size)

    def start_line(self, record: int) -> int:
        """Physical line on which 1-based `record` starts."""
        return 1 if record <= 1 else int(self.end_line[record - 2]) + 1

    def span(self, record: int) -> tuple[int, int]:
        return self.start_line(record), int(self.end_line[record - 1])


@dataclass(frozen=True, slots=True)
class Survey:
    fingerprint: Fingerprint
    index: RecordIndex


def fingerprint(path: Path) -> Fingerprint:
    """The fingerprint alone (no record index), for binary formats."""
    return _Pass(path, index=None).run().fingerprint


def index_records(
    path: Path, *, delimiter: str, newline: str = "\n", quoting: bool = True
) -> RecordIndex:
    """Every record boundary of a (UTF-8 or single-byte) delimited text file."""
    return survey(path, delimiter=delimiter, newline=newline, quoting=quoting).index


def survey(path: Path, *, delimiter: str, newline: str = "\n", quoting: bool = True) -> Survey:
    """Fingerprint and record index in one pass. Without `quoting` (JSON Lines)
    every line break ends a record."""
    return _Pass(path, index=_Indexer(ord(delimiter), ord(newline), quoting)).run()


class _Pass:
    """One streaming pass: hashing on a worker thread, checks and indexing here."""

    def __init__(self, path: Path, *, index: _Indexer | None) -> None:
        self.path = path
        self.indexer = index
        self.bom: str | None = None
        self.ascii = True
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.utf8_valid = True
        self.multibyte = False
        self.nul = self.crlf = self.lf = self.cr = 0
        self.size = 0

    def run(self) -> Survey:
        digest = hashlib.sha256()
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending: Future[None] | None = None
            for first, chunk in _chunks(self.path):
                # hashlib releases the GIL: the digest runs beside the scanning below
                if pending is not None:
                    pending.result()
                pending = pool.submit(digest.update, chunk)
                # the indexer finds every line feed anyway: counted once, not twice (0.45 s
                # of a 1.4 GB file)
                lf = self.indexer.feed(chunk) if self.indexer is not None else None
                self._check(chunk, first, lf)
            if pending is not None:
                pending.result()
        if self.utf8_valid and not self.ascii and self.bom in (None, "utf-8"):
            try:
                self.decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8_valid = False
        if self.bom in ("utf-16-le", "utf-16-be"):
            self.utf8_valid = False
        fp = Fingerprint(
            sha256=digest.hexdigest(),
            size=self.size,
            bom=self.bom,
            utf8_valid=self.utf8_valid,
            utf8_multibyte=self.multibyte,
            nul_bytes=self.nul,
            crlf=self.crlf,
            lone_lf=self.lf - self.crlf,
            lone_cr=self.cr - self.crlf,
        )
        index = self.indexer.finish(self.path) if self.indexer is not None else _EMPTY
        return Survey(fp, index)

    def _check(self, chunk: bytes, first: bool, lf: int | None = None) -> None:
        """Fingerprint counts of the chunk; `lf`, its line feeds when already counted."""
        self.size += len(chunk)
        text = chunk
        if first:
            for mark, name in BOMS:
                if chunk.startswith(mark):
                    self.bom = name
                    text = chunk[len(mark) :]
                    break
        if self.bom in (None, "utf-8") and not text.isascii():
            self.ascii = False
            if self.utf8_valid:
                try:
                    self.decoder.decode(text)
                except UnicodeDecodeError:
                    self.utf8_valid = False
            if not self.multibyte:
                self.multibyte = _has_utf8_multibyte(text)
        if b"\0" in chunk:
            self.nul += chunk.count(b"\0")
        self.lf += chunk.count(b"\n") if lf is None else lf
        if b"\r" in chunk:
            self.cr += chunk.count(b"\r")
            self.crlf += chunk.count(b"\r\n")
        # a CRLF split between two chunks (_chunks never splits one) needs no care


def _chunks(path: Path) -> Iterator[tuple[bool, bytes]]:
    """The file in chunks that never end inside a run of quotes or between CR and LF."""
    with path.open("rb") as fh:
        first = True
        while chunk := fh.read(CHUNK):
            while chunk.endswith((b'"', b"\r")):
                more = fh.read(4096)
                if not more:
                    break
                chunk += more
            yield first, chunk
            first = False


def _has_utf8_multibyte(chunk: bytes) -> bool:
    """True when the chunk holds a well-formed 2–4 byte UTF-8 sequence."""
    arr = np.frombuffer(chunk, dtype=np.uint8)
    lead = np.flatnonzero((arr >= 0xC2) & (arr <= 0xF4))
    lead = lead[lead + 1 < arr.size]
    return bool(np.any((arr[lead + 1] & 0xC0) == 0x80))


_EMPTY = RecordIndex(np.empty(0, dtype=np.int64), np.empty(0, dtype=bool), False, 0)
_BLANK_NEIGHBOURS = (LF, CR, QUOTE)


class _Indexer:
    """Record boundaries, chunk by chunk (see the module docstring for the rule)."""

    def __init__(self, delim: int, nl: int, quoting: bool) -> None:
        self.delim, self.nl, self.quoting = delim, nl, quoting
        self.ends: list[npt.NDArray[np.int64]] = []
        self.blanks: list[npt.NDArray[np.bool_]] = []
        self.state = 0  # 0 outside quotes, 1 inside
        self.prev_byte = nl  # the start of the file counts as the start of a field
        self.lines_before = 0
        self.last_end = -1  # global offset of the last record-ending newline
        self.offset = 0
        # without quoting (JSON Lines) the values are not the file's to tell
        self.blank_edges = not quoting
        self.edge = np.zeros(256, dtype=bool)
        self.edge[[delim, *_BLANK_NEIGHBOURS]] = True
        self.blank_bytes = [b for b in (SPACE, TAB) if b != delim]
        self.blank_last = False  # the last chunk fed ended with a blank

    def feed(self, chunk: bytes) -> int | None:
        """Index the chunk's records; returns its line feeds when they are the newline."""
        buf = np.frombuffer(chunk, dtype=np.uint8)
        newline_at = np.flatnonzero(buf == self.nl)
        if self.quoting and b'"' in chunk:
            self.state, is_end = _chunk_boundaries(
                buf, newline_at, self.state, self.prev_byte, self.delim, self.nl
            )
            end_idx = np.flatnonzero(is_end)
        elif self.state == 0:
            end_idx = np.arange(newline_at.size)
        else:  # inside a quoted field that no quote of this chunk closes
            end_idx = np.empty(0, dtype=np.intp)
        if not self.blank_edges:
            self.blank_edges = end_idx.size != newline_at.size or self._blank_at_edge(chunk, buf)
        if end_idx.size:
            global_ends = newline_at[end_idx].astype(np.int64) + self.offset
            starts = np.empty_like(global_ends)
            starts[0] = self.last_end + 1
            starts[1:] = global_ends[:-1] + 1
            lengths = global_ends - starts
            blank = lengths == 0
            if self.nl == LF and b"\r" in chunk:
                one = np.flatnonzero(lengths == 1)
                local = global_ends[one] - 1 - self.offset
                before = np.where(local >= 0, buf[np.maximum(local, 0)], self.prev_byte)
                blank[one] = before == CR
            self.ends.append(self.lines_before + end_idx.astype(np.int64) + 1)
            self.blanks.append(blank)
            self.last_end = int(global_ends[-1])
        self.lines_before += int(newline_at.size)
        self.prev_byte = int(buf[-1])
        self.offset += int(buf.size)
        return int(newline_at.size) if self.nl == LF else None

    def finish(self, path: Path) -> RecordIndex:
        total = self.offset
        tail_start = self.last_end + 1
        if tail_start < total:  # a last record without a final line break
            with path.open("rb") as fh:
                fh.seek(tail_start)
                tail = fh.read(total - tail_start)
            nonblank = tail.strip(b"\r") != b"" or self.state == 1
            # inside an unclosed quote the tail can end with a line break: no line after it
            open_line = not tail.endswith(bytes((self.nl,)))
            self.ends.append(np.array([self.lines_before + open_line], dtype=np.int64))
            self.blanks.append(np.array([not nonblank]))
            self.lines_before += open_line
        ends = np.concatenate(self.ends) if self.ends else np.empty(0, dtype=np.int64)
        return RecordIndex(
            end_line=ends.astype(np.int32) if self.lines_before < 2**31 - 1 else ends,
            blank=np.concatenate(self.blanks) if self.blanks else np.empty(0, dtype=bool),
            unterminated_quote=self.state == 1,
            physical_lines=self.lines_before,
            blank_edges=self.blank_edges or self.blank_last,
        )

    def _blank_at_edge(self, chunk: bytes, buf: npt.NDArray[np.uint8]) -> bool:
        """Whether a space or tab touches a delimiter, line break, quote or end of the file.

        A line break inside a field is caught by the caller (a newline that ends no record);
        the CR of a CRLF line end is never part of a field (DuckDB drops it, and files with
        other CRs are normalised before they are indexed). A blank delimiter (tab) cannot be
        told from a tab inside quotes, so with one any quote counts.
        """
        if self.delim in (SPACE, TAB) and b'"' in chunk:
            return True
        if self.blank_last and self.edge[buf[0]]:  # the previous chunk ended with a blank
            return True
        self.blank_last = int(buf[-1]) in self.blank_bytes
        for blank in self.blank_bytes:
            if bytes((blank,)) not in chunk:  # the usual case: a scan at memchr speed
                continue
            at = np.flatnonzero(buf == blank)
            # the byte before the chunk is the previous chunk's last; the byte after it, the
            # next chunk's first (checked then) or the end of the file (`finish`)
            if at[0] == 0 and self.edge[self.prev_byte]:
                return True
            before = buf[at[at > 0] - 1]
            after = buf[at[at < buf.size - 1] + 1]
            if self.edge[before].any() or self.edge[after].any():
                return True
        return False


def _chunk_boundaries(
    buf: npt.NDArray[np.uint8],
    newline_at: npt.NDArray[np.intp],
    state: int,
    prev_byte: int,
    delim: int,
    nl: int,
) -> tuple[int, npt.NDArray[np.bool_]]:
    """Quote state after the chunk, and which of its newlines end a record."""
    quote_at = np.flatnonzero(buf == QUOTE)
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
    after = _compose_prefix(at_field_start & odd, ~odd, state)
    run_of_newline = np.searchsorted(run_start, newline_at) - 1
    state_at = np.where(run_of_newline >= 0, after[np.maximum(run_of_newline, 0)], state)
    return int(after[-1]), state_at == 0


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
