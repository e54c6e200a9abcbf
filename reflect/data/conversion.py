"""Setting, changing or removing the passphrase: one journaled, resumable operation.

A key change covers every file in the data folder that can hold user text (the README's
inventory): the database, every backup and every moved-aside damaged copy. Settings with
names and evidence files live inside the database, so they follow it.

Before the first file is touched, a journal (``passphrase-change.json``) records what is
being done. Every file is then converted on its own, each step atomic (a verified copy
renamed over the original, see ``encryption.convert_file``), and the journal is removed
last. A file's state is read from the file itself (which key opens it), so the run can be
repeated from the start at any moment: SIGKILL at any point, and the next start (the app or
any command) calls `resume`, which finishes the conversion forward. Nothing is ever rolled
back to plain once `set` has begun.

Finishing needs the keys: the journal holds them sealed (``reflect.crypto``) under the
passphrase the user will type next — the new one for set and change, the current one for
remove. For a change this means the old passphrase is stored, encrypted under the new one,
until the change is finished; anyone who can open it already holds the new passphrase.

Damaged copies may not open as databases at all, so they are sealed whole with
``reflect.crypto`` (``<name>.sealed``) rather than re-keyed by SQLCipher.
"""

from __future__ import annotations

import base64
import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reflect import crypto
from reflect.data.sqlite_file import (
    NEW_COPY_SUFFIX,
    WrongPassphrase,
    check_new_passphrase,
    connect,
    convert_file,
    database_is_encrypted,
    fsync_path,
    has_plain_header,
    write_marker,
)
from reflect.errors import StorageError
from reflect.files import write_atomically
from reflect.paths import DataPaths

log = logging.getLogger(__name__)

SET, CHANGE, REMOVE = "set", "change", "remove"
SEALED_SUFFIX = ".sealed"
_JOURNAL_FORMAT = "reflect-passphrase-change"


@dataclass
class ConversionReport:
    """What a conversion did, file by file, for the one sentence the user reads."""

    action: str
    backups: list[Path] = field(default_factory=list)
    damaged: list[Path] = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)  # encrypted under an earlier passphrase; kept as they were
    plain: list[Path] = field(default_factory=list)  # after remove: every file now readable without a passphrase

    def sentence(self, root: Path) -> str:
        if self.action == REMOVE:
            names = ", ".join(str(p.relative_to(root)) for p in self.plain)
            text = f"The passphrase was removed; these files are now plain (readable without one): {names}."
        else:
            done = _counted(self.backups, "backup") + _counted(self.damaged, "moved-aside damaged copy")
            verb = "Encrypted" if self.action == SET else "Changed the passphrase of"
            text = f"{verb} the database" + "".join(f", {part}" for part in done[:-1])
            text += f" and {done[-1]}" if done else ""
            if self.deleted:
                text += f"; deleted {len(self.deleted)} plain cop{'y' if len(self.deleted) == 1 else 'ies'}"
                text += " (backups and damaged copies)"
            text += "."
        if self.left:
            text = text[:-1] + (
                f"; {len(self.left)} older file{'s' if len(self.left) != 1 else ''} encrypted under an earlier "
                "passphrase " + ("was" if len(self.left) == 1 else "were") + " left as they were."
            )
        return text


def _counted(files: list[Path], noun: str) -> list[str]:
    if not files:
        return []
    plural = noun.replace("copy", "copies") if noun.endswith("copy") else noun + "s"
    return [f"{len(files)} {noun if len(files) == 1 else plural}"]


