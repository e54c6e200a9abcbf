"""The Reflect page after a save and on Ctrl+N (issue 16): the score said once, unsaved edits never dropped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from tests.helpers import answer_boxes, filled, open_window, press, settle


def test_the_score_is_shown_once_after_saving(qtbot: QtBot, main_window: MainWindow) -> None:
    for _row in main_window.form.rows:
        press(qtbot, "Y")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert main_window.form.status_label.text().startswith("Saved. Score 100 %")  # beside the Save button
    assert "Score" not in main_window.statusBar().currentMessage()


@pytest.fixture
def editing(qtbot: QtBot, paths: DataPaths):
    """The window with a saved reflection opened from History and one tip changed, not saved."""
    filled(paths, 3)
    window = open_window(qtbot, paths)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go → History
    settle(qtbot, window.history)  # its rows load on a worker
    window.history.table.setFocus()
    window.history.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return)
    form = window.form
    assert form.editing() is not None
    form.rows[0].setFocus()
    original = form.rows[0].choice()
    press(qtbot, "X" if original is None or original.key != "na" else "N")
    yield window
    window.close()
    window.context.close()


def test_ctrl_n_asks_before_dropping_unsaved_edits_and_keeping_them_is_the_default(
    qtbot: QtBot, editing: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = editing.form
    opened = form.editing()
    changed = form.rows[0].choice()
    boxes = answer_boxes(monkeypatch, "Keep editing")
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(boxes) == 1
    assert {b.text() for b in boxes[0].buttons()} == {"Keep editing", "Discard changes"}
    assert boxes[0].defaultButton().text() == "Keep editing" and boxes[0].escapeButton().text() == "Keep editing"
    assert form.editing() is opened and form.rows[0].choice() == changed  # the change is still there


def test_ctrl_n_after_discard_changes_starts_a_new_reflection(
    qtbot: QtBot, editing: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_boxes(monkeypatch, "Discard changes")
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = editing.form
    assert form.editing() is None and all(row.choice() is None for row in form.rows)
