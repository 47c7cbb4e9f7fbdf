"""`parity report`: per-channel metrics and the gaps between channels."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from parity import api, interrupts
from parity.calendar import Clock
from parity.commands import common, progress_bar
from parity.importers.pipeline import ImportOptions
from parity.renderers import ReportFormat, csv_, html, json_, markdown, terminal
from parity.report import Report


def render(report: Report, fmt: ReportFormat, *, to_file: bool) -> str | None:
    """The report as text; None for the table on a terminal (printed directly)."""
    if fmt is ReportFormat.JSON:
        return json_.render(report)
    if fmt is ReportFormat.MARKDOWN:
        return markdown.render(report)
    if fmt is ReportFormat.CSV:
        return csv_.render(report)
    if fmt is ReportFormat.HTML:
        return html.render(report)
    if to_file:
        buf = io.StringIO()
        terminal.render(report, Console(file=buf, width=120, color_system=None))
        return buf.getvalue()
    interrupts.finish()  # drawn straight onto the terminal: whole, or not at all
    terminal.render(report, Console())
    return None


def report(
    paths: common.PathsArg = None,
    db: common.DbOpt = Path("parity.duckdb"),
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.TABLE,
    output: common.OutputOpt = None,
    reference: common.ReferenceOpt = None,
    since: common.SinceOpt = None,
    until: common.UntilOpt = None,
    profile: common.ProfileOpt = None,
    channel: common.ChannelOpt = None,
    config: common.ConfigOpt = None,
    clock: Annotated[
        Clock | None,
        typer.Option(
            "--clock",
            help="Measure times in calendar time or in business time on each channel's "
            "calendar (the calendars of the config). Default: the config's clock, else calendar.",
        ),
    ] = None,
    trend: Annotated[
        bool | None,
        typer.Option(
            "--trend/--no-trend",
            help="Add the weekly trend of the main gaps (a report per week: it takes time on "
            "big data). Default: with --format html only, whose charts draw it.",
        ),
    ] = None,
    wait: common.WaitOpt = 0.0,
    debug: common.DebugOpt = False,
) -> None:
    """Per-channel metrics and the gaps between channels, with their statistics.

    With PATHs the files are read into an in-memory database and nothing is
    persisted, each with the profile its header fits (or --profile); without,
    the report reads --db.

    Example: parity report sample_data/ --format markdown --since 2026-09-01
    """
    with common.handled(debug):
        settings = common.settings(config)
        scope = api.Scope(
            since=api.parse_moment(since, option="--since", timezone=settings.timezone)
            if since
            else None,
            until=api.parse_moment(until, option="--until", timezone=settings.timezone, end=True)
            if until
            else None,
            reference=reference,
            clock=clock,
        )
        source = api.Source(
            paths=paths or [],
            db=db,
            wait_seconds=wait,
            options=ImportOptions(channel=channel, profile=profile),
        )
        # the weekly trend is a report per week: by default only for the page that draws it
        weekly = fmt is ReportFormat.HTML if trend is None else trend
        with progress_bar.bar() as progress:
            result = api.report(source, scope, settings, trend=weekly, progress=progress)
        text = render(result, fmt, to_file=output is not None)
        if text is not None:
            common.write_output(output, text)
