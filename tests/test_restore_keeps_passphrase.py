"""A plain backup restored into a folder protected by a passphrase is protected by it too."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from reflect.cli import main
from reflect.data import backups
from reflect.data.db import open_database
from reflect.data.encryption import encrypt, is_encrypted
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore

PASSPHRASE = "correct horse battery"
MARKER = "Zanzibar-marker-text-4417"


def test_a_plain_backup_restored_by_the_command_line_is_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = load_catalog()
    framework = catalog.default()
    old = DataPaths(tmp_path / "before")
    database = open_database(old)
    ReflectionStore(database, catalog).save(ReflectionRecord(
        occurred_at=datetime(2026, 3, 9, 10, 0), duration_min=50, setting="community", contact_type="follow_up",
        modality="face_to_face", framework_id=framework.id, framework_version=framework.version,
        ratings=(RatingEntry(framework.items[0].id, "yes", 2),), text=MARKER,
    ))
    database.close()
    plain = backups.back_up(old, None)
    assert MARKER.encode() in plain.read_bytes()  # the backup itself is plain

    here = DataPaths(tmp_path / "here")
    open_database(here).close()
    encrypt(here, PASSPHRASE)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    assert main(["restore", str(plain), "--data-dir", str(here.root)]) == 0
    assert "now protected by this folder's passphrase" in capsys.readouterr().out
    assert is_encrypted(here.database)
    for file in [here.database, *here.root.glob("*.sqlite3-wal")]:
        assert MARKER.encode() not in file.read_bytes(), file
    assert json.loads(here.encryption_marker.read_text(encoding="utf-8")) == {"database": "encrypted"}
    database = open_database(here, PASSPHRASE)
    try:
        assert [r.text for r in ReflectionStore(database, catalog).records()] == [MARKER]
    finally:
        database.close()
