"""Fair clocks: business time across weekends, holidays and daylight-saving changes.

Every value below is counted by hand from the calendar. Europe/London is on GMT
(UTC+0) until 2026-03-29 01:00 UTC and on BST (UTC+1) from then until
2026-10-25 01:00 UTC. Good Friday is 2026-04-03 and Easter Monday 2026-04-06 in
England.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import pytest

from parity import config, metrics
from parity.calendar import (
    ALWAYS,
    WEEKDAYS,
    Calendar,
    Clock,
    calendar_for,
    clock_seconds,
    install_clock,
    open_intervals,
    parse_hours,
)
from parity.errors import ConfigError
from parity.importers.pipeline import import_files
from parity.store import Store
from tests.conftest import run_cli, write_csv

LONDON = ZoneInfo("Europe/London")
OFFICE = dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "09:00-17:00")


def london(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def calendar(**table: Any) -> Calendar:
    settings = config.parse({"calendars": {"phone": table}}, path=Path("parity.toml"))
    return settings.calendars["phone"]


def clock(
    calendars: dict[str, Calendar],
    first: datetime,
    last: datetime,
    *,
    channels: tuple[str, ...] = ("phone",),
    kind: Clock = "business",
) -> duckdb.DuckDBPyConnection:
    """A connection with the clock of these calendars over first … last installed."""
    con = duckdb.connect()
    install_clock(con, clock=kind, calendars=calendars, channels=channels, first=first, last=last)
    return con


def business(cal: Calendar, start: datetime, end: datetime) -> float | None:
    return clock_seconds(clock({"phone": cal}, start, end), "phone", start, end)


OFFICE_LONDON = {"timezone": "Europe/London", "hours": OFFICE}


def first_responses(tmp_path: Path, rows: list[list[str]]) -> Store:
    """A store of these contacts: contact_id, channel, created_at, first_response_at."""
    header = ["contact_id", "channel", "created_at", "first_response_at"]
    store = Store.memory()
    import_files(store, [write_csv(tmp_path / "c.csv", header, rows)])
    return store


def test_a_weekend_is_closed() -> None:
    # Fri 16:00–17:00 and Mon 09:00–10:00
    got = business(
        calendar(**OFFICE_LONDON), london("2026-01-09 16:00"), london("2026-01-12 10:00")
    )
    assert got == 7200.0


def test_nights_are_closed_and_open_hours_count_in_full() -> None:
    # Tue 12:00–17:00, Wed 09:00–17:00, Thu 09:00–11:30
    cal = calendar(**OFFICE_LONDON)
    got = business(cal, london("2026-01-13 12:00"), london("2026-01-15 11:30"))
    assert got == 5 * 3600 + 8 * 3600 + 2.5 * 3600


def test_both_instants_outside_hours_within_one_closure_is_zero() -> None:
    cal = calendar(**OFFICE_LONDON)
    assert business(cal, london("2026-01-10 08:00"), london("2026-01-11 23:00")) == 0.0


def test_a_listed_holiday_is_closed() -> None:
    # Mon 2026-01-12 closed: Fri 16:00–17:00 and Tue 09:00–10:00
    cal = calendar(**OFFICE_LONDON, holidays=["2026-01-12"])
    assert business(cal, london("2026-01-09 16:00"), london("2026-01-13 10:00")) == 7200.0


def test_country_holidays_come_from_the_holidays_package() -> None:
    # Thu 2026-04-02 16:00 → Tue 2026-04-07 10:00: Good Friday and Easter Monday closed
    cal = calendar(**OFFICE_LONDON, country="GB", subdivision="ENG")
    assert business(cal, london("2026-04-02 16:00"), london("2026-04-07 10:00")) == 7200.0
    assert "GB-ENG holidays" in cal.describe()


def test_spring_daylight_saving_change_moves_the_utc_opening_time() -> None:
    # Fri 16:00 GMT (16:00 UTC) → Mon 10:00 BST (09:00 UTC): 1 h + 1 h. A clock
    # that kept Friday's UTC offset would open Monday at 10:00 BST and count 1 h.
    cal = calendar(**OFFICE_LONDON)
    assert business(cal, london("2026-03-27 16:00"), london("2026-03-30 10:00")) == 7200.0


def test_autumn_daylight_saving_change() -> None:
    # Fri 16:00 BST (15:00 UTC) → Mon 10:00 GMT (10:00 UTC): 1 h + 1 h
    cal = calendar(**OFFICE_LONDON)
    assert business(cal, london("2026-10-23 16:00"), london("2026-10-26 10:00")) == 7200.0


@pytest.mark.parametrize(
    ("sunday", "hours"), [("2026-03-29", 23), ("2026-10-25", 25), ("2026-01-11", 24)]
)
def test_a_whole_local_day_lasts_23_or_25_hours_on_a_change(sunday: str, hours: int) -> None:
    cal = calendar(timezone="Europe/London", hours={"sun": "24h"})
    saturday = london(f"{sunday} 00:00").replace(day=int(sunday[-2:]) - 1, hour=12)
    monday = london(f"{sunday} 00:00").replace(day=int(sunday[-2:]) + 1, hour=12)
    assert business(cal, saturday, monday) == hours * 3600.0


def test_always_open_is_calendar_time_whatever_the_zone() -> None:
    start, end = london("2026-03-27 16:00"), london("2026-03-30 10:00")
    elapsed = end.timestamp() - start.timestamp()
    assert business(ALWAYS, start, end) == elapsed
    assert business(calendar(timezone="Asia/Kolkata"), start, end) == elapsed


def test_calendar_clock_ignores_the_calendars() -> None:
    start, end = london("2026-01-09 16:00"), london("2026-01-12 10:00")
    con = clock({"phone": calendar(**OFFICE_LONDON)}, start, end, kind="calendar")
    assert clock_seconds(con, "phone", start, end) == 66 * 3600.0


def _hours(rng: random.Random) -> dict[str, str]:
    """Up to three opening spans per weekday, on any minute."""
    table = {}
    for day in WEEKDAYS:
        edges = sorted(rng.sample(range(1441), 2 * rng.randint(0, 3)))
        spans = [
            f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}"
            for a, b in zip(edges[::2], edges[1::2], strict=True)
            if a < b
        ]
        table[day] = ",".join(spans) or "closed"
    return table


@pytest.mark.parametrize("seed", range(6))
def test_business_time_is_the_open_seconds_between_two_instants(seed: int) -> None:
    """Random calendars on any minute, in zones 30 and 45 minutes off the hour and across
    both daylight-saving changes, several channels on one clock (two share a calendar):
    the seconds between random instants, and instants on the very edges of opening hours,
    against the overlap with the open intervals summed in Python."""
    rng = random.Random(seed)
    zones = ["Europe/London", "Asia/Kathmandu", "Australia/Adelaide", "America/St_Johns"]
    first = datetime(2026, 3, 1, tzinfo=UTC)
    last = datetime(2026, 11, 15, tzinfo=UTC)
    cals = {
        "phone": calendar(timezone=rng.choice(zones), hours=_hours(rng), holidays=["2026-04-03"]),
        "default": calendar(timezone=rng.choice(zones), hours=_hours(rng)),
    }
    channels = ["phone", "email", "chat"]  # email and chat on the default calendar
    con = clock(cals, first, last, channels=tuple(channels))
    used = {c: calendar_for(c, cals) for c in channels}
    lo, hi = first.timestamp(), last.timestamp()
    for channel in channels:
        intervals = open_intervals(used[channel], date(2026, 2, 27), date(2026, 11, 17))
        edges = [t for interval in intervals for t in interval if lo <= t <= hi]
        for _ in range(60):
            a = rng.choice(edges) if rng.random() < 0.3 else rng.uniform(lo, hi)
            b = rng.choice(edges) if rng.random() < 0.3 else rng.uniform(lo, hi)
            a, b = sorted((a, b))
            expected = sum(max(0.0, min(b, end) - max(a, start)) for start, end in intervals)
            start, end = datetime.fromtimestamp(a, UTC), datetime.fromtimestamp(b, UTC)
            got = clock_seconds(con, channel, start, end)
            assert got == pytest.approx(expected, abs=1e-6), (channel, start, end)


def test_an_instant_outside_the_clock_has_no_position() -> None:
    start, end = london("2026-01-09 16:00"), london("2026-01-12 10:00")
    con = clock({"phone": calendar(**OFFICE_LONDON)}, start, end, channels=("phone", "email"))
    assert clock_seconds(con, "phone", start, end) == 7200.0
    assert clock_seconds(con, "email", start, end) == 66 * 3600.0  # always open
    # the clock covers the days of the store, a day either side, and no more: an
    # instant outside them is not placed on another channel's days
    assert clock_seconds(con, "phone", start, london("2026-02-12 10:00")) is None
    assert clock_seconds(con, "email", london("2025-12-09 16:00"), end) is None


def test_a_clock_too_fine_for_too_long_is_refused() -> None:
    """Opening hours on odd minutes need minute slots: over 16 years (5,844 days, and a
    day either side), 5,847 × 1,440 slots, more than the clock holds. One line, naming
    the fix."""
    first, last = datetime(2010, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    cal = calendar(timezone="Europe/London", hours={"mon": "08:01-17:00"})
    with pytest.raises(ConfigError) as raised:
        clock({"phone": cal}, first, last)
    assert str(raised.value) == (
        "business clock: opening times on 60-second steps over 5,847 days since the first "
        "contact need 8,419,680 slots, more than 8,388,608; put opening hours on the quarter "
        "hour, or check for contacts dated long before the rest"
    )
    # the same hours on the quarter hour need 15-minute slots: 5,847 × 96
    cal = calendar(timezone="Europe/London", hours={"mon": "08:15-17:00"})
    con = clock({"phone": cal}, first, last)
    week = london("2025-01-06 00:00"), london("2025-01-13 00:00")
    assert clock_seconds(con, "phone", *week) == 8.75 * 3600


def test_an_import_on_a_clock_too_fine_is_refused_before_it_writes(tmp_path: Path) -> None:
    """An import keeps its reports' aggregates on the configured clock. Refused there,
    after its transaction, the rows were in and the import failed: exit 2 with the
    file imported. Now the clock is asked before the commit: one line, exit 2, the
    store as it was, and the same file imports once the hours are fixed."""
    csv = write_csv(
        tmp_path / "phone.csv",
        ["contact_id", "channel", "created_at", "first_response_at"],
        [
            ["p1", "phone", "2010-01-04T09:00:00Z", "2010-01-04T09:30:00Z"],
            ["p2", "phone", "2026-01-05T09:00:00Z", "2026-01-05T10:00:00Z"],
        ],
    )
    db = tmp_path / "store.duckdb"
    toml = '[calendars.phone]\ntimezone = "Europe/London"\nhours = {{ mon = "{hours}" }}\n'
    config_file = tmp_path / "parity.toml"
    config_file.write_text('clock = "business"\n' + toml.format(hours="08:01-17:00"))
    run = run_cli(["import", "--db", str(db), "--config", str(config_file), str(csv)])
    assert run.exit_code == 2
    assert run.stderr.strip().splitlines() == [
        "parity: error: business clock: opening times on 60-second steps over 5,848 days since "
        "the first contact need 8,421,120 slots, more than 8,388,608; put opening hours on the "
        "quarter hour, or check for contacts dated long before the rest"
    ]
    with Store.open(db, read_only=True) as store:
        assert store.info().contacts == 0
        assert store.con.execute("SELECT count(*) FROM imports").fetchone() == (0,)
    config_file.write_text('clock = "business"\n' + toml.format(hours="08:15-17:00"))
    run = run_cli(["import", "--db", str(db), "--config", str(config_file), str(csv)])
    assert run.exit_code == 0, run.stderr
    with Store.open(db, read_only=True) as store:
        assert store.info().contacts == 2


def test_opening_hours_syntax() -> None:
    assert parse_hours("08:00-12:00, 13:00-17:30") == ((480, 720), (780, 1050))
    assert parse_hours("closed") == ()
    assert parse_hours("24h") == ((0, 1440),)
    for bad in ("8-12", "12:00-08:00", "08:00-12:00,11:00-13:00", "25:00-26:00"):
        with pytest.raises(ValueError, match=r"HH:MM|within one day|overlapping"):
            parse_hours(bad)


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"timezone": "Mars/Olympus"}, "calendars.phone.timezone"),
        ({"hours": {"mon": "9 to 5"}}, "calendars.phone.hours.mon"),
        ({"hours": {"monday": "09:00-17:00"}}, "calendars.phone.hours.monday"),
        ({"holidays": ["Christmas"]}, "calendars.phone.holidays"),
        ({"country": "XX"}, "calendars.phone.country"),
        ({"subdivision": "ENG"}, "calendars.phone.subdivision"),
        ({"opening": "09:00"}, "calendars.phone.opening"),
    ],
)
def test_a_bad_calendar_names_its_key(table: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        config.parse({"calendars": {"phone": table}}, path=Path("parity.toml"))


def test_business_clock_in_the_report_metrics(tmp_path: Path) -> None:
    """Phone (office hours) vs social (no calendar: always open), first responses.

    phone p1: Fri 16:00 → Mon 10:00 = 2 h business (66 h calendar)
    phone p2: Mon 09:00 → Mon 09:30 = 30 min either way
    phone p3: Tue 16:30 → Wed 09:30 = 1 h business (17 h calendar)
    → business median 1 h, calendar median 17 h. Social is the same on both clocks.
    """
    rows = [
        ["p1", "phone", "2026-01-09T16:00:00Z", "2026-01-12T10:00:00Z"],
        ["p2", "phone", "2026-01-12T09:00:00Z", "2026-01-12T09:30:00Z"],
        ["p3", "phone", "2026-01-13T16:30:00Z", "2026-01-14T09:30:00Z"],
        ["s1", "social", "2026-01-10T02:00:00Z", "2026-01-10T03:00:00Z"],
    ]
    store = first_responses(tmp_path, rows)
    cal = calendar(**OFFICE_LONDON)
    medians = {}
    for clock in ("calendar", "business"):
        result = metrics.compute(store.con, clock=clock, calendars={"phone": cal})  # type: ignore[arg-type]
        medians[clock] = {c: v["first_response_time_median_s"] for c, v in result.channels.items()}
        assert result.calendars["social"] == ALWAYS
    assert medians["calendar"] == {"phone": 17 * 3600.0, "social": 3600.0}
    assert medians["business"] == {"phone": 3600.0, "social": 3600.0}


def test_a_wait_unanswered_at_the_as_of_time_is_censored_at_its_business_time(
    tmp_path: Path,
) -> None:
    """The as-of time, Monday 12 January 2026 15:00 (GMT = UTC), falls in opening hours.

    phone p1: Mon 09:00 → unanswered at 15:00 = 6 h business, censored
    phone p2: Fri 16:00 → Mon 10:00 = 2 h business, answered
    social s1 (always open): Mon 10:00 → unanswered at 15:00 = 5 h, censored
    The as-of time is placed on each channel's own clock, within its day.
    """
    rows = [
        ["p1", "phone", "2026-01-12T09:00:00Z", ""],
        ["p2", "phone", "2026-01-09T16:00:00Z", "2026-01-12T10:00:00Z"],
        ["s1", "social", "2026-01-12T10:00:00Z", ""],
    ]
    store = first_responses(tmp_path, rows)
    as_of = datetime.fromisoformat("2026-01-12T15:00:00+00:00")
    metrics.compute(
        store.con, as_of=as_of, clock="business", calendars={"phone": calendar(**OFFICE_LONDON)}
    )
    table = store.con.execute(
        "SELECT channel, t, events, censored FROM survival_table "
        "WHERE metric = 'first_response_time' ORDER BY channel, t"
    ).fetchall()
    assert table == [
        ("phone", 2 * 3600.0, 1, 0),
        ("phone", 6 * 3600.0, 0, 1),
        ("social", 5 * 3600.0, 0, 1),
    ]
