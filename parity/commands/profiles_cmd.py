"""`parity profiles`: the vendor formats parity reads, and what each maps."""

from __future__ import annotations

import textwrap
from typing import Annotated

import typer

from parity import api, schema
from parity.commands import common
from parity.importers.profiles import Profile


def listing(profiles: list[Profile]) -> str:
    """One line per profile: name, source system, the canonical columns it fills."""
    width = max(len(p.name) for p in profiles)
    lines = []
    for p in profiles:
        if p.refuse:
            maps = "recognised only to refuse: not one row per contact"
        else:
            maps = "maps " + ", ".join(c for c in schema.NAMES if c in p.columns)
        flag = "" if p.detect else " [only with --profile]"
        lines.append(f"{p.name:<{width}}  {p.source_system}{flag}\n{'':<{width}}  {maps}")
    return "\n".join(lines) + "\n"


def details(p: Profile) -> str:
    """Everything a profile does, column by column."""
    out = [f"{p.name}: {p.title}", f"source system: {p.source_system}", f"from: {p.origin}"]
    if p.timezone:
        out.append(f"time zone: {p.timezone}")
    if p.rebuild:
        out.append(f"rebuilt by: parity/importers/{p.rebuild}.py")
    if p.description:
        out += ["", textwrap.fill(" ".join(p.description.split()), width=88)]
    if p.refuse:
        out += ["", f"refused: {p.refuse}"]
    if p.columns:
        out += ["", "columns:"]
        width = max(len(c) for c in p.columns)
        out += [
            f"  {c:<{width}} ← {p.columns[c].describe()}" for c in schema.NAMES if c in p.columns
        ]
    if p.skips:
        out += ["", "skipped rows:"]
        out += [f"  {rule.reason}: {rule.why}" for rule in p.skips]
    if not p.detect:
        out += ["", "not chosen automatically: pass --profile " + p.name]
    return "\n".join(out) + "\n"


def profiles(
    name: Annotated[
        str | None, typer.Argument(help="Show this profile (a name or a .toml file) in full.")
    ] = None,
    debug: common.DebugOpt = False,
) -> None:
    """List the profiles: the vendor exports parity reads and what each maps.

    Without --profile, `parity import` and `parity report` pick for each file the
    profile its header fits best, and name it in their output.

    Example: parity profiles sf311
    """
    with common.handled(debug):
        text = details(api.profile(name)) if name else listing(api.profiles())
        common.write_output(None, text)