def pending(paths: DataPaths) -> str | None:
    """The action of an interrupted conversion (set, change or remove), or None."""
    try:
        journal = json.loads(paths.conversion_journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise StorageError(f"{paths.conversion_journal.name} is unreadable; Reflect cannot finish the passphrase change.") from exc
    action = journal.get("action") if isinstance(journal, dict) else None
    if action not in (SET, CHANGE, REMOVE):
        raise StorageError(f"{paths.conversion_journal.name} is damaged; Reflect cannot finish the passphrase change.")
    return str(action)


def needed_passphrase(action: str) -> str:
    """Which passphrase finishes an interrupted conversion, in words."""
    return "the current passphrase" if action == REMOVE else "the new passphrase"


def start(
    paths: DataPaths, action: str, old: str | None, new: str | None, delete_plain: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ConversionReport:
    """Check, write the journal, convert every file, remove the journal; `progress` hears of each file done."""
    from reflect.data.db import open_database  # SQLAlchemy loads only when a conversion runs

    if new is not None:
        check_new_passphrase(new)
    if pending(paths) is not None:
        raise StorageError("An earlier passphrase change is unfinished; run any command to finish it first.")
    protected = database_is_encrypted(paths)
    if action == SET and protected:
        raise StorageError("The database is already protected by a passphrase; change it instead.")
    if action in (CHANGE, REMOVE) and not protected:
        raise StorageError("The database is not protected by a passphrase; set one first.")
    # checks the current key and the file, and takes in what older versions kept outside the database
    open_database(paths, old).close()
    recovery = old if action == REMOVE else new
    assert recovery is not None
    keys = json.dumps({"old": old, "new": new}).encode("utf-8")
    journal = {
        "format": _JOURNAL_FORMAT,
        "action": action,
        "delete_plain": delete_plain,
        "keys": base64.b64encode(crypto.seal(recovery, keys)).decode("ascii"),
    }
    _write_journal(paths, journal)
    run = _Run(paths, action, old, new, delete_plain, progress)
    try:
        run.all_files()
    except BaseException:
        if not run.changed:  # nothing was touched: as if it never began
            paths.conversion_journal.unlink(missing_ok=True)
            _remove_leftovers(paths)
        raise
    return run.report


def resume(paths: DataPaths, passphrase: str) -> ConversionReport:
    """Finish an interrupted conversion; WrongPassphrase if `passphrase` is not the one it needs."""
    action = pending(paths)
    if action is None:
        raise StorageError("There is no unfinished passphrase change.")
    journal = json.loads(paths.conversion_journal.read_text(encoding="utf-8"))
    try:
        keys = json.loads(crypto.unseal(passphrase, base64.b64decode(journal["keys"])))
    except (crypto.SealError, KeyError, ValueError, TypeError):
        raise WrongPassphrase(
            f"The passphrase is not right; finishing the interrupted change needs {needed_passphrase(action)}."
        ) from None
    run = _Run(paths, action, keys["old"], keys["new"], bool(journal.get("delete_plain")))
    run.all_files()
    log.info("Finished an interrupted passphrase %s", action)
    return run.report


class _Run:
    """One pass over every file; each step is atomic and the pass can be repeated after a crash."""

    def __init__(
        self, paths: DataPaths, action: str, old: str | None, new: str | None, delete_plain: bool,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.paths, self.old, self.new = paths, old, new
        self._progress = progress
        self.delete_plain = delete_plain and action == SET
        self.report = ConversionReport(action)
        self.changed = False
        self._seal_keys: dict[tuple[str, crypto.KeyParams], bytes] = {}
        self._new_params = crypto.KeyParams.new()

    def all_files(self) -> None:
        _remove_leftovers(self.paths)
        shutil.rmtree(self.paths.opened_evidence, ignore_errors=True)  # plain copies opened for viewing
        backups = sorted(self.paths.backups.glob("*.sqlite3")) if self.paths.backups.is_dir() else []
        damaged = _damaged_copies(self.paths)
        total = 1 + len(backups) + len(damaged)
        self._database()
        write_marker(self.paths, self.new is not None)
        self._done(1, total)
        for done, backup in enumerate(backups, start=2):
            self._backup(backup)
            self._done(done, total)
        for done, base in enumerate(damaged, start=2 + len(backups)):
            self._damaged(base)
            self._done(done, total)
        fsync_path(self.paths.root)
        self.paths.conversion_journal.unlink(missing_ok=True)
        fsync_path(self.paths.root)

    def _done(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(done, total)

    # ----- databases (SQLCipher re-keys them)

    def _opens_with(self, path: Path, key: str | None) -> bool:
        if key is None:
            return has_plain_header(path)
        if has_plain_header(path):
            return False
        try:
            with connect(path, key, read_only=True):
                return True
        except WrongPassphrase:
            return False

    def _convert(self, path: Path) -> bool | None:
        """True: converted now; False: already under the new key; None: under neither key."""
        if self._opens_with(path, self.new):
            return False
        if not self._opens_with(path, self.old):
            return None
        self.changed = True  # the copy is written beside it; the original changes only at the rename
        convert_file(path, self.old, self.new)
        return True

    def _database(self) -> None:
        if not self.paths.database.exists() or self.paths.database.stat().st_size == 0:
            from reflect.data.db import open_database

            open_database(self.paths, self.new).close()  # a new, empty database is created under the new key
            return
        if self._convert(self.paths.database) is None:
            raise StorageError(f"{self.paths.database.name} opens with neither passphrase; nothing more was changed.")
        if self.new is None:
            self.report.plain.append(self.paths.database)

    def _backup(self, path: Path) -> None:
        if self.delete_plain and has_plain_header(path):
            self.changed = True
            path.unlink()
            self.report.deleted.append(path)
            return
        outcome = self._convert(path)
        if outcome is None:
            self.report.left.append(path)
        elif self.new is None:
            self.report.plain.append(path)
        else:
            self.report.backups.append(path)

    # ----- damaged copies (sealed whole: they may not open as databases)

    def _key(self, passphrase: str, params: crypto.KeyParams) -> bytes:
        if (passphrase, params) not in self._seal_keys:
            self._seal_keys[(passphrase, params)] = crypto.derive_key(passphrase, params)
        return self._seal_keys[(passphrase, params)]

    def _unseal(self, data: bytes, passphrase: str | None) -> bytes | None:
        if passphrase is None:
            return None
        try:
            return crypto.open_with_key(self._key(passphrase, crypto.read_params(data)), data)
        except crypto.SealError:
            return None

    def _damaged(self, base: Path) -> None:
        sealed = base.with_name(base.name + SEALED_SUFFIX)
        if self.new is None:
            self._unseal_damaged(base, sealed)
            return
        if base.exists() and sealed.exists():  # the sealed copy was renamed in whole: the plain one is done
            self.changed = True
            base.unlink()
        if base.exists():
            self.changed = True
            if self.delete_plain:
                base.unlink()
                self.report.deleted.append(base)
                return
            write_atomically(sealed, self._seal(base.read_bytes()))
            base.unlink()
        elif sealed.exists():
            data = sealed.read_bytes()
            if self._unseal(data, self.new) is None:
                content = self._unseal(data, self.old)
                if content is None:
                    self.report.left.append(sealed)
                    return
                self.changed = True
                write_atomically(sealed, self._seal(content))
        self.report.damaged.append(sealed)

    def _seal(self, content: bytes) -> bytes:
        assert self.new is not None
        return crypto.seal_with_key(self._key(self.new, self._new_params), self._new_params, content)

    def _unseal_damaged(self, base: Path, sealed: Path) -> None:
        if sealed.exists():
            if base.exists():  # the plain copy was renamed in whole: the sealed one is done
                sealed.unlink()
            else:
                content = self._unseal(sealed.read_bytes(), self.old)
                if content is None:
                    self.report.left.append(sealed)
                    return
                self.changed = True
                write_atomically(base, content)
                sealed.unlink()
        self.report.plain.append(base)


def _damaged_copies(paths: DataPaths) -> list[Path]:
    """Moved-aside damaged databases (and their -wal / -shm), by their plain name."""
    names = set()
    for path in paths.root.glob(f"{paths.database.name}.damaged-*"):
        if path.name.endswith(NEW_COPY_SUFFIX):
            continue
        names.add(path.name.removesuffix(SEALED_SUFFIX))
    return [paths.root / name for name in sorted(names)]




def _write_journal(paths: DataPaths, journal: dict[str, object]) -> None:
    write_atomically(paths.conversion_journal, json.dumps(journal).encode("utf-8"))
    fsync_path(paths.root)


def _remove_leftovers(paths: DataPaths) -> None:
    """Half-written copies of a run that was killed: never complete, never needed."""
    folders = [paths.root] + ([paths.backups] if paths.backups.is_dir() else [])
    for folder in folders:
        for leftover in [*folder.glob(f"*{NEW_COPY_SUFFIX}"), *folder.glob(".*.part")]:  # (files.write_atomically)
            leftover.unlink(missing_ok=True)
