"""The metrics that are compared between channels (SPEC §5) and what "better" means."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = ["METRICS", "Better", "Kind", "Metric", "MetricName"]

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

    name: MetricName
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
