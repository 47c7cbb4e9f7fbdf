"""The weekly trend of a report's main gaps: which weeks, which gaps, and one machinery."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from parity import api, config, weekly
from parity import report_build as build
from parity import summary as summaries
from parity.importers import pipeline
from parity.periods import Period
from parity.ranking import most_material
from parity.store import Store
from tests.conftest import SAMPLE_DATA, write_csv

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)  # ISO week 2026-W10


def planted(folder: Path, social: list[float], *, n: int = 300, first_week: int = 0) -> Path:
    """A week per entry of `social` (from `first_week` weeks after MONDAY's): phone
    remedies 10 % of its contacts, social that share."""
    folder.mkdir(parents=True, exist_ok=True)
    header = ["contact_id", "channel", "created_at", "remedy"]
    rows: list[list[object]] = []
    for week, share in enumerate(social, start=first_week):
        for channel, rate in (("phone", 0.10), ("social", share)):
            for i in range(n):
                created = MONDAY + timedelta(weeks=week, minutes=30 * i)
                got = "yes" if i < round(rate * n) else "no"
                rows.append([f"{channel}-{week}-{i}", channel, created.isoformat(), got])
    return write_csv(folder / "contacts.csv", header, rows)


def week(start: date) -> Period:
    return Period(start, start + timedelta(days=7), "week")


def test_weeks_overlap_the_period_and_lie_whole_within_the_scope() -> None:
    start, end = datetime(2026, 3, 4, 10, tzinfo=UTC), datetime(2026, 3, 24, tzinfo=UTC)
    found = weekly.weeks_in(start, end, since=None, until=None, timezone="UTC")
    assert [w.label for w in found] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    since = datetime(2026, 3, 4, tzinfo=UTC)  # a Wednesday: W10 is not whole within the scope
    until = datetime(2026, 3, 23, tzinfo=UTC)  # a Monday: W12 is the last whole week
    cut = weekly.weeks_in(start, end, since=since, until=until, timezone="UTC")
    assert [w.label for w in cut] == ["2026-W11", "2026-W12"]
    local = weekly.weeks_in(
        datetime(2026, 3, 1, 23, 30, tzinfo=UTC), end, since=None, until=None, timezone="Asia/Tokyo"
    )
    assert local[0].label == "2026-W10"  # Sunday 23:30 UTC is Monday morning in Tokyo


def test_a_planted_widening_shows_week_by_week(tmp_path: Path) -> None:
    shares = [0.17, 0.30, 0.40, 0.50]
    report = api.report(
        api.Source(paths=[planted(tmp_path, shares)]), api.Scope(), config.Settings()
    )
    trend = report.weekly
    assert trend is not None
    assert [w.label for w in trend.weeks] == ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]
    assert all(w.contacts == {"phone": 300, "social": 300} for w in trend.weeks)
    [series] = trend.gaps
    assert (series.metric, series.channel, series.reference) == ("remedy_rate", "social", "phone")
    estimates = [p.estimate for p in series.points if p is not None]
    assert estimates == pytest.approx([s - 0.10 for s in shares], abs=1e-9)
    assert all(p is not None and p.flagged for p in series.points)
    assert [p.severity for p in series.points if p is not None] == ["warn", "fail", "fail", "fail"]
    assert trend.selection.startswith("the headline's gaps")
    assert trend.weeks[-1].partial  # the data ends before the week does: measured at its end
    assert not trend.weeks[0].partial


def test_each_week_is_the_summarys_period_report(tmp_path: Path) -> None:
    """One machinery: a week of the trend is what `summary.measure` gives that week."""
    path = planted(tmp_path, [0.2, 0.3, 0.4])
    settings = config.Settings()
    store = Store.memory(timezone="UTC")
    try:
        pipeline.import_files(store, [path])
        report = build.build_report(store, build.Scope(), settings)
        builder = build.period_builder(settings, reference=report.reference_channel)
        trend = weekly.compute(store, report, settings, builder)
        assert trend is not None
        for i, start in enumerate((date(2026, 3, 2), date(2026, 3, 9))):  # whole weeks
            result = summaries.measure(store, week(start), settings, builder)
            gap = next(g for g in result.gaps if g.key == ("remedy_rate", "social", "phone"))
            point = trend.gaps[0].points[i]
            assert point is not None
            assert (point.estimate, point.ci, point.severity) == (
                gap.estimate,
                gap.ci,
                gap.severity,
            )
            assert trend.weeks[i].measured_at == result.measured_at
    finally:
        store.close()


def test_weeks_measured_at_once_are_the_weeks_measured_one_by_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """From a database file, the weeks are measured at once on connections of their own
    (summary.measure_each). The trend is the one measured week by week on the report's
    connection, and a week without contacts gives its note in its place."""
    db = tmp_path / "store.duckdb"
    files = [
        planted(tmp_path / "a", [0.2, 0.3]),
        planted(tmp_path / "b", [0.4, 0.5, 0.45], first_week=3),  # W12 has no contacts
    ]
    with Store.open(db) as store:
        pipeline.import_files(store, files)
    settings = config.Settings()
    twins: list[Store] = []
    real_twin = Store.twin

    def counted(store: Store) -> Store:
        twins.append(real_twin(store))
        return twins[-1]

    def trend(at_once: int) -> weekly.WeeklyTrend | None:
        monkeypatch.setattr(summaries, "MOST_AT_ONCE", at_once)
        with Store.open(db, read_only=True) as store:
            report = build.build_report(store, build.Scope(), settings)
            builder = build.period_builder(settings, reference=report.reference_channel)
            return weekly.compute(store, report, settings, builder)

    monkeypatch.setattr(summaries, "cores", lambda: 8)
    monkeypatch.setattr(Store, "twin", counted)
    one_by_one = trend(1)
    assert twins == []
    at_once = trend(3)
    assert len(twins) == 3
    assert at_once is not None
    assert at_once == one_by_one
    assert [w.label for w in at_once.weeks] == [f"2026-W{n}" for n in range(10, 16)]
    assert at_once.weeks[2].contacts == {}
    assert at_once.notes == ["2026-W12: not measured (no contacts that week)"]
    assert [p is None for p in at_once.gaps[0].points] == [False, False, True, False, False, False]
    for twin in twins:  # closed once the weeks are measured
        with pytest.raises(duckdb.ConnectionException):
            twin.con.execute("SELECT 1")


def test_too_few_weeks_make_no_trend(tmp_path: Path) -> None:
    report = api.report(
        api.Source(paths=[planted(tmp_path, [0.2, 0.3])]), api.Scope(), config.Settings()
    )
    assert report.weekly is None
    assert report.to_dict()["weekly"] is None


@pytest.fixture(scope="module")
def sample_trend() -> api.Report:
    return api.report(api.Source(paths=[SAMPLE_DATA]), api.Scope(), config.Settings())


def test_the_main_gaps_are_the_headlines(sample_trend: api.Report) -> None:
    trend = sample_trend.weekly
    assert trend is not None
    assert len(trend.weeks) == 13
    headline = most_material(sample_trend.comparisons)
    assert [(g.metric, g.channel) for g in trend.gaps] == [(c.metric, c.channel) for c in headline]
    for series in trend.gaps:
        assert len(series.points) == len(trend.weeks)


def test_the_weeks_come_from_the_store_not_from_the_files(monkeypatch, tmp_path: Path) -> None:
    calls: list[int] = []
    real = api.import_files

    def counting(*args: object, **kwargs: object) -> list[pipeline.FileResult]:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "import_files", counting)
    report = api.report(
        api.Source(paths=[planted(tmp_path, [0.2, 0.3, 0.4])]), api.Scope(), config.Settings()
    )
    assert report.weekly is not None
    assert calls == [1]


def test_no_flagged_gap_follows_the_largest(tmp_path: Path) -> None:
    report = api.report(
        api.Source(paths=[planted(tmp_path, [0.1, 0.11, 0.1])]), api.Scope(), config.Settings()
    )
    assert report.weekly is not None
    assert report.weekly.selection.startswith("no gap is flagged")
    assert [g.metric for g in report.weekly.gaps] == ["remedy_rate"]
    assert not any(p is not None and p.flagged for p in report.weekly.gaps[0].points)


def test_an_engine_failure_in_one_week_ends_the_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A period that fails for another reason than the user's (DuckDB out of memory) is
    not a note: the run ends with its error, and the connections of the weeks close."""
    db = tmp_path / "store.duckdb"
    with Store.open(db) as store:
        pipeline.import_files(store, [planted(tmp_path, [0.2, 0.3, 0.4, 0.5])])
    settings = config.Settings()
    failing = week(date(2026, 3, 16))
    twins: list[Store] = []
    real_twin = Store.twin

    def counted(store: Store) -> Store:
        twins.append(real_twin(store))
        return twins[-1]

    def builder(store: Store, since: datetime, until: datetime, at: datetime) -> api.Report:
        if since == failing.bounds("UTC")[0]:
            raise duckdb.OutOfMemoryException("planted")
        return build.build_report(store, build.Scope(since=since, until=until, as_of=at), settings)

    monkeypatch.setattr(summaries, "cores", lambda: 2)
    monkeypatch.setattr(Store, "twin", counted)
    weeks = [week(date(2026, 3, 2) + timedelta(weeks=i)) for i in range(4)]
    with Store.open(db, read_only=True) as store:
        with pytest.raises(duckdb.OutOfMemoryException, match="planted"):
            summaries.measure_each(store, weeks, settings, builder)
        assert len(twins) == 2
        for twin in twins:
            with pytest.raises(duckdb.ConnectionException):
                twin.con.execute("SELECT 1")
        assert store.con.execute("SELECT count(*) FROM contacts").fetchone() == (2400,)
