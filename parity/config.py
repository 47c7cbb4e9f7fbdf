"""Configuration: `parity.toml`, or `[tool.parity]` in `pyproject.toml` (SPEC §6).

Looked up in this order: `--config FILE`; `./parity.toml`; `[tool.parity]`
of `./pyproject.toml`; built-in defaults. Every key is validated; an invalid
one is a one-line error naming the key, the file and its line.

```toml
reference = "phone"          # reference channel
alpha = 0.05                 # family-wise error rate over a report's comparisons
min_contacts = 30            # fewer on either side: insufficient_data
timezone = "UTC"             # for timestamps without an offset
pseudonym_key = "…"          # optional; else PARITY_PSEUDONYM_KEY or a generated key

[aliases]                    # channel values → channel
twitter = "social"

[thresholds.first_response_time]   # gap levels: warn (= materiality) and fail
warn = { relative = 0.25, absolute_s = 60 }
fail = { relative = 0.5, absolute_s = 300 }
[thresholds.resolution_rate]
warn = 0.05
fail = 0.10
margin = 0.02                # --baseline: widening this large fails (default: warn / 2)
[thresholds.resolution_rate.channels.social]   # optional per-channel override
fail = 0.15

[summary]
follow_up_days = 0           # a period's contacts are followed this long after its end
```
"""

from __future__ import annotations

import math
import re
import tomllib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parity import signal_config
from parity.calendar import CLOCKS, Calendar, Clock, parse_calendars
from parity.errors import ConfigError
from parity.signal_config import SignalSettings
from parity.stats.metrics import METRICS as CATALOGUE
from parity.stats.metrics import SIGNAL_METRICS
from parity.stats.thresholds import Level, MetricThresholds, Thresholds

# Metrics that take thresholds, by kind: the channel comparisons (SPEC §5) and the
# two-tier signals (docs/signals.md), from the one catalogue in parity.stats.metrics,
# plus two signal keys that are not single metrics.
_ALL = {**CATALOGUE, **SIGNAL_METRICS}
TIME_METRICS = tuple(m.name for m in _ALL.values() if m.kind == "time")
RATE_METRICS = (
    *(m.name for m in _ALL.values() if m.kind == "rate"),
    "reply_coverage",  # every coverage mark
    "escalation_rate",  # a level, not a gap: no default, judged only when configured
)
# Levels on a figure itself rather than on a gap: judged only where configured.
LEVEL_METRICS = ("escalation_rate",)
SCORE_METRICS = tuple(m.name for m in _ALL.values() if m.kind == "score")
AMOUNT_METRICS = tuple(m.name for m in _ALL.values() if m.kind == "amount")
METRICS = TIME_METRICS + RATE_METRICS + SCORE_METRICS + AMOUNT_METRICS


def threshold_key(metric: str) -> str:
    """The key a metric's thresholds are configured under: every coverage mark
    (`reply_within_1h`, `reply_within_24h`, …) shares `reply_coverage`."""
    return "reply_coverage" if metric.startswith("reply_within_") else metric


def default_thresholds(metric: str) -> MetricThresholds:
    """SPEC §5 practical thresholds as `warn`; `fail` at twice the size."""
    if metric in TIME_METRICS:
        return Thresholds().for_kind("time")
    if metric in AMOUNT_METRICS:
        return Thresholds().for_kind("amount")
    return Thresholds().for_kind("score" if metric in SCORE_METRICS else "rate")


@dataclass(frozen=True, slots=True)
class Settings:
    reference: str = "phone"
    alpha: float = 0.05
    min_contacts: int = 30
    timezone: str = "UTC"
    pseudonym_key: str | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    thresholds: Mapping[str, MetricThresholds] = field(default_factory=dict)
    channel_thresholds: Mapping[tuple[str, str], MetricThresholds] = field(default_factory=dict)
    margins: Mapping[str, Level] = field(default_factory=dict)
    channel_margins: Mapping[tuple[str, str], Level] = field(default_factory=dict)
    follow_up_days: int = 0
    source: Path | None = None
    memory_limit: str | None = None  # DuckDB's, e.g. "2GB"; default $PARITY_MEMORY_LIMIT or 512MB
    clock: Clock = "calendar"  # the default of `parity report --clock`
    calendars: Mapping[str, Calendar] = field(default_factory=dict)
    signals: SignalSettings = field(default_factory=SignalSettings)

    def threshold(self, metric: str, channel: str | None = None) -> MetricThresholds:
        """The warn and fail levels of `metric`, for `channel` when it has its own."""
        metric = threshold_key(metric)
        if channel is not None and (metric, channel) in self.channel_thresholds:
            return self.channel_thresholds[(metric, channel)]
        return self.thresholds.get(metric) or default_thresholds(metric)

    def level(self, metric: str, channel: str) -> MetricThresholds | None:
        """The configured levels of a level metric (no default: None when not set)."""
        return self.channel_thresholds.get((metric, channel)) or self.thresholds.get(metric)

    def margin(self, metric: str, channel: str | None = None) -> Level:
        """How much a gap may widen before `check --baseline` fails: as configured for
        the channel, else for the metric, else half the warn level that applies."""
        metric = threshold_key(metric)
        if channel is not None and (metric, channel) in self.channel_margins:
            return self.channel_margins[(metric, channel)]
        if metric in self.margins:
            return self.margins[metric]
        return half(self.threshold(metric, channel).warn)

    def threshold_channels(self) -> set[str]:
        """Channels named in per-channel thresholds or margins."""
        return {c for _, c in self.channel_thresholds} | {c for _, c in self.channel_margins}


