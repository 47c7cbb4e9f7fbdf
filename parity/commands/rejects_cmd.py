"""`parity rejects`: the rows an import refused, with file, line and reason."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parity.commands import common
from parity.importers import reasons
from parity.renderers.format import printable
from parity.store import Store


def rejects(
    db: common.DbOpt = Path("parity.duckdb"),
    file: Annotated[
        str | None, typer.Option("--file", help="Only rejects of this file name.")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Only this reason slug.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many lines (0: all).")] = 100,
    show_values: Annotated[
        bool, typer.Option("--show-values", help="Show the offending values (may identify people).")
    ] = False,
    wait: common.WaitOpt = 0.0,
    debug: common.DebugOpt = False,
) -> None:
    """List rejected rows: file, line, column, reason. Values are hidden unless --show-values.

    Example: parity rejects --db parity.duckdb --reason bad_timestamp
    """
    with common.handled(debug):
        store = Store.open(db, read_only=True, wait_seconds=wait)
        try:
            rows = store.con.execute(
                "SELECT file_name, line, line_end, column_name, reason, value, detail FROM rejects "
                "WHERE ($file IS NULL OR file_name = $file) "
                "AND ($reason IS NULL OR reason = $reason) "
                "ORDER BY import_id, line LIMIT CASE WHEN $limit > 0 THEN $limit END",
                {"file": file, "reason": reason, "limit": limit},
            ).fetchall()
            total = store.con.execute("SELECT count(*) FROM rejects").fetchone()
        finally:
            store.close()
        out = []
        for name, line, end, column, slug, value, detail in rows:
            where = f"{name}:{line}" if line == end or end is None else f"{name}:{line}-{end}"
            text = reasons.message(slug, column, value, detail, show_values=show_values)
            out.append(printable(f"{where}: {slug}: {text}"))
        shown = len(rows)
        count = int(total[0]) if total else 0
        if shown < count and not (file or reason):
            out.append(f"… {count - shown:,} more (use --limit 0 for all)")
        if not rows:
            out.append("no rejected rows")
        common.write_output(None, "\n".join(out) + "\n")
