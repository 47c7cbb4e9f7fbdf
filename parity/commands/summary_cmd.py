"""`parity summary`: the last complete period against the ones before, for cron."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from parity import api, gate
from parity.commands import common, progress_bar
from parity.renderers import json_, summary_html, summary_md
from parity.summary import Summary


class SummaryFormat(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"


def render(summary: Summary, fmt: SummaryFormat) -> str:
    if fmt is SummaryFormat.JSON:
        return json_.dumps(summary.to_dict())
    if fmt is SummaryFormat.HTML:
        return summary_html.render(summary)
    return summary_md.render(summary)


def status(summary: Summary, db: Path) -> str:
    columns = [*summary.previous, summary.current]
    counts = {s: sum(c.source == s for c in columns) for s in ("computed", "history", "missing")}
    return (
        f"parity summary: {summary.period} {summary.current.label}: {counts['computed']} "
        f"period(s) computed and stored in {db}, {counts['history']} from history, "
        f"{counts['missing']} without data\n"
    )


def summary(
    period: Annotated[
        PeriodKind, typer.Option("--period", help="Length of a period.")
    ] = PeriodKind.WEEK,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Summarise the last period complete at the start of this date (default: today).",
        ),
    ] = None,
    db: common.DbOpt = Path("parity.duckdb"),
    fmt: Annotated[
        SummaryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SummaryFormat.MARKDOWN,
    output: common.OutputOpt = None,
    history: Annotated[int, typer.Option("--history", help="Earlier periods to compare with.")] = 4,
    fail_on: Annotated[
        common.FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when the period has a flagged gap at this level or above "
            "(warn or fail), as `parity check` does. Without it: exit 0.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No status line on stderr.")] = False,
    timestamp: Annotated[
        bool,
        typer.Option("--timestamp", help="Add the wall-clock time (the output then varies)."),
    ] = False,
    config: common.ConfigOpt = None,
    wait: common.WaitOpt = 0.0,
    debug: common.DebugOpt = False,
) -> None:
    """Summarise the last complete week (or month) against the ones before.

    For cron: who is favoured, each gap's trend (widening, narrowing,
    stable), new and resolved flags. The same data and --as-of give the
    same bytes. Each period's result is kept in the database (re-running
    stores nothing twice), so old exports need not be re-imported. A status
    line and a progress bar go to stderr only on a terminal, and never with
    --quiet.

    Example: parity summary --db parity.duckdb --output week.md --quiet
    """
    with common.handled(debug):
        settings = common.settings(config)
        moment = (
            api.parse_moment(as_of, option="--as-of", timezone=settings.timezone) if as_of else None
        )
        with progress_bar.bar(quiet=quiet) as progress:
            result = api.summary(
                db,
                settings,
                kind=period.value,
                as_of=moment,
                history=history,
                wait_seconds=wait,
                timestamp=timestamp,
                progress=progress,
            )
        common.write_output(output, render(result, fmt))
        if not quiet and sys.stderr.isatty():
            sys.stderr.write(status(result, db))
        outcomes = result.outcomes() if fail_on is not None else []
        raise typer.Exit(gate.exit_code(outcomes, fail_on=fail_on.value if fail_on else "fail"))
