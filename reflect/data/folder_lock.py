"""One writer per data folder: the running app, or one command that changes the data.

Two writers would lose work: a restore that swaps the database while the app saves
drops every save made after its safety copy, and a passphrase change racing a save
fails half-way. So the app holds this lock for its whole life, and every command that
writes (import, restore, passphrase, demo, calendar import, backup) holds it while it
runs; a second writer is refused in one sentence before anything is touched. Commands
that only read (report, export, check-text, calendar list) do not take it.

It is ``filelock``'s operating-system lock (``flock`` on Unix, ``LockFileEx`` on
Windows) on ``reflect.lock`` in the data folder, not a pid file: the system drops it
when the holder exits in any way, SIGKILL and power loss included, so a lock left by a
killed process never needs clearing by hand. The file (empty, 0600) is removed while
the lock is still held, so a command leaves the folder as it found it; ``filelock``
checks that the file it locked is still in place before it counts as acquired.
"""

from __future__ import annotations

import os
from contextlib import suppress
from types import TracebackType

from filelock import FileLock, Timeout

from reflect.errors import StorageError
from reflect.files import PRIVATE_FILE, make_private_dir
from reflect.paths import DataPaths

LOCK_NAME = "reflect.lock"


class FolderInUse(StorageError):
    """Another Reflect (the app or a command) is writing to this data folder."""


def in_use(paths: DataPaths) -> FolderInUse:
    return FolderInUse(
        f"The data folder {paths.root} is in use by another Reflect (the app, or a command that changes it): "
        "close it first; nothing was changed."
    )


class FolderLock:
    """Exclusive, non-waiting: ``acquire`` raises FolderInUse at once when another process holds it."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self.path = paths.root / LOCK_NAME
        self._lock = FileLock(self.path, timeout=0, mode=PRIVATE_FILE)
        self._made_root = False

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> FolderLock:
        self._made_root = not self.paths.root.exists()
        try:
            make_private_dir(self.paths.root)
        except OSError as exc:
            raise StorageError(f"Cannot create the data folder {self.paths.root}: {exc.strerror or exc}.") from exc
        try:
            self._lock.acquire()
        except Timeout:
            raise in_use(self.paths) from None
        except OSError as exc:
            self._remove_made_root()
            raise StorageError(f"Cannot lock the data folder {self.paths.root}: {exc.strerror or exc}.") from exc
        return self

    def release(self) -> None:
        """Remove the lock file, then unlock; a folder this lock created is removed again if nothing was put in it."""
        if not self._lock.is_locked:
            return
        if os.name == "posix":  # (on Windows filelock removes it, once unlocked)
            with suppress(OSError):
                self.path.unlink()
        self._lock.release(force=True)
        self._remove_made_root()

    def _remove_made_root(self) -> None:
        if self._made_root:
            with suppress(OSError):  # not empty: the command wrote something, and it stays
                self.paths.root.rmdir()

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()
