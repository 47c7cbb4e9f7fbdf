"""Variants that damage values: timestamps, durations, numbers, booleans, duplicates,
huge fields and hostile text."""

from __future__ import annotations

from tests.corpus import clean
from tests.corpus.model import Doc, Expected, Rec, join
from tests.corpus.registry import changed, loads_as, variant

# (name, description, row, column, value, reason or None when the row still loads)
SINGLE_VALUE: tuple[tuple[str, str, int, str, str, str | None], ...] = (
    ("ts_word", "a word instead of a timestamp", 2, "created_at", "yesterday", "bad_timestamp"),
    ("ts_day_first", "a day-first date", 2, "created_at", "02/03/2026 09:10", "bad_timestamp"),
    ("ts_us_am_pm", "a US date with AM/PM", 2, "created_at", "3/2/2026 9:10 AM", "bad_timestamp"),
    ("ts_epoch_seconds", "Unix seconds", 2, "created_at", "1772442600", "bad_timestamp"),
    ("ts_epoch_word", "the word 'epoch'", 2, "created_at", "epoch", "bad_timestamp"),
    ("ts_infinity", "the word 'infinity'", 2, "resolved_at", "infinity", "bad_timestamp"),
    ("ts_impossible_date", "30 February", 2, "created_at", "2026-02-30T09:10:00Z", "bad_timestamp"),
    ("ts_hour_25", "hour 25", 2, "created_at", "2026-03-02T25:10:00Z", "bad_timestamp"),
    (
        "ts_year_1899",
        "a year before 1970",
        2,
        "created_at",
        "1899-12-31T09:10:00Z",
        "timestamp_out_of_range",
    ),
    (
        "ts_year_9999",
        "the year 9999",
        2,
        "resolved_at",
        "9999-12-31T00:00:00Z",
        "timestamp_out_of_range",
    ),
    (
        "ts_space_separator",
        "a space between date and time",
        2,
        "created_at",
        "2026-03-02 09:10:00",
        None,
    ),
    ("ts_date_only", "a date without a time", 2, "created_at", "2026-03-02", None),
    (
        "ts_fraction_and_offset",
        "fractional seconds and an offset",
        2,
        "created_at",
        "2026-03-02T10:10:00.250+01:00",
        None,
    ),
    (
        "ts_compact_offset",
        "an offset without a colon",
        2,
        "created_at",
        "2026-03-02T10:10:00+0100",
        None,
    ),
    (
        "back_response",
        "first response before creation",
        2,
        "first_response_at",
        "2026-03-01T11:00:00Z",
        "response_before_creation",
    ),
    (
        "back_resolution",
        "resolved before creation",
        2,
        "resolved_at",
        "2026-03-02T08:00:00Z",
        "resolution_before_creation",
    ),
    ("dur_clock", "hold as HH:MM:SS", 0, "hold_seconds", "0:05:00", None),
    ("dur_minutes_seconds", "handle time as MM:SS", 0, "handle_seconds", "07:00", None),
    ("dur_negative", "a negative hold", 0, "hold_seconds", "-30", "negative_duration"),
    ("dur_bad_minutes", "a clock with 75 minutes", 0, "hold_seconds", "1:75:00", "bad_duration"),
    ("dur_text", "a word for a duration", 0, "handle_seconds", "long", "bad_duration"),
    ("dur_overflow", "a duration beyond a double", 0, "handle_seconds", "1e400", "bad_duration"),
    (
        "num_count_overflow",
        "transfers beyond any integer",
        3,
        "transfers",
        "99999999999999999999",
        "bad_count",
    ),
    ("num_count_fraction", "transfers 1.5", 3, "transfers", "1.5", "bad_count"),
    ("num_amount_overflow", "an amount beyond a double", 3, "remedy_amount", "1e309", "bad_number"),
    ("num_amount_nan", "an amount NaN", 3, "remedy_amount", "NaN", "bad_number"),
    ("num_amount_negative", "a negative amount", 3, "remedy_amount", "-10", "negative_number"),
    ("num_decimal_comma", "a decimal comma", 3, "remedy_amount", "10,5", "malformed_row"),
    ("num_csat_high", "a satisfaction score of 6", 3, "csat", "6", "score_out_of_range"),
    ("num_csat_word", "a satisfaction word", 3, "csat", "good", "bad_number"),
    ("bool_word", "a boolean 'maybe'", 4, "abandoned", "maybe", "bad_boolean"),
    ("bool_yes_upper", "a boolean 'YES'", 4, "remedy", "YES", None),
    ("bool_letter", "a boolean 'N'", 4, "remedy", "N", None),
    ("missing_contact_id", "an empty contact_id", 5, "contact_id", "", "missing_value"),
    ("missing_created_at", "an empty created_at", 5, "created_at", "", "missing_value"),
    ("missing_channel_blank", "a channel of spaces", 5, "channel", "   ", "missing_value"),
    ("pad_spaces", "values padded with spaces", 5, "contact_id", "  C06  ", None),
    ("channel_upper_case", "a channel in capitals", 5, "channel", "SOCIAL", None),
)


