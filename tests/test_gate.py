"""The exit-code rule: one pure function, and its precedence."""

from __future__ import annotations

from itertools import combinations

import pytest

from parity import gate
from parity.errors import EnvironmentFailure, ExitCode, UserError

OUTCOMES: tuple[gate.Outcome, ...] = (
    "pass",
    "skipped",
    "warn",
    "fail",
    "user_error",
    "environment_failure",
)


def expected(outcomes: set[str], fail_on: str) -> ExitCode:
    """The rule written out as a table, highest precedence first."""
    if "environment_failure" in outcomes:
        return ExitCode.ENVIRONMENT_FAILURE
    if "user_error" in outcomes:
        return ExitCode.USER_ERROR
    if "fail" in outcomes:
        return ExitCode.THRESHOLD_BREACHED
    if "warn" in outcomes and fail_on == "warn":
        return ExitCode.THRESHOLD_BREACHED
    return ExitCode.OK


@pytest.mark.parametrize("fail_on", ["fail", "warn"])
def test_every_combination_of_outcomes_follows_the_precedence(fail_on) -> None:
    for size in range(len(OUTCOMES) + 1):
        for combo in combinations(OUTCOMES, size):
            got = gate.exit_code(combo, fail_on=fail_on)
            assert got == expected(set(combo), fail_on), combo


@pytest.mark.parametrize(
    ("outcomes", "code"),
    [
        ([], 0),
        (["pass", "pass"], 0),
        (["skipped"], 0),  # no verdict is not a breach
        (["pass", "warn"], 0),  # warnings are printed, exit 0
        (["warn", "fail"], 1),
        (["fail", "user_error"], 2),  # a run that went wrong gives no verdict
        (["fail", "environment_failure"], 3),
        (["user_error", "environment_failure"], 3),
    ],
)
def test_precedence_by_example(outcomes, code) -> None:
    assert gate.exit_code(outcomes) == code


def test_warnings_fail_only_when_asked() -> None:
    assert gate.exit_code(["warn"], fail_on="fail") == ExitCode.OK
    assert gate.exit_code(["warn"], fail_on="warn") == ExitCode.THRESHOLD_BREACHED


def test_errors_map_to_their_outcome() -> None:
    assert gate.error_outcome(UserError("x")) == "user_error"
    assert gate.error_outcome(EnvironmentFailure("x")) == "environment_failure"
    assert gate.exit_code([gate.error_outcome(EnvironmentFailure("x"))]) == 3
