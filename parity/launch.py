"""The console entry point: Ctrl-C while parity is still loading ends as cleanly as later.

Loading the command line takes about a second (NumPy, SciPy, DuckDB); an
interrupt then would print a Python traceback from the import machinery.
This module imports nothing heavy itself.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

from parity import interrupts
from parity.errors import ExitCode


def main() -> None:
    interrupts.install()
    try:
        from parity.cli import main as run
    except KeyboardInterrupt:
        # nothing is open yet; a half-imported extension module may raise again while the
        # interpreter shuts down, so leave at once
        _leave_interrupted()
    except ImportError:
        if interrupts.received():  # the interrupt surfaced as a module that failed to load
            _leave_interrupted()
        raise
    try:
        try:
            run()  # always ends in SystemExit
        finally:
            # the work is over: a Ctrl-C while the exit unwinds or the interpreter shuts
            # down would otherwise end a finished run by the signal, with nothing said
            interrupts.ignore()
    except KeyboardInterrupt:
        _leave_interrupted()
    except SystemExit as exc:
        # interrupted, said and cleaned up: leave before the interpreter's own shut-down,
        # where it once ended by the signal
        if exc.code == ExitCode.INTERRUPTED:
            _leave(ExitCode.INTERRUPTED)
        raise


def _leave(code: int) -> NoReturn:
    """Flush what was written and end the process at once, with `code`."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed or broken: nothing to say
            stream.flush()
    os._exit(code)


def _leave_interrupted() -> NoReturn:
    """One line, exit 130, at once: no further interrupt, no clean-up that could raise."""
    _leave(interrupts.announce())
