"""Encryption at rest: SQLCipher connections, re-keying one database file, the encrypted marker.

Setting, changing or removing the passphrase runs over every file at once, journaled, in
``reflect/data/conversion.py``; this module converts one file. Every conversion writes a complete new copy next to the database, checks that the copy
opens with the new key, passes the integrity checks and holds the same number of rows
in every table, and only then renames it over the old file. Until that rename the old
file is complete and untouched, so a crash at any step leaves one readable database.

Passphrases are never logged. SQLCipher itself prints decryption failures to stderr,
so its log is silenced on every connection: a wrong passphrase is one plain sentence.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from reflect.errors import StorageError
from reflect.paths import DataPaths

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE_LENGTH = 8
_PAGE_MULTIPLE = 512  # every SQLite or SQLCipher file is whole pages of at least 512 bytes
NEW_COPY_SUFFIX = ".converting"

NO_RECOVERY_WARNING = (
    "A forgotten passphrase cannot be recovered: without it nobody, including you, "
    "can read your reflections again."
)


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
    tmp = paths.encryption_marker.with_name(paths.encryption_marker.name + NEW_COPY_SUFFIX)
    tmp.write_text(json.dumps({"database": "encrypted" if encrypted else "plain"}) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o600)
    os.replace(tmp, paths.encryption_marker)


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
    if read_only:
        connection = module.connect(f"{path.as_uri()}?mode=ro", uri=True)
    else:
        connection = module.connect(str(path))
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


def encrypt(paths: DataPaths, passphrase: str, delete_plain: bool = False) -> str:
    """Protect the database, its backups and damaged copies with a new passphrase; says what was done."""
    from reflect.data import conversion

    report = conversion.start(paths, conversion.SET, None, passphrase, delete_plain)
    log.info("Database encrypted")
    return report.sentence(paths.root)


def rekey(paths: DataPaths, old: str, new: str) -> str:
    """Change the passphrase of the database, its backups and damaged copies."""
    from reflect.data import conversion

    report = conversion.start(paths, conversion.CHANGE, old, new)
    log.info("Database passphrase changed")
    return report.sentence(paths.root)


def decrypt(paths: DataPaths, passphrase: str) -> str:
    """Remove the passphrase: every file becomes plain again; says which."""
    from reflect.data import conversion

    report = conversion.start(paths, conversion.REMOVE, passphrase, None)
    log.info("Database decrypted")
    return report.sentence(paths.root)
