"""A real `parity` process that stops at a named point of an import, for crash and lock tests.

    python tests/harness.py ACTION POINT parity-arguments…

ACTION  kill       SIGKILL itself (a power cut, the OOM killer, kill -9)
        interrupt  SIGINT itself (Ctrl-C)
        swallow    SIGINT itself and swallow the KeyboardInterrupt, as a library does that
                   catches the ImportError an extension module's interrupted start became
        pause      print "paused" and wait for a line on stdin (holds the lock meanwhile)
        fill       from here on no file may grow: the kernel refuses every write past a
                   file's current end (RLIMIT_FSIZE at the size of the database file),
                   as a full disk would
POINT   staged     every file read and validated, before the import transaction
        inserted   inside the transaction, after the first file's rows are inserted
        committed  after COMMIT, before the checkpoint that folds the log into the file

Nothing else is changed: the rest is `parity.launch.main`, the installed entry point.
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from parity.importers import pipeline
from parity.store import Store

DATABASE: Path | None = None


def act(action: str) -> None:
    if action == "fill":
        assert DATABASE is not None
        size = DATABASE.stat().st_size
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    elif action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "interrupt":
        os.kill(os.getpid(), signal.SIGINT)
    elif action == "swallow":
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(10)  # the handler's KeyboardInterrupt ends the sleep at once
        except KeyboardInterrupt:
            pass
        else:
            raise AssertionError("no KeyboardInterrupt within 10 s")
    else:
        print("paused", flush=True)
        sys.stdin.readline()


def install(action: str, point: str) -> None:
    if point == "staged":
        real_transaction = Store.transaction

        @contextmanager
        def transaction(self: Store) -> Iterator[Any]:
            act(action)
            with real_transaction(self) as con:
                yield con

        Store.transaction = transaction  # type: ignore[method-assign]
    elif point == "inserted":
        real_commit = pipeline._commit_file

        def commit_file(store: Store, result: Any, table: str, **options: bool) -> None:
            real_commit(store, result, table, **options)
            act(action)

        pipeline._commit_file = commit_file
    elif point == "committed":
        real_close = Store.close

        def close(self: Store, *, checkpoint: bool = True) -> None:
            if checkpoint and self.path is not None and not self.read_only:
                act(action)
            real_close(self, checkpoint=checkpoint)

        Store.close = close  # type: ignore[method-assign]
    else:
        raise SystemExit(f"unknown point {point}")


if __name__ == "__main__":
    install(sys.argv[1], sys.argv[2])
    sys.argv = ["parity", *sys.argv[3:]]
    if "--db" in sys.argv:
        DATABASE = Path(sys.argv[sys.argv.index("--db") + 1])
    from parity.launch import main

    main()
