"""Writing files whole or not at all: a temporary file beside the target, then a rename.

A report written with `--output` is meant to be mailed and shared, so it gets
the permissions any new file of the user gets (0666 masked by the process
umask: 0644 under the usual 022), not the owner-only 0600 of a temporary file.
Every write sets them, also over an existing file, so a report once written
0600 by an older parity is readable again at its next run; keep reports
private with a umask (077 gives 0600).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from parity import errors
from parity.errors import EnvironmentFailure

NEW_FILE_MODE = 0o666  # before the umask, as open(2) and the shell create files


def umask() -> int:
    """The process umask (reading it means setting it; it is put back at once)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def new_file_mode() -> int:
    """The permissions of a file the user creates now: 0666 masked by the umask."""
    return NEW_FILE_MODE & ~umask()


@contextmanager
def replacing(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that atomically replaces `path` when the block ends without error.

    A reader sees the old file or the new one, never a part. On an error the
    temporary file is removed and `path` is untouched. OSErrors propagate.
    """
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fchmod(fh.fileno(), new_file_mode())
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace `path` with `data` atomically (see `replacing`).

    With `exclusive`, an existing `path` is never replaced: FileExistsError. Any other
    OSError (unwritable folder, disk full) becomes an EnvironmentFailure naming the file;
    the temporary file is removed and `path` is left as it was.
    """
    try:
        if exclusive:
            _create(path, data)
        else:
            with replacing(path) as fh:
                fh.write(data)
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


def _create(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all, and only if it does not exist yet."""
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), new_file_mode())
            os.fsync(fh.fileno())
        os.link(tmp, path)  # atomic, and fails when `path` exists
    finally:
        Path(tmp).unlink(missing_ok=True)
