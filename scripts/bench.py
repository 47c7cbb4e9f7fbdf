"""`make bench`: parity's speed and memory at real volumes, against DuckDB itself.

Generates canonical CSVs of 1 M and 10 M contacts with `parity demo` (cached
outside git, in $PARITY_BENCH_DIR or ~/.cache/parity-bench), then measures in
one run, alternating the commands, several repetitions, medians:

- baseline: one plain DuckDB query over the same file computing per-channel
  count, median and p90 first-response time, resolution rate and median hold;
- two kinds of floor under the ratio targets, in the same run: the least a tool does that
  validates as parity does ("least validated": parity's staging SQL, in DuckDB alone), and the
  least any tool does that reads every value ("typed": DuckDB's own typed reader on every
  column), each with the records counted apart from the engine, as a query and as an import;
- `parity report big.csv --format json` — wall time and peak memory;
- baseline import: DuckDB's own CSV reader into a database file;
- `parity import big.csv --db …`, then `parity report --db …` (the default
  report: it reads the aggregates the import kept, see parity/kept.py);
  `parity report --db … --format html`, the same report with the weekly trend
  of its main gaps that the page draws (a report of its own per week, each as
  of the week's end plus the follow-up, so nothing kept applies);
  `parity report --db … --since … --until …`, a window from a Thursday to a
  Wednesday (it adds up the weeks the import kept and computes the days at
  either edge); and `parity report --db … --clock business` with opening
  hours and public holidays for every channel (CALENDARS), for which
  nothing is kept, so every aggregate is computed (what a report on another
  clock, a summary's period or a store changed behind the import costs);
- the weekly import a cron job runs: the file's last week again, a week later
  under new contact ids (NEXT_WEEK), into a copy of the imported store, by
  `parity import` and by DuckDB's own reader appending it to its table.

Each command runs in a fresh process; peak memory is that process's maximum
resident set size (getrusage of the child). Prints a table and, with
`--write-docs`, writes it into docs/performance.md with the machine it ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PARITY = [PYTHON, "-m", "parity"]
TO_NOWHERE = ["-f", "json", "-o", os.devnull]
BUSINESS = ["--clock", "business", "--config"]  # followed by the file of CALENDARS
# `parity demo`'s default 13 weeks run from Monday 3 August to Sunday 1 November 2026: a
# window from Thursday 6 August to Wednesday 28 October has 4 and 3 days outside whole weeks
WINDOW = ["--since", "2026-08-06", "--until", "2026-10-28"]
# opening hours for `--clock business`: without calendars every channel is always open and
# business time is calendar time, which would not measure what a real calendar costs
CALENDARS = """
[calendars.phone]
timezone = "Europe/London"
country = "GB"
subdivision = "ENG"

[calendars.phone.hours]
mon = "08:00-20:00"
tue = "08:00-20:00"
wed = "08:00-20:00"
thu = "08:00-20:00"
fri = "08:00-20:00"
sat = "09:00-13:00"

[calendars.default]
timezone = "America/New_York"
holidays = ["2026-11-26"]
country = "US"

[calendars.default.hours]
mon = "09:00-12:30,13:30-17:30"
tue = "09:00-12:30,13:30-17:30"
wed = "09:00-12:30,13:30-17:30"
thu = "09:00-12:30,13:30-17:30"
fri = "09:00-17:00"
sat = "10:00-14:00"
"""

# Each column cast to its type: the reader's sniffer, sampling the first rows (chat only,
# without holds), reads hold_seconds as text, whose median is a string's (2956 for 1185)
BASELINE_QUERY = """
import sys, duckdb
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
print(sorted(con.execute('''
    SELECT channel, count(*) AS contacts,
        median(epoch(first_response_at::TIMESTAMPTZ) - epoch(created_at::TIMESTAMPTZ)),
        quantile_cont(epoch(first_response_at::TIMESTAMPTZ) - epoch(created_at::TIMESTAMPTZ), 0.9),
        avg((resolved_at IS NOT NULL)::INT),
        median(hold_seconds::DOUBLE)
    FROM read_csv($p) GROUP BY channel
''', {"p": sys.argv[1]}).fetchall()))
"""

BASELINE_IMPORT = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("CREATE TABLE contacts AS SELECT * FROM read_csv($p)", {"p": sys.argv[1]})
con.execute("CHECKPOINT")
con.close()
"""


