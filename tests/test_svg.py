"""The building blocks of the HTML report: escaping markup, scales and ticks, ranking of gaps."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.ranking import most_material, size
from parity.renderers import svg
from parity.renderers.markup import Markup, el, escape, join
from parity.report import Comparison
from tests.html_tree import parse


@given(st.text())
def test_any_text_survives_escaping_verbatim(value: str) -> None:
    value = value.replace("\r", "")  # HTML parsers normalise line endings
    document = el("p", value, title=value)
    node = parse(document).find("p")
    assert node.attrs["title"] == value
    assert "".join(c for c in node.children if isinstance(c, str)) == value


def test_escaping_in_text_and_attributes() -> None:
    hostile = "<script>alert('x')</script>\"&"
    out = el("text", hostile, data_name=hostile)
    assert out == (
        '<text data-name="&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot;&amp;">'
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&quot;&amp;</text>"
    )


def test_markup_passes_through_and_plain_text_does_not() -> None:
    inner = el("b", "bold")
    assert el("p", inner, "<i>") == "<p><b>bold</b>&lt;i&gt;</p>"
    assert isinstance(join(["a", inner]), Markup)
    assert escape(inner) is inner


def test_attribute_spelling() -> None:
    assert el("svg", class_="c", aria_label="x", viewBox="0 0 1 1", hidden=True, id=None) == (
        '<svg class="c" aria-label="x" viewBox="0 0 1 1" hidden></svg>'
    )
    assert el("meta", charset="utf-8") == '<meta charset="utf-8">'


def test_clipped_names_keep_the_whole_name_in_a_tooltip() -> None:
    assert svg.clipped("phone", 10) == "phone"
    long = svg.clipped("<a very long channel name>", 10)
    assert long.startswith("&lt;a very l…<title>")
    assert "&lt;a very long channel name&gt;</title>" in long


@pytest.mark.parametrize(
    ("lo", "hi", "want"),
    [(0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]), (-12, 31, [-10, 0, 10, 20, 30]), (0, 0.7, None)],
)
def test_nice_ticks(lo: float, hi: float, want: list[float] | None) -> None:
    ticks = svg.nice_ticks(lo, hi, 5)
    if want is not None:
        assert ticks == pytest.approx(want)
    assert all(lo - 1e-9 <= t <= hi + 1e-9 for t in ticks)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1


def test_nice_bounds_contain_the_data() -> None:
    assert svg.nice_bounds(-0.3, 22.6, 6) == (-5.0, 25.0)
    assert svg.nice_bounds(0, 0) == (-1.0, 1.0)


def test_log_scale_maps_decades_evenly_and_clamps() -> None:
    x = svg.Log(1.0, 1000.0, 0.0, 300.0)
    assert x(1) == 0
    assert x(10) == pytest.approx(100)
    assert x(1000) == pytest.approx(300)
    assert x(0) == 0  # an event at time 0 sits on the axis
    assert x(10**6) == 300


def test_duration_ticks_are_spaced_and_keep_the_last() -> None:
    x = svg.Log(1.0, 90 * 86400, 0.0, 560.0)
    ticks = svg.duration_ticks(x.lo, x.hi, x)
    positions = [x(t) for t, _ in ticks]
    assert all(b - a >= 56 for a, b in itertools.pairwise(positions))
    assert ticks[-1] == (90 * 86400, "90 days")
    assert svg.duration_floor(45) == 30
    assert svg.duration_floor(0) == 1


def test_series_styles_differ_in_more_than_colour() -> None:
    names = ["a", "b", "c", "phone", "d", "e"]
    styles = svg.series_styles(names, "phone")
    assert styles["phone"] == svg.REFERENCE_STYLE
    others = [styles[n] for n in names if n != "phone"]
    assert len({s.colour for s in others}) == len(others)
    assert len({s.dash for s in others}) == len(others)
    assert len({s.marker for s in others}) == len(others)


def comparison(metric: str, estimate: float | None, severity: str, **kw: object) -> Comparison:
    values: dict[str, object] = {
        "metric": metric, "channel": "social", "reference": "phone", "value": None,
        "reference_value": kw.pop("reference_value", None), "difference": estimate, "ratio": None,
        "ci": None, "p_value": 0.001, "p_adjusted": 0.01, "test": "t", "adjusted_for": [],
        "favours": "social", "flagged": severity in ("warn", "fail"), "severity": severity,
        "estimate": estimate,
    }  # fmt: skip
    values.update(kw)
    return Comparison(**values)  # type: ignore[arg-type]


def test_size_is_in_multiples_of_the_default_threshold() -> None:
    assert size(comparison("remedy_rate", 0.10, "fail")) == pytest.approx(2.0)
    assert size(comparison("csat", -0.6, "fail")) == pytest.approx(2.0)
    # times: the larger of 60 s and 25 % of the reference median
    assert size(comparison("first_response_time", 600, "fail", reference_value=400)) == 6.0
    assert size(comparison("first_response_time", 600, "fail", reference_value=4000)) == 0.6
    assert math.isinf(size(comparison("resolution_time", None, "fail")))


def test_most_material_puts_fail_before_warn_then_size() -> None:
    warn_big = comparison("remedy_rate", 0.5, "warn", channel="a")
    fail_small = comparison("remedy_rate", 0.11, "fail", channel="b")
    fail_big = comparison("csat", 1.5, "fail", channel="c")
    quiet = comparison("reopen_rate", 0.9, "ok", channel="d")
    ranked = most_material([warn_big, quiet, fail_small, fail_big], 3)
    assert [c.channel for c in ranked] == ["c", "b", "a"]
    assert most_material([quiet]) == []
