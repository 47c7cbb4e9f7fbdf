"""Golden JSON and Markdown reports of a small committed dataset.

Regenerate after an intended change with `PARITY_UPDATE_GOLDEN=1 make test` and
review the diff. JSON numbers are compared with a relative tolerance of 1e-9
(the last bits of floating point sums may differ between CPUs); everything
else, and the Markdown, must match exactly.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import pytest

from tests.conftest import ROOT

INPUT = ROOT / "tests" / "data" / "golden_input"
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("PARITY_UPDATE_GOLDEN") == "1"


def close(got: Any, want: Any, path: str = "$") -> None:
    if isinstance(want, float) and isinstance(got, float | int):
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{path}: {got} != {want}"
    elif isinstance(want, dict):
        assert isinstance(got, dict), path
        assert list(got) == list(want), f"{path}: keys differ"
        for key in want:
            close(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list), path
        assert len(got) == len(want), f"{path}: lengths differ"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            close(g, w, f"{path}[{i}]")
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


def check(name: str, text: str) -> None:
    target = GOLDEN / name
    if UPDATE:
        target.write_text(text, encoding="utf-8")
        pytest.skip(f"updated {target}")
    assert target.exists(), f"{target} missing: run with PARITY_UPDATE_GOLDEN=1"
    if name.endswith(".json"):
        close(json.loads(text), json.loads(target.read_text(encoding="utf-8")))
    else:
        assert text == target.read_text(encoding="utf-8")


def test_golden_json(cli) -> None:
    run = cli("report", INPUT, "--format", "json")
    assert run.exit_code == 0, run.stderr
    doc = json.loads(run.stdout)
    doc["generated_at"] = "<volatile>"
    check("report.json", json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


def test_golden_markdown(cli) -> None:
    run = cli("report", INPUT, "--format", "markdown")
    assert run.exit_code == 0, run.stderr
    check("report.md", run.stdout)
