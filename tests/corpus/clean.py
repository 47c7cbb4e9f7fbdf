"""The clean export every variant damages: a canonical file of eight contacts.

Customer ids look like e-mail addresses on purpose: the corpus test checks
that none of them ever reaches stdout or stderr.
"""

from __future__ import annotations

from tests.corpus.model import Doc

HEADER = (
    "contact_id",
    "channel",
    "created_at",
    "first_response_at",
    "resolved_at",
    "hold_seconds",
    "handle_seconds",
    "transfers",
    "abandoned",
    "remedy",
    "remedy_amount",
    "csat",
    "category",
    "customer_id",
    "segment",
    "agent_team",
)
COLUMN = {name: i for i, name in enumerate(HEADER)}

ROWS: tuple[tuple[str, ...], ...] = (
    ("C01", "phone", "2026-03-02T09:00:00Z", "2026-03-02T09:20:00Z", "2026-03-02T10:00:00Z",
     "300", "420", "1", "false", "true", "25.50", "4", "billing", "ann@example.org",
     "consumer", "voice-1"),
    ("C02", "phone", "2026-03-02T09:05:00Z", "", "", "", "", "0", "true", "false", "0", "",
     "outage", "bob@example.org", "consumer", "voice-1"),
    ("C03", "email", "2026-03-02T09:10:00Z", "2026-03-03T11:00:00Z", "2026-03-04T08:00:00Z",
     "", "600", "0", "false", "false", "0", "3", "billing", "cyd@example.org", "business",
     "mail-2"),
    ("C04", "email", "2026-03-02T10:00:00Z", "2026-03-02T16:30:00Z", "", "", "240", "2",
     "false", "true", "10", "2", "delivery", "dee@example.org", "consumer", "mail-2"),
    ("C05", "social", "2026-03-02T10:30:00Z", "2026-03-02T10:34:00Z", "2026-03-02T11:00:00Z",
     "", "180", "0", "false", "true", "50", "5", "outage", "eve@example.org", "consumer",
     "social-1"),
    ("C06", "social", "2026-03-02T11:00:00Z", "2026-03-02T11:02:00Z", "", "", "90", "0",
     "false", "false", "0", "", "billing", "fay@example.org", "business", "social-1"),
    ("C07", "chat", "2026-03-02T12:00:00Z", "2026-03-02T12:01:30Z", "2026-03-02T12:20:00Z",
     "", "900", "1", "false", "true", "5", "4", "delivery", "gus@example.org", "consumer",
     "chat-3"),
    ("C08", "chat", "2026-03-02T13:00:00+01:00", "2026-03-02T12:03:00Z", "", "", "",
     "0", "true", "false", "", "", "outage", "hal@example.org", "business", "chat-3"),
)  # fmt: skip

CUSTOMER_IDS = tuple(r[COLUMN["customer_id"]] for r in ROWS)


def rows() -> list[list[str]]:
    return [list(r) for r in ROWS]


def with_value(row: int, column: str, value: str) -> list[list[str]]:
    """The clean rows with one value changed (row 0 is C01)."""
    out = rows()
    out[row][COLUMN[column]] = value
    return out


def doc(delim: str = ",") -> Doc:
    return Doc.of(HEADER, rows(), delim)
