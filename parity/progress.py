"""How long-running library calls say how far they are, without printing anything.

A `Progress` is a callback: `progress(task, done, total)` says that `done` of
`total` steps of `task` ("Reading exports", "Weekly trend") are finished.
The library calls it between steps; what is shown, if anything, is the
caller's business (`parity.commands.progress_bar` draws a bar on a terminal).
`silent` is the default: a library call made without a callback shows nothing.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, task: str, done: int, total: int) -> None: ...


def silent(task: str, done: int, total: int) -> None:
    """A progress callback that shows nothing."""