# What both kinds of floor begin with: the records counted apart from the CSV engine (SPEC §7;
# newlines, a lower bound of parity's quote-aware count) and, for an import (a database named),
# the file's SHA-256 (an import is recorded with its content hash); then the file's columns
SURVEY = """
import hashlib, os, sys, duckdb
path = sys.argv[1]
digest, records = hashlib.sha256(), 0
with open(path, "rb", buffering=0) as f:
    while chunk := f.read(1 << 24):
        records += chunk.count(b"\\n")
        if len(sys.argv) > 2:
            digest.update(chunk)
con = duckdb.connect(sys.argv[2]) if len(sys.argv) > 2 else duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute("SET enable_progress_bar = false")
names = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_csv($p, all_varchar = true)",
                                   {"p": path}).fetchall()]
"""

# The least a tool must do to validate what the baselines read, in DuckDB alone: the records
# counted apart from the CSV engine (SPEC §7; newlines, a lower bound of parity's quote-aware
# count), every value parsed and checked by parity's rules (its staging SQL, with no table
# written and no blank trimming, which parity skips too when no value has blanks at its edges).
# The query computes the baseline's figures over the valid rows; the import also hashes the
# file (SPEC §7: an import is recorded with its content hash), pseudonymises the customer ids
# and writes the valid rows. Neither keeps rejected rows (the file has none), follows a
# journey, censors a time or tests a gap: floors under the targets, not rivals of parity.
LEAST_COMMON = (
    SURVEY  # noqa: S608 (a script, not a query: its SQL names no value of the data)
    + """
from parity.importers.validate import key_block, staging_select
params = {"p": path, "c": dict.fromkeys(names, "VARCHAR"), "alias_from": [], "alias_to": []}
source = ("SELECT CAST(NULL AS BIGINT) AS __row, * FROM read_csv($p, columns = $c, "
          "header = true, auto_detect = false, strict_mode = true)")
"""
)

LEAST_QUERY = (
    LEAST_COMMON
    + """
mapping = {n: n for n in names if n != "customer_id"}  # the figures need no customer
staged = staging_select(source, mapping, channel_constant=False, trim=False)
# grouped by validity, so that the chain of checks runs once a row (as a FILTER per aggregate
# it ran once per aggregate: the whole floor took 7.0 s at 10 M against 5.5 s)
rows = con.execute(
    "SELECT channel, __verdict IS NULL AS valid, count(*), "
    "median(epoch(first_response_at) - epoch(created_at)), "
    "quantile_cont(epoch(first_response_at) - epoch(created_at), 0.9), "
    "avg((resolved_at IS NOT NULL)::INT), median(hold_seconds) "
    f"FROM ({staged}) GROUP BY ALL",
    params,
).fetchall()
rejected = {r[0]: r[2] for r in rows if not r[1]}
# as the baseline's figures, then the rejected rows
print(sorted((r[0], *r[2:], rejected.get(r[0], 0)) for r in rows if r[1]))
"""
)

LEAST_IMPORT = (
    LEAST_COMMON
    + """
staged = staging_select(source, {n: n for n in names}, channel_constant=False, trim=False)
params["key_block"] = key_block(os.urandom(32))
# DuckDB pushes the filter on the verdict down through the staging and evaluates the chain of
# checks, and every parse it reads, once for the filter and once more for the columns written
# (32 s against 17 s at 10 M, 2026-12-07); parity writes the verdict as a column and filters
# the table, so the floor must not pay twice either
con.execute("SET disabled_optimizers = 'filter_pushdown'")
con.execute("CREATE TABLE contacts AS SELECT * EXCLUDE (__row, __verdict, __skip) "
            f"FROM ({staged}) WHERE __verdict IS NULL", params)
con.execute("CHECKPOINT")
con.close()
"""
)


