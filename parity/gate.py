"""The exit-code rule of `parity check` and `parity summary --fail-on`: one pure function.

Every run ends in a set of outcomes: one per check (pass, skipped, warn,
fail) and, when something went wrong, the error's kind. The exit code is the
outcome of highest precedence:

    environment_failure  → 3   the machine failed us: no verdict can be trusted
    user_error           → 2   the input or invocation is wrong: no verdict
    fail                 → 1   a flagged gap reached its fail level, or widened
                               past its margin since the baseline
    warn                 → 1 with fail_on="warn", else 0
    pass, skipped        → 0   (skipped: insufficient data, no verdict)

Warnings alone never fail a run unless asked (`--fail-on warn`), the way dbt
and Soda Core v4 treat warnings (FIELD-NOTES).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from parity.errors import ExitCode, ParityError

Outcome = Literal["pass", "skipped", "warn", "fail", "user_error", "environment_failure"]
FailOn = Literal["warn", "fail"]


def exit_code(outcomes: Iterable[Outcome], *, fail_on: FailOn = "fail") -> ExitCode:
    """The exit code of a run whose checks and errors ended in `outcomes`."""
    seen = set(outcomes)
    if "environment_failure" in seen:
        return ExitCode.ENVIRONMENT_FAILURE
    if "user_error" in seen:
        return ExitCode.USER_ERROR
    if "fail" in seen or (fail_on == "warn" and "warn" in seen):
        return ExitCode.THRESHOLD_BREACHED
    return ExitCode.OK


def error_outcome(error: ParityError) -> Outcome:
    """The outcome of a run stopped by `error`."""
    if error.exit_code is ExitCode.ENVIRONMENT_FAILURE:
        return "environment_failure"
    return "user_error"
