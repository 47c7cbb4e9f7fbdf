"""Waiting curves per channel, for charts: Kaplan–Meier from the aggregates, downsampled.

A curve is computed from the survival tables `parity.metrics` already holds
(counts per distinct time, never contact rows), all categories pooled, and cut
down to at most `MAX_POINTS` points so that a report over millions of contacts
stays small. The downsampling keeps the first time the curve enters each band
of height 1 / (MAX_POINTS − 3): every kept point lies on the full curve and the
drawn step function never strays more than one band from it (`max_error`).
"""

from __future__ import annotations

import numpy as np

from parity import stats
from parity.metrics import MetricsResult
from parity.report import WaitingCurve
from parity.stats import SurvivalCurve, TimeTable

CURVE_METRICS = ("first_response_time", "resolution_time")
MAX_POINTS = 200


def waiting_curves(
    result: MetricsResult, *, metrics: tuple[str, ...] = CURVE_METRICS, max_points: int = MAX_POINTS
) -> list[WaitingCurve]:
    """One curve per metric and channel that has data for it, in channel order."""
    out: list[WaitingCurve] = []
    for metric in metrics:
        by_channel = result.aggregates.times.get(metric, {})
        for channel in result.channels:
            strata = by_channel.get(channel)
            if not strata:
                continue
            table = stats.pool_times(strata.values())
            if table.n == 0:
                continue
            out.append(waiting_curve(table, metric=metric, channel=channel, max_points=max_points))
    return out


def waiting_curve(
    table: TimeTable, *, metric: str, channel: str, max_points: int = MAX_POINTS
) -> WaitingCurve:
    curve = stats.kaplan_meier(table)
    horizon = float(table.times[-1])
    points, error = downsample(curve, horizon=horizon, max_points=max_points)
    return WaitingCurve(
        metric=metric,
        channel=channel,
        contacts=table.n,
        events=int(table.events.sum()),
        censored=int(table.censored.sum()),
        horizon_s=horizon,
        points=points,
        max_error=error,
    )


def downsample(
    curve: SurvivalCurve, *, horizon: float, max_points: int = MAX_POINTS
) -> tuple[list[tuple[float, float]], float]:
    """At most `max_points` (time, survival) steps of `curve`, and the largest vertical error.

    Kept: the start (0, 1), the first event time in each band of height
    1 / (max_points − 3), the last event time, and the horizon.
    """
    if max_points < 4:
        raise ValueError("downsample needs max_points >= 4")
    times, survival = curve.times, curve.survival
    points: list[tuple[float, float]] = [(0.0, 1.0)]
    if times.size == 0:
        return [*points, (horizon, 1.0)], 0.0
    bands = max_points - 3
    band = np.floor(survival * bands).astype(np.int64)
    keep = np.flatnonzero(np.diff(np.concatenate(([bands], band))) != 0)
    last = times.size - 1
    if keep.size == 0 or keep[-1] != last:
        keep = np.append(keep, last)
    # keep[0] is 0: the first event always leaves the top band. Between event times the
    # full curve is flat, so the error is largest at one of them: the value drawn there
    # (the survival at the last kept point at or before it) minus the true one.
    held = survival[keep[np.searchsorted(keep, np.arange(times.size), side="right") - 1]]
    error = float(np.max(held - survival))
    points += [(float(times[i]), float(survival[i])) for i in keep]
    if horizon > points[-1][0]:
        points.append((horizon, points[-1][1]))
    return points, error
