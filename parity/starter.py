"""`parity init`: a commented starter parity.toml stating every default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from parity.errors import UserError
from parity.files import atomic_write

EXISTS = "{file} already exists; pass --force to overwrite it"


def text() -> str:
    """The starter file: every key at its built-in default, with comments."""
    return (resources.files("parity") / "starter.toml").read_text(encoding="utf-8")


def write(path: Path, *, force: bool = False) -> Path:
    """Write the starter file to `path`; refuse to overwrite unless `force`."""
    try:
        atomic_write(path, text().encode("utf-8"), exclusive=not force)
    except FileExistsError:
        raise UserError(EXISTS.format(file=path)) from None
    return path
