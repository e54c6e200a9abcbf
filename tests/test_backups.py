"""Backups, rotation, damaged databases and restore: nothing is lost or silently repaired."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from reflect import demo
from reflect.cli import main
from reflect.data import backups
from reflect.data.db import open_database
from reflect.errors import DamagedDatabase, StorageError
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.ui import app as app_module
from tests.helpers import count, filled, open_window, overwrite_pages


def test_the_first_start_of_a_day_makes_one_backup(paths: DataPaths) -> None:
    filled(paths)
    now = datetime(2026, 3, 2, 8, 30)
    made = backups.daily_backup(paths, None, now)
    assert made is not None and made.parent == paths.backups
    assert made.stat().st_mode & 0o077 == 0
    assert backups.daily_backup(paths, None, now + timedelta(hours=3)) is None
    copy = sqlite3.connect(made)
    assert copy.execute("select count(*) from reflection").fetchone()[0] == 30
    copy.close()
    assert sorted(p.name for p in paths.backups.iterdir()) == [made.name]  # no -wal/-shm beside it


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_every_manual_copy(paths: DataPaths) -> None:
    paths.backups.mkdir(parents=True)
    today = datetime(2026, 11, 25, 9, 0)
    for days_ago in range(400):
        moment = today - timedelta(days=days_ago)
        (paths.backups / f"reflect-daily-{moment:%Y%m%d-%H%M%S}.sqlite3").write_bytes(b"x")
    manual = paths.backups / "reflect-manual-20250101-120000.sqlite3"
    manual.write_bytes(b"x")
    backups.rotate(paths, today)
    kept = [b for b in backups.list_backups(paths) if b.kind == "daily"]
    kept_days = {b.created.date() for b in kept}
    assert {(today - timedelta(days=d)).date() for d in range(7)} <= kept_days
    months = {(b.created.year, b.created.month) for b in kept}
    assert len(months) == 12
    assert 12 <= len(kept) <= 7 + 4 + 12
    assert manual.exists()


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _not_a_database(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4 this is a document, not a database\n" * 100)


@pytest.mark.parametrize("damage", [_truncate, overwrite_pages, _not_a_database])
def test_a_damaged_database_is_refused_untouched_on_the_command_line(
    damage, paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    filled(paths, 300)
    damage(paths.database)
    before = paths.database.read_bytes()
    with pytest.raises(DamagedDatabase):
        open_database(paths)
    assert main(["export", "--format", "csv", "--out", str(paths.root.parent / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "left untouched" in err
    assert paths.database.read_bytes() == before


def _answer(button_text: str):
    def exec_(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == button_text).click()
        return 0

    return exec_


def test_the_app_moves_a_damaged_database_aside_and_restores_the_newest_good_backup(
    qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(paths, 12)
    backups.back_up(paths, None)
    overwrite_pages(paths.database)
    damaged_bytes = paths.database.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or _answer("Restore the backup")(box))
    threads: list[str] = []
    for slow in ("newest_good_backup", "restore"):  # each reads or writes a whole database
        real = getattr(backups, slow)
        monkeypatch.setattr(backups, slow, lambda *args, real=real: threads.append(threading.current_thread().name)
                            or real(*args))
    with pytest.raises(DamagedDatabase) as caught:
        open_database(paths)
    assert app_module.recover(paths, caught.value)
    assert len(threads) == 2 and threading.main_thread().name not in threads  # on a worker, a busy dialog up
    assert "moved it aside" in shown[0] and "newest good backup" in shown[0]
    moved = [p for p in paths.root.glob("reflect.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1 and moved[0].read_bytes() == damaged_bytes
    assert count(paths) == 12


def test_starting_empty_keeps_the_damaged_file_aside(qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(paths, 5)
    _not_a_database(paths.database)
    monkeypatch.setattr(QMessageBox, "exec", _answer("Start with no reflections"))
    assert app_module.recover(paths, DamagedDatabase("damaged"))
    assert not paths.database.exists()
    assert len([p for p in paths.root.glob("reflect.sqlite3.damaged-*") if not p.name.endswith(("-wal", "-shm"))]) == 1
    assert count(paths) == 0


def test_restore_backs_up_the_current_database_first(paths: DataPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled(paths, 10)
    assert main(["backup"]) == 0
    saved = Path(capsys.readouterr().out.split("Backed up to ")[1].strip())
    filled(paths, 5)
    assert count(paths) == 15
    assert main(["restore", str(saved)]) == 0
    assert "previous database was kept" in capsys.readouterr().out
    assert count(paths) == 10
    safety = [b for b in backups.list_backups(paths) if b.kind == "before-restore"]
    copy = sqlite3.connect(safety[0].path)
    assert copy.execute("select count(*) from reflection").fetchone()[0] == 15
    copy.close()


def test_a_damaged_backup_is_not_restored(paths: DataPaths, tmp_path: Path) -> None:
    filled(paths, 4)
    bad = tmp_path / "reflect-manual-20260101-000000.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(StorageError):
        backups.restore(paths, bad, None)
    assert count(paths) == 4


def test_back_up_and_restore_from_the_file_menu(qtbot: QtBot, paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    filled(paths, 6)
    window = open_window(qtbot, paths)
    try:
        menu = window.menuBar().actions()[0].menu()
        action = {a.text().replace("&", ""): a for a in menu.actions()}
        action["Back up now"].trigger()
        qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=10_000)
        window.context.reflections.save_many(demo.generate(load_catalog().default(), 3, date(2026, 4, 1), seed=4))
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
        action["Restore from a backup…"].trigger()
        qtbot.waitUntil(lambda: "Restored the backup" in window.statusBar().currentMessage(), timeout=10_000)
        assert window.context.reflections.count() == 6
    finally:
        window.close()
        window.context.close()
