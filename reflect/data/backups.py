"""Backups, rotation, integrity checks and restore: nothing is ever lost or silently repaired.

Backups are copies made with SQLite's online backup API (encrypted databases give
encrypted backups) in the data folder's ``backups/``: one a day at first start,
kept 7 daily, 4 weekly and 12 monthly; manual, before-upgrade and before-restore
copies are never rotated away. A damaged database is moved aside with a
timestamp, never overwritten.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reflect.data.sqlite_file import (
    backup_file,
    convert_file,
    damaged_plain_database,
    is_encrypted,
    read_marker,
    sqlcipher,
    stored_revision,
    write_marker,
)
from reflect.data.sqlite_file import connect as connect_encrypted
from reflect.errors import DamagedDatabase, StorageError
from reflect.files import copy_privately
from reflect.paths import DataPaths
from reflect.user_files import UnreadableFile, check_regular

log = logging.getLogger(__name__)

KIND_DAILY = "daily"
KIND_MANUAL = "manual"
KIND_BEFORE_RESTORE = "before-restore"
_NAME = re.compile(r"^reflect-(?P<kind>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    kind: str

    @property
    def encrypted(self) -> bool:
        return is_encrypted(self.path)


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """Every backup in the data folder, newest first."""
    found = []
    for path in paths.backups.glob("reflect-*.sqlite3"):
        match = _NAME.match(path.name)
        if match:
            created = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
            found.append(BackupInfo(path, created, match["kind"]))
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def back_up(paths: DataPaths, passphrase: str | None, kind: str = KIND_MANUAL, now: datetime | None = None) -> Path:
    """Copy the database into backups/ now."""
    if not paths.database.exists():
        raise StorageError("There is no database to back up yet.")
    try:
        return backup_file(paths.database, paths.backups, kind, passphrase, now)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"The backup could not be written: {getattr(exc, 'strerror', None) or exc}.") from exc


def daily_backup(paths: DataPaths, passphrase: str | None, now: datetime) -> Path | None:
    """The first start of each day makes a backup; later starts that day do nothing."""
    if any(b.kind == KIND_DAILY and b.created.date() == now.date() for b in list_backups(paths)):
        return None
    made = back_up(paths, passphrase, KIND_DAILY, now)
    rotate(paths, now)
    return made


def rotate(paths: DataPaths, now: datetime, daily: int = 7, weekly: int = 4, monthly: int = 12) -> list[Path]:
    """Keep the newest daily backup of each of the last `daily` days, weeks and months; drop the rest."""
    scheduled = [b for b in list_backups(paths) if b.kind == KIND_DAILY]  # newest first
    keep: set[Path] = set()
    for period_of, count in (
        (lambda d: d.date(), daily),
        (lambda d: d.isocalendar()[:2], weekly),
        (lambda d: (d.year, d.month), monthly),
    ):
        seen: list[object] = []
        for backup in scheduled:
            period = period_of(backup.created)
            if period not in seen:
                seen.append(period)
                if len(seen) <= count:
                    keep.add(backup.path)
    removed = [b.path for b in scheduled if b.path not in keep and b.created <= now]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def integrity_problem(path: Path, passphrase: str | None = None) -> str | None:
    """None when the file passes SQLite's quick check, otherwise what is wrong (read-only)."""
    if passphrase is not None and is_encrypted(path):
        try:
            with connect_encrypted(path, passphrase, read_only=True) as connection:
                rows = connection.execute("PRAGMA quick_check").fetchall()
        except sqlcipher().Error as exc:
            return str(exc)
    else:
        try:
            connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
            try:
                rows = connection.execute("PRAGMA quick_check").fetchall()
            finally:
                connection.close()
        except sqlite3.Error as exc:
            return str(exc)
    result = "; ".join(str(r[0]) for r in rows[:3])
    return None if result == "ok" else result


def check_database(paths: DataPaths, passphrase: str | None) -> None:
    """At start: a readable Reflect database that passes the quick check, or DamagedDatabase."""
    if not paths.database.exists() or paths.database.stat().st_size == 0:
        return
    if passphrase is None and damaged_plain_database(paths):
        raise DamagedDatabase(f"{paths.database} is damaged (its header is not a database's); it was left untouched.")
    # PassphraseRequired for an encrypted file opened without one; DamagedDatabase when it is not a Reflect database or fails the quick check
    stored_revision(paths.database, passphrase, quick_check=True)


def move_aside(paths: DataPaths, now: datetime) -> Path:
    """Rename the damaged database (and its WAL files) out of the way, keeping every byte."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = paths.database.with_name(f"{paths.database.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{paths.database}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{target}{suffix}"))
    log.warning("Moved a damaged database aside to %s", target)
    return target


def newest_good_backup(paths: DataPaths, passphrase: str | None = None) -> BackupInfo | None:
    """The most recent backup that opens and passes the quick check.

    An encrypted backup cannot be checked without its passphrase; it is offered and
    verified when unlocked.
    """
    for backup in list_backups(paths):
        if backup.encrypted and passphrase is None:
            return backup
        try:
            stored_revision(backup.path, passphrase if backup.encrypted else None)
        except StorageError:
            continue
        if integrity_problem(backup.path, passphrase if backup.encrypted else None) is None:
            return backup
    return None


def restore(paths: DataPaths, backup: Path, passphrase: str | None) -> Path | None:
    """Put a backup in place of the database, backing up the current one first.

    The backup is checked before anything changes. Returns the safety copy of the
    database it replaced (None when there was none, or it was unreadable and was
    moved aside instead).
    """
    try:
        check_regular(backup)
    except UnreadableFile as exc:
        raise StorageError(f"{backup} {exc.problem}.") from None
    key = passphrase if is_encrypted(backup) else None
    if is_encrypted(backup) and passphrase is None:
        raise StorageError(f"{backup.name} is protected by a passphrase; give it to restore.")
    stored_revision(backup, key)  # a Reflect database, not from a newer version's future schema
    problem = integrity_problem(backup, key)
    if problem:
        raise StorageError(f"{backup.name} is damaged ({problem}); nothing was changed.")
    # a plain backup restored into a folder protected by a passphrase is protected by it too
    protect = key is None and passphrase is not None and (
        is_encrypted(paths.database) if paths.database.exists() else read_marker(paths) is True
    )
    safety: Path | None = None
    if paths.database.exists():
        current_key = passphrase if is_encrypted(paths.database) else None
        try:
            check_database(paths, current_key)
            safety = back_up(paths, current_key, KIND_BEFORE_RESTORE)
        except DamagedDatabase:
            move_aside(paths, datetime.now())
    staging = paths.database.with_name(f".{paths.database.name}.restoring")
    copy_privately(backup, staging)
    if protect:
        assert passphrase is not None
        try:
            convert_file(staging, None, passphrase)
        except BaseException:
            staging.unlink(missing_ok=True)
            raise
        key = passphrase
    for suffix in ("-wal", "-shm"):
        Path(f"{paths.database}{suffix}").unlink(missing_ok=True)
    os.replace(staging, paths.database)
    write_marker(paths, key is not None)
    return safety
