"""`parity check`: the CI gate — exit 1 when a gap breaches a fail threshold."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from parity import api, gate
from parity.check import CheckResult
from parity.commands import common, progress_bar
from parity.files import append_text
from parity.importers.pipeline import ImportOptions
from parity.renderers import CheckFormat, check_text, github, json_, junit

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def render(result: CheckResult, fmt: CheckFormat) -> str:
    if fmt is CheckFormat.JSON:
        return json_.dumps(result.to_dict())
    if fmt is CheckFormat.JUNIT:
        return junit.render(result)
    if fmt is CheckFormat.GITHUB:
        return github.workflow_commands(result)
    return check_text.render(result)


def check(
    paths: common.PathsArg = None,
    db: common.DbOpt = Path("parity.duckdb"),
    config: common.ConfigOpt = None,
    fmt: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CheckFormat.TEXT,
    output: common.OutputOpt = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="A JSON report saved earlier (parity report --format json): also fail when "
            "a gap has widened by more than its margin since then.",
        ),
    ] = None,
    fail_on: common.FailOnOpt = common.FailOn.FAIL,
    channel: common.ChannelOpt = None,
    wait: common.WaitOpt = 0.0,
    debug: common.DebugOpt = False,
) -> None:
    """Gate a CI pipeline: exit 1 when a gap between channels breaches a fail level.

    Flagged gaps at their warn level are reported and exit 0 (unless
    --fail-on warn). With --baseline, a gap that widened by at least its
    margin since that report, beyond noise, fails even under the thresholds.
    Exit 2: bad input or config; 3: the environment failed. With --format
    github and $GITHUB_STEP_SUMMARY set, a Markdown table is appended there.

    Example: parity check exports/ --format junit --output parity.xml
    """
    with common.handled(debug):
        settings = common.settings(config)
        source = api.Source(
            paths=paths or [], db=db, wait_seconds=wait, options=ImportOptions(channel=channel)
        )
        with progress_bar.bar() as progress:
            result = api.check(source, settings, baseline=baseline, progress=progress)
        common.write_output(output, render(result, fmt))
        summary_file = os.environ.get(STEP_SUMMARY)
        if fmt is CheckFormat.GITHUB and summary_file:
            append_text(Path(summary_file), github.step_summary(result))
        raise typer.Exit(gate.exit_code(result.outcomes(), fail_on=fail_on.value))
