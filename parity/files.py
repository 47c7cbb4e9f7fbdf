"""Writing files whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from parity import errors
from parity.errors import EnvironmentFailure


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace `path` with `data` atomically; a reader sees the old file or the new one.

    With `exclusive`, an existing `path` is never replaced: FileExistsError. Any other
    OSError (unwritable folder, disk full) becomes an EnvironmentFailure naming the file;
    the temporary file is removed and `path` is left as it was.
    """
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if exclusive:
                os.link(tmp, path)  # atomic, and fails when `path` exists
            else:
                os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except FileExistsError:
        raise
    except OSError as exc:
        raise unwritable(path, exc) from exc


def unwritable(path: Path, exc: OSError) -> EnvironmentFailure:
    return EnvironmentFailure(
        errors.OUTPUT_UNWRITABLE.format(file=path, reason=exc.strerror or str(exc))
    )


def append_text(path: Path, text: str) -> None:
    """Add `text` at the end of `path` (created if missing), e.g. $GITHUB_STEP_SUMMARY."""
    try:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise unwritable(path, exc) from exc
