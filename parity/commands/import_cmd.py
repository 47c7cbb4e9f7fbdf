"""`parity import`: load exports into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parity import api
from parity.commands import common, progress_bar
from parity.importers.pipeline import FileResult, ImportOptions
from parity.renderers.format import printable


def summary_line(r: FileResult) -> str:
    if r.status == "already_imported":
        return printable(f"{r.path}: already imported, nothing changed ({'; '.join(r.notes)})")
    parts = [
        f"{r.path}: read {r.rows_read:,}",
        f"loaded {r.rows_loaded:,}",
        f"rejected {r.rows_rejected:,}",
        f"skipped {r.rows_skipped:,}",
    ]
    if r.rows_replaced:
        parts.append(f"replaced {r.rows_replaced:,} earlier rows")
    parts.append(f"profile {r.profile}" + (" (detected)" if r.profile_detected else ""))
    line = ", ".join(parts)
    notes = list(r.notes)
    if r.skipped_by_reason:
        notes.insert(
            0, "skipped: " + ", ".join(f"{k} {v:,}" for k, v in r.skipped_by_reason.items())
        )
    if notes:
        line += " (" + "; ".join(notes) + ")"
    return printable(line)


def import_(
    paths: Annotated[list[Path], typer.Argument(help="Export files or folders of them.")],
    db: common.DbOpt = Path("parity.duckdb"),
    profile: common.ProfileOpt = None,
    channel: common.ChannelOpt = None,
    source: common.SourceOpt = None,
    config: common.ConfigOpt = None,
    wait: common.WaitOpt = 0.0,
    debug: common.DebugOpt = False,
) -> None:
    """Load exports into the database: prints rows read / loaded / rejected / skipped per file.

    Each file's profile (the vendor format) is found from its header and named in
    the output, or set with --profile. Re-importing a file already imported
    changes nothing; an import is all or nothing.

    Example: parity import calls.csv tickets.csv --db parity.duckdb
    """
    with common.handled(debug):
        settings = common.settings(config)
        options = ImportOptions(channel=channel, source=source, profile=profile)
        where = api.Source(paths=paths, db=db, wait_seconds=wait, options=options)
        with progress_bar.bar() as progress:
            results = api.import_paths(where, settings, progress=progress)
        lines = [summary_line(r) for r in results]
        rejected = sum(r.rows_rejected for r in results)
        if rejected:
            lines.append(f"{rejected:,} rejected row(s): list them with `parity rejects --db {db}`")
        common.write_output(None, "\n".join(lines) + "\n")
