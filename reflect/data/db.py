"""Engine, sessions and schema upgrades for the local database.

One engine per data folder, created at start-up and passed in. SQLite runs with
WAL, foreign keys on and synchronous=NORMAL. Alembic owns the schema; the file is
copied into ``backups/`` before any upgrade, and a file from a newer Reflect or a
file that is not a Reflect database is refused, never touched. With a passphrase the
engine runs on SQLCipher (``PRAGMA key`` is the first statement on every connection)
and backups are encrypted with the same passphrase.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from reflect.data.encryption import (
    PassphraseRequired,
    export_copy,
    is_encrypted,
    sqlcipher,
    write_marker,
)
from reflect.data.encryption import connect as connect_encrypted
from reflect.errors import DamagedDatabase, StorageError
from reflect.files import create_private, make_private_dir
from reflect.paths import DataPaths

log = logging.getLogger(__name__)
logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

# The newest migration in reflect/data/migrations/versions. Checked against Alembic
# by a test; lets an up-to-date database open without importing Alembic (start-up time).
SCHEMA_HEAD = "0008"


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _alembic_config():  # type: ignore[no-untyped-def]  # alembic is imported only when needed
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "reflect.data:migrations")
    return config


def known_revisions() -> tuple[str | None, set[str]]:
    """The head revision and every revision Alembic knows, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_alembic_config())
    return scripts.get_current_head(), {rev.revision for rev in scripts.walk_revisions()}


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
        with connect_encrypted(path, passphrase, read_only=True) as encrypted_connection:
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


def _create_engine(path: Path, passphrase: str | None) -> Engine:
    if passphrase is None:
        engine = create_engine(f"sqlite:///{path}", hide_parameters=True)  # no reflection text in errors
    else:
        sqlcipher()  # imported here only, and with SQLCipher's own stderr log silenced
        # the dialect runs PRAGMA key before the listener below; the URL masks the password.
        # The same pool as plain SQLite files (the dialect's default is one connection per thread).
        url = URL.create("sqlite+pysqlcipher", password=passphrase, database=str(path))
        engine = create_engine(url, poolclass=QueuePool, hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


class Database:
    """The engine and session factory for one database file."""

    def __init__(self, paths: DataPaths, passphrase: str | None = None) -> None:
        self.paths = paths
        self.passphrase = passphrase
        self.engine: Engine = _create_engine(paths.database, passphrase)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)

    def reopen(self, passphrase: str | None) -> None:
        """Connect again (after a lock or a passphrase change) with this passphrase.

        The passphrase is checked against the file first (WrongPassphrase, nothing
        changed); the session factory is re-bound in place, so every store built on
        it keeps working.
        """
        stored_revision(self.paths.database, passphrase)
        self.engine.dispose()
        self.passphrase = passphrase
        self.engine = _create_engine(self.paths.database, passphrase)
        self.sessions.configure(bind=self.engine)

    def _current_revision(self) -> str | None:
        """Read through the engine: its (pooled) connection is reused by the first query."""
        with self.engine.connect() as connection:
            tables = connection.exec_driver_sql("select name from sqlite_master where name = 'alembic_version'").all()
            if not tables:
                return None
            return connection.exec_driver_sql("select version_num from alembic_version").scalar()

    def upgrade(self) -> None:
        """Bring the schema to the newest revision, backing the file up first."""
        current = self._current_revision()
        if current == SCHEMA_HEAD:
            return
        head, known = known_revisions()
        if current is not None and current not in known:
            raise StorageError(
                f"{self.paths.database} was written by a newer version of Reflect; "
                "please update Reflect to open it."
            )
        if current is not None:
            saved = backup_file(
                self.paths.database, self.paths.backups, f"before-upgrade-{current}", self.passphrase
            )
            log.info("Backed up database to %s before upgrading", saved)
        from alembic import command

        config = _alembic_config()
        with self.engine.connect() as connection:
            # batch migrations copy tables; with foreign keys on, dropping the old copy
            # would cascade-delete ratings and tags. (The pragma only works outside a transaction.)
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end the autobegun (empty) transaction before the real one
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()

    def close(self) -> None:
        self.engine.dispose()


def open_database(paths: DataPaths, passphrase: str | None = None) -> Database:
    """Create the data folder if needed, open the database and upgrade its schema.

    A new database is created encrypted when a passphrase is given.
    """
    try:
        paths.ensure()
    except OSError as exc:
        raise StorageError(f"Cannot create the data folder {paths.root}: {exc.strerror}.") from exc
    from reflect.data.backups import check_database  # (backups builds on this module)

    check_database(paths, passphrase)  # a quick integrity check; DamagedDatabase leaves the file alone
    is_new = not paths.database.exists()
    if is_new:
        create_private(paths.database)  # SQLite gives its -wal and -shm files the same mode
    database = Database(paths, passphrase)
    try:
        database.upgrade()
    except StorageError:
        database.close()
        raise
    except DatabaseError as exc:
        database.close()
        raise StorageError(f"{paths.database} could not be opened: {exc.orig}.") from exc
    from reflect.data.private_data import adopt_legacy  # (it builds on this module)

    try:
        adopt_legacy(database)  # names and evidence an older Reflect kept in plain files
        write_marker(paths, passphrase is not None)
    except BaseException:
        database.close()
        raise
    return database
