"""Per-channel metrics (SPEC §4), computed by the SQL of `queries/`.

The heavy work is three aggregate queries over the contacts (survival table,
rate counts, score counts) kept in temporary tables; the per-channel figures
are derived from them in SQL, and the same aggregates feed the statistical
tests, so a figure and its test always describe the same contacts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb
import numpy as np
from numpy.typing import ArrayLike

from parity import kept, sql
from parity.calendar import Calendar, Clock, check_clock, install_clock
from parity.stats.inputs import RateCounts, ScoreCounts, TimeTable

METRIC_KEYS: tuple[str, ...] = (
    "contacts",
    "share",
    "response_rate",
    "first_response_time_median_s",
    "first_response_time_p90_s",
    "resolution_rate",
    "resolution_time_median_s",
    "hold_time_median_s",
    "hold_time_p90_s",
    "abandon_rate",
    "reopen_rate",
    "transfer_rate",
    "remedy_rate",
    "remedy_amount_mean",
    "csat_mean",
    "csat_responses",
)

TIME_QUANTILES: dict[str, str] = {
    "first_response_time_median_s": "first_response_time",
    "first_response_time_p90_s": "first_response_time",
    "resolution_time_median_s": "resolution_time",
    "hold_time_median_s": "hold_time",
    "hold_time_p90_s": "hold_time",
}

KM_TOLERANCE = 1e-9  # float slack when comparing a product-limit estimate with 0.5 or 0.1


@dataclass(slots=True)
class Aggregates:
    """metric → channel → stratum → counts: what the statistics layer works from."""

    times: dict[str, dict[str, dict[str, TimeTable]]] = field(default_factory=dict)
    rates: dict[str, dict[str, dict[str, RateCounts]]] = field(default_factory=dict)
    scores: dict[str, dict[str, ScoreCounts]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Period:
    start: datetime | None
    end: datetime | None
    as_of: datetime | None
    contacts: int
    first_seen: datetime | None = None  # the earliest timestamp in the store


@dataclass(slots=True)
class MetricsResult:
    period: Period
    channels: dict[str, dict[str, float | int | None]]
    aggregates: Aggregates
    clock: Clock = "calendar"
    calendars: dict[str, Calendar] = field(default_factory=dict)  # the calendar of each channel

    def not_reached(self, channel: str) -> list[str]:
        """Time quantiles that are NULL although the channel has data for them.

        The Kaplan–Meier curve never fell far enough: too many contacts were
        never answered or resolved. Other NULLs mean the data lacks the column.
        """
        out: list[str] = []
        for key, metric in TIME_QUANTILES.items():
            has_data = channel in self.aggregates.times.get(metric, {})
            if has_data and self.channels[channel].get(key) is None:
                out.append(key)
        return out


def run_query(
    con: duckdb.DuckDBPyConnection, name: str, **values: object
) -> duckdb.DuckDBPyConnection:
    """Run the query of queries/<name>.sql with its parameters checked and bound."""
    return con.execute(*_source(con, name, values))


def materialise(con: duckdb.DuckDBPyConnection, name: str, **values: object) -> None:
    """Keep the result of queries/<name>.sql in a temporary table of that name."""
    text, params = _source(con, name, values)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {sql.quote_identifier(name)} AS {text}", params)


def _source(
    con: duckdb.DuckDBPyConnection, name: str, values: dict[str, object]
) -> tuple[str, dict[str, object]]:
    """The SQL and parameters giving the result of queries/<name>.sql: the query itself,
    or a read of the result the store keeps for these parameters (parity.kept)."""
    if name in kept.KEPT:
        return kept.source(con, name, values)
    query = sql.get(name)
    return query.sql, sql.bind(query, values)


def install_scope(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("week", "scope", "observed"):
        sql.install_macro(con, name)


def period(
    con: duckdb.DuckDBPyConnection, *, since: datetime | None, until: datetime | None
) -> Period:
    install_scope(con)
    row = con.execute(
        "SELECT period_start::VARCHAR, period_end::VARCHAR, contacts "
        f"FROM ({sql.get('period').sql})",
        sql.bind(sql.get("period"), {"since": since, "until": until}),
    ).fetchone()
    assert row is not None
    span = store_span(con)
    return Period(_ts(row[0]), _ts(row[1]), span.as_of, int(row[2]), span.first_seen)


@dataclass(frozen=True, slots=True)
class StoreSpan:
    as_of: datetime | None
    first_seen: datetime | None
    channels: tuple[str, ...]


SPAN_CACHE = "temp.main.parity_store_span"
SPAN_JSON = (
    '{"state": "VARCHAR", "as_of": "TIMESTAMPTZ", "first_seen": "TIMESTAMPTZ", '
    '"channels": "VARCHAR[]"}'
)


def store_span(con: duckdb.DuckDBPyConnection) -> StoreSpan:
    """The store's as-of time, first timestamp and channels (queries/store_span.sql).

    Every report on the store shares them, and reading them scans the whole
    store: the weekly trend of a report at ten million contacts paid 1.1 s for
    its thirteen weeks. So the row is kept for the connection, in a temporary
    table, with the state of the store it was read on (`sql.store_state`: its
    latest import and number of contacts, which every import moves, and only
    imports write contacts); another state reads it afresh. A rolled-back
    import takes the row it wrote with it. The import keeps the row in the store
    too (`keep_span`), so a report in a process of its own reads it there while
    the state is the same, instead of scanning.
    """
    state = json.dumps(sql.store_state(con))
    sql.temp_table(
        con,
        SPAN_CACHE,
        "state VARCHAR, as_of TIMESTAMPTZ, first_seen TIMESTAMPTZ, channels VARCHAR[]",
    )
    query = f"SELECT {_SPAN_COLUMNS} FROM {SPAN_CACHE} WHERE state = $s"
    row = con.execute(query, {"s": state}).fetchone()
    if row is None:
        con.execute(f"DELETE FROM {SPAN_CACHE}")
        if sql.has_table(con, "parity_meta"):  # the row the import kept, if still current
            con.execute(
                f"INSERT INTO {SPAN_CACHE} SELECT $s, v.as_of, v.first_seen, v.channels FROM "
                f"(SELECT from_json(value, '{SPAN_JSON}') AS v FROM main.parity_meta "
                "WHERE key = 'store_span') WHERE v.state = $s",
                {"s": state},
            )
            row = con.execute(query, {"s": state}).fetchone()
    if row is None:
        con.execute(
            f"INSERT INTO {SPAN_CACHE} SELECT $s, * FROM ({sql.get('store_span').sql})",
            {"s": state},
        )
        row = con.execute(query, {"s": state}).fetchone()
    return _span(row)


_SPAN_COLUMNS = "as_of::VARCHAR, first_seen::VARCHAR, channels"  # as _span reads them


def _span(row: tuple[Any, ...] | None) -> StoreSpan:
    assert row is not None
    return StoreSpan(_ts(row[0]), _ts(row[1]), tuple(str(c) for c in row[2] or ()))


def keep_span(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the store's span (`store_span`) in the store, for the reports of later
    processes: each read it with a scan of the whole store, 80–140 ms at ten million
    contacts. Kept with the store's state, it is read only while that state lasts."""
    store_span(con)
    con.execute(
        "INSERT OR REPLACE INTO main.parity_meta SELECT 'store_span', to_json({state: state, "
        f"as_of: as_of, first_seen: first_seen, channels: channels}})::VARCHAR FROM {SPAN_CACHE}"
    )


