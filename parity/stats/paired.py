"""Paired comparisons: the same customer before and after escalating to another channel.

An escalated journey is a pair of contacts of one customer about one matter:
the first on channel A, the later one on channel B. Outcomes of a pair are not
independent (same customer, same matter), so the two-sample methods of
`rates.py` and `logrank.py` do not apply; these do.

Rates (resolved? remedied?): a 2 × 2 table of pairs. Only the discordant pairs
carry information about the difference. The test is McNemar's (1947) — the
score test of no difference, without continuity correction, which Fagerland,
Lydersen & Laake (2013) found to hold its level better than the exact
conditional test — and the interval is Tango's (1998) score interval, which
inverts the same score statistic: the interval excludes zero exactly when the
test rejects, as with Miettinen–Nurminen for independent rates.

Times (to resolution, censored): the log-rank test stratified by pair — each
pair its own stratum, the standard way to compare paired survival times
(it is the score test of a Cox model stratified by pair). For a pair, it only
counts whether the first event fell on A or on B, when that order is known
(the earlier time is an event, not a censoring); it is then McNemar's
statistic on those pairs (O'Brien & Fleming 1987 call it the paired sign test).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from parity.stats.dist import chi2_sf_1, invert_score, norm_sf

__all__ = [
    "PairedCounts",
    "PairedOrder",
    "PairedRateDifference",
    "mcnemar",
    "paired_logrank",
    "paired_rate_difference",
    "tango_interval",
]


@dataclass(frozen=True, slots=True)
class PairedCounts:
    """Pairs by outcome: `both` succeeded, `second_only`, `first_only`, `neither`.

    "first" is the contact the customer started with (channel A), "second" the
    contact after escalating (channel B).
    """

    both: int
    second_only: int
    first_only: int
    neither: int

    def __post_init__(self) -> None:
        if min(self.both, self.second_only, self.first_only, self.neither) < 0:
            raise ValueError("PairedCounts must not be negative")

    @property
    def n(self) -> int:
        return self.both + self.second_only + self.first_only + self.neither

    @property
    def second_rate(self) -> float:
        return (self.both + self.second_only) / self.n

    @property
    def first_rate(self) -> float:
        return (self.both + self.first_only) / self.n


@dataclass(frozen=True, slots=True)
class PairedRateDifference:
    """`second − first` rate of paired contacts, with its interval and test."""

    test: str
    interval: str
    difference: float
    ci_low: float
    ci_high: float
    confidence: float
    statistic: float  # signed z: positive when the second contact succeeds more often
    p_value: float
    rate: float  # second
    reference_rate: float  # first
    n: int


@dataclass(frozen=True, slots=True)
class PairedOrder:
    """Log-rank stratified by pair: in how many pairs the second / first had its event sooner."""

    test: str
    statistic: float  # chi-square, 1 df
    p_value: float
    second_sooner: int
    first_sooner: int

    @property
    def z(self) -> float:
        """Signed z: positive when the contact after escalating has its event sooner."""
        informative = self.second_sooner + self.first_sooner
        if informative == 0:
            return 0.0
        return (self.second_sooner - self.first_sooner) / math.sqrt(informative)


def _tango_z(counts: PairedCounts, delta: float) -> float:
    """Tango's score statistic for H0: second rate − first rate = delta."""
    n = float(counts.n)
    b, c = float(counts.second_only), float(counts.first_only)
    a_ = 2 * n
    b_ = -b - c + (2 * n - b + c) * delta
    c_ = -c * delta * (1 - delta)
    discriminant = max(b_ * b_ - 4 * a_ * c_, 0.0)
    q21 = (math.sqrt(discriminant) - b_) / (2 * a_)  # restricted MLE of P(first only)
    variance = n * (2 * q21 + delta * (1 - delta))
    numerator = b - c - n * delta
    if variance <= 0:
        if abs(numerator) < 1e-12:
            return 0.0
        return math.copysign(math.inf, numerator)
    return numerator / math.sqrt(variance)


def mcnemar(counts: PairedCounts) -> tuple[float, float]:
    """McNemar's test (no continuity correction): (signed z, two-sided p-value).

    Without discordant pairs there is no evidence of a difference: z = 0, p = 1.
    """
    _check(counts)
    z = _tango_z(counts, 0.0)
    return z, 2 * norm_sf(abs(z))


def tango_interval(counts: PairedCounts, *, alpha: float = 0.05) -> tuple[float, float]:
    """Tango (1998) score interval for the difference of paired proportions (second − first)."""
    _check(counts)
    d = (counts.second_only - counts.first_only) / counts.n
    return invert_score(lambda delta: _tango_z(counts, delta), d, alpha)


def paired_rate_difference(counts: PairedCounts, *, alpha: float = 0.05) -> PairedRateDifference:
    """Compare the rate after escalating with the rate on the first channel, pair by pair."""
    z, p = mcnemar(counts)
    low, high = tango_interval(counts, alpha=alpha)
    return PairedRateDifference(
        test="McNemar",
        interval="Tango score interval (paired)",
        difference=counts.second_rate - counts.first_rate,
        ci_low=low,
        ci_high=high,
        confidence=1 - alpha,
        statistic=z,
        p_value=p,
        rate=counts.second_rate,
        reference_rate=counts.first_rate,
        n=counts.n,
    )


def paired_logrank(*, second_sooner: int, first_sooner: int) -> PairedOrder:
    """Log-rank test stratified by pair, from the pairs whose order of events is known.

    In a pair (a stratum of two) the log-rank terms are non-zero only at the
    earlier time, and only when that time is an event of exactly one of the two:
    observed − expected = ±1/2 with variance 1/4. Summed: chi-square =
    (second_sooner − first_sooner)² / (second_sooner + first_sooner).
    """
    if second_sooner < 0 or first_sooner < 0:
        raise ValueError("pair counts must not be negative")
    informative = second_sooner + first_sooner
    if informative == 0:
        statistic, p_value = 0.0, 1.0
    else:
        statistic = (second_sooner - first_sooner) ** 2 / informative
        p_value = chi2_sf_1(statistic)
    return PairedOrder(
        test="log-rank stratified by pair",
        statistic=statistic,
        p_value=p_value,
        second_sooner=second_sooner,
        first_sooner=first_sooner,
    )


def _check(counts: PairedCounts) -> None:
    if counts.n <= 0:
        raise ValueError("a paired comparison needs at least one pair")
