"""The start-up integrity check of a plain database, begun as soon as the window is painted.

A save pressed at first paint waits for the database to open, and SQLite's quick check was most
of the open's own time (about 50 ms at 20,000 reflections, 220 ms at 100,000, on the GUI thread).
SQLite runs it with Python's lock released, so on a thread started as the start-up worker begins
importing what the open needs, it runs alongside those imports and is done by the time the
database opens. (Begun before the first paint, it slowed the paint on a busy machine.) The open
takes its verdict only if the file is as it was when the check began (size and modification
time of the database and of its write-ahead log); otherwise it checks again, so a file changed
in between is never trusted on an older look.
"""

from __future__ import annotations

import os
import threading

from reflect.data import backups
from reflect.paths import DataPaths

Stamp = tuple[tuple[int, int] | None, ...]


def _stamp(paths: DataPaths) -> Stamp:
    """Size and modification time of the database and of its log, if that holds anything (the check's
    own read-only connection creates an empty one)."""
    found: list[tuple[int, int] | None] = []
    for suffix in ("", "-wal"):
        try:
            status = os.stat(f"{paths.database}{suffix}")
        except OSError:
            found.append(None)
        else:
            found.append((status.st_size, status.st_mtime_ns) if status.st_size else None)
    return tuple(found)


class CheckAhead:
    """``check_database(paths, None)`` begun now on a thread; ``verdict`` gives its outcome when needed."""

    def __init__(self, paths: DataPaths) -> None:
        self._paths = paths
        self._stamp = _stamp(paths)
        self._error: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="Check the database", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            backups.check_database(self._paths, None)
        except Exception as exc:  # raised by `verdict`, in the thread that opens the database
            self._error = exc

    def verdict(self) -> None:
        """Return if the file passed; raise what the check raised (DamagedDatabase, StorageError…).

        A file that changed since the check began is checked again, now.
        """
        self._thread.join()
        if _stamp(self._paths) != self._stamp:
            backups.check_database(self._paths, None)
        elif self._error is not None:
            raise self._error
