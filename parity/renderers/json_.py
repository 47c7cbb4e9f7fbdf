"""JSON: documents with full precision, keys in the model's order."""

from __future__ import annotations

import json
from typing import Any

from parity.report import Report


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render(report: Report) -> str:
    return dumps(report.to_dict())