def check_store_clock(
    con: duckdb.DuckDBPyConnection, clock: Clock, calendars: Mapping[str, Calendar]
) -> None:
    """Refuse (ConfigError) a clock the reports of the store as it now stands could not
    install: run by an import inside its transaction, after its rows are in and before it
    commits, so that the refusal leaves the store as it was. A scan of the store, on the
    business clock only (the calendar clock's slots are whole days)."""
    if clock != "business":
        return
    # scanned, not read through store_span: its cache is a temporary table, made where no
    # transaction is open
    span = _span(
        con.execute(f"SELECT {_SPAN_COLUMNS} FROM ({sql.get('store_span').sql})").fetchone()
    )
    if span.first_seen is None or span.as_of is None:
        return
    check_clock(
        clock=clock,
        calendars=calendars,
        channels=span.channels,
        first=span.first_seen,
        last=span.as_of,
    )


def compute(
    con: duckdb.DuckDBPyConnection,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    as_of: datetime | None = None,
    clock: Clock = "calendar",
    calendars: Mapping[str, Calendar] | None = None,
) -> MetricsResult:
    """Every per-channel metric, and the aggregates behind them, for contacts in scope.

    Times are measured on `clock`: calendar time, or business time on each
    channel's calendar (channels without one are always open).
    """
    span = period(con, since=since, until=until)
    if as_of is not None:
        span = Period(span.start, span.end, as_of, span.contacts, span.first_seen)
    used = _install_clock(con, span, clock, calendars or {})
    materialise(con, "survival_table", since=since, until=until, as_of=span.as_of)
    materialise(con, "rate_counts", since=since, until=until, as_of=span.as_of)
    materialise(con, "score_counts", since=since, until=until)

    channels: dict[str, dict[str, float | int | None]] = {}
    for name, params in (
        ("volume", {"since": since, "until": until}),
        ("times", {"tolerance": KM_TOLERANCE}),
        ("rates", {"since": since, "until": until}),
        ("satisfaction", {}),
    ):
        cursor = run_query(con, name, **params)
        cols = [d[0] for d in cursor.description or ()]
        for row in cursor.fetchall():
            record = dict(zip(cols, row, strict=True))
            channel = str(record.pop("channel"))
            target = channels.setdefault(channel, {})
            for key, value in record.items():
                target[key] = _number(value)
    for values in channels.values():
        for key in METRIC_KEYS:
            values.setdefault(key, None)
        values["contacts"] = int(values["contacts"] or 0)
        values["csat_responses"] = int(values["csat_responses"] or 0)
    ordered = {c: {k: channels[c][k] for k in METRIC_KEYS} for c in sorted(channels)}
    used = {c: cal for c, cal in used.items() if c in ordered}
    return MetricsResult(span, ordered, _aggregates(con), clock, used)


