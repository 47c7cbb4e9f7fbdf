"""JSON: the SPEC §5 document, full precision."""

from __future__ import annotations

import json

from parity.report import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
