"""File → Restore from a backup, driven through the window, on an encrypted data folder.

The file is replaced on a worker behind a busy dialog: with years of reflections it takes seconds.
"""

from __future__ import annotations

import shutil
import threading
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from reflect.data import backups
from reflect.data.db import open_database
from reflect.data.encryption import encrypt, is_encrypted
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionFilter, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow

PASSPHRASE = "correct horse battery"


def _save(paths: DataPaths, catalog: FrameworkCatalog, day: int) -> str:
    framework = catalog.default()
    database = open_database(paths)
    saved = ReflectionStore(database, catalog).save(ReflectionRecord(
        occurred_at=datetime(2026, 3, day, 10, 0), duration_min=50, setting="community", contact_type="follow_up",
        modality="face_to_face", framework_id=framework.id, framework_version=framework.version,
        ratings=(RatingEntry(framework.items[0].id, "yes", 2),),
    ))
    database.close()
    assert saved.id is not None
    return saved.id


def test_a_plain_backup_restores_over_an_encrypted_database_without_asking_for_a_passphrase(
    qtbot: QtBot, paths: DataPaths, catalog: FrameworkCatalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = DataPaths(tmp_path / "from-before-encryption")
    kept_id = _save(other, catalog, 9)
    plain = backups.back_up(other, None)
    _save(paths, catalog, 2)
    encrypt(paths, PASSPHRASE)
    paths.backups.mkdir(exist_ok=True)
    shutil.copyfile(plain, paths.backups / plain.name)  # a plain backup copied back into backups/

    context = AppContext.open(paths, PASSPHRASE)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append(f"{title}: {text}"))
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *_a: (
        next(label for label in items if "encrypted" not in label), True))

    def asked(*_args: object) -> tuple[str, bool]:
        raise AssertionError("asked for a passphrase the app already has")

    monkeypatch.setattr(QInputDialog, "getText", asked)
    threads: list[str] = []
    real_restore = backups.restore

    def restore(*args: object) -> Path | None:
        threads.append(threading.current_thread().name)
        return real_restore(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(backups, "restore", restore)
    try:
        window.restore_backup()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Restored the backup"), timeout=10_000)
        assert warnings == []
        assert threads and threads != [threading.main_thread().name]  # the file was replaced off the GUI thread
        from reflect.ui.widgets.busy_dialog import BusyDialog

        qtbot.wait(600)  # past the moment a busy dialog would have shown: a quick restore shows none, even late
        assert not any(d.isVisible() for d in window.findChildren(BusyDialog))
        assert "now protected by your passphrase" in window.statusBar().currentMessage()
        restored = context.reflections.list(ReflectionFilter(), 0, 10)
        assert [r.id for r in restored] == [kept_id]
    finally:
        window.close()
        context.close()
    assert is_encrypted(paths.database)  # the plain backup took on the folder's passphrase
    safety = next(b for b in backups.list_backups(paths) if b.kind == backups.KIND_BEFORE_RESTORE)
    assert safety.encrypted  # the encrypted database it replaced was kept under its passphrase


def test_the_restore_dialog_stays_until_the_backup_is_in_place(
    qtbot: QtBot, paths: DataPaths, catalog: FrameworkCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It has no Cancel, and Esc or the close box cannot hide it: the file is being replaced underneath."""
    _save(paths, catalog, 2)
    context = AppContext.open(paths)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.back_up()
    monkeypatch.setattr(QInputDialog, "getItem", lambda _p, _t, _l, items, *_a: (items[0], True))
    release = threading.Event()
    real_restore = backups.restore

    def slow_restore(*args: object) -> Path | None:
        release.wait(10)
        return real_restore(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(backups, "restore", slow_restore)
    try:
        window.restore_backup()
        from reflect.ui.widgets.busy_dialog import BusyDialog

        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(BusyDialog)), timeout=5000)
        [dialog] = [d for d in window.findChildren(BusyDialog) if d.isVisible()]
        assert dialog.isModal() or dialog.windowModality() == Qt.WindowModality.WindowModal
        assert "backed up first" in dialog.labelText()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()
        assert dialog.isVisible()  # still there: nothing can stop it part-way
        release.set()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Restored the backup"), timeout=10_000)
        assert not any(d.isVisible() for d in window.findChildren(BusyDialog))
    finally:
        release.set()
        window.close()
        context.close()