def _single(name: str, description: str, row: int, column: str, value: str, why: str | None):
    def build() -> tuple[bytes, Expected]:
        doc = changed(row, column, value, why)
        if why == "malformed_row":  # the value itself holds the delimiter
            return doc.encode().replace(b'"10,5"', b"10,5"), doc.expected()
        return doc.encode(), doc.expected()

    build.__name__ = name
    variant(description)(build)


for spec in SINGLE_VALUE:
    _single(*spec)


@variant("rows in reverse time order: order does not matter")
def ts_rows_backwards() -> tuple[bytes, Expected]:
    doc = clean.doc()
    return Doc((doc.records[0], *reversed(doc.records[1:]))).encode(), doc.expected()


@variant("timestamp formats mixed row by row, all ISO 8601")
def ts_mixed_iso_forms() -> tuple[bytes, Expected]:
    rows = clean.rows()
    forms = ["2026-03-02 09:00:00", "2026-03-02T09:05Z", "2026-03-02T10:10:00+01:00",
             "2026-03-02T10:00:00.5Z"]  # fmt: skip
    for row, form in enumerate(forms):
        rows[row][clean.COLUMN["created_at"]] = form
        rows[row][clean.COLUMN["first_response_at"]] = ""
        rows[row][clean.COLUMN["resolved_at"]] = ""
    doc = Doc.of(clean.HEADER, rows)
    return doc.encode(), doc.expected()


@variant("a row repeated exactly: the second copy is a duplicate")
def dup_exact_row() -> tuple[bytes, Expected]:
    doc = clean.doc()
    doc = doc.append(Rec(doc.records[3].text, "reject", "duplicate_contact"))
    return doc.encode(), doc.expected()


@variant("the same contact id on another channel: a different contact, both load")
def dup_id_other_channel() -> tuple[bytes, Expected]:
    values = list(clean.ROWS[2])
    values[1] = "chat"
    doc = clean.doc().append(Rec(join(values), "load", cid="C03"))
    exp = doc.expected()
    return doc.encode(), exp


@variant("a 1 MiB text field")
def huge_field_1mib() -> tuple[bytes, Expected]:
    doc = changed(3, "category", "x" * (1 << 20), None)
    return doc.encode(), doc.expected()


@variant("a 20 MiB text field, beyond the reader's line limit: rejected")
def huge_field_20mib() -> tuple[bytes, Expected]:
    doc = changed(3, "category", "y" * (20 << 20), "malformed_row")
    return doc.encode(), doc.expected()


@variant("text that looks like SQL, HTML, a formula and Markdown: stored verbatim")
def hostile_text() -> tuple[bytes, Expected]:
    hostile = {
        "category": "x'); DROP TABLE contacts; --",
        "segment": "<script>alert(1)</script>",
        "agent_team": '=HYPERLINK("http://evil")|[bold]',
    }
    rows = clean.rows()
    for column, value in hostile.items():
        rows[4][clean.COLUMN[column]] = value
    doc = Doc.of(clean.HEADER, rows)
    return doc.encode(), doc.expected(loads_as(doc, "C05", **hostile))


@variant("3,000 rows with a bad timestamp: every one kept as a reject, no limit")
def many_rejects() -> tuple[bytes, Expected]:
    base = list(clean.ROWS[0])
    recs = [clean.doc().records[0]]
    for i in range(3000):
        values = [f"B{i:04d}", *base[1:]]
        values[2] = f"bad-{i}"
        recs.append(Rec(join(values), "reject", "bad_timestamp"))
    recs += clean.doc().records[1:]
    doc = Doc(tuple(recs))
    return doc.encode(), doc.expected()
