"""Options shared by several commands, and the one place errors become exit codes."""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import duckdb
import typer

from parity import config, errors, gate, interrupts
from parity.config import Settings
from parity.engine_errors import describe, is_interrupt, scrubbed_traceback
from parity.errors import EnvironmentFailure, ExitCode, ParityError
from parity.files import atomic_write
from parity.renderers.format import printable

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Export files or folders; read into memory, nothing persisted."),
]
DbOpt = Annotated[
    Path,
    typer.Option("--db", help="Database file.", envvar="PARITY_DB", show_default=True),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="parity.toml (default: ./parity.toml or \\[tool.parity] of ./pyproject.toml).",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
DebugOpt = Annotated[
    bool,
    typer.Option(
        "--debug",
        help="Show the traceback of an error, and parity's notes on how it ran.",
        envvar="PARITY_DEBUG",
    ),
]
WaitOpt = Annotated[
    float,
    typer.Option(
        "--wait",
        help="Seconds to wait for a database locked by another process (then exit 3).",
        envvar="PARITY_WAIT",
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only contacts created on/after this date or time.")
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", help="Only contacts created before the end of this date (or time)."),
]
ReferenceOpt = Annotated[
    str | None,
    typer.Option("--reference", help="Channel every other is compared with (default: phone)."),
]
ChannelOpt = Annotated[
    str | None,
    typer.Option("--channel", help="Set every row's channel (for single-channel exports)."),
]
ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="Profile of the exports: a built-in name (see `parity profiles`) or a .toml "
        "file. Default: found from each file's header.",
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option("--source", help="Name of the system the contact ids come from."),
]


class FailOn(StrEnum):
    WARN = "warn"
    FAIL = "fail"


FailOnOpt = Annotated[
    FailOn,
    typer.Option(
        "--fail-on",
        help="Exit 1 on a flagged gap at this level or above: fail (default) or warn.",
    ),
]


def fail(message: str, code: ExitCode) -> NoReturn:
    """One line on stderr, then exit."""
    sys.stderr.write(f"parity: error: {printable(message)}\n")
    raise typer.Exit(int(code))


def translate(exc: BaseException) -> tuple[str, int]:
    """The one line and the exit code that an exception ends a command with.

    Engine messages are rewritten (`parity.engine_errors`): they quote raw data.
    """
    if isinstance(exc, ParityError):
        return exc.message, gate.exit_code([gate.error_outcome(exc)])
    environment = ExitCode.ENVIRONMENT_FAILURE
    if isinstance(exc, MemoryError | duckdb.OutOfMemoryException):
        detail = describe(exc) if isinstance(exc, duckdb.Error) else ""
        return "out of memory" + (f": {detail}" if detail else ""), environment
    if isinstance(exc, OSError):
        if exc.filename:
            return f"{exc.filename}: {exc.strerror or describe(exc)}", environment
        return f"cannot write output: {exc.strerror or describe(exc)}", environment
    if isinstance(exc, duckdb.IOException):
        return f"the database engine could not read or write a file: {describe(exc)}", environment
    if isinstance(exc, duckdb.Error):
        return f"the database engine failed: {describe(exc)} {DEBUG_HINT}", environment
    return f"unexpected {type(exc).__name__}: {describe(exc)} {DEBUG_HINT}", environment


DEBUG_HINT = "(run with --debug for details)"


@contextmanager
def handled(debug: bool) -> Iterator[None]:
    """Translate library errors into one stderr line and an exit code (with --debug, their
    tracebacks, and parity's log on stderr)."""
    log = _debug_log() if debug else None
    try:
        yield
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        interrupted()
    except Exception as exc:
        # Ctrl-C while DuckDB runs a query, or one that surfaced as another error
        if is_interrupt(exc) or interrupts.received():
            interrupted()
        if debug:
            sys.stderr.write(scrubbed_traceback(exc))
        if isinstance(exc, OSError) and not exc.filename:  # rich could not draw on stdout
            _abandon_stdout()
        message, code = translate(exc)
        fail(message, ExitCode(code))
    finally:
        if log is not None:
            logger = logging.getLogger("parity")
            logger.removeHandler(log)
            logger.setLevel(logging.NOTSET)


def _debug_log() -> logging.Handler:
    """Show parity's log (what the library notes but does not print: a pairing done in
    parts, say) on stderr, a line each, until the command ends."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("parity: debug: %(message)s"))
    logger = logging.getLogger("parity")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return handler


def interrupted() -> NoReturn:
    """Ctrl-C: one line, exit 130 (`interrupts.announce`)."""
    raise typer.Exit(interrupts.announce())


def _abandon_stdout() -> None:
    """After a failed write, point stdout at /dev/null: the interpreter flushes it again at
    exit, and a second failure there would print a second line on stderr."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return  # not a real file (tests capture it)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def settings(path: Path | None) -> Settings:
    return config.load(path)


def write_output(path: Path | None, content: str | bytes) -> None:
    """Write to `path` atomically (temporary file + rename), or to stdout: whole, or not at
    all if a Ctrl-C came first (`interrupts.finish`)."""
    interrupts.finish()
    if path is None:
        try:
            if isinstance(content, bytes):
                sys.stdout.buffer.write(content)
            else:
                sys.stdout.write(content)
            sys.stdout.flush()
        except OSError as exc:  # a full disk behind a redirection, a closed pipe
            _abandon_stdout()
            raise EnvironmentFailure(
                errors.OUTPUT_UNWRITABLE.format(
                    file="standard output", reason=exc.strerror or describe(exc)
                )
            ) from exc
        return
    atomic_write(path, content.encode("utf-8") if isinstance(content, str) else content)


Command = Callable[..., None]
