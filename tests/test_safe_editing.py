"""Opening another reflection from History never silently drops unsaved edits (issue 16)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from tests.helpers import filled, open_window, press, settle


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths):
    filled(paths, 3)
    window = open_window(qtbot, paths)
    yield window
    window.close()
    window.context.close()


def _open_from_history(qtbot: QtBot, window: MainWindow, row: int) -> str:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go → History
    settle(qtbot, window.history)
    table = window.history.table
    table.setFocus()
    table.selectRow(0)
    for _ in range(row):
        press(qtbot, Qt.Key.Key_Down)
    chosen = window.history.selected_id()
    assert chosen is not None
    press(qtbot, Qt.Key.Key_Return)
    return chosen


def _answer(monkeypatch: pytest.MonkeyPatch, choice: str, seen: list[QMessageBox]) -> None:
    """Stand in for the person at the dialog: note what it offers, then click the button named `choice`."""

    def exec_(box: QMessageBox) -> int:
        seen.append(box)
        button = next(b for b in box.buttons() if b.text() == choice)
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def _edit_first_tip(qtbot: QtBot, window: MainWindow, key: str) -> None:
    window.form.rows[0].setFocus()
    press(qtbot, key)


def _first_choice(window: MainWindow) -> Callable[[], str | None]:
    return lambda: (choice.key if (choice := window.form.rows[0].choice()) else None)


def test_keep_editing_keeps_the_unsaved_changes(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _open_from_history(qtbot, window, 0)
    form = window.form
    original = _first_choice(window)()
    key = "X" if original != "X" else "N"
    _edit_first_tip(qtbot, window, key)
    edited = _first_choice(window)()
    assert edited != original
    seen: list[QMessageBox] = []
    _answer(monkeypatch, "Keep editing", seen)
    _open_from_history(qtbot, window, 1)
    assert len(seen) == 1
    box = seen[0]
    assert {b.text() for b in box.buttons()} == {"Keep editing", "Discard changes"}
    assert box.defaultButton().text() == "Keep editing"
    assert all("&" not in b.text() for b in box.buttons())  # no Alt letters to collide with Y/P/N/X
    assert window.current_view() is form
    assert form.editing() is not None and form.editing().id == first
    assert _first_choice(window)() == edited  # the change is still there, ready to save


def test_discard_changes_opens_the_other_reflection(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _open_from_history(qtbot, window, 0)
    original = _first_choice(window)()
    _edit_first_tip(qtbot, window, "X" if original != "X" else "N")
    seen: list[QMessageBox] = []
    _answer(monkeypatch, "Discard changes", seen)
    second = _open_from_history(qtbot, window, 1)
    assert len(seen) == 1
    assert window.form.editing() is not None and window.form.editing().id == second


def test_no_question_without_changes(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _open_from_history(qtbot, window, 0)
    seen: list[QMessageBox] = []
    _answer(monkeypatch, "Discard changes", seen)
    second = _open_from_history(qtbot, window, 1)
    assert not seen
    assert window.form.editing() is not None and window.form.editing().id == second


def test_opening_the_same_reflection_again_keeps_its_changes(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    first = _open_from_history(qtbot, window, 0)
    original = _first_choice(window)()
    _edit_first_tip(qtbot, window, "X" if original != "X" else "N")
    edited = _first_choice(window)()
    seen: list[QMessageBox] = []
    _answer(monkeypatch, "Discard changes", seen)
    assert _open_from_history(qtbot, window, 0) == first
    assert not seen
    assert window.current_view() is window.form and _first_choice(window)() == edited
