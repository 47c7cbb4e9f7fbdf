"""The metrics that are compared between channels (SPEC §5) and what "better" means."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["METRICS", "SIGNAL_METRICS", "Better", "Kind", "Metric", "MetricName", "coverage_metric"]

MetricName = Literal[
    "first_response_time",
    "resolution_time",
    "hold_time",
    "response_rate",
    "resolution_rate",
    "abandon_rate",
    "reopen_rate",
    "transfer_rate",
    "remedy_rate",
    "csat",
]
Kind = Literal["time", "rate", "score", "amount"]
Better = Literal["lower", "higher"]


@dataclass(frozen=True, slots=True)
class Metric:
    """A comparable metric: its kind, which direction is better, and words for sentences."""

    name: str  # a MetricName for the channel comparisons of SPEC §5
    kind: Kind
    better: Better
    label: str  # "resolution rate"
    phrase: str  # rates: "are resolved"; times: "first responses"; csat: "customers"


METRICS: Mapping[str, Metric] = {
    m.name: m
    for m in (
        Metric("first_response_time", "time", "lower", "first response time", "first responses"),
        Metric("resolution_time", "time", "lower", "resolution time", "resolutions"),
        Metric("hold_time", "time", "lower", "hold time", "holds"),
        Metric("response_rate", "rate", "higher", "response rate", "get a response"),
        Metric("resolution_rate", "rate", "higher", "resolution rate", "are resolved"),
        Metric("abandon_rate", "rate", "lower", "abandon rate", "are abandoned"),
        Metric("reopen_rate", "rate", "lower", "reopen rate", "are reopened"),
        Metric("transfer_rate", "rate", "lower", "transfer rate", "are transferred"),
        Metric("remedy_rate", "rate", "higher", "remedy rate", "get a concrete remedy"),
        Metric("csat", "score", "higher", "satisfaction (csat)", "customers"),
    )
}


# The two-tier signals (docs/signals.md). Escalated outcomes are PAIRED: the
# channel is where the customer escalated to, the reference where they started.
SIGNAL_METRICS: Mapping[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "escalated_resolution_rate", "rate", "higher",
            "resolution after escalating", "are resolved",
        ),
        Metric(
            "escalated_remedy_rate", "rate", "higher",
            "remedy after escalating", "get a concrete remedy",
        ),
        Metric(
            "escalated_resolution_time", "time", "lower",
            "resolution time after escalating", "resolutions",
        ),
        Metric(
            "apology_only_rate", "rate", "lower",
            "apology-only rate", "are closed with an apology only",
        ),
        Metric(
            "remedy_amount", "amount", "higher",
            "remedy amount (remedied contacts)", "remedies",
        ),
    )
}  # fmt: skip


def coverage_metric(label: str) -> Metric:
    """Reply coverage at one mark, e.g. "reply_within_1h" (share answered within 1 h)."""
    return Metric(
        f"reply_within_{label}",
        "rate",
        "higher",
        f"reply within {label}",
        f"are answered within {label}",
    )