def half(level: Level) -> Level:
    return Level(level.absolute / 2, None if level.relative is None else level.relative / 2)


_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")

_KNOWN = {
    "reference",
    "alpha",
    "min_contacts",
    "timezone",
    "pseudonym_key",
    "aliases",
    "thresholds",
    "summary",
    "memory_limit",
    "clock",
    "calendars",
    *signal_config.SECTIONS,
}


def load(path: Path | None = None, *, cwd: Path | None = None) -> Settings:
    """Settings from `path`, or from the working directory's parity.toml / pyproject.toml."""
    base = cwd or Path.cwd()
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
        return _from_file(path, pyproject=path.name == "pyproject.toml")
    if (base / "parity.toml").is_file():
        return _from_file(base / "parity.toml", pyproject=False)
    if (base / "pyproject.toml").is_file():
        return _from_file(base / "pyproject.toml", pyproject=True)
    return Settings()


def _from_file(path: Path, *, pyproject: bool) -> Settings:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_WHERE.search(str(exc))
        if where is None:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        problem = str(exc)[: where.start()].strip()
        raise ConfigError(
            f"{path}:{where.group(1)}:{where.group(2)}: not valid TOML: {problem}"
        ) from exc
    if pyproject:
        data = data.get("tool", {}).get("parity", {})
        if not data:
            return Settings()
    return parse(data, path=path, text=text)


def parse(data: Mapping[str, Any], *, path: Path, text: str = "") -> Settings:
    """Validate a configuration table."""

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}:{_line_of(text, key)}: {key}: {problem}")

    for key in data:
        if key not in _KNOWN:
            raise fail(key, f"unknown key; known keys: {', '.join(sorted(_KNOWN))}")
    reference = data.get("reference", "phone")
    if not isinstance(reference, str) or not reference.strip():
        raise fail("reference", "must be a channel name")
    alpha = data.get("alpha", 0.05)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise fail("alpha", "must be a number between 0 and 1, e.g. 0.05")
    min_contacts = data.get("min_contacts", 30)
    if isinstance(min_contacts, bool) or not isinstance(min_contacts, int) or min_contacts < 2:
        raise fail("min_contacts", "must be a whole number ≥ 2")
    tz = data.get("timezone", "UTC")
    if not isinstance(tz, str) or not _valid_timezone(tz):
        raise fail("timezone", "must be an IANA time zone such as 'Europe/London'")
    secret: object = data.get("pseudonym_key")
    if secret is not None and (not isinstance(secret, str) or len(secret) < 16):
        raise fail("pseudonym_key", "must be a string of at least 16 characters")
    aliases_raw = data.get("aliases", {})
    if not isinstance(aliases_raw, dict):
        raise fail("aliases", 'must be a table of value = "channel" pairs')
    aliases: dict[str, str] = {}
    for k, v in aliases_raw.items():
        if not isinstance(v, str) or not v.strip():
            raise fail(f"aliases.{k}", "must be a channel name")
        aliases[str(k).strip().lower()] = v.strip().lower()
    levels = _thresholds(data.get("thresholds", {}), fail)
    follow_up = _summary(data.get("summary", {}), fail)
    memory = data.get("memory_limit")
    if memory is not None and (
        not isinstance(memory, str) or not re.fullmatch(r"\s*\d+(\.\d+)?\s*[KMGT]i?B\s*", memory)
    ):
        raise fail("memory_limit", 'must be a size such as "512MB" or "4GB"')
    clock = data.get("clock", "calendar")
    if clock not in CLOCKS:
        raise fail("clock", f"must be one of {', '.join(CLOCKS)}")
    return Settings(
        reference=reference.strip().lower(),
        alpha=float(alpha),
        min_contacts=int(min_contacts),
        timezone=tz,
        pseudonym_key=secret if isinstance(secret, str) else None,
        aliases=aliases,
        thresholds=levels.metric,
        channel_thresholds={(m, aliases.get(c, c)): v for (m, c), v in levels.channel.items()},
        margins=levels.margin,
        channel_margins={(m, aliases.get(c, c)): v for (m, c), v in levels.channel_margin.items()},
        follow_up_days=follow_up,
        source=path,
        memory_limit=memory.strip() if isinstance(memory, str) else None,
        clock=clock,
        calendars=parse_calendars(data.get("calendars", {}), fail),
        signals=signal_config.parse(data, fail),
    )


