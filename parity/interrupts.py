"""Ctrl-C, decided once: a run ends finished (its whole output, exit 0 or its verdict) or
interrupted (one line, exit 130), never in between.

Two things can otherwise blur the line. A SIGINT that arrives while an extension
module initialises (SciPy, loaded on first use) surfaces as `ImportError:
initialization failed`, which a library may catch and go on without, so the run
ends as if nothing happened; and one that arrives while the output is being
written leaves half a report behind. So the handler parity installs when it owns
the process (`parity.launch`) remembers that the signal came, and `finish()`,
called just before a command writes its output, turns a remembered signal into
the interruption it was and ignores any later one: the output is then written
whole. A transaction checks the same before it commits (`parity.store`), so an
interrupt that was swallowed still writes nothing.

Imported by `parity.launch` before anything heavy, so it imports nothing heavy.
As a library (tests call the commands in-process) nothing is installed and
nothing here changes the host's signal handling.
"""

from __future__ import annotations

import signal
import sys
from types import FrameType

from parity.errors import INTERRUPTED, ExitCode

_installed = False
_received = False


def install() -> None:
    """Take over SIGINT for this process: raise KeyboardInterrupt, as Python does, and
    remember that it came."""
    global _installed
    _installed = True
    signal.signal(signal.SIGINT, _on_interrupt)


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = True
    raise KeyboardInterrupt


def received() -> bool:
    """Whether a Ctrl-C has come since `install()`, whatever became of its exception."""
    return _received


def ignore() -> None:
    """No further interrupt: the run is ending (either way) and nothing may cut it short."""
    if _installed:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def check() -> None:
    """KeyboardInterrupt if a Ctrl-C has come, even one whose exception was lost: called
    before a transaction commits, so that it writes nothing."""
    if _received:
        raise KeyboardInterrupt


def finish() -> None:
    """The result is complete and about to be written: a Ctrl-C that came before this
    ends the run as interrupted (KeyboardInterrupt); one that comes after is ignored."""
    ignore()
    check()


def announce() -> ExitCode:
    """The run ends interrupted: no further interrupt (DuckDB would raise a pending one
    again, and the process would end by the signal), the one line on stderr, and the
    exit code to leave with. Each caller leaves its own way: by typer.Exit inside a
    command, by sys.exit around it, at once while parity is still loading."""
    ignore()
    sys.stderr.write(INTERRUPTED + "\n")
    return ExitCode.INTERRUPTED
