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

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from reflect.errors import StorageError
from reflect.paths import DataPaths

log = logging.getLogger(__name__)
logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

# The newest migration in reflect/data/migrations/versions. Checked against Alembic
# by a test; lets an up-to-date database open without importing Alembic (start-up time).
SCHEMA_HEAD = "0001"


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


def stored_revision(path: Path) -> str | None:
    """The schema revision in a database file, read without changing a byte of it.

    None for a missing or empty file. A file that is not SQLite, or an SQLite file
    of some other program, raises StorageError.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    untouched = f"{path} is not a Reflect database or is damaged; it was left untouched."
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(untouched) from exc
    try:
        tables = {row[0] for row in connection.execute("select name from sqlite_master where type='table'")}
        if "alembic_version" not in tables:
            if tables:
                raise StorageError(untouched)
            return None
        row = connection.execute("select version_num from alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.Error as exc:
        raise StorageError(untouched) from exc
    finally:
        connection.close()


class Database:
    """The engine and session factory for one database file."""

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self.engine: Engine = create_engine(f"sqlite:///{paths.database}")
        event.listen(self.engine, "connect", _set_pragmas)
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)

    def upgrade(self) -> None:
        """Bring the schema to the newest revision, backing the file up first."""
        current = stored_revision(self.paths.database)
        if current == SCHEMA_HEAD:
            return
        head, known = known_revisions()
        if current is not None and current not in known:
            raise StorageError(
                f"{self.paths.database} was written by a newer version of Reflect; "
                "please update Reflect to open it."
            )
        if current is not None:
            saved = _backup_file(self.paths.database, self.paths.backups, f"before-upgrade-{current}")
            log.info("Backed up database to %s before upgrading", saved)
        from alembic import command

        config = _alembic_config()
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