def _summary(raw: object, fail: Any) -> int:
    if not isinstance(raw, dict):
        raise fail("summary", "must be a table, e.g. [summary] follow_up_days = 0")
    for key in raw:
        if key != "follow_up_days":
            raise fail(f"summary.{key}", "unknown key; known keys: follow_up_days")
    days = raw.get("follow_up_days", 0)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 366:
        raise fail("summary.follow_up_days", "must be a whole number of days from 0 to 366")
    return days


@dataclass(slots=True)
class _Levels:
    metric: dict[str, MetricThresholds] = field(default_factory=dict)
    channel: dict[tuple[str, str], MetricThresholds] = field(default_factory=dict)
    margin: dict[str, Level] = field(default_factory=dict)
    channel_margin: dict[tuple[str, str], Level] = field(default_factory=dict)


def _thresholds(raw: object, fail: Any) -> _Levels:
    if not isinstance(raw, dict):
        raise fail("thresholds", "must be a table of metrics")
    out = _Levels()
    for metric, table in raw.items():
        where = f"thresholds.{metric}"
        if metric not in METRICS:
            raise fail(where, f"unknown metric; metrics: {', '.join(METRICS)}")
        if not isinstance(table, dict):
            raise fail(where, "must be a table with warn and fail")
        base = _metric_levels(metric, table, default_thresholds(metric), where, fail)
        out.metric[metric] = base
        if "margin" in table:
            out.margin[metric] = _level(
                metric, table["margin"], half(base.warn), f"{where}.margin", fail
            )
        channels = table.get("channels", {})
        if not isinstance(channels, dict):
            raise fail(f"{where}.channels", "must be a table of channels")
        for channel, sub in channels.items():
            sub_where = f"{where}.channels.{channel}"
            if not isinstance(sub, dict):
                raise fail(sub_where, "must be a table with warn, fail and/or margin")
            if "channels" in sub:
                raise fail(f"{sub_where}.channels", "unknown key; use warn, fail or margin")
            key = (metric, str(channel).strip().lower())
            levels = _metric_levels(metric, sub, base, sub_where, fail)
            out.channel[key] = levels
            if "margin" in sub:
                default = out.margin.get(metric, half(levels.warn))
                out.channel_margin[key] = _level(
                    metric, sub["margin"], default, f"{sub_where}.margin", fail
                )
    return out


def _metric_levels(
    metric: str, table: Mapping[str, Any], base: MetricThresholds, where: str, fail: Any
) -> MetricThresholds:
    for key in table:
        if key not in ("warn", "fail", "channels", "margin"):
            raise fail(f"{where}.{key}", "unknown key; use warn, fail, margin or channels")
    warn = _level(metric, table.get("warn"), base.warn, f"{where}.warn", fail)
    fail_level = _level(metric, table.get("fail"), base.fail, f"{where}.fail", fail)
    try:
        return MetricThresholds(warn, fail_level)
    except ValueError:
        if "fail" not in table:
            raise fail(
                f"{where}.warn", "is above the fail level it inherits; set fail too"
            ) from None
        raise fail(f"{where}.fail", "must not be below warn") from None


def _level(metric: str, value: object, default: Level, where: str, fail: Any) -> Level:
    if value is None:
        return default
    if metric in TIME_METRICS or metric in AMOUNT_METRICS:
        unit = "absolute_s" if metric in TIME_METRICS else "absolute"
        if not isinstance(value, dict) or set(value) - {"relative", unit}:
            raise fail(where, f"must be a table {{ relative = 0.25, {unit} = 60 }}")
        rel = value.get("relative", default.relative or 0.0)
        ab = value.get(unit, default.absolute)
        if not _non_negative(rel) or not _non_negative(ab):
            raise fail(where, f"relative and {unit} must be numbers ≥ 0")
        return Level(absolute=float(ab), relative=float(rel))
    if not _non_negative(value):
        unit = "score points" if metric in SCORE_METRICS else "a proportion, e.g. 0.05 for 5 points"
        raise fail(where, f"must be a number ≥ 0 ({unit})")
    assert isinstance(value, int | float)
    return Level(absolute=float(value))


def _non_negative(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value >= 0
    )


def _valid_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _line_of(text: str, dotted: str) -> int:
    """Best-effort line of a (dotted) key in the TOML text, for error messages."""
    parts = dotted.split(".")
    lines = text.splitlines()
    last = parts[-1]
    pattern = re.compile(rf"^\s*(\[+\s*)?[\"']?{re.escape(last)}[\"']?\s*(=|\]|\.)")
    section = re.compile(rf"^\s*\[+\s*{re.escape('.'.join(parts[:-1]))}")
    start = 0
    if len(parts) > 1:
        for i, line in enumerate(lines):
            if section.match(line):
                start = i
                break
    for i in range(start, len(lines)):
        if pattern.match(lines[i]) or re.search(rf"\b{re.escape(last)}\s*=", lines[i]):
            return i + 1
    return 1
