"""Waiting curves: Kaplan–Meier from the aggregates, downsampled without losing the shape."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parity import api, config, curves
from parity.stats import TimeTable
from tests.conftest import SAMPLE_DATA


def km_by_hand(durations: list[float], observed: list[bool]) -> list[tuple[float, float]]:
    """Product-limit estimate the slow way: (event time, survival just after it)."""
    out: list[tuple[float, float]] = []
    survival = 1.0
    for t in sorted(set(durations)):
        at_risk = sum(1 for d in durations if d >= t)
        events = sum(1 for d, o in zip(durations, observed, strict=True) if d == t and o)
        if events:
            survival *= 1 - events / at_risk
            out.append((t, survival))
    return out


def drawn(points: list[tuple[float, float]], t: float) -> float:
    share = 1.0
    for time, s in points:
        if time > t:
            break
        share = s
    return share


observations = st.lists(
    st.tuples(st.integers(0, 5000).map(float), st.booleans()), min_size=1, max_size=400
)


@settings(max_examples=60, deadline=None)
@given(observations, st.integers(4, 60))
def test_downsampled_curve_stays_within_its_error_of_the_full_curve(obs, max_points) -> None:
    durations = [d for d, _ in obs]
    observed = [o for _, o in obs]
    table = TimeTable.from_observations(durations, observed)
    curve = curves.waiting_curve(table, metric="m", channel="c", max_points=max_points)
    full = km_by_hand(durations, observed)
    assert len(curve.points) <= max_points
    assert curve.points[0] == (0.0, 1.0)
    assert curve.points[-1][0] == max(durations) == curve.horizon_s
    assert curve.contacts == len(obs)
    assert curve.events == sum(observed)
    assert curve.censored == len(obs) - sum(observed)
    band = 1 / (max_points - 3)
    assert curve.max_error < band + 1e-12
    worst = 0.0
    for t, s in full:  # the full curve only changes at event times
        worst = max(worst, abs(drawn(curve.points, t) - s))
        for time, share in curve.points[1:]:
            if time == t:
                assert share == pytest.approx(s, abs=1e-12)  # kept points lie on the curve
    assert worst == pytest.approx(curve.max_error, abs=1e-12)
    if full:
        assert curve.points[-1][1] == pytest.approx(full[-1][1], abs=1e-12)  # the plateau


def test_a_million_contacts_draw_with_at_most_two_hundred_points() -> None:
    rng = np.random.default_rng(1)
    durations = np.round(rng.lognormal(7, 2, 1_000_000))
    observed = rng.random(1_000_000) > 0.2
    table = TimeTable.from_observations(durations, observed)
    assert table.times.size > 20_000
    curve = curves.waiting_curve(table, metric="m", channel="c")
    assert len(curve.points) <= curves.MAX_POINTS
    assert curve.max_error <= 1 / (curves.MAX_POINTS - 3)


def test_never_answered_channel_is_a_flat_line_at_one() -> None:
    table = TimeTable.from_observations([10.0, 20.0, 30.0], [False, False, False])
    curve = curves.waiting_curve(table, metric="m", channel="c")
    assert curve.points == [(0.0, 1.0), (30.0, 1.0)]
    assert curve.max_error == 0.0


def test_report_carries_a_curve_per_channel_and_time_metric() -> None:
    report = api.report(api.Source(paths=[SAMPLE_DATA]), api.Scope(), config.Settings())
    got = {(c.metric, c.channel) for c in report.curves}
    names = {c.channel for c in report.channels}
    assert got == {(m, ch) for m in curves.CURVE_METRICS for ch in names}
    for curve in report.curves:
        channel = report.channel(curve.channel)
        assert channel is not None
        assert curve.contacts == channel.metrics["contacts"]
        shares = [s for _, s in curve.points]
        assert shares == sorted(shares, reverse=True)
    social = next(
        c for c in report.curves if c.channel == "social" and c.metric == "first_response_time"
    )
    response_rate = report.channel("social").metrics["response_rate"]  # type: ignore[union-attr]
    # the plateau is the share never answered
    assert social.points[-1][1] == pytest.approx(1 - float(response_rate or 0), abs=0.01)
    doc = report.to_dict()
    assert list(doc).index("curves") > list(doc).index("method")  # after the SPEC keys
    assert doc["curves"][0]["points"][0] == [0.0, 1.0]
