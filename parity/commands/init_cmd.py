"""`parity init`: write a commented starter parity.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parity import api
from parity.commands import common


def init(
    path: Annotated[
        Path, typer.Argument(help="File to write; '-' prints it to stdout instead.")
    ] = Path("parity.toml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    debug: common.DebugOpt = False,
) -> None:
    """Write a commented starter parity.toml that states every default.

    An existing file is left alone unless --force is given.

    Example: parity init && parity check exports/
    """
    with common.handled(debug):
        if str(path) == "-":
            common.write_output(None, api.starter_text())
            return
        written = api.init(path, force=force)
        common.write_output(
            None, f"wrote {written}: edit its thresholds, then run `parity check`\n"
        )
