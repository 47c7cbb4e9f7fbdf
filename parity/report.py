"""The typed report model every renderer reads (SPEC §5 for the JSON keys).

Built once by `parity.report_build`; JSON, Markdown, CSV, HTML and the terminal table
are pure functions of it. Figures keep full precision here; only renderers
round.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from parity.report_signals import (
    ClockInfo,
    Coverage,
    Empowerment,
    Escalation,
    Journeys,
    RemedyParity,
)
from parity.report_trend import WeeklyTrend

SCHEMA_VERSION = 1

Severity = Literal["ok", "warn", "fail", "insufficient_data"]


@dataclass(frozen=True, slots=True)
class PeriodInfo:
    start: str | None
    end: str | None


@dataclass(frozen=True, slots=True)
class ChannelReport:
    channel: str
    reference: bool
    metrics: dict[str, float | int | None]
    not_reached: list[str] = field(default_factory=list)  # null quantiles the curve never reached
    # confidence intervals of medians (Brookmeyer–Crowley) and rates (Wilson); None = unbounded
    intervals: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Comparison:
    metric: str
    channel: str
    reference: str
    value: float | None
    reference_value: float | None
    difference: float | None
    ratio: float | None
    ci: tuple[float | None, float | None] | None
    p_value: float | None
    p_adjusted: float | None
    test: str
    adjusted_for: list[str]
    favours: str | None
    flagged: bool
    severity: Severity
    estimate: float | None = None  # the gap the verdict rests on (adjusted when adjusted_for)
    interval: str | None = None  # how `ci` was computed
    statistic: float | None = None
    value_lower_bound: float | None = None  # a median not reached lies beyond this
    reference_value_lower_bound: float | None = None
    adjusted_value: float | None = None  # standardised to a common case mix
    adjusted_reference_value: float | None = None
    n: int = 0
    n_reference: int = 0
    description: str = ""
    notes: list[str] = field(default_factory=list)
    # "channels" (SPEC §5), or the signal it judges: "journeys", "remedies", "coverage"
    family: str = "channels"


@dataclass(frozen=True, slots=True)
class WaitingCurve:
    """The share of a channel's contacts still waiting for an event, over time.

    A Kaplan–Meier curve of all the channel's contacts (categories pooled, raw
    like the channel's own figures), downsampled for drawing: `points` are
    (seconds since contact, share still waiting) pairs of a right-continuous
    step function that starts at (0, 1) and ends at `horizon_s`, the last time
    any contact of the channel was observed. Contacts never answered (or never
    resolved) keep the curve up: its last value is the share still waiting
    when observation stopped. Every point lies on the full curve, and between
    points the full curve stays within `max_error` of the drawn one.
    """

    metric: str  # first_response_time | resolution_time
    channel: str
    contacts: int
    events: int  # contacts whose event (answer, resolution) was seen
    censored: int  # contacts still waiting when observation stopped
    horizon_s: float
    points: list[tuple[float, float]]
    max_error: float


@dataclass(frozen=True, slots=True)
class SourceInfo:
    file: str
    status: str
    format: str
    profile: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_skipped: int
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    skipped_by_reason: dict[str, int] = field(default_factory=dict)  # preamble, profile rules…


@dataclass(frozen=True, slots=True)
class DataQuality:
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    rows_skipped: int
    sources: list[SourceInfo] = field(default_factory=list)
    rejects_by_reason: dict[str, int] = field(default_factory=dict)
    skipped_by_reason: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Method:
    alpha: float
    min_contacts: int
    multiplicity: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Report:
    generated_at: str
    as_of: str | None
    period: PeriodInfo
    reference_channel: str
    channels: list[ChannelReport]
    comparisons: list[Comparison]
    data_quality: DataQuality
    method: Method
    schema_version: int = SCHEMA_VERSION
    curves: list[WaitingCurve] = field(default_factory=list)
    clock: ClockInfo = field(default_factory=lambda: ClockInfo("calendar"))
    journeys: Journeys | None = None
    remedies: list[RemedyParity] = field(default_factory=list)
    coverage: Coverage | None = None
    empowerment: Empowerment | None = None
    # verdicts on the signals, same shape as `comparisons`, Holm-adjusted with them
    signals: list[Comparison] = field(default_factory=list)
    # the main gaps week by week, when the period spans several weeks (parity.weekly)
    weekly: WeeklyTrend | None = None

    def gate_items(self) -> list[Comparison]:
        """Every verdict a CI gate acts on: the channel comparisons, the signals, then the
        escalation rates judged against a configured `escalation_rate` level."""
        levels: list[Comparison] = []
        if self.journeys is not None:
            judged = [e for e in self.journeys.escalations if e.severity is not None]
            levels = [_level_item(e, self.journeys.window_days, len(judged)) for e in judged]
        return [*self.comparisons, *self.signals, *levels]

    def channel(self, name: str) -> ChannelReport | None:
        return next((c for c in self.channels if c.channel == name), None)

    def curves_of(self, metric: str) -> list[WaitingCurve]:
        return [c for c in self.curves if c.metric == metric]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document: SPEC §5 keys first, non-finite numbers as null."""
        raw = asdict(self)
        ordered = {
            "schema_version": raw["schema_version"],
            "generated_at": raw["generated_at"],
            "as_of": raw["as_of"],
            "period": raw["period"],
            "reference_channel": raw["reference_channel"],
            "channels": raw["channels"],
            "comparisons": raw["comparisons"],
            "data_quality": raw["data_quality"],
            "method": raw["method"],
            "curves": raw["curves"],
            "clock": raw["clock"],
            "journeys": raw["journeys"],
            "remedies": raw["remedies"],
            "coverage": raw["coverage"],
            "empowerment": raw["empowerment"],
            "signals": raw["signals"],
            "weekly": raw["weekly"],
        }
        return _finite(ordered)  # type: ignore[no-any-return]


LEVEL_TEST = "Wilson interval, lower limit against the level (Bonferroni over {pairs} pairs)"


def _level_item(e: Escalation, window_days: float, pairs: int) -> Comparison:
    """An escalation rate judged against its configured level, shaped as a gate item.

    Channel is where the customers escalated to and reference where they
    started, as for the paired journey verdicts. Not a gap: `estimate` is the
    rate itself and there is no reference value, p-value or favoured channel.
    """
    share = "–" if e.rate is None else f"{e.rate * 100:.1f} %"
    description = (
        f"{share} of {e.from_channel} contacts with a customer id ({e.escalated:,} of "
        f"{e.contacts:,}) contacted {e.to_channel} within {window_days:g} days"
    )
    return Comparison(
        metric="escalation_rate",
        channel=e.to_channel,
        reference=e.from_channel,
        value=e.rate,
        reference_value=None,
        difference=None,
        ratio=None,
        ci=e.ci,
        p_value=None,
        p_adjusted=None,
        test=LEVEL_TEST.format(pairs=pairs),
        adjusted_for=[],
        favours=None,
        flagged=e.severity in ("warn", "fail"),
        severity=e.severity or "ok",
        estimate=e.rate,
        interval="Wilson",
        n=e.contacts,
        description=description,
        family="journeys",
    )


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def iso(moment: datetime | None) -> str | None:
    """An instant as ISO 8601 in UTC with a Z."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def now_iso() -> str:
    return iso(datetime.now(UTC).replace(microsecond=0)) or ""
