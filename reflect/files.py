"""Files and folders Reflect writes: private from the moment they exist, never half-written.

Folders are created 0700 and files 0600 by the call that creates them (``os.open`` and
``mkdir`` with a mode), so there is no moment in which another account could open them,
whatever the umask. ``write_atomically`` writes beside the target, flushes it to disk and
renames it into place, so a crash leaves either the old file or the new one.
"""

from __future__ import annotations

import os
import shutil
from contextlib import suppress
from pathlib import Path

from reflect.errors import UserError

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends


def make_private(path: Path) -> None:
    """Narrow an existing file or folder to its owner (where the OS has such permissions)."""
    with suppress(OSError):
        os.chmod(path, PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def make_private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as 0700 folders; an existing `path` is narrowed to 0700."""
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with suppress(FileExistsError):  # made meanwhile by another process: narrowed below
            folder.mkdir(mode=PRIVATE_DIR)
        make_private(folder)  # the mode given to mkdir is reduced by an unusual umask such as 0277
    if not path.is_dir():
        raise NotADirectoryError(20, "Not a folder", str(path))
    make_private(path)
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for ``open()`` that creates the file 0600 (an existing file keeps its mode)."""
    return os.open(path, flags | _BINARY, PRIVATE_FILE)


def create_private(path: Path) -> None:
    """Create an empty 0600 file that does not exist yet (FileExistsError if it does)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, PRIVATE_FILE))


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable; some platforms cannot open a folder, and need not."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _temporary(path: Path) -> Path:
    """A new 0600 file beside `path`; a leftover from a crash is replaced, never followed."""
    tmp = path.with_name(f".{path.name}.part")
    tmp.unlink(missing_ok=True)
    create_private(tmp)
    return tmp


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` (0600): a temporary file, flushed to disk, renamed over the target.

    OSError when it cannot be written; the target is then untouched and no temporary file is left.
    """
    tmp = _temporary(path)
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def copy_privately(source: Path, target: Path) -> None:
    """Copy `source` into a new 0600 file `target` (replacing an older one), flushed to disk."""
    target.unlink(missing_ok=True)
    create_private(target)
    try:
        with open(source, "rb") as reader, open(target, "wb") as writer:
            shutil.copyfileobj(reader, writer, 1024 * 1024)
            writer.flush()
            os.fsync(writer.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


class WriteError(UserError):
    """A file the user asked for could not be written; one sentence, and no half file is left."""


def write_file(path: Path, data: bytes) -> None:
    """`write_atomically` for files the user asked for (exports, reports, packs): an OSError becomes one sentence."""
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise WriteError(f"Could not write {path}: {exc.strerror or exc}.") from exc

