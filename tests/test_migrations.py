"""Every earlier schema revision upgrades to the newest with its data intact, after a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from reflect.data.db import SCHEMA_HEAD, _alembic_config, open_database
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore

REVISIONS = [rev.revision for rev in reversed(list(ScriptDirectory.from_config(_alembic_config()).walk_revisions()))]


def build_at(path: Path, revision: str) -> None:
    """A database file stopped at an older revision, as an older Reflect left it."""
    config = _alembic_config()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


@pytest.mark.parametrize("revision", REVISIONS[:-1] or REVISIONS)
def test_an_older_database_upgrades_with_data_intact(revision: str, paths: DataPaths) -> None:
    paths.ensure()
    build_at(paths.database, revision)
    connection = sqlite3.connect(paths.database)
    connection.execute(
        "insert into reflection (id, occurred_at, duration_min, setting, contact_type, modality, framework_id,"
        " framework_version, text, status, created_at, updated_at) values"
        " ('r1', '2025-12-30 09:00:00', 45, 'inpatient', 'review', 'video', 'ten-top-tips-2008', '1',"
        " 'kept across upgrades', 'complete', '2025-12-30 10:00:00', '2025-12-30 10:00:00')"
    )
    connection.executemany(
        "insert into rating (reflection_id, item_id, position, choice, points, note) values ('r1', ?, ?, ?, ?, '')",
        [("personal-goals", 0, "yes", 2), ("hope", 1, "na", None), ("strengths", 2, "partly", 1)],
    )
    connection.execute("insert into reflection_tag (reflection_id, tag) values ('r1', 'supervision')")
    connection.commit()
    connection.close()

    database = open_database(paths)
    try:
        record = ReflectionStore(database, load_catalog()).get("r1")
    finally:
        database.close()
    assert record.text == "kept across upgrades" and record.tags == ("supervision",)
    assert [(r.item_id, r.choice, r.points) for r in record.ratings] == [
        ("personal-goals", "yes", 2), ("hope", "na", None), ("strengths", "partly", 1)
    ]
    version = sqlite3.connect(paths.database).execute("select version_num from alembic_version").fetchone()[0]
    assert version == SCHEMA_HEAD
    if revision != SCHEMA_HEAD:
        backups = list(paths.backups.glob(f"*before-upgrade-{revision}*"))
        assert len(backups) == 1
        copy = sqlite3.connect(backups[0])
        assert copy.execute("select text from reflection").fetchone()[0] == "kept across upgrades"
        copy.close()
