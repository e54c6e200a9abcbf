"""History keeps the row the user was working on after an edit or an undo (issue 16)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from tests.helpers import answer_boxes, filled, open_window, press, settle


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths):
    filled(paths, 8)
    window = open_window(qtbot, paths)
    yield window
    window.close()
    window.context.close()


def _choose_row(qtbot: QtBot, window: MainWindow, row: int) -> str:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go → History
    settle(qtbot, window.history)
    table = window.history.table
    table.setFocus()
    for _ in range(row):
        press(qtbot, Qt.Key.Key_Down)
    chosen = window.history.selected_id()
    assert chosen is not None and table.currentIndex().row() == row
    return chosen


def test_history_stays_on_the_row_just_edited(qtbot: QtBot, window: MainWindow) -> None:
    chosen = _choose_row(qtbot, window, 4)
    press(qtbot, Qt.Key.Key_Return)  # open it
    form = window.form
    assert form.is_editing()
    form.rows[0].setFocus()
    press(qtbot, "N")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # save changes
    assert "Changes saved" in form.status_label.text()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.history)
    assert window.history.selected_id() == chosen
    assert window.history.table.selectionModel().selectedRows()[0].row() == 4


def test_undo_selects_the_restored_row(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = _choose_row(qtbot, window, 5)
    answer_boxes(monkeypatch, "Delete")
    press(qtbot, Qt.Key.Key_Delete)
    settle(qtbot, window.history)
    assert window.history.selected_id() != chosen
    qtbot.mouseClick(window.history.undo_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.history)
    assert window.history.selected_id() == chosen
    assert window.history.table.selectionModel().selectedRows()[0].row() == 5
