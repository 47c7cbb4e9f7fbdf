"""`parity check`: a report's gaps judged against their thresholds and a baseline.

One `CheckItem` per gate item of the report (`Report.gate_items`): every
channel comparison, every signal verdict (docs/signals.md), and every
escalation rate judged against a configured `escalation_rate` level. Its
outcome:

- skipped: insufficient data, no verdict;
- fail: a flagged gap (or an escalation rate) at or beyond its `fail` level,
  or a gap that widened
  by at least its margin since the baseline, beyond noise (`parity.trend`),
  even while under the thresholds: a slow slide is caught;
- warn: a flagged gap below its fail level;
- pass: otherwise.

The exit code follows from the outcomes by `parity.gate.exit_code`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from parity import gate, trend
from parity.baseline import Baseline
from parity.config import LEVEL_METRICS, Settings
from parity.gaps import Gap
from parity.report import SCHEMA_VERSION, Comparison, Report
from parity.stats import Level, MetricThresholds

CheckOutcome = Literal["pass", "skipped", "warn", "fail"]
Reason = Literal["fail_level", "warn_level", "widened", "insufficient_data"]

NO_COMPARISONS = (
    "nothing to check: the data has only the reference channel, or no metric shared with it"
)
UNKNOWN_CHANNEL = "thresholds name channel '{channel}', which the data does not have"
NOT_IN_BASELINE = "{count} comparison(s) are new since the baseline: {names}"
SIGNALS_NOT_IN_BASELINE = (
    "{count} signal verdict(s) are new since the baseline (not compared with it): {names}"
)


@dataclass(frozen=True, slots=True)
class CheckItem:
    comparison: Comparison
    thresholds: MetricThresholds
    margin: Level
    since_baseline: trend.Change | None
    outcome: CheckOutcome
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict[str, Any]:
        c = self.comparison
        return {
            "metric": c.metric,
            "channel": c.channel,
            "reference": c.reference,
            "family": c.family,
            "outcome": self.outcome,
            "reasons": list(self.reasons),
            "severity": c.severity,
            "flagged": c.flagged,
            "favours": c.favours,
            "estimate": c.estimate,
            "ci": None if c.ci is None else list(c.ci),
            "thresholds": {
                "warn": _level(self.thresholds.warn),
                "fail": _level(self.thresholds.fail),
            },
            "margin": _level(self.margin),
            "since_baseline": None
            if self.since_baseline is None
            else self.since_baseline.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class CheckResult:
    report: Report
    items: list[CheckItem]
    baseline: Baseline | None = None
    notes: list[str] = field(default_factory=list)

    def outcomes(self) -> list[gate.Outcome]:
        return [item.outcome for item in self.items]

    def count(self, outcome: CheckOutcome) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def status(self) -> CheckOutcome:
        """The worst outcome: fail, warn, else pass (skipped checks do not pass a run alone)."""
        if self.count("fail"):
            return "fail"
        return "warn" if self.count("warn") else "pass"

    def to_dict(self) -> dict[str, Any]:
        report = self.report.to_dict()
        return {
            "schema_version": SCHEMA_VERSION,
            "status": self.status,
            "counts": {o: self.count(o) for o in ("fail", "warn", "pass", "skipped")},
            "reference_channel": self.report.reference_channel,
            "as_of": self.report.as_of,
            "baseline": None
            if self.baseline is None
            else {"file": self.baseline.file, "as_of": self.baseline.as_of},
            "checks": [item.to_dict() for item in self.items],
            "notes": list(self.notes),
            "report": report,
        }


def evaluate(report: Report, settings: Settings, baseline: Baseline | None = None) -> CheckResult:
    """Judge every gate item of `report`; `baseline` adds the widening gate."""
    if baseline is not None:
        baseline.check_reference(report.reference_channel)
    items = [_item(c, settings, baseline) for c in report.gate_items()]
    notes = [
        UNKNOWN_CHANNEL.format(channel=name)
        for name in sorted(settings.threshold_channels())
        if report.channel(name) is None
    ]
    if not report.comparisons:
        notes.append(NO_COMPARISONS)
    if baseline is not None:
        for message, found in (
            (NOT_IN_BASELINE, report.comparisons),
            (SIGNALS_NOT_IN_BASELINE, report.signals),
        ):
            new = [_name(c) for c in found if _key(c) not in baseline.gaps]
            if new:
                notes.append(message.format(count=len(new), names=", ".join(new)))
    return CheckResult(report, items, baseline, notes)


def _item(c: Comparison, settings: Settings, baseline: Baseline | None) -> CheckItem:
    level = c.metric in LEVEL_METRICS
    thresholds = settings.level(c.metric, c.channel) if level else None
    thresholds = thresholds or settings.threshold(c.metric, c.channel)
    margin = settings.margin(c.metric, c.channel)
    moved = None
    if baseline is not None and not level:  # a level is not a gap: nothing to widen
        moved = trend.change(baseline.gaps.get(_key(c)), Gap.from_comparison(c), margin)
    reasons: list[Reason] = []
    if c.severity == "insufficient_data":
        return CheckItem(c, thresholds, margin, moved, "skipped", ("insufficient_data",))
    if c.severity == "fail":
        reasons.append("fail_level")
    if moved is not None and moved.trend == "widening":
        reasons.append("widened")
    if reasons:
        return CheckItem(c, thresholds, margin, moved, "fail", tuple(reasons))
    if c.severity == "warn":
        return CheckItem(c, thresholds, margin, moved, "warn", ("warn_level",))
    return CheckItem(c, thresholds, margin, moved, "pass", ())


def _key(c: Comparison) -> tuple[str, str, str]:
    return (c.metric, c.channel, c.reference)


def _name(c: Comparison) -> str:
    if c.family == "journeys":
        return f"{c.reference}→{c.channel} {c.metric}"
    return f"{c.channel} {c.metric}"


def _level(level: Level) -> dict[str, float | None]:
    return {"absolute": level.absolute, "relative": level.relative}
