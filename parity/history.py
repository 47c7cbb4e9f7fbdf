"""The summary's history: each period's result, kept in the database.

One row per period kind and start (table `period_results`, created when the
store opens). A row holds what the summary needs of a period's report —
contacts per channel and every gap with its interval and verdict — as JSON,
with a fingerprint of the settings that shaped it. Saving the same period
again replaces its row, so re-running a summary stores nothing twice; a period
whose contacts are no longer in the database is still read from here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from parity.config import METRICS, Settings
from parity.gaps import Gap, GapFormatError, from_item
from parity.periods import Period

if TYPE_CHECKING:  # the store makes the table of kept weeks, which are period results
    from parity.store import Store

FORMAT_VERSION = 1  # bump when the stored result or the method behind it changes


@dataclass(frozen=True, slots=True)
class PeriodResult:
    period: Period
    measured_at: str  # as-of time of the figures (ISO 8601, UTC)
    reference: str
    contacts: dict[str, int]
    gaps: list[Gap]

    def to_json(self) -> str:
        doc = {
            "measured_at": self.measured_at,
            "reference": self.reference,
            "contacts": self.contacts,
            "gaps": [g.to_dict() for g in self.gaps],
        }
        return json.dumps(doc, sort_keys=True, allow_nan=False)

    @classmethod
    def from_json(cls, period: Period, text: str) -> PeriodResult:
        doc: Any = json.loads(text)
        contacts = doc["contacts"]
        if not isinstance(contacts, dict):
            raise GapFormatError("contacts: expected an object")
        return cls(
            period=period,
            measured_at=str(doc["measured_at"]),
            reference=str(doc["reference"]),
            contacts={str(k): int(v) for k, v in contacts.items()},
            gaps=[from_item(g) for g in doc["gaps"]],
        )


@dataclass(frozen=True, slots=True)
class Stored:
    result: PeriodResult
    fingerprint: str


def fingerprint(settings: Settings) -> str:
    """What a period's result depends on besides its contacts."""
    levels = {m: repr(settings.threshold(m)) for m in METRICS}
    per_channel = {f"{m}:{c}": repr(v) for (m, c), v in sorted(settings.channel_thresholds.items())}
    doc = {
        "format": FORMAT_VERSION,
        "reference": settings.reference,
        "alpha": settings.alpha,
        "min_contacts": settings.min_contacts,
        "timezone": settings.timezone,
        "follow_up_days": settings.follow_up_days,
        "thresholds": levels,
        "channel_thresholds": per_channel,
    }
    # added later: present only where they differ from the defaults, so that the
    # results stored with default settings keep the fingerprint they were stored with
    shaping, usual = _shaping(settings), _shaping(Settings())
    doc.update({k: v for k, v in shaping.items() if v != usual[k]})
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]


def _shaping(settings: Settings) -> dict[str, object]:
    """The settings besides those above that change a period's gaps: the clock, the
    channels' calendars where the clock is business time, the escalation window and the
    reply-coverage marks. (The smallest team shown changes a table, not a gap.)"""
    calendars = {}
    if settings.clock == "business":
        calendars = {
            channel: [
                cal.timezone,
                [list(map(list, day)) for day in cal.hours],
                sorted(d.isoformat() for d in cal.holidays),
                cal.country,
                cal.subdivision,
            ]
            for channel, cal in sorted(settings.calendars.items())
        }
    signals = settings.signals
    return {
        "clock": settings.clock,
        "calendars": calendars,
        "signals": [signals.window_days, list(signals.coverage_marks)],
    }


def load(store: Store, periods: Sequence[Period]) -> dict[Period, Stored]:
    """The stored rows of `periods` (all of one kind); unreadable rows are left out."""
    if not periods:
        return {}
    by_start = {p.start: p for p in periods}
    rows = store.con.execute(
        "SELECT period_start, settings, result FROM period_results "
        "WHERE period = $kind AND list_contains($starts, period_start)",
        {"kind": periods[0].kind, "starts": list(by_start)},
    ).fetchall()
    out: dict[Period, Stored] = {}
    for start, settings_fp, text in rows:
        period = by_start[start if isinstance(start, date) else date.fromisoformat(str(start))]
        result = readable(period, str(text))
        if result is not None:
            out[period] = Stored(result, str(settings_fp))
    return out


def readable(period: Period, text: str) -> PeriodResult | None:
    """A stored result of `period`; None where this version cannot read it (counts as absent)."""
    try:
        return PeriodResult.from_json(period, text)
    except (GapFormatError, KeyError, TypeError, ValueError):
        return None


def save(store: Store, results: Iterable[PeriodResult], settings_fp: str) -> int:
    """Insert or replace the rows of `results` in one transaction; returns how many."""
    rows = [
        (r.period.kind, r.period.start, r.period.end, settings_fp, r.to_json()) for r in results
    ]
    if not rows:
        return 0
    with store.transaction() as con:
        con.executemany(
            "INSERT INTO period_results (period, period_start, period_end, settings, result) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (period, period_start) DO UPDATE SET "
            "period_end = excluded.period_end, settings = excluded.settings, "
            "result = excluded.result",
            rows,
        )
    return len(rows)
