"""The app holds its data folder's lock for its whole life, and a second launch still hands over.

`run_app` runs with its real event loop; a timer plays the second terminal, typing commands
while the window is open, then closes the window.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from reflect.cli import main
from reflect.data import backups
from reflect.data.db import open_database
from reflect.data.folder_lock import LOCK_NAME, FolderLock
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.ui import app as app_module
from reflect.ui.main_window import MainWindow
from reflect.ui.single_instance import SingleInstance, server_name

GIVE_UP_MS = 15_000


@pytest.fixture(autouse=True)
def keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_app installs its crash dialog hook; put pytest's back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append(f"{title}: {text}"))
    return shown


def in_use(paths: DataPaths) -> str:
    return (
        f"The data folder {paths.root} is in use by another Reflect (the app, or a command that changes it): "
        "close it first; nothing was changed."
    )


def run_while_open(paths: DataPaths, act: Callable[[MainWindow], None]) -> int:
    """Start Reflect, wait until its database is open, `act`, then close the window."""
    finished = False

    def when_open() -> None:
        if finished:  # run_app returned without opening a window
            return
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)
        if window is None or not window.context.ready or window.prompting is None:
            QTimer.singleShot(10, when_open)
            return
        act(window)
        window.close()
        window.deleteLater()

    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: QApplication.exit(99))
    give_up.start(GIVE_UP_MS)
    QTimer.singleShot(0, when_open)
    code = app_module.run_app(paths)
    finished = True
    give_up.stop()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code


def a_backup(paths: DataPaths, catalog: FrameworkCatalog) -> Path:
    framework = catalog.default()
    database = open_database(paths)
    ReflectionStore(database, catalog).save(ReflectionRecord(
        occurred_at=datetime(2026, 3, 2, 10, 0), duration_min=50, setting="community", contact_type="follow_up",
        modality="face_to_face", framework_id=framework.id, framework_version=framework.version,
        ratings=(RatingEntry(framework.items[0].id, "yes", 2),),
    ))
    backup = backups.back_up(paths, None)
    database.close()
    return backup


def test_while_the_app_is_open_commands_that_write_are_refused_and_readers_work(
    qapp, paths: DataPaths, catalog: FrameworkCatalog, tmp_path: Path, messages: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    backup = a_backup(paths, catalog)
    seen: dict[str, object] = {}

    def second_terminal(_window: MainWindow) -> None:
        seen["lock file"] = (paths.root / LOCK_NAME).exists()
        capsys.readouterr()
        seen["restore"] = main(["restore", str(backup)])
        seen["restore says"] = capsys.readouterr().err
        seen["export"] = main(["export", "--format", "csv", "--out", str(tmp_path / "table.csv")])
        seen["backups"] = sorted(p.name for p in paths.backups.iterdir())

    assert run_while_open(paths, second_terminal) == 0
    assert seen == {
        "lock file": True,
        "restore": 1,
        "restore says": f"reflect: {in_use(paths)}\n",
        "export": 0,
        "backups": [backup.name],  # no safety copy: the restore never began
    }
    assert messages == []
    assert main(["restore", str(backup)]) == 0  # the app has closed: the folder is free again


def test_the_app_does_not_open_a_folder_a_command_is_writing_to(
    qapp, paths: DataPaths, catalog: FrameworkCatalog, messages: list[str]
) -> None:
    a_backup(paths, catalog)
    before = paths.database.read_bytes()
    with FolderLock(paths):  # e.g. `reflect import` still running in a terminal
        assert run_while_open(paths, lambda _window: None) == 1
    assert messages == [f"Reflect cannot open your data: {in_use(paths)}"]
    assert paths.database.read_bytes() == before


def test_a_second_launch_hands_over_to_the_open_app_without_a_message(
    qtbot: QtBot, paths: DataPaths, messages: list[str]
) -> None:
    first = SingleInstance(server_name(paths))  # the app that is already open: it answers and holds the folder
    assert first.claim()
    try:
        with FolderLock(paths), qtbot.waitSignal(first.activated, timeout=5000):
            assert app_module.run_app(paths) == 0  # raised the first window instead
    finally:
        first.release()
    assert messages == []


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX") or sys.platform == "win32", reason="Qt uses named pipes on Windows")
def test_a_first_reflect_too_busy_to_answer_keeps_its_socket_and_the_second_says_why(
    qapp, paths: DataPaths, catalog: FrameworkCatalog, messages: list[str]
) -> None:
    a_backup(paths, catalog)
    address = Path(QDir.tempPath()) / server_name(paths)
    busy = socket.socket(socket.AF_UNIX)  # bound but not accepting: like a first Reflect whose window is busy
    busy.bind(str(address))
    try:
        with FolderLock(paths):
            assert run_while_open(paths, lambda _window: None) == 1
        assert address.exists()  # the second launch did not take the first one's socket away
    finally:
        busy.close()
        address.unlink(missing_ok=True)
    assert messages == [f"Reflect cannot open your data: {in_use(paths)}"]
