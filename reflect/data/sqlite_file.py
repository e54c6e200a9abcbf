"""One database file on disk: plain or SQLCipher, its key, its copies, its marker.

The bottom of the data layer: ``db``, ``backups``, ``conversion`` and ``encryption`` all
build on it and it imports none of them, so the layer has no import cycle. Here are the
facts about a single file (is it encrypted, which schema revision does it hold, does a key
open it) and the safe ways to copy one: an online backup, and a verified re-keyed copy.

Passphrases are never logged. SQLCipher itself prints decryption failures to stderr,
so its log is silenced on every connection: a wrong passphrase is one plain sentence.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from reflect.errors import DamagedDatabase, StorageError
from reflect.files import create_private, make_private_dir, write_atomically
from reflect.paths import DataPaths

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE_LENGTH = 8
_PAGE_MULTIPLE = 512  # every SQLite or SQLCipher file is whole pages of at least 512 bytes
NEW_COPY_SUFFIX = ".converting"


class PassphraseRequired(StorageError):
    """The database is encrypted and no passphrase was given."""


class WrongPassphrase(StorageError):
    """The passphrase does not open the database; nothing was changed."""


def wrong_passphrase() -> WrongPassphrase:
    return WrongPassphrase("The passphrase is not right; nothing was changed.")


@cache
def sqlcipher() -> ModuleType:
    """The sqlcipher3 module, imported on first use and with SQLCipher's stderr log silenced."""
    import sqlcipher3

    probe = sqlcipher3.connect(":memory:")
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")
    finally:
        probe.close()
    return sqlcipher3


def has_plain_header(path: Path) -> bool:
    """True for a file that starts like a plain SQLite database."""
    try:
        with path.open("rb") as file:
            return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def read_marker(paths: DataPaths) -> bool | None:
    """What the data folder's non-secret marker says: True encrypted, False plain, None no marker."""
    try:
        value = json.loads(paths.encryption_marker.read_text(encoding="utf-8")).get("database")
    except (OSError, ValueError, AttributeError):
        return None
    return {"encrypted": True, "plain": False}.get(value)


def write_marker(paths: DataPaths, encrypted: bool) -> None:
    """Record (atomically) whether the database is encrypted; it holds nothing secret."""
    if read_marker(paths) is encrypted:
        return
    content = json.dumps({"database": "encrypted" if encrypted else "plain"}) + "\n"
    write_atomically(paths.encryption_marker, content.encode("utf-8"))


def database_is_encrypted(paths: DataPaths) -> bool:
    """Whether to ask for a passphrase: the marker decides, so a plain file with a damaged header
    is not taken for an encrypted one (`damaged_plain_database` catches that one)."""
    if not paths.database.exists() or paths.database.stat().st_size == 0:
        return False  # a new database is made as the caller asks
    marker = read_marker(paths)
    if marker is None:  # a data folder from before the marker: the file's look is all there is
        return is_encrypted(paths.database)
    return marker and not has_plain_header(paths.database)


def damaged_plain_database(paths: DataPaths) -> bool:
    """A database the marker says is plain, which does not start like SQLite: damaged, not encrypted."""
    return (
        read_marker(paths) is False
        and paths.database.exists()
        and paths.database.stat().st_size > 0
        and not has_plain_header(paths.database)
    )


