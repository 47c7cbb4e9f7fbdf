"""Fair clocks: business hours per channel, and the one engine that measures time on them.

A phone line that closes at 20:00 cannot answer at 03:00; a social desk open round
the clock can. Comparing their response times in calendar time blames the phone
line for the night. A *calendar* says when a channel is open: opening hours per
weekday in its own time zone, minus holidays (a list of dates, and/or a
country's public holidays from the `holidays` package). *Business time* between
two instants is the number of seconds the channel was open between them.

The engine is a few tables and one SQL macro, the same for every channel and
every source. `install_clock` writes `clock_days`: one row per channel and UTC
day (day number = epoch seconds // 86 400) with `cum`, the open seconds from the
first day of the table to the start of that day, and `spans`, that day's open
intervals as (start epoch second, length). Opening hours are converted to UTC
day by day with `zoneinfo`, so a daylight-saving change moves the UTC opening
time and a 24-hour day has 23 or 25 hours. From it, the clock is laid out in
slots (queries/clock_grid.sql): per calendar, slots of the longest length that
divides a day and every opening and closing time (`slot_seconds`), so each is
open or closed throughout, and `clock_grid` holds, for every slot, the open
seconds before it. `clock_channels` gives each channel its calendar's slots.
The macro `clock_at(grid, clock, e)` (queries/clock_at.sql) turns an instant
into a position on the channel's clock with one lookup of its slot; the
difference of two positions is the business time between them.

Calendar time is the same engine with every channel open all the time, so both
clocks go through exactly the same SQL.
"""

from __future__ import annotations

import itertools
import math
import re
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb

from parity import sql
from parity.errors import CLOCK_TOO_FINE, ConfigError

Clock = Literal["calendar", "business"]
CLOCKS: tuple[Clock, ...] = ("calendar", "business")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SECONDS = 86_400
DEFAULT_CALENDAR = "default"  # [calendars.default] applies to channels without their own
# clock_grid's slots at most: 2^23 doubles, 64 MiB: minute slots for 5,825 days of a calendar
MAX_SLOTS = 1 << 23

Span = tuple[int, int]  # minutes after local midnight: [start, end), end ≤ 1440
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


@dataclass(frozen=True, slots=True)
class Calendar:
    """When a channel is open: `hours[weekday]` (Monday = 0) in `timezone`, except holidays."""

    timezone: str = "UTC"
    hours: tuple[tuple[Span, ...], ...] = (((0, 1440),),) * 7
    holidays: frozenset[date] = frozenset()
    country: str | None = None
    subdivision: str | None = None

    @property
    def always_open(self) -> bool:
        full = ((0, 1440),)
        return all(day == full for day in self.hours) and not self.holidays and not self.country

    def describe(self) -> str:
        """A short human description, e.g. "Europe/London; mon 08:00-20:00, …; GB holidays"."""
        if self.always_open:
            return "always open"
        days = ", ".join(
            f"{name} {_spans_text(spans)}" for name, spans in zip(WEEKDAYS, self.hours, strict=True)
        )
        extra = []
        if self.country:
            extra.append(
                f"{self.country}{'-' + self.subdivision if self.subdivision else ''} holidays"
            )
        if self.holidays:
            extra.append(f"{len(self.holidays)} listed holidays")
        return "; ".join([self.timezone, days, *extra])

    def closed_dates(self, first: date, last: date) -> frozenset[date]:
        """The holidays between `first` and `last`: the listed ones and the country's."""
        closed = {d for d in self.holidays if first <= d <= last}
        if self.country:
            years = range(first.year, last.year + 1)
            import holidays  # loaded only when a calendar names a country

            found = holidays.country_holidays(self.country, subdiv=self.subdivision, years=years)
            closed.update(d for d in found if first <= d <= last)
        return frozenset(closed)


ALWAYS = Calendar()


def _spans_text(spans: tuple[Span, ...]) -> str:
    if not spans:
        return "closed"
    return ",".join(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}" for a, b in spans)