# The least any tool does that reads every value, with no code of parity's: DuckDB's own reader
# casts each of the file's columns to its canonical type (DuckDB casts only the columns a query
# reads, so every column is counted), and the records are counted apart from the engine (SPEC
# §7). DuckDB's casts are not SPEC §2's rules (no HH:MM:SS or MM:SS durations, no range checks:
# a score of 7, a response before its contact), and a bad value stops the read instead of
# rejecting its row with a line: this is below what validating costs, not a way to validate.
# The import also hashes the file and pseudonymises the customer ids, and writes the rows.
TYPED_COMMON = (
    SURVEY
    + """
from parity import schema
from parity.sql import quote_identifier as qi
params = {"p": path, "c": {n: schema.BY_NAME[n].sql_type for n in names}}
source = "read_csv($p, columns = $c, header = true, auto_detect = false, strict_mode = true)"
"""
)

# scripts, not queries: their SQL quotes the header's names (S608)
TYPED_QUERY = (
    TYPED_COMMON  # noqa: S608
    + """
rows = con.execute(
    "SELECT channel, count(*), "
    "median(epoch(first_response_at) - epoch(created_at)), "
    "quantile_cont(epoch(first_response_at) - epoch(created_at), 0.9), "
    "avg((resolved_at IS NOT NULL)::INT), median(hold_seconds), "
    + ", ".join(f"count({qi(n)})" for n in names)
    + f" FROM {source} GROUP BY channel",
    params,
).fetchall()
# the baseline's figures, then the values read per column, and the records counted
print(sorted((r[:6], r[6:]) for r in rows), records)
"""
)

TYPED_IMPORT = (
    TYPED_COMMON  # noqa: S608
    + """
from parity.importers.validate import key_block
params["key_block"] = key_block(os.urandom(32))
columns = ", ".join(
    "substr(sha256($key_block || encode(customer_id)), 1, 24) AS customer_id"
    if n == "customer_id" else qi(n) for n in names
)
con.execute(f"CREATE TABLE contacts AS SELECT {columns} FROM {source}", params)
con.execute("CHECKPOINT")
con.close()
"""
)


@dataclass
class Sample:
    seconds: float
    peak_mb: float
    notes: tuple[str, ...] = ()  # what parity noted with --debug (a pairing done in parts)


DEBUG_NOTE = "parity: debug: "


def run(cmd: list[str], env: dict[str, str] | None = None) -> Sample:
    # PARITY_DEBUG: parity says on stderr what makes a run slow without failing it (a journey
    # pairing short of memory, done in parts), so a slow figure is told from a slow machine
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**(env or os.environ), "PARITY_DEBUG": "1"},
    )
    # read to its end (the command's exit) before waiting: a command that wrote more than a
    # pipe holds would wait for the reader
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    _, status, usage = os.wait4(proc.pid, 0)  # waited here, for its resource usage
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen knows it ended
    if proc.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{stderr}")
    notes = tuple(
        line.removeprefix(DEBUG_NOTE) for line in stderr.splitlines() if line.startswith(DEBUG_NOTE)
    )
    return Sample(elapsed, usage.ru_maxrss / 1024, notes)


