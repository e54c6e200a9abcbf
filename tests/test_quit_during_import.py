"""Quitting Reflect while File → Import merges a backup into a new data folder.

The merge holds the database's write lock on a worker until it commits (seconds for a
career of reflections). Closing the window saves the settings, and on a new folder that
wrote the private ones (name, role: still their defaults) for the first time: the close
waited for the import's lock, the window frozen, and after SQLite's 5 s it failed with
"database is locked", logged as an uncaught exception under a crash dialog that kept
Reflect from ending. Now a save that changes nothing writes nothing: the window closes at
once and the import, cancelled, leaves the folder as it was.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from reflect import exchange
from reflect.cli import main
from reflect.records import ReflectionFilter
from reflect.ui.ops import finish_work
from tests.helpers import answer_boxes

ROOT = Path(__file__).resolve().parent.parent

QUIT_WHILE_IMPORTING = """
import sys, threading, time
import reflect.ui  # before Qt, as the reflect command does
from reflect.ui.app import run_app
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog
import reflect.ui.main_window as main_window
from reflect import exchange
from reflect.paths import resolve_data_dir
from reflect.ui.dialogs import exchange as exchange_dialogs

data, backup = sys.argv[1], sys.argv[2]
typed_first = sys.argv[3:] == ["draft"]  # a tip rated just before quitting: a draft not yet autosaved
writing = threading.Event()
merge = exchange.import_document

def career(store, document, settings, progress):
    # as for 100,000 reflections: after the first batch written, batches go on until cancelled
    def next_batch(done, total):
        writing.set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            progress(done, total)  # raises Cancelled once the work is cancelled
            time.sleep(0.01)
    return merge(store, document, settings, next_batch)

exchange.import_document = career
QFileDialog.getOpenFileName = staticmethod(lambda *args, **kwargs: (backup, ""))
exchange_dialogs.confirm = lambda *args, **kwargs: True  # "Import" in the preview
shown = main_window.MainWindow.show

def menu(window, text):
    return next(a for a in window.menuBar().actions()[0].menu().actions() if a.text().replace("&", "") == text)

def show_then_import(window):
    def quit_once_writing():
        if writing.is_set():
            if typed_first:
                from PySide6.QtCore import Qt
                from PySide6.QtTest import QTest
                QTest.keyClick(window.form.rows[0], Qt.Key.Key_Y)
            menu(window, "Quit").trigger()
        else:
            QTimer.singleShot(20, quit_once_writing)

    def start():
        menu(window, "Import…").trigger()
        quit_once_writing()

    window.context.startup.when_ready(start)
    shown(window)

main_window.MainWindow.show = show_then_import
sys.exit(run_app(resolve_data_dir(data)))
"""


@pytest.mark.slow
def test_quitting_while_an_import_writes_closes_cleanly_and_imports_nothing(tmp_path: Path) -> None:
    other, backup, data = tmp_path / "other-computer", tmp_path / "career.json", tmp_path / "new-computer"
    assert main(["demo", "--sessions", "40", "--data-dir", str(other)]) == 0
    assert main(["export", "--format", "json", "--out", str(backup), "--data-dir", str(other)]) == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", QUIT_WHILE_IMPORTING, str(data), str(backup)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Error calling Python override" not in result.stderr
    log = (data / "logs" / "reflect.log").read_text(encoding="utf-8")
    assert "Uncaught exception" not in log and "Traceback" not in log
    assert sorted(p.name for p in data.iterdir()) == [
        "encryption.json", "logs", "reflect.sqlite3", "settings.json"]  # no journal or lock left behind
    with closing(sqlite3.connect(data / "reflect.sqlite3")) as database:  # all or nothing: nothing
        assert database.execute("SELECT count(*) FROM reflection").fetchone() == (0,)


@pytest.mark.slow
def test_a_draft_typed_just_before_quitting_during_an_import_is_kept(tmp_path: Path) -> None:
    """Closing cancels the import first, so its write lock no longer keeps the last draft from being saved
    (the close froze for 5 s, then the draft was lost: "Autosaving a draft failed")."""
    other, backup, data = tmp_path / "other-computer", tmp_path / "career.json", tmp_path / "new-computer"
    assert main(["demo", "--sessions", "40", "--data-dir", str(other)]) == 0
    assert main(["export", "--format", "json", "--out", str(backup), "--data-dir", str(other)]) == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", QUIT_WHILE_IMPORTING, str(data), str(backup), "draft"],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "failed" not in (data / "logs" / "reflect.log").read_text(encoding="utf-8")
    with closing(sqlite3.connect(data / "reflect.sqlite3")) as database:
        assert database.execute("SELECT status, count(*) FROM reflection GROUP BY status").fetchall() == [("draft", 1)]
        assert database.execute("SELECT choice FROM rating").fetchall() == [("yes",)]  # the tip rated


def test_quitting_while_a_backup_is_read_stops_the_reading(
    qtbot: QtBot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading is the first half of an import (4–5 s for 100,000 reflections): it reports its progress
    a chunk at a time, and quitting (or Cancel) stops it there rather than after the whole file."""
    other, backup = str(tmp_path / "other-computer"), tmp_path / "career.json"
    assert main(["demo", "--sessions", "40", "--data-dir", other]) == 0
    assert main(["export", "--format", "json", "--out", str(backup), "--data-dir", other]) == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    reading, read = threading.Event(), exchange.read_document

    def career(path: Path, catalog: Any = None, today: Any = None, progress: Any = None) -> Any:
        if progress is None:
            return read(path, catalog, today)

        def next_chunk(done: int, total: int) -> None:  # as for a very large file: chunks go on until cancelled
            reading.set()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                progress(done, total)  # raises Cancelled once the work is cancelled
                time.sleep(0.01)

        return read(path, catalog, today, next_chunk)

    monkeypatch.setattr(exchange, "read_document", career)
    previews = answer_boxes(monkeypatch, "Import")
    next(a for a in main_window.menuBar().actions()[0].menu().actions() if a.text() == "&Import…").trigger()
    qtbot.waitUntil(reading.is_set, timeout=20_000)

    assert finish_work() is True  # as Reflect does once its window has closed
    qtbot.wait(100)
    assert previews == []  # stopped while reading: no preview, nothing imported
    assert main_window.context.count(ReflectionFilter()) == 0
