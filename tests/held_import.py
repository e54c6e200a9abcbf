"""File → Import held open with the write lock taken, for the tests of what the window does meanwhile.

The merge's first batch is written (so SQLite's write lock is held, as for the seconds an import
of a career takes) and it then waits for the test; a Cancel (quitting) stops it there.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from reflect import exchange
from reflect.cli import main
from reflect.data.db import Database
from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from reflect.ui.ops import Operation, Worker
from reflect.ui.write_gate import WRITES
from tests.helpers import answer_boxes, filled, open_window

WAITING = "Waiting for “Import reflections” to finish;"


def export_elsewhere(folder: Path) -> Path:
    """A JSON export of 40 demo reflections, made on another computer."""
    path = folder / "career.json"
    assert main(["demo", "--sessions", "40", "--data-dir", str(folder / "data")]) == 0
    assert main(["export", "--format", "json", "--out", str(path), "--data-dir", str(folder / "data")]) == 0
    return path


def window_in_use(qtbot: QtBot, paths: DataPaths) -> Iterator[MainWindow]:
    """The main window on a folder with 3 reflections (a backup's settings are taken only into an empty one).

    pytest-qt closes it and asks Qt to delete it before the fixtures end: an import still held is let go
    then, and waiting for it to end lets Qt delete the window first.
    """
    filled(paths, 3)
    window = open_window(qtbot, paths)
    context = window.context
    yield window
    if isValid(window):
        window.close()
    context.close()


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fixture: a career exported on another computer, made once per test module."""
    return export_elsewhere(tmp_path_factory.mktemp("other-computer"))


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths) -> Iterator[MainWindow]:
    """Fixture: ``window_in_use``."""
    yield from window_in_use(qtbot, paths)


@pytest.fixture
def importing(qtbot: QtBot, window: MainWindow, backup: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Fixture: an import of ``backup`` held open in ``window`` (``hold_import``), let go at the end."""
    finish = hold_import(qtbot, window, backup, monkeypatch)
    yield finish
    end_import(qtbot, finish)


def hold_import(qtbot: QtBot, window: MainWindow, backup: Path, monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Start File → Import and hold it, the write lock taken, until the event returned is set."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    answer_boxes(monkeypatch, "Import")
    writing, finish = threading.Event(), threading.Event()
    merge = exchange.import_document

    def career(store: Any, document: Any, settings: Any, progress: Any) -> Any:
        def next_batch(done: int, total: int) -> None:
            writing.set()
            while not finish.wait(0.01):
                progress(done, total)  # raises Cancelled once the work is cancelled
            progress(done, total)

        return merge(store, document, settings, next_batch)

    monkeypatch.setattr(exchange, "import_document", career)
    next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Import…").trigger()
    qtbot.waitUntil(writing.is_set, timeout=20_000)
    assert WRITES.busy
    return finish


def end_import(qtbot: QtBot, finish: threading.Event) -> None:
    finish.set()
    qtbot.waitUntil(lambda: not WRITES.busy, timeout=20_000)


def on_disk(paths: DataPaths, sql: str) -> list[tuple[Any, ...]]:
    """What another program would read from the file now (the import's uncommitted rows are not there)."""
    with closing(sqlite3.connect(paths.database)) as database:
        return database.execute(sql).fetchall()


def hold_writer(qtbot: QtBot, parent: QWidget, database: Database, title: str = "Import reflections") -> threading.Event:
    """A writing operation (as an import is) holding the write lock until the event returned is set."""
    writing, finish = threading.Event(), threading.Event()

    def work(worker: Worker) -> None:
        assert worker.database is not None
        with worker.database.engine.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock, as an import's first batch takes it
            writing.set()
            finish.wait(30)
            connection.rollback()

    Operation(parent, work, database=database, title=title, writes=True).run()
    qtbot.waitUntil(writing.is_set, timeout=20_000)
    return finish
