"""The catalog of reasons a row is rejected on import.

Every rejected row is stored with one slug from here, the column it concerns
and the offending value; the message is built from the template when shown,
so a value can be masked (`parity rejects` without `--show-values`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reason:
    slug: str
    title: str
    template: str  # placeholders: {column}, {value}, {detail}


_REASONS = (
    Reason("missing_value", "Required value missing", "{column} is empty but required"),
    Reason("bad_timestamp", "Not a timestamp", "{column}: {value} is not an ISO 8601 timestamp"),
    Reason(
        "timestamp_out_of_range",
        "Implausible timestamp",
        "{column}: {value} is outside the years 1970–2199",
    ),
    Reason(
        "response_before_creation",
        "First response before creation",
        "first_response_at {value} is before created_at",
    ),
    Reason(
        "resolution_before_creation",
        "Resolution before creation",
        "resolved_at {value} is before created_at",
    ),
    Reason(
        "abandonment_before_creation",
        "Abandonment before creation",
        "abandoned_at {value} is before created_at",
    ),
    Reason(
        "bad_duration",
        "Not a duration",
        "{column}: {value} is not a duration (seconds, HH:MM:SS or MM:SS)",
    ),
    Reason("negative_duration", "Negative duration", "{column}: {value} is negative"),
    Reason("bad_number", "Not a number", "{column}: {value} is not a finite number"),
    Reason("negative_number", "Negative number", "{column}: {value} is negative"),
    Reason("bad_count", "Not a whole number", "{column}: {value} is not a whole number ≥ 0"),
    Reason(
        "bad_boolean",
        "Not a boolean",
        "{column}: {value} is not one of true/false, 1/0, yes/no, y/n, t/f",
    ),
    Reason("score_out_of_range", "Score out of range", "{column}: {value} is not between 1 and 5"),
    Reason(
        "duplicate_contact",
        "Duplicate contact",
        "contact_id {value} appears earlier in this file on the same channel",
    ),
    Reason(
        "malformed_row",
        "Malformed row",
        "the row does not match the header ({detail})",
    ),
    Reason("invalid_encoding", "Invalid encoding", "the row holds bytes that are not valid text"),
    Reason(
        "unterminated_quote",
        "Unterminated quote",
        "a quoted field opened here is never closed",
    ),
)

CATALOG: dict[str, Reason] = {r.slug: r for r in _REASONS}


def message(
    slug: str, column: str | None, value: str | None, detail: str | None, *, show_values: bool
) -> str:
    """The reason's message, with the raw value shown only when asked for.

    A reason whose message names no value (a malformed row: the value is the whole
    line) shows the line after the message, and only when asked for too.
    """
    reason = CATALOG[slug]
    if value is None:
        shown = "(empty)"
    elif show_values:
        shown = repr(value)
    else:
        shown = "<value hidden>"
    text = reason.template.format(column=column or "row", value=shown, detail=detail or "")
    if show_values and value is not None and "{value}" not in reason.template:
        text += f": {shown}"
    return text


# DuckDB reader error types → our reasons
ENGINE_ERRORS: dict[str, str] = {
    "MISSING COLUMNS": "malformed_row",
    "TOO MANY COLUMNS": "malformed_row",
    "UNQUOTED VALUE": "malformed_row",
    "INVALID ENCODING": "invalid_encoding",
    "INVALID STATE": "malformed_row",
    "LINE SIZE OVER MAXIMUM": "malformed_row",
    "CAST": "malformed_row",
}
