"""Every command that opens an encrypted data folder takes the passphrase from REFLECT_PASSPHRASE.

A prompt in a script or a scheduled job would hang or fail, so with the variable set no command
may ask, even in a terminal. Restoring a plain backup over an encrypted database needs the
current passphrase too (for the encrypted safety copy), and takes it the same way.
"""

from __future__ import annotations

import getpass
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from reflect import exchange
from reflect.cli import main
from reflect.data import backups
from reflect.data.db import open_database
from reflect.data.encryption import encrypt, is_encrypted
from reflect.frameworks import FrameworkCatalog, load_catalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings

PASSPHRASE = "correct horse battery"
NEW_PASSPHRASE = "a different passphrase"


def _save(paths: DataPaths, catalog: FrameworkCatalog, day: int, passphrase: str | None = None) -> str:
    framework = catalog.default()
    database = open_database(paths, passphrase)
    try:
        saved = ReflectionStore(database, catalog).save(ReflectionRecord(
            occurred_at=datetime(2026, 3, day, 10, 0), duration_min=50, setting="community",
            contact_type="follow_up", modality="face_to_face", framework_id=framework.id,
            framework_version=framework.version, ratings=(RatingEntry(framework.items[0].id, "yes", 2),),
        ))
    finally:
        database.close()
    assert saved.id is not None
    return saved.id


def _ids(paths: DataPaths, passphrase: str | None) -> set[str]:
    database = open_database(paths, passphrase)
    try:
        return {r.id for r in ReflectionStore(database, load_catalog()).records() if r.id}
    finally:
        database.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An encrypted data folder with an encrypted backup, and the files other commands read."""
    base = tmp_path_factory.mktemp("template")
    catalog = load_catalog()
    plain = DataPaths(base / "plain-folder")
    _save(plain, catalog, 9)
    plain_backup = backups.back_up(plain, None)
    folder = DataPaths(base / "folder")
    _save(folder, catalog, 2)
    database = open_database(folder)
    export = base / "elsewhere.json"
    exchange.export_json(ReflectionStore(database, catalog), catalog, Settings(), export)
    database.close()
    encrypt(folder, PASSPHRASE)
    encrypted_backup = backups.back_up(folder, PASSPHRASE)
    ics = base / "clinic.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@example\r\nDTSTART:20990302T100000\r\n"
        "DTEND:20990302T105000\r\nSUMMARY:Clinic\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    return {
        "folder": folder.root, "export": export, "ics": ics, "plain_backup": plain_backup,
        "encrypted_backup": encrypted_backup, "out": base / "out",
    }


@pytest.fixture
def encrypted(template: dict[str, Path], paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> DataPaths:
    """A fresh copy of the encrypted folder, with a terminal in which any prompt fails the test."""
    shutil.copytree(template["folder"], paths.root)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)

    def prompted(prompt: str = "") -> str:
        raise AssertionError(f"asked in the terminal: {prompt!r}")

    monkeypatch.setattr(getpass, "getpass", prompted)
    monkeypatch.setenv("REFLECT_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("REFLECT_NEW_PASSPHRASE", NEW_PASSPHRASE)
    return paths


@pytest.mark.parametrize(
    "argv",
    [
        ["demo", "--sessions", "2"],
        ["export", "--format", "json", "--out", "{out}/all.json"],
        ["export", "--format", "csv", "--out", "{out}/all.csv"],
        ["import", "{export}"],
        ["report", "supervision", "--from", "2026-03-01", "--to", "2026-03-31", "--out", "{out}/s.pdf"],
        ["report", "cpd", "--from", "2026-03-01", "--to", "2026-03-31", "--out", "{out}/c.pdf"],
        ["calendar", "import", "{ics}"],
        ["calendar", "list", "--date", "2099-03-02"],
        ["backup"],
        ["restore", "{encrypted_backup}"],
        ["restore", "{plain_backup}"],
        ["passphrase", "change"],
        ["passphrase", "remove"],
    ],
    ids=[
        "demo", "export json", "export csv", "import", "report supervision", "report cpd", "calendar import",
        "calendar list", "backup", "restore encrypted backup", "restore plain backup", "passphrase change",
        "passphrase remove",
    ],
)
def test_every_command_takes_the_passphrase_from_the_environment_without_asking(
    argv: list[str], encrypted: DataPaths, template: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    template["out"].mkdir(exist_ok=True)
    argv = [part.format(**{k: str(v) for k, v in template.items()}) for part in argv]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 0 and "reflect:" not in err, err


def test_a_plain_backup_restored_over_an_encrypted_database_uses_the_environment_and_says_what_changed(
    encrypted: DataPaths, template: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    before = _ids(encrypted, PASSPHRASE)
    assert main(["restore", str(template["plain_backup"])]) == 0
    out = capsys.readouterr().out
    assert "it is now protected by this folder's passphrase" in out
    assert is_encrypted(encrypted.database) and len(_ids(encrypted, PASSPHRASE)) == 1
    safety = next(b for b in backups.list_backups(encrypted) if b.kind == backups.KIND_BEFORE_RESTORE)
    assert safety.encrypted  # the replaced database was kept under its passphrase
    restored = DataPaths(encrypted.root / "check")
    restored.ensure()
    shutil.copyfile(safety.path, restored.database)
    assert _ids(restored, PASSPHRASE) == before


def test_a_wrong_passphrase_in_the_environment_is_one_sentence_and_restores_nothing(
    encrypted: DataPaths, template: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the passphrase")
    before = encrypted.database.read_bytes()
    assert main(["restore", str(template["plain_backup"])]) == 1
    assert capsys.readouterr().err == "reflect: The passphrase is not right; nothing was changed.\n"
    assert encrypted.database.read_bytes() == before


def test_a_relative_backup_path_is_restored_like_an_absolute_one(
    encrypted: DataPaths, template: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(template["encrypted_backup"].parent)
    assert main(["restore", template["encrypted_backup"].name]) == 0
    assert "Restored" in capsys.readouterr().out
