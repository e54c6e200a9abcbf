"""A reflection saved during an import stays saved, whatever the form does before the import ends.

Save (Ctrl+Enter) while File → Import holds the write lock waits for the import; so does the draft
that locking the window (Ctrl+L) or quitting flushes meanwhile. The draft was written after the
save, over the same reflection: the reflection just saved became a draft again (gone from History,
offered back at the next start as unfinished). And the save read the form only when the import
ended: after File → New reflection it found the new form, refused it ("Tip 1 … has no answer yet"),
and the reflection saved stayed a draft. Now Save keeps what the form shows then, and the form moves on.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from pytestqt.qtbot import QtBot

from reflect.errors import UserError
from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from reflect.ui.ops import finish_work
from reflect.ui.trends_cache import ColumnsCache
from tests.held_import import end_import, hold_import, on_disk
from tests.helpers import focused, press

STATUSES = "SELECT status, count(*) FROM reflection GROUP BY status ORDER BY status"
DRAFT_CHOICES = "SELECT choice FROM rating JOIN reflection ON reflection.id = rating.reflection_id WHERE status = 'draft'"


def _save_all_yes(qtbot: QtBot, window: MainWindow) -> None:
    window.show_page("reflect")
    for _row in window.form.rows:
        press(qtbot, "Y")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.form.status_label.text().endswith("this reflection is saved then.")


def test_a_save_then_ctrl_l_during_an_import_leaves_the_reflection_saved(
    qtbot: QtBot, window: MainWindow, paths: DataPaths, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finish: threading.Event = hold_import(qtbot, window, backup, monkeypatch)
    _save_all_yes(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.app_lock.locked

    end_import(qtbot, finish)
    assert on_disk(paths, STATUSES) == [("complete", 44)]  # 3, the 40 imported, and this one; no draft


def test_a_save_then_quitting_during_an_import_leaves_the_reflection_saved(
    qtbot: QtBot, window: MainWindow, paths: DataPaths, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hold_import(qtbot, window, backup, monkeypatch)
    _save_all_yes(qtbot, window)

    window.close()  # as Reflect quits: the import is cancelled, what waited is written, the database closed
    assert finish_work() is True
    window.context.close()
    assert on_disk(paths, STATUSES) == [("complete", 4)]  # the import undone; this one saved, not a draft


def test_a_save_then_a_new_reflection_during_an_import_saves_the_first_as_it_was(
    qtbot: QtBot, window: MainWindow, paths: DataPaths, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finish = hold_import(qtbot, window, backup, monkeypatch)
    _save_all_yes(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # File → New reflection
    press(qtbot, "N")  # the next one begins meanwhile

    end_import(qtbot, finish)
    assert window.form.status_label.text().startswith("Saved. Score 100 %")  # the one saved, not the new form
    assert on_disk(paths, "SELECT count(*) FROM reflection WHERE status = 'complete'") == [(44,)]
    qtbot.waitUntil(lambda: on_disk(paths, STATUSES) == [("complete", 44), ("draft", 1)], timeout=5_000)
    assert window.form.rows[0].choice() is not None  # what was typed since stays in the form


def test_quitting_waits_for_the_work_the_waiting_writes_set_off(
    qtbot: QtBot, window: MainWindow, paths: DataPaths, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft written at quitting changes the reflections, so Trends' columns (read since start-up) are read
    again on a worker: that read still ran once Reflect had closed its database and was ending."""
    qtbot.waitUntil(lambda: ColumnsCache.of(window.context).columns is not None, timeout=10_000)  # warmed at start
    hold_import(qtbot, window, backup, monkeypatch)
    window.show_page("reflect")
    press(qtbot, "Y")
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    window.close()
    assert finish_work() is True
    assert QThreadPool.globalInstance().activeThreadCount() == 0  # nothing left running as Reflect ends
    window.context.close()
    assert on_disk(paths, STATUSES) == [("complete", 3), ("draft", 1)]


def test_a_waiting_save_that_then_fails_says_so_and_keeps_the_reflection_as_a_draft(
    qtbot: QtBot, window: MainWindow, paths: DataPaths, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finish = hold_import(qtbot, window, backup, monkeypatch)
    _save_all_yes(qtbot, window)

    def refused(_record: object) -> None:  # e.g. the disk filled up while the import ran
        raise UserError("The reflection could not be saved (disk full).")

    monkeypatch.setattr(window.context, "complete", refused)
    end_import(qtbot, finish)
    assert window.form.status_label.text() == (
        "The reflection could not be saved (disk full). The reflection you saved is kept as an unfinished draft.")
    assert on_disk(paths, DRAFT_CHOICES) == [("yes",)] * len(window.form.rows)
