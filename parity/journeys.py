"""Cross-channel escalation: who switches channel, and is it rewarded?

All row work is SQL (queries/journey_*.sql, escalations.sql): the journey
index kept by every import (parity.journey_index) holds each contact's first
later contact on every other channel; the report keeps the links within its
window and reads the outcomes of the linked contacts; the paired
outcomes are aggregated to 2 × 2 tables and time tables per channel pair.
This module reads those aggregates and hands them to the paired statistics.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import numpy as np

from parity import journey_index, sql
from parity.metrics import materialise, rows, runs
from parity.report_signals import Escalation, Journeys, LevelSeverity
from parity.stats import SIGNAL_METRICS, Assessment, TimeTable, wilson_interval
from parity.stats.assess import Context
from parity.stats.assess_paired import PairedTimes, assess_paired_rate, assess_paired_time
from parity.stats.paired import PairedCounts
from parity.stats.thresholds import MetricThresholds

ARROW = "→"


@dataclass(slots=True)
class JourneyData:
    journeys: Journeys
    resolution: dict[tuple[str, str], PairedCounts] = field(default_factory=dict)
    remedy: dict[tuple[str, str], PairedCounts] = field(default_factory=dict)
    times: dict[tuple[str, str], PairedTimes] = field(default_factory=dict)


def compute(
    con: duckdb.DuckDBPyConnection,
    *,
    since: datetime | None,
    until: datetime | None,
    as_of: datetime | None,
    window_days: float,
    alpha: float = 0.05,
    min_contacts: int = 30,
    level: Callable[[str], MetricThresholds | None] = lambda to_channel: None,
) -> JourneyData:
    """Escalations per channel pair and the paired outcomes of escalated journeys.

    `level(to_channel)` gives the escalation-rate levels a pair is judged
    against (None: not judged). Needs the scope and the clock installed
    (`parity.metrics.compute` does both).
    """
    window = {"window_seconds": window_days * 86400.0}
    scope = {"since": since, "until": until, "as_of": as_of}
    journey_index.ensure(con)
    limit = journey_index.MAX_CONTACTS_PER_CUSTOMER
    materialise(con, "journey_links", **scope, **window)
    materialise(con, "journey_outcomes")
    found = rows(con, "escalations", **scope, **window, max_contacts=limit)
    levels = [level(str(r["to_channel"])) for r in found]
    judged = sum(lv is not None for lv in levels)
    escalations = [
        _escalation(r, alpha=alpha, min_contacts=min_contacts, level=lv, judged=judged)
        for r, lv in zip(found, levels, strict=True)
    ]
    excluded = sum({r["from_channel"]: int(r["excluded"]) for r in found}.values())
    data = JourneyData(Journeys(window_days, escalations, excluded_contacts=excluded))
    for r in rows(con, "journey_counts"):
        key = (str(r["from_channel"]), str(r["to_channel"]))
        data.resolution[key] = _paired(r, "resolution")
        data.remedy[key] = _paired(r, "remedy")
        data.times[key] = PairedTimes(
            _empty(), _empty(), int(r["second_sooner"]), int(r["first_sooner"])
        )
    for key, (first, second) in _time_tables(con).items():
        known = data.times.get(key)
        if known is not None:
            data.times[key] = PairedTimes(second, first, known.second_sooner, known.first_sooner)
    pairs = {f"{a}{ARROW}{b}": c.n for (a, b), c in data.resolution.items()}
    data.journeys.pairs.update(pairs)
    if excluded:
        data.journeys.notes.append(
            f"{excluded} contacts of customer ids with more than {limit} "
            "contacts are left out: such ids are placeholders, not customers"
        )
    return data


def assess(
    data: JourneyData, *, ctx_for: Mapping[str, Context], reference: str | None = None
) -> list[Assessment]:
    """Paired comparisons of every channel pair with journeys: after escalating vs before.

    `ctx_for` gives the context (thresholds) per signal metric. Only pairs that
    start at `reference`, when given, are assessed.
    """
    out: list[Assessment] = []
    for (first, second), counts in sorted(data.resolution.items()):
        if reference is not None and first != reference:
            continue
        out.append(
            assess_paired_rate(
                SIGNAL_METRICS["escalated_resolution_rate"],
                second,
                first,
                counts,
                ctx_for["escalated_resolution_rate"],
            )
        )
        remedy = data.remedy[(first, second)]
        if remedy.n:
            out.append(
                assess_paired_rate(
                    SIGNAL_METRICS["escalated_remedy_rate"],
                    second,
                    first,
                    remedy,
                    ctx_for["escalated_remedy_rate"],
                )
            )
        times = data.times[(first, second)]
        if times.second.n:
            out.append(
                assess_paired_time(
                    SIGNAL_METRICS["escalated_resolution_time"],
                    second,
                    first,
                    times,
                    ctx_for["escalated_resolution_time"],
                )
            )
    return out


def _escalation(
    row: Mapping[str, Any],
    *,
    alpha: float,
    min_contacts: int,
    level: MetricThresholds | None,
    judged: int,
) -> Escalation:
    contacts, escalated = int(row["contacts"]), int(row["escalated"])
    rate = escalated / contacts if contacts else None
    ci = wilson_interval(escalated, contacts, alpha=alpha) if contacts else None
    severity: LevelSeverity | None = None
    if level is not None:
        severity = "insufficient_data"
        if contacts >= min_contacts:
            # Bonferroni over the judged pairs: the whole interval must be past a level.
            low, _ = wilson_interval(escalated, contacts, alpha=2 * alpha / max(judged, 1))
            severity = "fail" if low >= level.fail.absolute else "ok"
            if severity == "ok" and low >= level.warn.absolute:
                severity = "warn"
    return Escalation(
        str(row["from_channel"]), str(row["to_channel"]), contacts, escalated, rate, ci, severity
    )


def _paired(row: Mapping[str, Any], prefix: str) -> PairedCounts:
    return PairedCounts(
        *(int(row[f"{prefix}_{k}"]) for k in ("both", "second_only", "first_only", "neither"))
    )


def _time_tables(
    con: duckdb.DuckDBPyConnection,
) -> dict[tuple[str, str], tuple[TimeTable, TimeTable]]:
    """Each channel pair's time tables (first side, second side), read as NumPy columns.

    The journeys' times are not on a grid: hundreds of thousands of rows at ten
    million contacts, which Python lists would turn into as many objects.
    """
    query = sql.get("journey_times")
    cols = con.execute(query.sql).fetchnumpy()  # ordered by pair, side and time
    a, b = cols["from_channel"], cols["to_channel"]
    side = np.asarray(cols["side"], np.int64)
    found: dict[tuple[str, str], dict[int, TimeTable]] = defaultdict(dict)
    for lo, hi in runs(a, b, side):
        found[(str(a[lo]), str(b[lo]))][int(side[lo])] = TimeTable(
            np.asarray(cols["t"][lo:hi], np.float64),
            np.asarray(cols["events"][lo:hi], np.int64),
            np.asarray(cols["censored"][lo:hi], np.int64),
        )
    return {k: (v.get(1, _empty()), v.get(2, _empty())) for k, v in found.items()}


def _empty() -> TimeTable:
    return TimeTable(np.empty(0), np.empty(0, np.int64), np.empty(0, np.int64))
