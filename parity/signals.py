"""Remedy parity, reply coverage and empowerment: the figures and the samples to compare.

The row work is SQL (queries/remedy_amounts.sql, apology_counts.sql,
amount_counts.sql, coverage_counts.sql, team_counts.sql); this module shapes
the small aggregates into the report model and into per-channel, per-category
samples that `parity.findings` compares with the reference channel using the
same machinery as every other metric (rates: Miettinen–Nurminen / CMH;
amounts: Wilcoxon–Mann–Whitney or van Elteren with a difference of means).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import numpy as np

from parity.metrics import rows, run_query, runs
from parity.privacy import suppress
from parity.report_signals import (
    ChannelCoverage,
    Coverage,
    CoverageMark,
    Empowerment,
    RemedyParity,
    TeamRates,
)
from parity.signal_config import SignalSettings, mark_label
from parity.stats import (
    SIGNAL_METRICS,
    Metric,
    RateCounts,
    ScoreCounts,
    coverage_metric,
    pool_rates,
    wilson_interval,
)

QUANTILES = ("p25", "p50", "p75", "p90")

Samples = dict[str, dict[str, dict[str, RateCounts]] | dict[str, dict[str, ScoreCounts]]]


@dataclass(slots=True)
class SignalData:
    remedies: list[RemedyParity]
    coverage: Coverage
    empowerment: Empowerment | None
    rates: dict[str, dict[str, dict[str, RateCounts]]] = field(default_factory=dict)
    amounts: dict[str, dict[str, ScoreCounts]] = field(default_factory=dict)
    catalogue: dict[str, Metric] = field(default_factory=dict)


def compute(
    con: duckdb.DuckDBPyConnection,
    *,
    since: datetime | None,
    until: datetime | None,
    as_of: datetime | None,
    settings: SignalSettings,
    alpha: float,
    amount_means: dict[str, float | None],
) -> SignalData:
    """Every signal but the journeys. Needs the scope and clock installed (metrics.compute).

    `amount_means` is each channel's remedy_amount_mean (over all contacts).
    """
    scope = {"since": since, "until": until}
    apology = _rate_counts(rows(con, "apology_counts", **scope))
    catalogue = {
        "apology_only_rate": SIGNAL_METRICS["apology_only_rate"],
        "remedy_amount": SIGNAL_METRICS["remedy_amount"],
    }
    rates: dict[str, dict[str, dict[str, RateCounts]]] = {"apology_only_rate": apology}
    coverage, by_mark = _coverage(
        coverage_counts(con, since=since, until=until, as_of=as_of, settings=settings),
        settings.coverage_marks,
        alpha,
    )
    for label, counts in by_mark.items():
        metric = coverage_metric(label)
        catalogue[metric.name] = metric
        rates[metric.name] = counts
    return SignalData(
        remedies=_remedies(rows(con, "remedy_amounts", **scope), apology, amount_means, alpha),
        coverage=coverage,
        empowerment=_empowerment(rows(con, "team_counts", **scope), settings, alpha),
        rates=rates,
        amounts=_amount_counts(con, **scope),
        catalogue=catalogue,
    )


def coverage_counts(
    con: duckdb.DuckDBPyConnection,
    *,
    since: datetime | None,
    until: datetime | None,
    as_of: datetime | None,
    settings: SignalSettings,
) -> list[dict[str, Any]]:
    """Reply coverage per channel, stratum and mark (queries/coverage_counts.sql)."""
    marks = list(settings.coverage_marks)
    return rows(con, "coverage_counts", since=since, until=until, as_of=as_of, marks=marks)


def _rate_counts(found: list[dict[str, Any]]) -> dict[str, dict[str, RateCounts]]:
    out: dict[str, dict[str, RateCounts]] = defaultdict(dict)
    for r in found:
        out[str(r["channel"])][str(r["stratum"])] = RateCounts(
            int(r["successes"]),
            int(r["trials"]),
        )
    return dict(out)


def _amount_counts(
    con: duckdb.DuckDBPyConnection, **scope: object
) -> dict[str, dict[str, ScoreCounts]]:
    """How many remedied contacts received each amount, per channel and stratum, read as
    NumPy columns: one row per distinct amount (159 k at ten million contacts), which
    Python dictionaries would turn into as many objects. The rows come ordered by
    channel, stratum and value (ScoreCounts refuses values out of order)."""
    cols = run_query(con, "amount_counts", **scope).fetchnumpy()
    channel, stratum = cols["channel"], cols["stratum"]
    out: dict[str, dict[str, ScoreCounts]] = defaultdict(dict)
    for lo, hi in runs(channel, stratum):
        out[str(channel[lo])][str(stratum[lo])] = ScoreCounts(
            np.asarray(cols["value"][lo:hi], np.float64), np.asarray(cols["n"][lo:hi], np.int64)
        )
    return dict(out)


def _remedies(
    found: list[dict[str, Any]],
    apology: dict[str, dict[str, RateCounts]],
    amount_means: dict[str, float | None],
    alpha: float,
) -> list[RemedyParity]:
    out: list[RemedyParity] = []
    for r in found:
        channel = str(r["channel"])
        quantiles = r["quantiles"] if int(r["amounts"]) else None
        pooled = pool_rates(apology.get(channel, {}).values())
        out.append(
            RemedyParity(
                channel=channel,
                remedied=int(r["remedied"]),
                amount_known=int(r["amounts"]),
                amount_mean=amount_means.get(channel),
                amount_mean_remedied=None
                if r["amount_mean_remedied"] is None
                else float(r["amount_mean_remedied"]),
                amount_quantiles={
                    k: (None if quantiles is None else float(v))
                    for k, v in zip(QUANTILES, quantiles or [None] * 4, strict=True)
                },
                apology_only_rate=_share(pooled),
                apology_only_known=pooled.trials,
                apology_only_ci=_wilson(pooled, alpha),
            )
        )
    return out


def _coverage(
    found: list[dict[str, Any]], marks: tuple[float, ...], alpha: float
) -> tuple[Coverage, dict[str, dict[str, dict[str, RateCounts]]]]:
    by_mark: dict[str, dict[str, dict[str, RateCounts]]] = defaultdict(lambda: defaultdict(dict))
    recent: dict[str, int] = defaultdict(int)
    for r in found:
        label = mark_label(float(r["mark"]))
        recent[label] += int(r["recent"])
        if int(r["trials"]):
            by_mark[label][str(r["channel"])][str(r["stratum"])] = RateCounts(
                int(r["successes"]),
                int(r["trials"]),
            )
    channels = sorted({str(r["channel"]) for r in found})
    per_channel = []
    for channel in channels:
        entries = []
        for mark in marks:
            label = mark_label(mark)
            pooled = pool_rates(by_mark.get(label, {}).get(channel, {}).values())
            entries.append(
                CoverageMark(
                    mark,
                    label,
                    pooled.trials,
                    pooled.successes,
                    _share(pooled),
                    _wilson(pooled, alpha),
                )
            )
        per_channel.append(ChannelCoverage(channel, entries))
    coverage = Coverage(list(marks), per_channel, dict(recent))
    return coverage, {k: dict(v) for k, v in by_mark.items()}


def _empowerment(
    found: list[dict[str, Any]], settings: SignalSettings, alpha: float
) -> Empowerment | None:
    if not found:
        return None
    k = settings.min_group_size
    rule = suppress(
        [int(r["contacts"]) for r in found], [str(r["channel"]) for r in found], k=k, what="team(s)"
    )
    teams: list[TeamRates] = []
    for i, r in enumerate(found):
        channel, team = str(r["channel"]), str(r["team"])
        if i in rule.hidden:
            teams.append(TeamRates(channel, team, None, None, None, suppressed=True))
            continue
        remedy = RateCounts(int(r["remedied"]), int(r["remedy_known"]))
        resolution = RateCounts(int(r["resolved"]), int(r["resolution_known"]))
        teams.append(
            TeamRates(
                channel,
                team,
                int(r["contacts"]),
                _share(remedy),
                _share(resolution),
                _wilson(remedy, alpha),
                _wilson(resolution, alpha),
            )
        )
    return Empowerment(k, teams, len(rule.hidden), [rule.note] if rule.note else [])


def _share(counts: RateCounts) -> float | None:
    return counts.successes / counts.trials if counts.trials else None


def _wilson(counts: RateCounts, alpha: float) -> tuple[float | None, float | None] | None:
    if not counts.trials:
        return None
    return wilson_interval(counts.successes, counts.trials, alpha=alpha)
