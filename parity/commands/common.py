"""Options shared by several commands, and the one place errors become exit codes."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import duckdb
import typer

from parity import config, gate
from parity.config import Settings
from parity.errors import ExitCode, ParityError
from parity.files import atomic_write

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
    typer.Option("--config", help="parity.toml (default: ./parity.toml or [tool.parity])."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show the traceback of an error.", envvar="PARITY_DEBUG")
]
WaitOpt = Annotated[
    float,
    typer.Option("--wait", help="Seconds to wait for a database locked by another process."),
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
    sys.stderr.write(f"parity: error: {message}\n")
    raise typer.Exit(int(code))


@contextmanager
def handled(debug: bool) -> Iterator[None]:
    """Translate library errors into one stderr line and an exit code (tracebacks with --debug)."""
    try:
        yield
    except typer.Exit:
        raise
    except ParityError as exc:
        if debug:
            traceback.print_exc()
        fail(exc.message, gate.exit_code([gate.error_outcome(exc)]))
    except KeyboardInterrupt:
        sys.stderr.write("parity: interrupted; nothing was changed\n")
        raise typer.Exit(130) from None
    except MemoryError:
        if debug:
            traceback.print_exc()
        fail("out of memory", ExitCode.ENVIRONMENT_FAILURE)
    except duckdb.OutOfMemoryException as exc:
        if debug:
            traceback.print_exc()
        fail(f"out of memory: {_first_line(exc)}", ExitCode.ENVIRONMENT_FAILURE)
    except OSError as exc:
        if debug:
            traceback.print_exc()
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}", ExitCode.ENVIRONMENT_FAILURE)
    except Exception as exc:  # a bug: say so in one line, the traceback with --debug
        if debug:
            traceback.print_exc()
        fail(
            f"unexpected {type(exc).__name__}: {_first_line(exc)} (run with --debug for details)",
            ExitCode.ENVIRONMENT_FAILURE,
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].split("Original Line")[0] if text else ""


def settings(path: Path | None) -> Settings:
    return config.load(path)


def write_output(path: Path | None, content: str | bytes) -> None:
    """Write to `path` atomically (temporary file + rename), or to stdout."""
    if path is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        sys.stdout.flush()
        return
    atomic_write(path, content.encode("utf-8") if isinstance(content, str) else content)


Command = Callable[..., None]
