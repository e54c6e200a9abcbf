"""Folders 0700 and files 0600 from the moment they exist, whatever the umask.

Run under umask 022, where anything created with default permissions would be readable
by every account on the computer (0755 folders, 0644 files).
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from reflect import exchange, files
from reflect.cpd import Activity, CpdStore
from reflect.data import backups
from reflect.data.db import open_database
from reflect.frameworks import FrameworkCatalog
from reflect.logs import configure_logging
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings, save_settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="owner-only modes are POSIX permissions")


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def file_logging(paths: DataPaths) -> Iterator[logging.Handler]:
    """Reflect's log file in this data folder, detached again afterwards."""
    configure_logging(paths)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "reflect_log", False))
    yield handler
    logging.getLogger().removeHandler(handler)
    handler.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def not_private(root: Path) -> dict[str, str]:
    """Every folder that is not 0700 and every file that is not 0600, the root included."""
    found = {}
    for path in [root, *sorted(root.rglob("*"))]:
        wanted = 0o700 if path.is_dir() else 0o600
        if mode(path) != wanted:
            found[path.relative_to(root).as_posix() or "."] = oct(mode(path))
    return found


def a_record(catalog: FrameworkCatalog) -> ReflectionRecord:
    framework = catalog.default()
    return ReflectionRecord(
        occurred_at=datetime(2026, 3, 2, 10, 0), duration_min=50, setting="community", contact_type="follow_up",
        modality="face_to_face", framework_id=framework.id, framework_version=framework.version,
        ratings=(RatingEntry(framework.items[0].id, "yes", 2),), text="Talked about hope.",
    )


def test_everything_written_under_the_data_folder_is_owner_only(
    paths: DataPaths, catalog: FrameworkCatalog, file_logging: logging.Handler, tmp_path: Path
) -> None:
    database = open_database(paths)  # creates the folder and the database
    store = ReflectionStore(database, catalog)
    store.save(a_record(catalog))
    logging.getLogger("reflect.test").warning("a line in the log")
    assert isinstance(file_logging, logging.handlers.RotatingFileHandler)
    file_logging.doRollover()  # a rotated log and a new one
    logging.getLogger("reflect.test").warning("another line")
    backup = backups.back_up(paths, None)
    backups.daily_backup(paths, None, datetime.now())
    exchange.export_json(store, catalog, Settings(), paths.root / "my-export.json")
    exchange.export_csv(store, catalog, paths.root / "table.csv", include_text=False)
    save_settings(paths.settings, Settings(practitioner_name="A. Practitioner"))
    source = tmp_path / "certificate.pdf"
    source.write_bytes(b"%PDF-1.4 course certificate")
    os.chmod(source, 0o644)  # the user's own file, readable by others, is copied in privately
    cpd = CpdStore(database)
    saved = cpd.save_activity(
        Activity(day=date(2026, 3, 2), title="Recovery course", method="course", hours=3.0), add_files=[source]
    )
    opened = cpd.open_evidence(saved.evidence[0])  # the copy another program opens
    assert opened.read_bytes() == source.read_bytes() and opened.is_relative_to(paths.root)
    assert Path(f"{paths.database}-wal").exists()
    assert not_private(paths.root) == {}  # while the database is open: its -wal and -shm files too
    database.close()
    backups.restore(paths, backup, None)
    open_database(paths).close()

    assert {p.name for p in paths.root.iterdir()} >= {"backups", "logs", "reflect.sqlite3", "settings.json"}
    assert len(list(paths.logs.glob("reflect.log*"))) == 2
    assert not_private(paths.root) == {}


def test_files_are_private_while_they_are_written_not_only_afterwards(
    paths: DataPaths, catalog: FrameworkCatalog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The mode each file has when SQLite or a copy first writes into it."""
    seen: dict[str, str] = {}
    real_connect, real_copy = sqlite3.connect, shutil.copyfileobj

    def connect(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        path = Path(str(target))
        if path.is_relative_to(paths.root):
            seen.setdefault(path.relative_to(paths.root).parent.as_posix(), oct(mode(path)) if path.exists() else "new")
        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

    def copy(reader: object, writer: object, *args: object) -> None:
        seen.setdefault(f"copy into {Path(writer.name).parent.name}", oct(stat.S_IMODE(os.fstat(writer.fileno()).st_mode)))  # type: ignore[attr-defined]
        real_copy(reader, writer, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)  # the module SQLAlchemy connects through
    monkeypatch.setattr(files.shutil, "copyfileobj", copy)
    database = open_database(paths)
    ReflectionStore(database, catalog).save(a_record(catalog))
    backup = backups.back_up(paths, None)
    database.close()
    backups.restore(paths, backup, None)
    assert seen == {
        ".": "0o600",  # the database, created empty and private before SQLite opened it
        "backups": "0o600",  # the backup, while SQLite copies pages into it
        f"copy into {paths.root.name}": "0o600",  # the restored database, while it is staged
    }


def test_write_atomically_replaces_whole_files_privately_and_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    leftover = tmp_path / ".export.json.part"
    elsewhere = tmp_path / "someone-elses-file"
    elsewhere.write_text("keep me", encoding="utf-8")
    leftover.symlink_to(elsewhere)  # a planted link where the temporary file goes is not followed
    files.write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and mode(target) == 0o600
    assert elsewhere.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json", "someone-elses-file"]

    with pytest.raises(OSError):
        files.write_atomically(tmp_path / "missing-folder" / "x.json", b"data")
    (tmp_path / "a-folder.json").mkdir()
    with pytest.raises(OSError):
        files.write_atomically(tmp_path / "a-folder.json", b"data")  # cannot replace a folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.json", "export.json", "someone-elses-file"]


def test_a_new_data_folder_and_its_missing_parents_are_private(tmp_path: Path) -> None:
    root = tmp_path / "new" / "Reflect"
    DataPaths(root).ensure()
    assert mode(root) == 0o700 and mode(root.parent) == 0o700
    os.chmod(root, 0o755)  # a folder made by an older Reflect is narrowed when opened
    DataPaths(root).ensure()
    assert mode(root) == 0o700


def test_logs_left_readable_by_an_older_reflect_are_narrowed_at_start(paths: DataPaths) -> None:
    paths.logs.mkdir(parents=True)
    for name in ("reflect.log", "reflect.log.1"):
        (paths.logs / name).write_text("2026-03-02 INFO reflect: started\n", encoding="utf-8")
    assert mode(paths.logs / "reflect.log") == 0o644 and mode(paths.logs) == 0o755
    configure_logging(paths)
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "reflect_log", False))
    logging.getLogger().removeHandler(handler)
    handler.close()
    assert not_private(paths.logs) == {}


def test_a_chart_saved_into_the_data_folder_is_owner_only_and_whole(qapp, paths: DataPaths) -> None:
    from reflect.ui.widgets.trend_chart import TrendChart

    chart = TrendChart("Score over time", lambda _key, _index: "")
    chart.resize(400, 300)
    paths.ensure()
    png, svg = chart.save(paths.root / "trend.png"), chart.save(paths.root / "trend.svg")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and "</svg>" in svg.read_text(encoding="utf-8")
    assert not_private(paths.root) == {}
    chart.deleteLater()