def is_encrypted(path: Path) -> bool:
    """True for a file that looks like an SQLCipher database (whole pages, no SQLite header)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return size > 0 and size % _PAGE_MULTIPLE == 0 and header != SQLITE_HEADER


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase that is too short to protect clinical reflections."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise StorageError(f"The passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; nothing was changed.")
    if "\x00" in passphrase:
        raise StorageError("The passphrase cannot contain a NUL character; nothing was changed.")


def key_literal(passphrase: str) -> str:
    """The passphrase as an SQL string literal for PRAGMA key, which takes no parameters."""
    return "'" + passphrase.replace("'", "''") + "'"


def apply_key(connection: Any, passphrase: str | None) -> None:
    """Key a fresh connection and prove the key works; a wrong one raises WrongPassphrase."""
    connection.execute("PRAGMA cipher_log_level = NONE")
    if passphrase is not None:
        connection.execute(f"PRAGMA key = {key_literal(passphrase)}")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher().DatabaseError as exc:
        raise wrong_passphrase() from exc


@contextmanager
def connect(path: Path, passphrase: str | None, *, read_only: bool = False) -> Iterator[Any]:
    """A raw SQLCipher connection, keyed and checked, closed on exit."""
    module = sqlcipher()
    connection = module.connect(f"{path.as_uri()}?mode=ro", uri=True) if read_only else module.connect(str(path))
    try:
        apply_key(connection, passphrase)
        yield connection
    finally:
        connection.close()


def _row_counts(connection: Any, schema: str = "main") -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_")
    ]
    return {table: connection.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0] for table in tables}


def _verify(path: Path, passphrase: str | None, expected: dict[str, int]) -> None:
    """Check a freshly written copy before it may replace anything."""
    with connect(path, passphrase, read_only=True) as connection:
        if passphrase is not None:
            problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
            if problems:
                raise StorageError(f"The new copy of {path.name} failed its encryption check; nothing was changed.")
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StorageError(f"The new copy of {path.name} failed its integrity check; nothing was changed.")
        if _row_counts(connection) != expected:
            raise StorageError(f"The new copy of {path.name} does not hold every row; nothing was changed.")


def fsync_path(path: Path) -> None:
    """Flush a file or a folder (so a rename in it survives a power cut)."""
    _fsync(path)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some platforms cannot fsync a folder; the rename is still atomic
    finally:
        os.close(descriptor)


def _export(connection: Any, target: Path, key: str | None) -> None:
    """Copy every table, index and the user_version into a new owner-only file under `key`."""
    with suppress(FileNotFoundError):
        target.unlink()
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    user_version = connection.execute("PRAGMA user_version").fetchone()[0]
    connection.execute("ATTACH DATABASE ? AS converted KEY ?", (str(target), key or ""))
    connection.execute("SELECT sqlcipher_export('converted')")
    connection.execute(f"PRAGMA converted.user_version = {int(user_version)}")
    connection.commit()
    connection.execute("DETACH DATABASE converted")


def export_copy(source: Path, passphrase: str, target: Path) -> None:
    """Back up a live encrypted database into `target`, encrypted with the same passphrase."""
    with connect(source, passphrase) as connection:
        _export(connection, target, passphrase)


def _write_copy(source: Path, old: str | None, new: str | None, target: Path) -> dict[str, int]:
    """Fold the WAL into the old file, then export it into `target` under the new key."""
    with connect(source, old) as connection:
        busy, _frames, _done = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise StorageError(f"{source.name} is in use by another program; close it and try again.")
        counts = _row_counts(connection)
        _export(connection, target, new)
    return counts


def convert_file(path: Path, old: str | None, new: str | None) -> None:
    """Re-write one database file from key `old` to key `new` (None = plain SQLite), safely.

    The old key is checked before anything is written. The copy is verified, flushed to
    disk, the old file's WAL and shared-memory files are removed (they belong to the old
    key and must never be replayed into the new file), and the copy is renamed over it.
    """
    with connect(path, old, read_only=True):
        pass  # a wrong passphrase stops here, before a byte is written
    target = path.with_name(path.name + NEW_COPY_SUFFIX)
    try:
        counts = _write_copy(path, old, new, target)
        _verify(target, new, counts)
        _fsync(target)
        for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            with suppress(FileNotFoundError):
                leftover.unlink()
        os.replace(target, path)
        _fsync(path.parent)
    except sqlcipher().Error as exc:
        raise StorageError(f"{path.name} could not be converted ({exc}); nothing was changed.") from exc
    finally:
        with suppress(FileNotFoundError):
            target.unlink()


def backup_file(
    source: Path, target_dir: Path, reason: str, passphrase: str | None = None, when: datetime | None = None
) -> Path:
    """Copy a live database with SQLite's online backup API (safe while in use).

    An encrypted database is copied with ``sqlcipher_export`` under the same passphrase,
    so a backup is never less private than the database it came from.
    """
    make_private_dir(target_dir)
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"reflect-{reason}-{stamp}.sqlite3"
    serial = 0
    while target.exists():  # two backups in one second must not overwrite each other
        serial += 1
        target = target_dir / f"reflect-{reason}-{stamp}-{serial}.sqlite3"
    if passphrase is not None:
        export_copy(source, passphrase, target)
        return target
    create_private(target)  # owner-only while the copy is written, not only once it is done
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a standalone copy: no -wal/-shm beside it
        finally:
            dst.close()
    finally:
        src.close()
    return target


def stored_revision(path: Path, passphrase: str | None = None, *, quick_check: bool = False) -> str | None:
    """The schema revision in a database file, read without changing a byte of it.

    None for a missing or empty file. A file that is not SQLite, or an SQLite file
    of some other program, raises StorageError; an encrypted file without a passphrase
    raises PassphraseRequired, and with a wrong one WrongPassphrase.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    encrypted = is_encrypted(path)
    if encrypted and passphrase is None:
        raise PassphraseRequired(f"{path} is protected by a passphrase; give it to open the database.")
    if passphrase is not None and not encrypted:
        raise StorageError(f"{path} is not protected by a passphrase; it was left untouched.")
    if passphrase is not None:
        with connect(path, passphrase, read_only=True) as encrypted_connection:
            return _read_revision(encrypted_connection, sqlcipher().Error, path, quick_check)
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _not_reflect(path) from exc
    try:
        return _read_revision(connection, sqlite3.Error, path, quick_check)
    finally:
        connection.close()


def _not_reflect(path: Path) -> DamagedDatabase:
    return DamagedDatabase(f"{path} is not a Reflect database or is damaged; it was left untouched.")


def _read_revision(connection: Any, error: type[Exception], path: Path, quick_check: bool = False) -> str | None:
    """The revision; with `quick_check`, SQLite's quick integrity check on the same connection
    (one connection, so an encrypted file derives its key once)."""
    try:
        if quick_check:
            rows = connection.execute("PRAGMA quick_check").fetchall()
            result = "; ".join(str(r[0]) for r in rows[:3])
            if result != "ok":
                raise DamagedDatabase(f"{path} is damaged (integrity check: {result}); it was left untouched.")
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type='table'")}
        if "alembic_version" not in tables:
            if tables:
                raise _not_reflect(path)
            return None
        row = connection.execute("select version_num from alembic_version").fetchone()
        return row[0] if row else None
    except error as exc:
        raise _not_reflect(path) from exc
