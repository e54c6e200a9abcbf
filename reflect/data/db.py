"""Engine, sessions and schema upgrades for the local database.

One engine per data folder, created at start-up and passed in. SQLite runs with
WAL, foreign keys on and synchronous=NORMAL. Alembic owns the schema; the file is
copied into ``backups/`` before any upgrade, and a file from a newer Reflect or a
file that is not a Reflect database is refused, never touched.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from alembic import command
from reflect.errors import StorageError
from reflect.paths import DataPaths

log = logging.getLogger(__name__)
logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "reflect.data:migrations")
    return config


def _backup_file(source: Path, target_dir: Path, reason: str) -> Path:
    """Copy a live database with SQLite's online backup API (safe while in use)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"reflect-{reason}-{stamp}.sqlite3"
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)
    return target


class Database:
    """The engine and session factory for one database file."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self.engine: Engine = create_engine(f"sqlite:///{paths.database}")
        event.listen(self.engine, "connect", _set_pragmas)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Bring the schema to the newest revision, backing the file up first."""
        config = _alembic_config()
        head = ScriptDirectory.from_config(config).get_current_head()
        try:
            with self.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
        except DatabaseError as exc:
            raise StorageError(
                f"{self.paths.database} is not a Reflect database or is damaged; it was left untouched."
            ) from exc
        if current == head:
            return
        known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
        if current is not None and current not in known:
            raise StorageError(
                f"{self.paths.database} was written by a newer version of Reflect; "
                "please update Reflect to open it."
            )
        if current is not None:
            saved = _backup_file(self.paths.database, self.paths.backups, f"before-upgrade-{current}")
            log.info("Backed up database to %s before upgrading", saved)
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()


def open_database(paths: DataPaths) -> Database:
    """Create the data folder if needed, open the database and upgrade its schema."""
    try:
        paths.ensure()
    except OSError as exc:
        raise StorageError(f"Cannot create the data folder {paths.root}: {exc.strerror}.") from exc
    is_new = not paths.database.exists()
    database = Database(paths)
    try:
        database.upgrade()
    except StorageError:
        database.close()
        raise
    except DatabaseError as exc:
        database.close()
        raise StorageError(f"{paths.database} could not be opened: {exc.orig}.") from exc
    if is_new:
        try:
            os.chmod(paths.database, 0o600)
        except OSError:
            pass
    return database