def bench_dir() -> Path:
    path = Path(os.environ.get("PARITY_BENCH_DIR", Path.home() / ".cache" / "parity-bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


GENERATE = """
import sys, duckdb
from pathlib import Path
from parity.demo import write_demo
tmp, rows, out = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
write_demo(tmp, rows=rows, seed=2026)
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
con.execute(
    "COPY (SELECT * FROM read_csv($glob, union_by_name = true, all_varchar = true)) "
    "TO $out (HEADER, DELIMITER ',')",
    {"glob": str(tmp / "*.csv"), "out": out},
)
"""


# the weekly export a cron job imports next: the contacts of the file's last week (from
# Monday 26 October 2026), a week later, under contact ids of their own; the customers
# are the same, so their journeys continue
NEXT_WEEK = """
import sys, duckdb
src, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
con.execute("SET enable_progress_bar = false")
columns = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_csv($p, all_varchar = true)",
                                     {"p": src}).fetchall()]
moved = {"created_at", "first_response_at", "resolved_at", "abandoned_at"}
select = ", ".join(
    "'next-' || contact_id AS contact_id" if c == "contact_id" else
    f"strftime(TRY_CAST({c} AS TIMESTAMPTZ) + INTERVAL 7 DAY, '%Y-%m-%dT%H:%M:%SZ') AS {c}"
    if c in moved else c
    for c in columns
)
con.execute(
    f"COPY (SELECT {select} FROM read_csv($p, all_varchar = true) "
    "WHERE TRY_CAST(created_at AS TIMESTAMPTZ) >= TIMESTAMPTZ '2026-10-26 00:00:00+00') "
    "TO $out (HEADER, DELIMITER ',')",
    {"p": src, "out": out},
)
"""

BASELINE_APPEND = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("INSERT INTO contacts SELECT * FROM read_csv($p)", {"p": sys.argv[1]})
con.execute("CHECKPOINT")
con.close()
"""


def next_week(csv: Path) -> Path:
    """The week after `csv`'s last (NEXT_WEEK), cached beside it."""
    target = csv.with_name(f"{csv.stem}_next_week.csv")
    if not target.exists():
        partial = target.with_suffix(".partial")
        subprocess.run([PYTHON, "-c", NEXT_WEEK, str(csv), str(partial)], check=True)
        partial.rename(target)
    return target


def dataset(rows: int) -> Path:
    """One canonical CSV of `rows` contacts, all channels (cached).

    Generated in a child process: Linux carries a process's peak RSS over to
    the children it forks, so the benchmark's own process must stay small.
    """
    target = bench_dir() / f"contacts_{rows}.csv"
    if target.exists():
        return target
    with tempfile.TemporaryDirectory(dir=bench_dir()) as tmp:
        print(f"generating {rows:,} contacts …", file=sys.stderr)
        partial = target.with_suffix(".partial")
        subprocess.run([PYTHON, "-c", GENERATE, tmp, str(rows), str(partial)], check=True)
        partial.rename(target)
    return target


def measure(rows: int, reps: int) -> dict[str, list[Sample]]:
    csv = dataset(rows)
    week = next_week(csv)
    results: dict[str, list[Sample]] = {}
    work = Path(tempfile.mkdtemp(dir=bench_dir()))
    calendars = work / "calendars.toml"
    calendars.write_text(CALENDARS)
    try:
        for rep in range(reps):
            db = work / f"parity_{rep}.duckdb"
            base_db = work / f"baseline_{rep}.duckdb"
            least_db = work / f"least_{rep}.duckdb"
            typed_db = work / f"typed_{rep}.duckdb"
            db_next, base_next = work / "parity_next.duckdb", work / "baseline_next.duckdb"
            steps: list[tuple[str, list[str]]] = [
                ("baseline query", [PYTHON, "-c", BASELINE_QUERY, str(csv)]),
                ("typed read, every column", [PYTHON, "-c", TYPED_QUERY, str(csv)]),
                ("least validated query", [PYTHON, "-c", LEAST_QUERY, str(csv)]),
                (
                    "parity report FILE",
                    [*PARITY, "report", str(csv), "-f", "json", "-o", os.devnull],
                ),
                ("baseline import", [PYTHON, "-c", BASELINE_IMPORT, str(csv), str(base_db)]),
                (
                    "typed import, every column",
                    [PYTHON, "-c", TYPED_IMPORT, str(csv), str(typed_db)],
                ),
                ("least validated import", [PYTHON, "-c", LEAST_IMPORT, str(csv), str(least_db)]),
                ("parity import", [*PARITY, "import", str(csv), "--db", str(db)]),
                (
                    "parity report --db",
                    [*PARITY, "report", "--db", str(db), *TO_NOWHERE],
                ),
                (  # the page analysts read: with the weekly trend, a report per week
                    "parity report --db --format html",
                    [*PARITY, "report", "--db", str(db), "-f", "html", "-o", os.devnull],
                ),
                (
                    "parity report --db --since --until",
                    [*PARITY, "report", "--db", str(db), *WINDOW, *TO_NOWHERE],
                ),
                (
                    "parity report --db --clock business",
                    [*PARITY, "report", "--db", str(db), *BUSINESS, str(calendars), *TO_NOWHERE],
                ),
                (  # copies of the stores, made before (untimed): see `copied`
                    "baseline import, next week",
                    [PYTHON, "-c", BASELINE_APPEND, str(week), str(base_next)],
                ),
                ("parity import, next week", [*PARITY, "import", str(week), "--db", str(db_next)]),
            ]
            copied = {
                "baseline import, next week": (base_db, base_next),
                "parity import, next week": (db, db_next),
            }
            # alternate: rotate the order of the independent groups (the queries over the file,
            # then the imports and what reads them) each repetition
            if rep % 2:
                imports = [name for name, _ in steps].index("baseline import")
                steps = [*steps[imports:], *steps[:imports]]
            for name, cmd in steps:
                if name in copied:
                    shutil.copy(*copied[name])
                sample = run(cmd)
                results.setdefault(name, []).append(sample)
                print(
                    f"  {rows:>10,} {name:<36} {sample.seconds:7.2f} s {sample.peak_mb:7.0f} MiB",
                    file=sys.stderr,
                )
                for note in sample.notes:
                    print(f"  {'':>10} note: {note}", file=sys.stderr)
            for path in (db, base_db, least_db, typed_db, db_next, base_next):
                path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def median(samples: list[Sample]) -> Sample:
    return Sample(
        statistics.median(s.seconds for s in samples), statistics.median(s.peak_mb for s in samples)
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    duckdb_version = subprocess.run(
        [PYTHON, "-c", "import duckdb; print(duckdb.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; Python {platform.python_version()}, "
        f"DuckDB {duckdb_version}, {platform.system()} {platform.release()}"
    )


def table(all_results: dict[int, dict[str, list[Sample]]], reps: int) -> str:
    lines = [
        f"| rows | measurement | wall (median of {reps}) | peak RSS | vs baseline |",
        "|---:|---|---:|---:|---:|",
    ]
    for rows, results in all_results.items():
        med = {name: median(samples) for name, samples in results.items()}
        for name, m in med.items():
            against = "baseline query"
            if "import" in name:
                against = "baseline import, next week" if "next week" in name else "baseline import"
            base = med[against]
            ratio = "" if name.startswith("baseline") else f"{m.seconds / base.seconds:.2f}×"
            if name.startswith("parity report --db"):
                ratio = "target < 3 s"
            lines.append(
                f"| {rows:,} | {name} | {m.seconds:.2f} s | {m.peak_mb:.0f} MiB | {ratio} |"
            )
    sizes = sorted(all_results)
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        factor = big / small
        lines.append("")
        lines.append(f"Growth from {small:,} to {big:,} rows ({factor:.0f}× the rows):")
        lines.append("")
        for name in all_results[small]:
            a = median(all_results[small][name]).seconds
            b = median(all_results[big][name]).seconds
            lines.append(f"- {name}: {b / a:.1f}× the time")
    lines.append("")
    noted = [
        f"- {rows:,}, {name}, {sum(note in s.notes for s in samples)} of {len(samples)} runs: "
        f"{note}"
        for rows, results in all_results.items()
        for name, samples in results.items()
        for note in dict.fromkeys(n for s in samples for n in s.notes)
    ]
    if noted:
        lines += ["What parity noted in these runs (`--debug`):", "", *noted]
    else:
        lines.append("No run noted anything with `--debug` (a journey pairing done in parts, say).")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    path = ROOT / "docs" / "performance.md"
    marker_start, marker_end = "<!-- bench:start -->", "<!-- bench:end -->"
    doc = path.read_text() if path.exists() else f"# Performance\n\n{marker_start}\n{marker_end}\n"
    if marker_start not in doc:
        doc += f"\n{marker_start}\n{marker_end}\n"
    head, rest = doc.split(marker_start, 1)
    _, tail = rest.split(marker_end, 1)
    path.write_text(f"{head}{marker_start}\n{text}\n{marker_end}{tail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="comma-separated row counts")
    parser.add_argument("--reps", type=int, default=3, help="repetitions (median reported)")
    parser.add_argument("--write-docs", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    all_results = {rows: measure(rows, args.reps) for rows in sizes}
    text = f"Measured on {machine()}, {time.strftime('%Y-%m-%d')}.\n\n" + table(
        all_results, args.reps
    )
    print(text)
    if args.write_docs:
        write_docs(text)


if __name__ == "__main__":
    main()
