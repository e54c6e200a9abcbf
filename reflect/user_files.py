"""Reading the files a user puts in the data folder (checklists, templates, schemes) safely.

Anything can end up in ``frameworks/``, ``templates/`` or ``schemes/``: a named pipe,
a link to ``/dev/zero``, a huge file copied by mistake. Reading one must neither hang
Reflect nor fill its memory, so only regular files up to ``MAX_BYTES`` are read; the
file is checked before it is opened (without blocking) and again once it is open.
Problems are announced once in the log and on stderr, and the file is skipped.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from contextlib import suppress
from pathlib import Path

log = logging.getLogger(__name__)

MAX_BYTES = 1024 * 1024


class UnreadableFile(ValueError):
    """The file is not something Reflect will read; ``problem`` says why, as a phrase."""

    def __init__(self, problem: str) -> None:
        self.problem = problem
        super().__init__(problem)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _too_large(limit: int) -> UnreadableFile:
    shown = f"{limit // 2**20:,} MB" if limit % 2**20 == 0 else f"{limit // 1024:,} KB"
    return UnreadableFile(f"is larger than {shown}, so it was not read")


def _check(mode: int, size: int, limit: int) -> None:
    if not stat.S_ISREG(mode):
        raise UnreadableFile(f"is {_kind(mode)}, not a regular file, so it was not read")
    if size > limit:
        raise _too_large(limit)


def check_regular(path: Path) -> None:
    """Refuse (UnreadableFile) anything but an existing regular file, or a link to one, without opening it.

    For files handed to another reader (SQLite opening a backup), where only the kind can be checked here.
    """
    try:
        _check(os.stat(path).st_mode, 0, 0)
    except FileNotFoundError:
        raise UnreadableFile("does not exist") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from exc


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (symlinks to one are followed)."""
    try:
        before = os.stat(path)
        _check(before.st_mode, before.st_size, limit)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from exc
    try:
        opened = os.fstat(fd)  # it may have been swapped since the check above
        _check(opened.st_mode, opened.st_size, limit)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    if len(raw) > limit:  # it grew after the check
        raise _too_large(limit)
    return raw


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes (symlinks to one are followed)."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile("is not UTF-8 text") from exc


_announced: set[str] = set()  # files are loaded again by later pages: say each thing once per run


def announce(message: str) -> None:
    """One message about a user file, in the log and on stderr (where a terminal user sees it), once."""
    if message in _announced:
        return
    _announced.add(message)
    if log.hasHandlers():  # else logging's last resort would print it to stderr a second time
        log.warning("%s", message)
    with suppress(OSError, ValueError):  # no usable stderr (a GUI launched without a console)
        print(f"reflect: {message}", file=sys.stderr)
