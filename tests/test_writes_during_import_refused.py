"""Changes the user watches happen are refused, in one sentence, while File → Import holds the write lock.

Deleting a reflection (or undoing that), saving a CPD entry, changing the passphrase, restoring a
backup or importing a supervision response each waited for the import's lock with the window
frozen, then failed after SQLite's 5 s. Waiting silently instead would look like a failure too, so
each says at once that the import is still running, changes nothing, and works once it has ended.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog
from pytestqt.qtbot import QtBot

from reflect.data.backups import list_backups
from reflect.records import ReflectionFilter
from reflect.ui.main_window import MainWindow
from reflect.ui.pages.cpd import CpdView
from reflect.ui.pages.settings import SettingsView
from tests.held_import import end_import, hold_import
from tests.helpers import answer_boxes, press, settle, settle_all

REFUSED = "“Import reflections” is still running; try again once it has finished."
COMPLETE = ReflectionFilter(statuses=("complete",))


def _history(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go → History
    settle(qtbot, window.history)
    window.history.table.setFocus()


def test_deleting_a_reflection_during_an_import_is_refused_in_one_sentence(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_boxes(monkeypatch, "Delete")
    _history(qtbot, window)
    press(qtbot, Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage() == f"Not deleted: {REFUSED}"
    assert asked == [] and window.context.count(COMPLETE) == 3  # not even asked: nothing would happen

    end_import(qtbot, importing)
    settle(qtbot, window.history)
    window.history.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert len(asked) == 1 and window.context.count(COMPLETE) == 3 + 40 - 1


def test_undoing_a_deletion_during_an_import_waits_with_the_undo_still_offered(
    qtbot: QtBot, window: MainWindow, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_boxes(monkeypatch, "Delete")
    _history(qtbot, window)
    press(qtbot, Qt.Key.Key_Delete)
    assert window.context.count(COMPLETE) == 2
    finish = hold_import(qtbot, window, backup, monkeypatch)
    history = window.history
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert window.statusBar().currentMessage() == f"Not restored: {REFUSED}"
    assert history.undo_bar.isVisible()

    end_import(qtbot, finish)
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert not history.undo_bar.isVisible() and window.context.count(COMPLETE) == 3 + 40


def test_a_cpd_goal_saved_during_an_import_is_refused_and_kept_in_the_form(
    qtbot: QtBot, window: MainWindow, importing: threading.Event
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)  # Go → CPD
    view = window.current_view()
    assert isinstance(view, CpdView)
    settle_all(qtbot, view)
    tab = view.goals
    qtbot.keyClicks(tab.title, "Share hope in every review")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == f"Not saved: {REFUSED}"
    assert tab.title.text() == "Share hope in every review" and window.context.cpd.goals() == []

    end_import(qtbot, importing)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert [goal.title for goal in window.context.cpd.goals()] == ["Share hope in every review"]


def test_setting_a_passphrase_during_an_import_is_refused_and_the_database_stays_plain(
    qtbot: QtBot, window: MainWindow, importing: threading.Event
) -> None:
    page = window.view("settings")
    assert isinstance(page, SettingsView)
    dialog = page.passphrase_dialog("set")
    qtbot.keyClicks(dialog.new, "correct horse battery staple")
    qtbot.keyClicks(dialog.again, "correct horse battery staple")
    dialog.accept()
    assert dialog.error.text() == f"Not changed: {REFUSED}"
    assert not window.context.encrypted

    end_import(qtbot, importing)
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # the files are rewritten on a worker
    assert window.context.encrypted and window.context.count(COMPLETE) == 3 + 40


def test_restoring_a_backup_during_an_import_is_refused(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.context.back_up()
    [only] = list_backups(window.context.paths)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    warnings: list[str] = []
    monkeypatch.setattr("reflect.ui.main_window.QMessageBox.warning", lambda _p, _t, text: warnings.append(text))
    window.restore_backup()
    assert warnings == [f"Not restored: {REFUSED}"]
    assert list_backups(window.context.paths) == [only]  # not even its safety copy was made

    end_import(qtbot, importing)
    assert window.context.count(COMPLETE) == 3 + 40


def test_importing_a_supervision_response_during_an_import_is_refused_before_any_question(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: asked.append(a) or ("", ""))
    file_menu = window.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if a.text() == "Import a supervision res&ponse…").trigger()
    assert window.statusBar().currentMessage() == f"Not imported: {REFUSED}"
    assert asked == []


def test_a_second_import_during_an_import_is_refused_in_one_sentence(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr("reflect.ui.dialogs.exchange.QMessageBox.warning", lambda _p, _t, text: warnings.append(text))
    next(a for a in window.menuBar().actions()[0].menu().actions() if a.text() == "&Import…").trigger()  # the same file
    qtbot.waitUntil(lambda: warnings != [], timeout=20_000)  # read on a worker, previewed, then refused
    assert warnings == [f"Not started: {REFUSED}"]

    end_import(qtbot, importing)
    assert window.context.count(COMPLETE) == 3 + 40
