"""Load the committed reference values (written by scripts/reference_values.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from parity.stats import TimeTable

HERE = Path(__file__).resolve().parent / "reference"


@cache
def load(name: str) -> Any:
    return json.loads((HERE / f"{name}.json").read_text())["values"]


def table(raw: dict[str, list[float]]) -> TimeTable:
    return TimeTable(
        np.asarray(raw["times"], dtype=np.float64),
        np.asarray(raw["events"], dtype=np.int64),
        np.asarray(raw["censored"], dtype=np.int64),
    )