def _install_clock(
    con: duckdb.DuckDBPyConnection, span: Period, clock: Clock, calendars: Mapping[str, Calendar]
) -> dict[str, Calendar]:
    """The clock over every instant of the store and the as-of time: the same clock for
    every report on the store at or before its own as-of time (each week of a trend)."""
    store = store_span(con)
    moments = [m for m in (store.first_seen, store.as_of, span.as_of) if m is not None]
    if not moments:
        moments = [datetime(1970, 1, 2, tzinfo=UTC)]
    used = install_clock(
        con,
        clock=clock,
        calendars=calendars,
        channels=store.channels,
        first=min(moments),
        last=max(moments),
    )
    suffix = "_calendar" if clock == "calendar" else ""
    for name in ("clocked_reply", "clocked"):  # clocked is built on clocked_reply
        sql.install_macro(con, name + suffix)
    return used


def _aggregates(con: duckdb.DuckDBPyConnection) -> Aggregates:
    agg = Aggregates()
    survival = con.execute(
        "SELECT metric, channel, stratum, list(t ORDER BY t), list(events ORDER BY t), "
        "list(censored ORDER BY t) FROM survival_table GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    times: dict[str, dict[str, dict[str, TimeTable]]] = defaultdict(lambda: defaultdict(dict))
    for metric, channel, stratum, t, d, c in survival:
        times[metric][channel][stratum] = TimeTable(
            np.asarray(t, dtype=np.float64),
            np.asarray(d, dtype=np.int64),
            np.asarray(c, dtype=np.int64),
        )
    agg.times = {m: dict(v) for m, v in times.items()}
    rates: dict[str, dict[str, dict[str, RateCounts]]] = defaultdict(lambda: defaultdict(dict))
    for channel, stratum, metric, x, n in con.execute(
        "SELECT channel, stratum, metric, successes, trials FROM rate_counts ORDER BY ALL"
    ).fetchall():
        rates[metric][channel][stratum] = RateCounts(int(x), int(n))
    agg.rates = {m: dict(v) for m, v in rates.items()}
    scores: dict[str, dict[str, ScoreCounts]] = defaultdict(dict)
    for channel, stratum, values, counts in con.execute(
        "SELECT channel, stratum, list(value ORDER BY value), list(n ORDER BY value) "
        "FROM score_counts GROUP BY ALL ORDER BY ALL"
    ).fetchall():
        scores[channel][stratum] = ScoreCounts(
            np.asarray(values, dtype=np.float64), np.asarray(counts, dtype=np.int64)
        )
    agg.scores = dict(scores)
    return agg


def runs(*keys: ArrayLike) -> list[tuple[int, int]]:
    """The [lo, hi) slices of the rows whose `keys` are all equal, for columns read with
    `fetchnumpy` from a result ordered by those keys: one slice per group, in order."""
    columns = [np.asarray(k) for k in keys]
    n = len(columns[0])
    if not n:
        return []
    changed = np.zeros(n - 1, dtype=bool)
    for k in columns:
        changed |= k[1:] != k[:-1]
    starts = [0, *(np.flatnonzero(changed) + 1).tolist()]
    return list(zip(starts, [*starts[1:], n], strict=True))


def rows(con: duckdb.DuckDBPyConnection, name: str, **values: object) -> list[dict[str, Any]]:
    """The result of queries/<name>.sql as dictionaries (for small aggregates)."""
    cursor = run_query(con, name, **values)
    cols = [d[0] for d in cursor.description or ()]
    return [dict(zip(cols, row, strict=True)) for row in cursor.fetchall()]


def _number(value: object) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value
    return float(value)  # type: ignore[arg-type]


def _ts(text: object) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(str(text))
