"""Byte-mutation fuzzing of the importer: a fixed seed, a fixed number of mutated files.

Each file is a clean export with 1–4 random byte mutations (bit flips, quotes, delimiters,
line breaks, NUL and high bytes, byte-order marks, cut, repeated or swapped ranges). The
invariant: the import succeeds with every record accounted for — rows read = loaded +
rejected + skipped, and rows read equals a count made here, in plain Python, of the
records the bytes hold under DuckDB's quoting rule — or it fails as a user error with one
line naming the file. Never another exception, never a customer id in a message.
"""

from __future__ import annotations

import codecs
import random
from pathlib import Path
from unittest import mock

import pytest

from parity.errors import ParityError, UserError
from parity.importers import scan
from parity.importers.pipeline import FileResult, import_files
from parity.store import Store
from tests.conftest import run_cli
from tests.corpus import clean
from tests.corpus.model import Rec, join

SEED = 20261123
ITERATIONS = 160
CLI_EVERY = 20  # every so many files also go through `parity import` end to end
INTERESTING = [b'"', b",", b";", b"\t", b"|", b"\r", b"\n", b"\r\n", b"\0", b"\xff", b"\xc3",
               b'""', b'",', b',"', b"\\", b"'", b"\n\n", b"\xe2\x80\x9c"]  # fmt: skip


def seed_file() -> bytes:
    doc = clean.doc()
    values = clean.with_value(2, "category", 'multi\nline, "quoted"')[2]
    return doc.put(3, Rec(join(values), "load", cid="C03")).encode()


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out) + 1) if out else 0
        kind = rng.randrange(9)
        if kind == 0 and out:
            out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
        elif kind == 1 and out:
            out[min(at, len(out) - 1) : min(at, len(out) - 1) + 1] = rng.choice(INTERESTING)
        elif kind == 2:
            out[at:at] = rng.choice(INTERESTING)
        elif kind == 3:
            del out[at : at + rng.randint(1, 40)]
        elif kind == 4:
            length = rng.randint(1, 120)
            out[at:at] = out[at : at + length]
        elif kind == 5:
            del out[at:]
        elif kind == 6:
            lines = bytes(out).split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            out = bytearray(b"\n".join(lines))
        elif kind == 7:
            out[0:0] = rng.choice([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(out)


def count_records(data: bytes, delimiter: str) -> int:
    """Records in `data`, counted byte by byte, independently of parity's vectorised scanner.

    The file's line breaks as parity reads them: CR-only files break on CR; in a file
    mixing endings CRLF becomes LF and a lone CR a space. Then a quote opens a quoted
    field only at the start of a field, `""` inside is a quote, a lone quote closes it,
    and a line break outside quotes ends a record; text after the last break is one more.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    crlf = data.count(b"\r\n")
    lone_cr, lone_lf = data.count(b"\r") - crlf, data.count(b"\n") - crlf
    newline = ord("\n")
    if lone_cr and not crlf and not lone_lf:
        newline = ord("\r")
    elif (crlf and lone_lf) or (lone_cr and (crlf or lone_lf)):
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b" ")
    delim, quote = ord(delimiter), ord('"')
    records, inside, at_start, pending = 0, False, True, False
    i = 0
    while i < len(data):
        byte = data[i]
        if inside:
            if byte == quote:
                if i + 1 < len(data) and data[i + 1] == quote:
                    i += 1
                else:
                    inside = False
            at_start = False
        elif byte == quote and at_start:
            inside = True
            at_start = False
        elif byte == newline:
            records += 1
            at_start, pending = True, False
            i += 1
            continue
        else:
            at_start = byte in (delim, ord("\n"), ord("\r"))
        pending = True
        i += 1
    return records + (1 if pending else 0)


def check_accounting(result: FileResult, data: bytes, store: Store) -> None:
    assert result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_skipped
    if result.delimiter is not None and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        assert result.rows_read == count_records(data, result.delimiter) - 1
    spans = store.con.execute(
        "SELECT line, line_end FROM rejects WHERE import_id = $id ORDER BY line",
        {"id": result.import_id},
    ).fetchall()
    last = 0
    for line, end in spans:  # one reject per record: spans in order, never overlapping
        assert last < line <= end
        last = end


def check_message(error: ParityError, path: Path) -> None:
    assert isinstance(error, UserError), error.message
    assert "\n" not in error.message
    assert error.message.startswith(str(path))
    for cid in clean.CUSTOMER_IDS:
        assert cid not in error.message


@pytest.mark.slow
def test_mutated_exports_are_accounted_for_or_refused_in_one_line(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    original = seed_file()
    outcomes = {"imported": 0, "refused": 0}
    store = Store.memory(key="fuzz-key-0123456789")  # one store: each file its own import
    for n in range(ITERATIONS):
        data = mutate(original, rng)
        path = tmp_path / f"fuzz-{n:03d}.csv"
        path.write_bytes(data)
        try:
            (result,) = import_files(store, [path])
        except ParityError as error:
            check_message(error, path)
            outcomes["refused"] += 1
        else:
            if result.status == "imported":  # not a repeat of an earlier mutation
                check_accounting(result, data, store)
                outcomes["imported"] += 1
        if n % CLI_EVERY == 0:
            run = run_cli(["import", str(path), "--db", str(tmp_path / f"fuzz-{n}.duckdb")])
            assert run.exit_code in (0, 2)
            assert "Traceback" not in run.stderr
            assert run.stderr == "" if run.exit_code == 0 else run.stderr.count("\n") == 1
    store.close()
    assert outcomes["imported"] > ITERATIONS // 2  # most mutations leave an importable file
    assert outcomes["refused"] > 0


def test_the_independent_count_agrees_with_the_corpus_model() -> None:
    from tests.corpus import VARIANTS

    for name in ("quote_embedded", "newline_alternating", "newline_cr_only", "blank_lines"):
        data, expected = VARIANTS[name].build()
        assert count_records(data, ",") - 1 == expected.rows_read, name


@pytest.mark.parametrize("chunk", [1, 3, 64, scan.CHUNK])
def test_the_survey_counts_line_ends_as_the_bytes_hold_them(tmp_path: Path, chunk: int) -> None:
    """The fingerprint's line-end counts (which decide whether a file is normalised) equal
    counts of the bytes, whether the survey's indexer or the fingerprint counts the LFs."""
    rng = random.Random(4)
    for i in range(40):
        data = mutate(seed_file().replace(b"\n", rng.choice([b"\n", b"\r\n", b"\r"])), rng)
        path = tmp_path / f"{i}.csv"
        path.write_bytes(data)
        crlf = data.count(b"\r\n")
        expected = (crlf, data.count(b"\n") - crlf, data.count(b"\r") - crlf)
        with mock.patch.object(scan, "CHUNK", chunk):
            indexed = scan.survey(path, delimiter=",").fingerprint
            alone = scan.fingerprint(path)
        for fp in (indexed, alone):
            assert (fp.crlf, fp.lone_lf, fp.lone_cr) == expected
