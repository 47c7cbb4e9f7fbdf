"""The log-rank test (Mantel 1966; Peto & Peto 1972), plain and stratified, from tables.

It compares whole time-to-event distributions and accounts for censoring: at
each distinct time where anyone had an event, it compares how many of the events
fell in each channel with how many would have if both channels had the same
chance of an event at that moment, given who was still waiting.

Everything is computed from event and at-risk counts per time, in float64 with
terms that are each non-negative, so the variance cannot cancel to a negative
number the way a raw-array implementation can at ten million contacts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parity.stats.dist import chi2_sf_1
from parity.stats.inputs import TimeTable

__all__ = ["LogRank", "logrank", "logrank_stratified"]


@dataclass(frozen=True, slots=True)
class LogRank:
    """Log-rank test of the first group against the second.

    `observed − expected` > 0 means the first group had its events sooner than
    under no difference (shorter times).
    """

    test: str
    statistic: float  # chi-square, 1 df
    p_value: float
    observed: float
    expected: float
    variance: float
    strata: int

    @property
    def z(self) -> float:
        """Signed z: positive when the first group's events come sooner."""
        if self.variance <= 0:
            return 0.0
        return (self.observed - self.expected) / math.sqrt(self.variance)


def _components(x: TimeTable, y: TimeTable) -> tuple[float, float, float]:
    """Observed and expected events of `x`, and the hypergeometric variance."""
    times = np.union1d(x.times, y.times)
    size = times.size
    d1 = np.zeros(size)
    c1 = np.zeros(size)
    d0 = np.zeros(size)
    c0 = np.zeros(size)
    where_x = np.searchsorted(times, x.times)
    where_y = np.searchsorted(times, y.times)
    d1[where_x] = x.events
    c1[where_x] = x.censored
    d0[where_y] = y.events
    c0[where_y] = y.censored
    n1 = float(x.n) - np.concatenate(([0.0], np.cumsum(d1 + c1)[:-1]))
    n0 = float(y.n) - np.concatenate(([0.0], np.cumsum(d0 + c0)[:-1]))
    d = d1 + d0
    n = n1 + n0
    used = d > 0
    d, n, n1, n0, d1 = d[used], n[used], n1[used], n0[used], d1[used]
    share1 = n1 / n
    expected = float(np.sum(d * share1))
    several = n > 1
    variance = float(
        np.sum(
            share1[several]
            * (n0[several] / n[several])
            * d[several]
            * ((n[several] - d[several]) / (n[several] - 1))
        )
    )
    return float(d1.sum()), expected, variance


def _result(observed: float, expected: float, variance: float, strata: int, name: str) -> LogRank:
    if variance > 0:
        statistic = (observed - expected) ** 2 / variance
        p_value = chi2_sf_1(statistic)
    else:
        statistic, p_value = 0.0, 1.0
    return LogRank(name, statistic, p_value, observed, expected, variance, strata)


def logrank(x: TimeTable, y: TimeTable) -> LogRank:
    """Two-sample log-rank test. With no events at all there is no evidence: p = 1."""
    observed, expected, variance = _components(x, y)
    return _result(observed, expected, variance, 1, "log-rank")


def logrank_stratified(strata: Sequence[tuple[TimeTable, TimeTable]]) -> LogRank:
    """Stratified log-rank: observed − expected and variances summed over strata.

    Compares like with like: each contact is compared only with contacts of the
    same stratum (category). Strata where either side is empty carry no
    information and are skipped.
    """
    observed = expected = variance = 0.0
    used = 0
    for x, y in strata:
        if x.n == 0 or y.n == 0:
            continue
        o, e, v = _components(x, y)
        observed += o
        expected += e
        variance += v
        used += 1
    if used == 0:
        raise ValueError("logrank_stratified needs a stratum where both groups have contacts")
    return _result(observed, expected, variance, used, "stratified log-rank")
