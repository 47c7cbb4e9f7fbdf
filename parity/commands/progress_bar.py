"""Progress bars on stderr for imports and reports that take a while — on a terminal only.

`bar()` gives the commands a `parity.progress.Progress` callback. When stderr
is not a terminal (a pipe, a file, cron, CI) it is `silent` and not one byte
reaches stderr: machine formats keep stderr empty. On a terminal a rich
progress bar appears once the work has gone on for `DELAY` seconds (a report
that takes half a second shows none), follows the steps the library reports
(files read, report phases, weeks, periods) and is cleared when the work ends,
so the terminal keeps only the output.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from parity.progress import Progress as ProgressCallback
from parity.progress import silent

DELAY = 1.0  # seconds of work before a bar is worth showing


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def bar(*, quiet: bool = False) -> Iterator[ProgressCallback]:
    """A progress callback for one command: a delayed bar on a terminal, else silence."""
    if quiet or not stderr_is_terminal():
        yield silent
        return
    with DelayedBar(Console(file=sys.stderr, force_terminal=True), delay=DELAY) as shown:
        yield shown


class DelayedBar:
    """A progress callback that draws a bar once `delay` seconds have passed.

    A timer shows the bar even while one long step (a large file) is under
    way; the spinner and the elapsed time then say that work goes on. Steps
    reported before that only update what the bar will show.
    """

    def __init__(self, console: Console, delay: float = DELAY) -> None:
        self._console = console
        self._delay = delay
        self._lock = threading.Lock()
        self._state: tuple[str, int, int] = ("Working", 0, 0)
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._closed = False

    def __enter__(self) -> DelayedBar:
        self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._progress is not None:
                self._progress.stop()

    def __call__(self, task: str, done: int, total: int) -> None:
        with self._lock:
            self._state = (task, done, total)
            self._update()

    @property
    def shown(self) -> bool:
        return self._progress is not None

    def _show(self) -> None:
        with self._lock:
            if self._closed or self._progress is not None:
                return
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self._console,
                transient=True,
            )
            self._task = self._progress.add_task(self._state[0], total=None)
            self._progress.start()
            self._update()

    def _update(self) -> None:
        if self._progress is None or self._task is None:
            return
        task, done, total = self._state
        self._progress.update(self._task, description=task, completed=done, total=total or None)
