"""Names, patterns and evidence live in the database; what an older Reflect left in files moves in."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import date, datetime
from pathlib import Path

from reflect.cpd import Activity, CpdStore
from reflect.data import backups
from reflect.data.db import open_database
from reflect.data.models import CpdEvidence
from reflect.data.private_data import apply_private, store_private
from reflect.paths import DataPaths
from reflect.settings import Settings, load_settings, save_settings


def _legacy_folder(paths: DataPaths) -> tuple[str, bytes]:
    """A data folder as Reflect left it before private data moved: names in settings.json, evidence as files."""
    database = open_database(paths)
    try:
        activity = CpdStore(database).save_activity(Activity(date(2026, 1, 5), "Course", "course", 3.0))
        evidence_id = uuid.uuid4().hex
        stored = f"{activity.id}/{evidence_id[:8]}-certificate.pdf"
        with database.sessions.begin() as session:  # the row an older Reflect wrote beside its file
            session.add(CpdEvidence(
                id=evidence_id, activity_id=activity.id, name="certificate.pdf", stored=stored, size=12,
                added_at=datetime(2026, 1, 5, 9, 0),
            ))
    finally:
        database.close()
    content = b"%PDF legacy!"
    file = paths.root / "evidence" / stored
    file.parent.mkdir(parents=True)
    file.write_bytes(content)
    paths.settings.write_text(json.dumps({
        "last_setting": "inpatient",
        "identifier_names": ["Pat Legacy"],
        "record_patterns": [{"label": "RiO", "pattern": r"RIO\d{6}"}],
        "practitioner_name": "Dr Old Format",
        "practitioner_role": "Consultant",
    }), encoding="utf-8")
    return stored, content


def test_names_and_evidence_an_older_reflect_left_in_files_move_into_the_database(paths: DataPaths) -> None:
    _stored, content = _legacy_folder(paths)
    database = open_database(paths)
    try:
        settings = load_settings(paths.settings)
        apply_private(settings, database)
        assert settings.identifier_names == ["Pat Legacy"] and settings.practitioner_name == "Dr Old Format"
        assert settings.record_patterns == [{"label": "RiO", "pattern": r"RIO\d{6}"}]
        assert settings.last_setting == "inpatient"  # UI preferences stay where they were
        [activity] = CpdStore(database).activities()
        assert CpdStore(database).evidence_bytes(activity.evidence[0]) == content
    finally:
        database.close()
    raw = json.loads(paths.settings.read_text(encoding="utf-8"))
    assert raw == {"last_setting": "inpatient"}
    assert not (paths.root / "evidence").exists()


def test_settings_json_is_never_given_private_values_and_keeps_old_ones_until_they_move(paths: DataPaths) -> None:
    paths.ensure()
    save_settings(paths.settings, Settings(identifier_names=["Jo Typed"], practitioner_name="Dr Typed"))
    assert "Typed" not in paths.settings.read_text(encoding="utf-8")
    _legacy_folder(paths)
    save_settings(paths.settings, Settings(last_setting="community"))  # before the database takes them in
    assert "Pat Legacy" in paths.settings.read_text(encoding="utf-8")


def test_private_settings_and_evidence_travel_in_backups(paths: DataPaths, tmp_path: Path) -> None:
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(b"%PDF in the backup")
    database = open_database(paths)
    try:
        store_private(Settings(identifier_names=["Backup Name"]), database)
        CpdStore(database).save_activity(Activity(date(2026, 1, 5), "Course", "course", 3.0), add_files=[certificate])
    finally:
        database.close()
    backup = backups.back_up(paths, None)
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("select value from private_setting where key = 'identifier_names'").fetchone() == (
            json.dumps(["Backup Name"]),
        )
        assert copy.execute("select data from cpd_evidence_content").fetchall() == [(b"%PDF in the backup",)]
    finally:
        copy.close()
