"""Backups are copied on a worker: the window answers while a career's database is copied.

At 100,000 reflections the copy takes a third of a second and more; the first start of each
day makes one 1.5 s after the window opens, while the user may already be rating a session.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from reflect.data import backups
from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from tests.helpers import filled, open_window, press


@pytest.fixture
def slow_copy(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Each backup waits (on its thread) until the event is set, as a long copy would."""
    release = threading.Event()
    copy = backups.back_up

    def slow(*args: Any, **kwargs: Any) -> Path:
        release.wait(10)
        return copy(*args, **kwargs)

    monkeypatch.setattr(backups, "back_up", slow)
    return release


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths) -> Any:
    filled(paths, 4)
    window = open_window(qtbot, paths)
    yield window
    window.close()
    window.context.close()


@pytest.mark.parametrize("start", ["daily", "menu"])
def test_the_window_answers_while_a_backup_is_copied(
    qtbot: QtBot, window: MainWindow, paths: DataPaths, slow_copy: threading.Event, start: str
) -> None:
    if start == "daily":
        window.run_daily_backup()
    else:
        window.back_up_now()
    press(qtbot, "Y")  # rating the first tip while the copy is still being made
    assert window.form.rows[0].choice() is not None and not slow_copy.is_set()
    assert not list(paths.backups.glob("*.sqlite3"))
    slow_copy.set()
    said = "Today's backup was saved" if start == "daily" else "Backed up to"
    qtbot.waitUntil(lambda: said in window.statusBar().currentMessage(), timeout=10_000)
    assert len(list(paths.backups.glob("*.sqlite3"))) == 1


def test_a_daily_backup_that_fails_says_so_in_the_status_bar_without_a_box(
    qtbot: QtBot, window: MainWindow, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths.backups.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(backups, "backup_file", _refused)
    window.run_daily_backup()
    qtbot.waitUntil(lambda: "Today's automatic backup failed" in window.statusBar().currentMessage(), timeout=10_000)
    assert "could not be written" in window.statusBar().currentMessage()


def _refused(*_args: Any, **_kwargs: Any) -> Path:
    raise OSError(28, "No space left on device")