def parse_hours(text: str) -> tuple[Span, ...]:
    """ "08:00-12:00, 13:00-17:30" → spans; "closed" → none; "24h" → the whole day."""
    value = text.strip().lower()
    if value == "closed":
        return ()
    if value in ("24h", "00:00-24:00"):
        return ((0, 1440),)
    spans: list[Span] = []
    for part in value.split(","):
        m = _SPAN.match(part.strip())
        if not m:
            raise ValueError(f"'{part.strip()}' is not HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if m1 > 59 or m2 > 59 or not 0 <= start < end <= 1440:
            raise ValueError(f"'{part.strip()}' is not a time range within one day")
        spans.append((start, end))
    spans.sort()
    if any(a[1] > b[0] for a, b in itertools.pairwise(spans)):
        raise ValueError(f"'{text}' has overlapping ranges")
    return tuple(spans)


def parse_calendars(raw: object, fail: Any) -> dict[str, Calendar]:
    """The `[calendars.<channel>]` tables of the config (see docs/configuration.md)."""
    if not isinstance(raw, dict):
        raise fail("calendars", "must be a table of channels")
    out: dict[str, Calendar] = {}
    for channel, table in raw.items():
        where = f"calendars.{channel}"
        if not isinstance(table, dict):
            raise fail(where, "must be a table with timezone, hours, holidays, country")
        out[str(channel).strip().lower()] = _calendar(table, where, fail)
    return out


def _calendar(table: Mapping[str, Any], where: str, fail: Any) -> Calendar:
    known = {"timezone", "hours", "holidays", "country", "subdivision"}
    for key in table:
        if key not in known:
            raise fail(f"{where}.{key}", f"unknown key; use {', '.join(sorted(known))}")
    tz = table.get("timezone", "UTC")
    try:
        ZoneInfo(tz if isinstance(tz, str) else "")
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(
            f"{where}.timezone", "must be an IANA time zone such as 'Europe/London'"
        ) from None
    hours_raw = table.get("hours")
    hours = ALWAYS.hours
    if hours_raw is not None:
        if not isinstance(hours_raw, dict):
            raise fail(f"{where}.hours", 'must be a table such as { mon = "08:00-20:00" }')
        per_day: list[tuple[Span, ...]] = []
        for name in WEEKDAYS:
            value = hours_raw.get(name, "closed")
            try:
                per_day.append(parse_hours(value if isinstance(value, str) else "?"))
            except ValueError as exc:
                raise fail(f"{where}.hours.{name}", f'{exc}; e.g. "08:00-20:00"') from None
        unknown = set(hours_raw) - set(WEEKDAYS)
        if unknown:
            raise fail(f"{where}.hours.{sorted(unknown)[0]}", f"use {', '.join(WEEKDAYS)}")
        hours = tuple(per_day)
    dates = table.get("holidays", [])
    if not isinstance(dates, list):
        raise fail(f"{where}.holidays", 'must be a list of dates, e.g. ["2026-12-25"]')
    closed: set[date] = set()
    for item in dates:
        try:
            closed.add(item if isinstance(item, date) else date.fromisoformat(str(item)))
        except ValueError:
            raise fail(f"{where}.holidays", f"'{item}' is not a date (YYYY-MM-DD)") from None
    country, subdivision = table.get("country"), table.get("subdivision")
    if country is not None:
        try:
            import holidays  # loaded only when a calendar names a country

            holidays.country_holidays(str(country), subdiv=subdivision, years=2026)
        except NotImplementedError as exc:
            raise fail(f"{where}.country", f"{exc}") from None
    elif subdivision is not None:
        raise fail(f"{where}.subdivision", "needs a country")
    return Calendar(
        timezone=str(tz),
        hours=hours,
        holidays=frozenset(closed),
        country=None if country is None else str(country),
        subdivision=None if subdivision is None else str(subdivision),
    )


def calendar_for(channel: str, calendars: Mapping[str, Calendar]) -> Calendar:
    return calendars.get(channel) or calendars.get(DEFAULT_CALENDAR) or ALWAYS


def open_intervals(calendar: Calendar, first: date, last: date) -> list[tuple[float, float]]:
    """The channel's open intervals [start, end) in epoch seconds, for local dates first…last."""
    zone = ZoneInfo(calendar.timezone)
    closed = calendar.closed_dates(first, last)
    out: list[tuple[float, float]] = []
    day = first
    while day <= last:
        if day not in closed:
            for start, end in calendar.hours[day.weekday()]:
                out.append((_epoch(day, start, zone), _epoch(day, end, zone)))
        day += timedelta(days=1)
    return out


def _epoch(day: date, minutes: int, zone: ZoneInfo) -> float:
    moment = datetime.combine(day + timedelta(days=minutes // 1440), time.min, tzinfo=zone)
    moment = moment.replace(hour=(minutes % 1440) // 60, minute=minutes % 60)
    return moment.astimezone(UTC).timestamp()


@dataclass(frozen=True, slots=True)
class ClockDays:
    """The rows of `clock_days` for one channel, day numbers first_day … first_day + n − 1."""

    first_day: int
    cum: list[float] = field(default_factory=list)
    spans: list[list[dict[str, float]]] = field(default_factory=list)


def clock_days(calendar: Calendar, first_day: int, last_day: int) -> ClockDays:
    """Open seconds per UTC day and the running total before each day (one loop per day)."""
    days = ClockDays(first_day)
    local_first = date.fromordinal(date(1970, 1, 1).toordinal() + first_day - 1)
    local_last = date.fromordinal(date(1970, 1, 1).toordinal() + last_day + 1)
    intervals = iter(open_intervals(calendar, local_first, local_last))
    pending = next(intervals, None)
    total = 0.0
    for day in range(first_day, last_day + 1):
        lo, hi = float(day * DAY_SECONDS), float((day + 1) * DAY_SECONDS)
        today: list[dict[str, float]] = []
        while pending is not None and pending[0] < hi:
            start, end = max(pending[0], lo), min(pending[1], hi)
            if end > start:
                today.append({"s": start, "l": end - start})
            if pending[1] > hi:
                break
            pending = next(intervals, None)
        days.cum.append(total)
        days.spans.append(today)
        total += sum(span["l"] for span in today)
    return days


def slot_seconds(days: ClockDays) -> int:
    """The longest slot that divides a day and every edge of the calendar's open spans in
    `days`, in seconds: 1800 for opening hours on the hour and half hour in a zone a
    whole number of hours from UTC, 60 at the least for hours in whole minutes."""
    slot = DAY_SECONDS
    for spans in days.spans:
        for span in spans:
            for edge in (span["s"], span["s"] + span["l"]):
                if not float(edge).is_integer():  # zoneinfo's offsets are whole seconds
                    raise ValueError(f"an opening time at {edge} is not a whole epoch second")
                slot = math.gcd(slot, int(edge))
    return slot


def install_clock(
    con: duckdb.DuckDBPyConnection,
    *,
    clock: Clock,
    calendars: Mapping[str, Calendar],
    channels: Iterable[str],
    first: datetime,
    last: datetime,
) -> dict[str, Calendar]:
    """Create the clock (`clock_days`, `clock_channels`, `clock_grid`) and the `clock_at`
    macro; return the calendar used per channel.

    With the calendar clock every channel is always open, so positions are plain
    seconds and differences are calendar durations.
    """
    wanted, first_day, last_day = _wanted(clock, calendars, channels, first, last)
    asked = (tuple(wanted.items()), first_day, last_day)
    if _CLOCKS.get(con) == asked:
        return wanted  # installed already: a report per week installs the same clock 14 times
    by_calendar, segments = _layout(wanted, first_day, last_day)
    rows: dict[str, list[Any]] = {"channel": [], "day": [], "cum": [], "spans": []}
    for channel, cal in wanted.items():
        days = by_calendar[cal]
        count = len(days.cum)
        rows["channel"] += [channel] * count
        rows["day"] += list(range(first_day, first_day + count))
        rows["cum"] += days.cum
        rows["spans"] += days.spans
    # bound as lists, not registered as an Arrow table: registering makes DuckDB import
    # pandas, a quarter of a second of every report
    con.execute(
        "CREATE OR REPLACE TEMP TABLE clock_days AS SELECT unnest($channel::VARCHAR[]) AS channel, "
        "unnest($day::BIGINT[]) AS day, unnest($cum::DOUBLE[]) AS cum, "
        "unnest($spans::STRUCT(s DOUBLE, l DOUBLE)[][]) AS spans",
        rows,
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE clock_channels AS SELECT "
        "unnest($channel::VARCHAR[]) AS channel, "
        "unnest($clock::STRUCT(q BIGINT, lo BIGINT, hi BIGINT, off BIGINT)[]) AS clock",
        {"channel": list(wanted), "clock": [segments[cal] for cal in wanted.values()]},
    )
    con.execute(sql.get("clock_grid").sql)
    sql.install_macro(con, "clock_at")
    _CLOCKS[con] = asked
    return wanted


# the clock install_clock made last, per connection: its calendars per channel and days (made
# where no transaction is open, like sql.temp_table's tables: one rolled back would take them)
_CLOCKS: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple[object, ...]] = (
    weakref.WeakKeyDictionary()
)


def check_clock(
    *,
    clock: Clock,
    calendars: Mapping[str, Calendar],
    channels: Iterable[str],
    first: datetime,
    last: datetime,
) -> None:
    """Raise the ConfigError `install_clock` would raise for this clock, creating nothing:
    an import asks before it commits, so that a clock its reports cannot use refuses the
    import instead of failing after the rows are in."""
    _layout(*_wanted(clock, calendars, channels, first, last))


def _wanted(
    clock: Clock,
    calendars: Mapping[str, Calendar],
    channels: Iterable[str],
    first: datetime,
    last: datetime,
) -> tuple[dict[str, Calendar], int, int]:
    """The calendar per channel, and the UTC days the clock covers (a day either side)."""
    first_day = int(first.timestamp() // DAY_SECONDS) - 1
    last_day = int(last.timestamp() // DAY_SECONDS) + 1
    wanted = {
        channel: calendar_for(channel, calendars) if clock == "business" else ALWAYS
        for channel in sorted(set(channels))
    }
    return wanted, first_day, last_day


def _layout(
    wanted: Mapping[str, Calendar], first_day: int, last_day: int
) -> tuple[dict[Calendar, ClockDays], dict[Calendar, dict[str, int]]]:
    """Each calendar's days, and its segment of slots in clock_grid; refused (ConfigError)
    when the slots are more than MAX_SLOTS."""
    by_calendar: dict[Calendar, ClockDays] = {}
    segments: dict[Calendar, dict[str, int]] = {}
    slots = 0
    for cal in wanted.values():
        if cal not in by_calendar:
            days = by_calendar[cal] = clock_days(cal, first_day, last_day)
            q = slot_seconds(days)
            lo, hi = first_day * (DAY_SECONDS // q), (last_day + 1) * (DAY_SECONDS // q) - 1
            segments[cal] = {"q": q, "lo": lo, "hi": hi, "off": slots + 1 - lo}
            slots += hi - lo + 1
    if slots > MAX_SLOTS:
        finest = min(segment["q"] for segment in segments.values())
        raise ConfigError(
            CLOCK_TOO_FINE.format(
                slots=slots, limit=MAX_SLOTS, seconds=finest, days=last_day - first_day + 1
            )
        )
    return by_calendar, segments


def clock_seconds(
    con: duckdb.DuckDBPyConnection, channel: str, start: datetime, end: datetime
) -> float | None:
    """Seconds between two instants on `channel`'s installed clock (see `install_clock`)."""
    query = sql.get("clock_seconds")
    row = con.execute(
        query.sql, sql.bind(query, {"channel": channel, "start": start, "end": end})
    ).fetchone()
    return None if row is None or row[0] is None else float(row[0])
