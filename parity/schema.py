"""The canonical contact record (SPEC §2): one row per contact, whatever the source.

Every importer produces rows of this shape. The order here is the order of the
columns in the store and in exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How a raw text value of the column is parsed and validated."""

    TEXT = "text"
    CHANNEL = "channel"
    TIMESTAMP = "timestamp"
    DURATION = "duration"  # seconds, HH:MM:SS or MM:SS; never negative
    COUNT = "count"  # non-negative integer
    BOOLEAN = "boolean"
    AMOUNT = "amount"  # non-negative number
    SCORE = "score"  # satisfaction, 1–5
    PSEUDONYM = "pseudonym"  # text replaced by a keyed hash on import


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    sql_type: str
    required: bool
    meaning: str


COLUMNS: tuple[Column, ...] = (
    Column("contact_id", Kind.TEXT, "VARCHAR", True, "id unique within its source"),
    Column("channel", Kind.CHANNEL, "VARCHAR", True, "analysis group, lower case"),
    Column("created_at", Kind.TIMESTAMP, "TIMESTAMPTZ", True, "when the customer reached out"),
    Column(
        "first_response_at",
        Kind.TIMESTAMP,
        "TIMESTAMPTZ",
        False,
        "first human response; null = never answered",
    ),
    Column("resolved_at", Kind.TIMESTAMP, "TIMESTAMPTZ", False, "resolved; null = not resolved"),
    Column("hold_seconds", Kind.DURATION, "DOUBLE", False, "time on hold after the answer"),
    Column("handle_seconds", Kind.DURATION, "DOUBLE", False, "agent handling/talk time"),
    Column("transfers", Kind.COUNT, "INTEGER", False, "hand-offs between agents/queues"),
    Column("abandoned", Kind.BOOLEAN, "BOOLEAN", False, "gave up before any response"),
    Column("reopened", Kind.BOOLEAN, "BOOLEAN", False, "reopened after being resolved"),
    Column("remedy", Kind.BOOLEAN, "BOOLEAN", False, "concrete action taken"),
    Column("remedy_amount", Kind.AMOUNT, "DOUBLE", False, "compensation granted"),
    Column("csat", Kind.SCORE, "DOUBLE", False, "satisfaction score, 1–5"),
    Column("category", Kind.TEXT, "VARCHAR", False, "issue type (case mix)"),
    Column("customer_id", Kind.PSEUDONYM, "VARCHAR", False, "customer key, pseudonymised"),
    Column("subchannel", Kind.TEXT, "VARCHAR", False, "finer source: twitter, ivr…"),
    Column("segment", Kind.TEXT, "VARCHAR", False, "customer segment or tier"),
    Column("agent_team", Kind.TEXT, "VARCHAR", False, "team/tier that handled the contact"),
    # Extension beyond SPEC §2: when a never-answered contact ended (caller hung
    # up, post deleted). Used as its censoring time; see docs/metrics.md.
    Column(
        "abandoned_at",
        Kind.TIMESTAMP,
        "TIMESTAMPTZ",
        False,
        "when a never-answered contact ended (extension)",
    ),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)

TRUE_WORDS: tuple[str, ...] = ("true", "1", "yes", "y", "t")
FALSE_WORDS: tuple[str, ...] = ("false", "0", "no", "n", "f")
