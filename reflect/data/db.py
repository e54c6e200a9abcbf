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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from reflect.data import backups
from reflect.data.private_data import adopt_legacy
from reflect.data.sqlite_file import (  # backup_file and stored_revision: kept importable from here
    backup_file,
    sqlcipher,
    stored_revision,
    write_marker,
)
from reflect.errors import StorageError
from reflect.files import create_private
from reflect.paths import DataPaths

if TYPE_CHECKING:
    from alembic.config import Config

    from reflect.data.check_ahead import CheckAhead

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


def _alembic_config() -> Config:  # alembic is imported only when needed
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "reflect.data:migrations")
    return config


def known_revisions() -> tuple[str | None, set[str]]:
    """The head revision and every revision Alembic knows, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_alembic_config())
    return scripts.get_current_head(), {rev.revision for rev in scripts.walk_revisions()}




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


def open_database(paths: DataPaths, passphrase: str | None = None, checked: CheckAhead | None = None) -> Database:
    """Create the data folder if needed, open the database and upgrade its schema.

    A new database is created encrypted when a passphrase is given. `checked`: the integrity
    check of a plain database, begun earlier (start-up begins it once the checklist is painted).
    """
    try:
        paths.ensure()
    except OSError as exc:
        raise StorageError(f"Cannot create the data folder {paths.root}: {exc.strerror}.") from exc
    # a quick integrity check; DamagedDatabase leaves the file alone
    if checked is not None and passphrase is None:
        checked.verdict()
    else:
        backups.check_database(paths, passphrase)
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
    try:
        adopt_legacy(database)  # names and evidence an older Reflect kept in plain files
        write_marker(paths, passphrase is not None)
    except BaseException:
        database.close()
        raise
    return database
