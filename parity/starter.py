"""`parity init`: a commented starter parity.toml stating every default."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from parity.errors import UserError
from parity.files import atomic_write, unwritable

EXISTS = "{file} already exists; pass --force to overwrite it"


def text() -> str:
    """The starter file: every key at its built-in default, with comments."""
    return (resources.files("parity") / "starter.toml").read_text(encoding="utf-8")


def write(path: Path, *, force: bool = False) -> Path:
    """Write the starter file to `path`; refuse to overwrite unless `force`."""
    data = text().encode("utf-8")
    if force:
        atomic_write(path, data)
        return path
    try:
        with path.open("xb") as fh:  # exclusive: never replaces an existing file
            fh.write(data)
    except FileExistsError:
        raise UserError(EXISTS.format(file=path)) from None
    except OSError as exc:
        raise unwritable(path, exc) from exc
    return path
