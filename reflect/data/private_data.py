"""Settings with user text and CPD evidence files, kept inside the database.

Both used to live as plain files in the data folder (settings.json, evidence/), where a
passphrase did not reach them. Inside the database they are encrypted by SQLCipher,
copied by backups, carried by exports and re-keyed with the database, with no code of
their own for any of that. `adopt_legacy` moves what an older Reflect left in those
files into the database, then removes it from disk; it runs at every open and is
idempotent, so a crash halfway is finished by the next open.
"""

from __future__ import annotations

import json
import logging
from contextlib import suppress
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from reflect.data.models import CpdEvidence, CpdEvidenceContent, PrivateSetting
from reflect.files import write_atomically
from reflect.paths import DataPaths
from reflect.settings import PRIVATE_FIELDS, Settings, legacy_private_values


class Database(Protocol):
    """What this module needs of ``reflect.data.db.Database`` (which opens the file and then calls
    `adopt_legacy`, so this module must not import it)."""

    paths: DataPaths
    sessions: sessionmaker[Session]


log = logging.getLogger(__name__)

LEGACY_EVIDENCE_FOLDER = "evidence"


def read_private(database: Database) -> dict[str, Any]:
    """The private settings stored in the database, by field name."""
    with database.sessions() as session:
        rows = session.scalars(select(PrivateSetting)).all()
    values = {}
    for row in rows:
        try:
            values[row.key] = json.loads(row.value)
        except ValueError:
            log.warning("Ignoring an unreadable private setting %s", row.key)
    return values


def apply_private(settings: Settings, database: Database) -> None:
    """Fill the private fields of `settings` from the database (wrong types fall back to defaults)."""
    defaults = Settings()
    stored = read_private(database)
    for name in PRIVATE_FIELDS:
        default = getattr(defaults, name)
        value = stored.get(name, default)
        setattr(settings, name, value if isinstance(value, type(default)) else default)


def store_private(settings: Settings, database: Database) -> None:
    """Write the private fields of `settings` into the database in one transaction.

    Only those that changed: most saves change only UI preferences, and a save that writes
    nothing never waits for a write running on a worker (an import holds the database's
    write lock for seconds, and closing the window saves the settings). A field with no row
    holds its default, as `apply_private` reads it, so a default is not written either.
    """
    defaults = Settings()
    with database.sessions.begin() as session:
        stored = {row.key: row.value for row in session.scalars(select(PrivateSetting))}
        for name in PRIVATE_FIELDS:
            value = json.dumps(getattr(settings, name))
            if stored.get(name, json.dumps(getattr(defaults, name))) != value:
                session.merge(PrivateSetting(key=name, value=value))


def adopt_legacy(database: Database) -> None:
    """Move private values out of settings.json and evidence files out of evidence/ into the database."""
    _adopt_settings(database)
    _adopt_evidence(database)


def _adopt_settings(database: Database) -> None:
    path = database.paths.settings
    legacy = legacy_private_values(path)
    if not legacy:
        return
    with database.sessions.begin() as session:
        for name, value in legacy.items():
            if session.get(PrivateSetting, name) is None:  # a value already in the database is newer
                session.add(PrivateSetting(key=name, value=json.dumps(value)))
    raw = json.loads(path.read_text(encoding="utf-8"))
    for name in legacy:
        raw.pop(name, None)
    write_atomically(path, json.dumps(raw, indent=2).encode("utf-8"))
    log.info("Moved %d private settings from settings.json into the database", len(legacy))


def _adopt_evidence(database: Database) -> None:
    folder = database.paths.root / LEGACY_EVIDENCE_FOLDER
    if not folder.is_dir():
        return
    with database.sessions.begin() as session:
        have = set(session.scalars(select(CpdEvidenceContent.evidence_id)))
        for row in session.scalars(select(CpdEvidence)):
            file = folder / row.stored
            if row.id not in have and file.is_file():
                session.add(CpdEvidenceContent(evidence_id=row.id, data=file.read_bytes()))
    # only after the commit: every file is now in the database (or belonged to no record)
    for file in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if file.is_dir():
            _remove_empty(file)
        else:
            file.unlink(missing_ok=True)
    _remove_empty(folder)
    log.info("Moved evidence files into the database")


def _remove_empty(folder: Path) -> None:
    with suppress(OSError):
        folder.rmdir()
