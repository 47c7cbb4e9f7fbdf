"""`parity demo`: realistic synthetic exports with a planted two-tier gap."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parity.commands import common
from parity.errors import UserError


def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the exports into.")] = Path(
        "demo_data"
    ),
    rows: Annotated[int, typer.Option("--rows", help="Contacts in total, all channels.")] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same files.")] = 7,
    weeks: Annotated[int, typer.Option("--weeks", help="Weeks of data.")] = 13,
    debug: common.DebugOpt = False,
) -> None:
    """Write realistic exports for phone, email, chat and social with a planted two-tier gap.

    Example: parity demo --out demo_data --rows 50000 --seed 1 && parity report demo_data/
    """
    from parity.demo import write_demo

    with common.handled(debug):
        try:
            files = write_demo(out, rows=rows, seed=seed, weeks=weeks)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
        lines = [f"{f.path}: {f.rows:,} {f.channel} contacts" for f in files]
        common.write_output(None, "\n".join(lines) + "\n")
