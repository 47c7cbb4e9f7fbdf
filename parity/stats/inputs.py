"""The aggregates the statistics layer works from.

The rest of parity computes these in SQL, one per channel and stratum (category),
so that no test ever needs the contact-level rows: a rate is a pair of counts, a
time distribution is a table of event and censoring counts per distinct time, a
satisfaction score is a table of counts per score value.

A `Sample` maps a stratum key to one of these; the single key ``""`` means "not
stratified".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "RateCounts",
    "Sample",
    "ScoreCounts",
    "TimeTable",
    "pool_rates",
    "pool_scores",
    "pool_times",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class RateCounts:
    """One channel, one stratum: `successes` of `trials` contacts had the property."""

    successes: int
    trials: int

    def __post_init__(self) -> None:
        if self.trials < 0 or self.successes < 0 or self.successes > self.trials:
            raise ValueError(
                f"RateCounts needs 0 <= successes <= trials, got {self.successes}/{self.trials}"
            )

    @property
    def n(self) -> int:
        return self.trials


@dataclass(frozen=True, slots=True)
class TimeTable:
    """One channel, one stratum: counts per distinct time (seconds, ascending).

    `events[i]` contacts had their event (response, resolution, end of hold) at
    `times[i]`; `censored[i]` contacts were still waiting when observation stopped
    at `times[i]` (abandonment, closure unresolved, or the as-of time). An
    uncensored metric has `censored` all zero.
    """

    times: FloatArray
    events: IntArray
    censored: IntArray

    def __post_init__(self) -> None:
        size = self.times.shape
        if self.times.ndim != 1 or self.events.shape != size or self.censored.shape != size:
            raise ValueError("TimeTable needs three one-dimensional arrays of the same length")
        if size[0] > 1 and not bool(np.all(np.diff(self.times) > 0)):
            raise ValueError("TimeTable.times must be distinct and ascending")
        if size[0] and not bool(np.all(np.isfinite(self.times))):
            raise ValueError("TimeTable.times must be finite")
        if size[0] and (int(self.events.min()) < 0 or int(self.censored.min()) < 0):
            raise ValueError("TimeTable counts must not be negative")

    @property
    def n(self) -> int:
        return int(self.events.sum() + self.censored.sum())

    @classmethod
    def from_observations(
        cls, durations: npt.ArrayLike, observed: npt.ArrayLike | None = None
    ) -> TimeTable:
        """Aggregate contact-level durations (`observed` False = censored there)."""
        values = np.asarray(durations, dtype=np.float64)
        flags = (
            np.ones(values.shape, dtype=bool)
            if observed is None
            else np.asarray(observed, dtype=bool)
        )
        times, inverse = np.unique(values, return_inverse=True)
        events = np.bincount(inverse, weights=flags, minlength=times.size)
        censored = np.bincount(inverse, weights=~flags, minlength=times.size)
        return cls(times, events.astype(np.int64), censored.astype(np.int64))


@dataclass(frozen=True, slots=True)
class ScoreCounts:
    """One channel, one stratum: how many responses gave each satisfaction value."""

    values: FloatArray
    counts: IntArray

    def __post_init__(self) -> None:
        if self.values.ndim != 1 or self.counts.shape != self.values.shape:
            raise ValueError("ScoreCounts needs two one-dimensional arrays of the same length")
        if self.values.size > 1 and not bool(np.all(np.diff(self.values) > 0)):
            raise ValueError("ScoreCounts.values must be distinct and ascending")
        if self.counts.size and int(self.counts.min()) < 0:
            raise ValueError("ScoreCounts counts must not be negative")

    @property
    def n(self) -> int:
        return int(self.counts.sum())

    @classmethod
    def from_scores(cls, scores: npt.ArrayLike) -> ScoreCounts:
        """Aggregate individual scores."""
        values, counts = np.unique(np.asarray(scores, dtype=np.float64), return_counts=True)
        return cls(values, counts.astype(np.int64))


Sample = Mapping[str, RateCounts] | Mapping[str, TimeTable] | Mapping[str, ScoreCounts]


def pool_rates(parts: Iterable[RateCounts]) -> RateCounts:
    """The counts of several strata added together."""
    successes = trials = 0
    for part in parts:
        successes += part.successes
        trials += part.trials
    return RateCounts(successes, trials)


def pool_times(parts: Iterable[TimeTable]) -> TimeTable:
    """The tables of several strata merged onto their common time grid."""
    tables = list(parts)
    if not tables:
        return TimeTable(np.empty(0), np.empty(0, np.int64), np.empty(0, np.int64))
    if len(tables) == 1:
        return tables[0]
    times = np.unique(np.concatenate([t.times for t in tables]))
    events = np.zeros(times.size, dtype=np.int64)
    censored = np.zeros(times.size, dtype=np.int64)
    for table in tables:
        where = np.searchsorted(times, table.times)
        events[where] += table.events
        censored[where] += table.censored
    return TimeTable(times, events, censored)


def pool_scores(parts: Iterable[ScoreCounts]) -> ScoreCounts:
    """The score counts of several strata added together."""
    tables = list(parts)
    if not tables:
        return ScoreCounts(np.empty(0), np.empty(0, np.int64))
    values = np.unique(np.concatenate([t.values for t in tables]))
    counts = np.zeros(values.size, dtype=np.int64)
    for table in tables:
        counts[np.searchsorted(values, table.values)] += table.counts
    return ScoreCounts(values, counts)
