"""The headline and highlights of a summary: the sentences every renderer shows.

Headline first, as an email subject would read: who is favoured on how many
metrics, then the most notable change since the period before, e.g.
"Social is favoured over phone on 4 of 10 metrics; the social first response
time gap widened from 1.8× to 2.3×." A time gap is a factor: how many times
longer the slower channel's median is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parity.gaps import Gap
from parity.stats import METRICS, format_duration

if TYPE_CHECKING:
    from parity.summary import GapTrend, PeriodColumn


@dataclass(frozen=True, slots=True)
class Words:
    headline: str
    highlights: list[str]


def label(metric: str) -> str:
    return METRICS[metric].label if metric in METRICS else metric


def factor(g: Gap) -> float | None:
    """A time gap as a factor ≥ 1: the slower median over the faster."""
    r = g.ratio
    if r is None or r <= 0:
        return None
    return max(r, 1 / r)


def signed(g: Gap) -> str:
    """A gap for a table cell: '2.3× longer', '+8.0 pts', '+0.40'."""
    if g.estimate is None:
        return "not reached" if g.is_time else "n/a"  # a median the curve never reached
    if g.is_time:
        f, r = factor(g), g.ratio
        if f is not None and r is not None:
            return f"{f:.1f}× {'longer' if r > 1 else 'shorter'}"
        return ("+" if g.estimate >= 0 else "−") + format_duration(abs(g.estimate))
    if METRICS[g.metric].kind == "rate":
        return f"{g.estimate * 100:+.1f} pts"
    return f"{g.estimate:+.2f}"


def cell(gap: Gap | None) -> str:
    """A gap in a period's column: '–' when the period has none, 'too few' without a
    verdict, else the signed gap (`signed`)."""
    if gap is None:
        return "–"
    if gap.severity == "insufficient_data":
        return "too few"
    return signed(gap)


def _sizes(before: Gap, after: Gap) -> tuple[str, str]:
    """The sizes of two gaps in the same unit, for 'from X to Y'."""
    if before.is_time:
        f0, f1 = factor(before), factor(after)
        a0, a1 = abs(before.estimate or 0.0), abs(after.estimate or 0.0)
        if f0 is not None and f1 is not None and (f1 > f0) == (a1 > a0):
            return f"{f0:.1f}×", f"{f1:.1f}×"
        return format_duration(a0), format_duration(a1)
    if METRICS[before.metric].kind == "rate":
        return (
            f"{abs(before.estimate or 0) * 100:.1f}",
            f"{abs(after.estimate or 0) * 100:.1f} points",
        )
    return f"{abs(before.estimate or 0):.2f}", f"{abs(after.estimate or 0):.2f} points"


def _name(g: GapTrend) -> str:
    return f"{g.channel} {label(g.metric)}"


def _change(g: GapTrend) -> str | None:
    """One clause on how the gap moved, or None when it did not."""
    before = g.previous
    kind = g.change.trend
    if kind in ("widening", "narrowing") and before is not None:
        old, new = _sizes(before, g.current)
        verb = "widened" if kind == "widening" else "narrowed"
        return f"the {_name(g)} gap {verb} from {old} to {new}"
    if kind == "reversed":
        return f"the {_name(g)} gap reversed: it now favours {g.current.favours}"
    if g.flag == "new":
        return f"a new {g.current.severity} gap on {_name(g)} favours {g.current.favours}"
    if g.flag == "resolved":
        return f"the {_name(g)} gap is no longer flagged"
    return None


def _rank(g: GapTrend) -> tuple[int, float, str, str]:
    """Most notable first: widening (by size over margin), reversed, new, narrowing, resolved."""
    order = {"widening": 0, "reversed": 1, "narrowing": 3}.get(g.change.trend)
    if order is None:
        order = {"new": 2, "resolved": 4}.get(g.flag or "", 5)
    size = abs(g.change.widened_by or 0.0) / max(g.change.margin.absolute, 1e-12)
    return (order, -size, g.channel, g.metric)


def _lead(gaps: Sequence[GapTrend], period: PeriodColumn, reference: str) -> str:
    best: tuple[int, str, str, int] = (0, "", "", 0)
    for channel in sorted({g.channel for g in gaps}):
        own = [g.current for g in gaps if g.channel == channel]
        judged = sum(1 for c in own if c.severity != "insufficient_data")
        for winner, loser in ((channel, reference), (reference, channel)):
            wins = sum(1 for c in own if c.flagged and c.favours == winner)
            if wins > best[0]:
                best = (wins, winner, loser, judged)
    wins, winner, loser, judged = best
    if wins == 0:
        return f"No material gap between channels in {period.label}"
    noun = "metric" if judged == 1 else "metrics"
    return f"{winner[:1].upper()}{winner[1:]} is favoured over {loser} on {wins} of {judged} {noun}"


def words(
    gaps: Sequence[GapTrend],
    period: PeriodColumn,
    earlier: Sequence[PeriodColumn],
    reference: str,
) -> Words:
    changes = sorted((g for g in gaps if _change(g) is not None), key=_rank)
    lead = _lead(gaps, period, reference)
    if changes:
        clause = _change(changes[0])
    elif earlier and earlier[-1].source != "missing":
        clause = f"no gap changed beyond noise since {earlier[-1].label}"
    else:
        clause = "no earlier period to compare with"
    # the headline already tells the first change
    highlights = [_sentence(_change(g) or "") for g in changes[1:]]
    return Words(f"{lead}; {clause}.", highlights)


def _sentence(clause: str) -> str:
    return f"{clause[:1].upper()}{clause[1:]}."
