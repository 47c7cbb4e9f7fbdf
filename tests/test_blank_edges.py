"""Whether a text file's values can begin or end with a blank (scan.RecordIndex.blank_edges).

When the survey promises they cannot, validation leaves out its trim (1.5 s of a report on
ten million rows). The promise is checked here against DuckDB's own reading of the file, on
files drawn at random and cut into chunks of every size, and the import of a file with and
without blanks is compared value for value.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from unittest import mock

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.importers import scan
from parity.importers.pipeline import import_files
from parity.importers.validate import _blank_trimmed
from parity.store import Store

BLANKS = " \t\r\n"  # what validation trims (parity.importers.validate._BLANKS)
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)


def values_as_duckdb_reads_them(path: Path, delimiter: str, columns: int) -> list[str]:
    """Every value of the data rows, as parity's reader options make DuckDB split them."""
    names = {f"c{i}": "VARCHAR" for i in range(columns)}
    rows = duckdb.execute(
        "SELECT * FROM read_csv($p, columns = $c, auto_detect = false, header = true, "
        "delim = $d, quote = '\"', escape = '\"', strict_mode = true, ignore_errors = true, "
        "null_padding = false)",
        {"p": str(path), "c": names, "d": delimiter},
    ).fetchall()
    return [v for row in rows for v in row if v is not None]


def edges(path: Path, delimiter: str, chunk: int) -> bool:
    with mock.patch.object(scan, "CHUNK", chunk):
        return scan.survey(path, delimiter=delimiter).index.blank_edges


@PROPERTY
@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from('aaaaaaaaaabbbbbbbbbb \t",;\n'), max_size=5),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=6,
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    line_end=st.sampled_from(["\n", "\r\n"]),
    chunk=st.sampled_from([1, 2, 3, 5, 8, 64, scan.CHUNK]),
)
def test_a_promise_of_no_blank_edges_holds_for_every_value(
    tmp_path: Path, rows, delimiter, quoting, line_end, chunk
) -> None:
    """Where the survey says no value begins or ends with a blank, DuckDB reads none that does
    (and the file is read the same way in chunks of any size)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\n")
    writer.writerow(["c0", "c1", "c2"])
    writer.writerows(rows)
    # one kind of line end throughout, inside values too: parity normalises other files
    # before it surveys them
    data = out.getvalue().replace("\n", line_end).encode()
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    promised = not edges(path, delimiter, scan.CHUNK)
    assert edges(path, delimiter, chunk) is not promised  # the chunks do not matter
    if promised:
        values = values_as_duckdb_reads_them(path, delimiter, 3)
        assert all(v == v.strip(BLANKS) for v in values)


@pytest.mark.parametrize(
    ("content", "delimiter", "blank_edges"),
    [
        (b'a,b,c\nx y,"p q",""\n', ",", False),  # blanks inside values only
        (b'a,b\nx,"p, q"\n', ",", True),  # a false alarm: quotes are not followed
        (b"a,b\r\nx,y\r\n", ",", False),  # CRLF line ends are not part of a value
        (b"a\tb\nx y\tz\n", "\t", False),  # a tab delimiter is no blank
        (b"a,b\nx, y\n", ",", True),  # after a delimiter
        (b"a,b\nx ,y\n", ",", True),  # before a delimiter
        (b"a,b\nx,y \n", ",", True),  # before a line break
        (b"a,b\nx,y \r\n", ",", True),  # before a CRLF
        (b"a,b\n x,y\n", ",", True),  # at the start of a line
        (b'a,b\nx," y"\n', ",", True),  # inside quotes, at the start
        (b'a,b\nx,"y\t"\n', ",", True),  # a tab inside quotes, at the end
        (b'a,b\nx,"y\nz"\n', ",", True),  # a line break inside quotes
        (b"a,b\nx,y ", ",", True),  # at the end of the file
        (b" a,b\nx,y\n", ",", True),  # at the start of the file (the header counts too)
        (b'a\tb\nx\t"y"\n', "\t", True),  # a quote in a tab-delimited file
    ],
)
@pytest.mark.parametrize("chunk", [1, 4, scan.CHUNK])
def test_blanks_at_the_edge_of_a_value_are_found(
    tmp_path: Path, content: bytes, delimiter: str, blank_edges: bool, chunk: int
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert edges(path, delimiter, chunk) is blank_edges
    if not blank_edges:
        columns = content.split(b"\n")[0].count(delimiter.encode()) + 1
        values = values_as_duckdb_reads_them(path, delimiter, columns)
        assert values
        assert all(v == v.strip(BLANKS) for v in values)


def test_json_lines_are_never_promised_free_of_blanks(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"a": "x"}\n')
    assert scan.survey(path, delimiter="\x00", quoting=False).index.blank_edges


@PROPERTY
@given(st.text(alphabet='ab \t\r\n\u00a0"é', max_size=6))
def test_without_trim_only_the_empty_value_changes(text: str) -> None:
    """On a value without blank edges the untrimmed form equals the trim (NULL for '')."""
    if text != text.strip(BLANKS):
        return
    untrimmed, trimmed = duckdb.execute(
        f"SELECT {_blank_trimmed('v', trim=False)}, {_blank_trimmed('v')} "
        "FROM (SELECT $v::VARCHAR AS v)",
        {"v": text},
    ).fetchone() or (None, None)
    assert untrimmed == trimmed


HEADER = "contact_id,channel,created_at,first_response_at,customer_id,category,remedy\n"


@pytest.mark.parametrize(
    ("clean", "padded"),
    [
        ("C1,phone,2026-03-02T09:00:00Z,,K1,billing issue,true\n",
         "C1, phone ,2026-03-02T09:00:00Z,,K1,billing issue,\ttrue\n"),
        ('C2,"chat",2026-03-02T10:00:00Z,"",K2,"a b",no\n',
         'C2,"chat ",2026-03-02T10:00:00Z," ",K2,"a b",no \n'),
    ],
)  # fmt: skip
def test_an_import_stores_the_same_values_with_or_without_the_trim(
    tmp_path: Path, clean: str, padded: str
) -> None:
    """The clean file takes the untrimmed path, the padded one the trim; the stored rows agree."""
    stored = []
    for name, row in (("clean", clean), ("padded", padded)):
        path = tmp_path / f"{name}.csv"
        path.write_text(HEADER + row)
        assert edges(path, ",", scan.CHUNK) is (name == "padded")
        store = Store.memory(key="k" * 20)
        (result,) = import_files(store, [path])
        assert result.rows_loaded == 1
        stored.append(
            store.con.execute(
                "SELECT contact_id, channel, epoch(created_at), epoch(first_response_at), "
                "customer_id, "
                "category, remedy FROM contacts"
            ).fetchall()
        )
    assert stored[0] == stored[1]
