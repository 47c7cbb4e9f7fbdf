"""Property tests of the value parsers — timestamps, durations, booleans — which live in SQL
(parity/importers/validate.py) and are tested through DuckDB, as the importer runs them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity import schema
from parity.importers.validate import _blank_trimmed, key_block, staging_select

PROPERTY = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
CREATED = "2026-03-02T09:00:00Z"


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    return connection


def judge(
    con: duckdb.DuckDBPyConnection, column: str, values: list[str]
) -> list[tuple[str | None, object]]:
    """(reject reason, parsed value) of each raw `values` in `column`, as an import judges."""
    source = (
        "SELECT CAST(i AS BIGINT) AS __row, 'id' || i AS contact_id, 'phone' AS channel, "
        "$created AS created_at, v AS raw FROM unnest($values) WITH ORDINALITY AS t(v, i)"
    )
    mapping = {"contact_id": "contact_id", "channel": "channel", "created_at": "created_at"}
    mapping[column] = "raw"
    sql = staging_select(source, mapping, channel_constant=False)
    params = {
        "values": values,
        "created": CREATED if column != "created_at" else "2026-01-01",
        "alias_from": [],
        "alias_to": [],
        "key_block": key_block(b"k"),
    }
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    value = column
    if schema.BY_NAME[column].kind is schema.Kind.TIMESTAMP:
        value = f"epoch_us({column})"  # microseconds since 1970 UTC (no pytz needed)
    query = f"SELECT __verdict.reason, {value} FROM ({sql}) ORDER BY __row"
    rows = con.execute(query, used).fetchall()
    return [(r[0], r[1]) for r in rows]


def micros(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


# -- timestamps -----------------------------------------------------------------------------------

offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timedelta(minutes=m))
moments = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2199, 12, 30))


def iso(moment: datetime, offset: timedelta | None, form: int) -> str:
    """ISO 8601 in the shapes exports use: T or space, with or without seconds and fraction,
    Z, ±HH:MM or ±HHMM, or no offset (the configured zone)."""
    sep = "T" if form % 2 == 0 else " "
    text = moment.strftime(f"%Y-%m-%d{sep}%H:%M")
    if form % 3 != 0:
        text += moment.strftime(":%S")
        if form % 5 == 0:
            text += f".{moment.microsecond:06d}"
    if offset is None:
        return text
    if offset == timedelta(0) and form % 4 == 0:
        return text + "Z"
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    colon = ":" if form % 7 else ""
    return f"{text}{sign}{minutes // 60:02d}{colon}{minutes % 60:02d}"


@PROPERTY
@given(moment=moments, offset=st.one_of(st.none(), offsets), form=st.integers(0, 209))
def test_iso_timestamps_load_as_the_instant_they_name(con, moment, offset, form) -> None:
    text = iso(moment, offset, form)
    expected = moment.replace(tzinfo=timezone(offset or timedelta(0)))
    if form % 3 == 0:
        expected = expected.replace(second=0, microsecond=0)
    elif form % 5:
        expected = expected.replace(microsecond=0)
    ((reason, parsed),) = judge(con, "resolved_at", [text])
    if expected.astimezone(UTC) < datetime(2026, 3, 2, 9, tzinfo=UTC):
        assert reason == "resolution_before_creation"
    else:
        assert reason is None, text
    assert parsed == micros(expected), text


@PROPERTY
@given(st.text(min_size=1, max_size=30).filter(lambda s: not s.strip()[:1].isdigit()))
def test_text_not_starting_with_a_digit_is_never_a_timestamp(con, text) -> None:
    ((reason, parsed),) = judge(con, "created_at", [text])
    assert reason in ("bad_timestamp", "missing_value")
    assert parsed is None


@PROPERTY
@given(st.text(max_size=40))
def test_any_text_is_judged_never_an_engine_error(con, text) -> None:
    ((reason, parsed),) = judge(con, "created_at", [text])
    assert reason in (None, "missing_value", "bad_timestamp", "timestamp_out_of_range")
    if reason is None:
        assert isinstance(parsed, int)
        assert 0 <= parsed < micros(datetime(2200, 1, 1, tzinfo=UTC))


@PROPERTY
@given(st.integers(min_value=1, max_value=1969) | st.integers(min_value=2200, max_value=9999))
def test_years_outside_1970_2199_are_out_of_range(con, year) -> None:
    ((reason, _),) = judge(con, "created_at", [f"{year:04d}-06-01T00:00:00Z"])
    assert reason == "timestamp_out_of_range"


# -- durations ------------------------------------------------------------------------------------


@PROPERTY
@given(st.integers(0, 10**7) | st.floats(0, 10**7, allow_nan=False).map(lambda x: round(x, 3)))
def test_seconds_load_as_themselves(con, seconds) -> None:
    ((reason, parsed),) = judge(con, "hold_seconds", [str(seconds)])
    assert reason is None
    assert parsed == pytest.approx(float(seconds))


@PROPERTY
@given(h=st.integers(0, 10_000), m=st.integers(0, 59), s=st.integers(0, 59), pad=st.booleans())
def test_clock_durations_are_hours_minutes_seconds(con, h, m, s, pad) -> None:
    clock = f"{h}:{m:02d}:{s:02d}" if pad else f"{h}:{m}:{s}"
    short = f"{h * 60 + m}:{s:02d}"  # MM:SS with minutes beyond 59
    (full, minutes) = judge(con, "handle_seconds", [clock, short])
    assert full == (None, float(h * 3600 + m * 60 + s))
    assert minutes == (None, float((h * 60 + m) * 60 + s))


@PROPERTY
@given(h=st.integers(0, 99), m=st.integers(0, 99), s=st.integers(0, 99))
def test_clocks_with_minutes_or_seconds_past_59_are_rejected(con, h, m, s) -> None:
    ((reason, _),) = judge(con, "hold_seconds", [f"{h}:{m:02d}:{s:02d}"])
    assert reason == (None if m < 60 and s < 60 else "bad_duration")


@PROPERTY
@given(st.integers(1, 10**6))
def test_negative_durations_are_rejected(con, seconds) -> None:
    h, rest = divmod(seconds, 3600)
    found = judge(con, "hold_seconds", [f"-{seconds}", f"-{h}:{rest // 60:02d}:{rest % 60:02d}"])
    assert [r for r, _ in found] == ["negative_duration", "negative_duration"]


@PROPERTY
@given(st.text(max_size=20))
def test_any_text_as_a_duration_is_judged_and_loads_only_finite_and_non_negative(con, text) -> None:
    ((reason, parsed),) = judge(con, "handle_seconds", [text])
    assert reason in (None, "bad_duration", "negative_duration")
    if reason is None and parsed is not None:
        assert 0 <= parsed < float("inf")


# -- booleans -------------------------------------------------------------------------------------

words = st.sampled_from(schema.TRUE_WORDS + schema.FALSE_WORDS)


@PROPERTY
@given(word=words, case=st.lists(st.booleans(), min_size=5, max_size=5), pad=st.text(" \t"))
def test_boolean_words_in_any_case_and_padding(con, word, case, pad) -> None:
    cased = "".join(c.upper() if up else c for c, up in zip(word, case, strict=False))
    ((reason, parsed),) = judge(con, "abandoned", [pad + cased + pad])
    assert reason is None
    assert parsed is (word in schema.TRUE_WORDS)


BLANKS = " \t\r\n"  # what import trims from a value (parity.importers.validate._BLANKS)


@PROPERTY
@given(
    st.text(max_size=12).filter(
        lambda s: s.strip(BLANKS).lower() not in schema.TRUE_WORDS + schema.FALSE_WORDS
    )
)
def test_other_words_are_not_booleans(con, text) -> None:
    ((reason, parsed),) = judge(con, "remedy", [text])
    assert reason == (None if not text.strip(BLANKS) else "bad_boolean")
    assert parsed is None


@PROPERTY
@given(
    text=st.one_of(
        st.text(max_size=6),
        st.text(alphabet=" \t\r\n\x01\x1f!a\u00e9\u00a0\u3000\U0001f600", max_size=6),
    )
)
def test_blank_trimming_skips_work_only_where_there_is_none(con, text) -> None:
    """The guarded trim (parity.importers.validate._blank_trimmed) equals trimming every value
    with the blank set, NULL when nothing is left."""
    guarded = _blank_trimmed("v")
    plain = "nullif(trim(v, ' ' || chr(9) || chr(10) || chr(13)), '')"
    row = con.execute(f"SELECT {guarded}, {plain} FROM (SELECT $v::VARCHAR AS v)", {"v": text})
    fast, slow = row.fetchone() or (None, None)
    assert fast == slow
    assert fast is None or fast == text.strip(" \t\r\n")
