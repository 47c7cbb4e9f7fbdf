"""Control of the error rate over all comparisons of a report.

Holm's (1979) step-down procedure controls the family-wise error rate — the
chance that a report contains even one false finding — under any dependence
between the tests, which matters here because every channel is compared with
the same reference channel. It is uniformly more powerful than Bonferroni.
Comparisons without a p-value (too little data) are left out of the family and
keep no adjusted p-value.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["holm"]


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm-adjusted p-values, in input order; None stays None and is not counted."""
    present = [(p, i) for i, p in enumerate(p_values) if p is not None]
    for p, _ in present:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"p-values must lie in [0, 1], got {p}")
    present.sort()
    m = len(present)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted
