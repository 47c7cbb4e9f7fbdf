"""Calendar periods for `parity summary`: ISO weeks (Monday to Sunday) and calendar months.

Boundaries are local midnights in the configured time zone. A period is
complete once its end plus the follow-up has passed: only then are its
contacts measured, as of that moment (see docs/summary.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

PeriodKind = Literal["week", "month"]
KINDS: tuple[PeriodKind, ...] = ("week", "month")

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    start: date  # first day
    end: date  # first day after the period
    kind: PeriodKind

    @property
    def label(self) -> str:
        """'2026-W44' (ISO week) or '2026-10'."""
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def short(self) -> str:
        """'W44' or 'Oct 2026': a column header."""
        if self.kind == "week":
            return f"W{self.start.isocalendar()[1]:02d}"
        return f"{_MONTHS[self.start.month - 1]} {self.start.year}"

    @property
    def span(self) -> str:
        """The days covered: '26 Oct – 1 Nov 2026' or 'October 2026'."""
        if self.kind == "month":
            return f"{_MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        last = self.end - timedelta(days=1)
        first = f"{self.start.day} {_MONTHS[self.start.month - 1]}"
        if self.start.year != last.year:
            first += f" {self.start.year}"
        return f"{first} – {last.day} {_MONTHS[last.month - 1]} {last.year}"

    def previous(self) -> Period:
        return containing(self.kind, self.start - timedelta(days=1))

    def bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """[start, end) as instants: local midnights in `timezone`."""
        zone = ZoneInfo(timezone)
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end, time.min, tzinfo=zone),
        )

    def measured_at(self, timezone: str, follow_up_days: int) -> datetime:
        """The as-of time of the period's figures: its end plus the follow-up."""
        zone = ZoneInfo(timezone)
        return datetime.combine(self.end + timedelta(days=follow_up_days), time.min, tzinfo=zone)


def now() -> datetime:
    """The wall clock; the only place the summary reads it (tests freeze it here)."""
    return datetime.now(UTC)


def today(timezone: str) -> datetime:
    """The start of today in `timezone`: the summary's default as-of time."""
    zone = ZoneInfo(timezone)
    return datetime.combine(now().astimezone(zone).date(), time.min, tzinfo=zone)


def containing(kind: PeriodKind, day: date) -> Period:
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(start, start + timedelta(days=7), kind)
    start = day.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return Period(start, end, kind)


def last_complete(
    kind: PeriodKind, as_of: datetime, *, timezone: str, follow_up_days: int = 0
) -> Period:
    """The latest period whose end plus the follow-up is at or before `as_of`."""
    local = as_of.astimezone(ZoneInfo(timezone))
    return containing(kind, local.date() - timedelta(days=follow_up_days)).previous()


def window(current: Period, history: int) -> list[Period]:
    """`history` periods before `current`, then `current`: oldest first."""
    out = [current]
    for _ in range(history):
        out.append(out[-1].previous())
    return out[::-1]
