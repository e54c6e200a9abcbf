"""First run without ambush (issue 16, item 4): no box opens by itself, and no box answers to a rating key.

The passphrase is offered on the Reflect page after the first save, never taking focus;
every confirmation names its buttons ("Delete" / "Cancel") and carries no mnemonic
letter, because a message box answers to a mnemonic letter without Alt.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.privacy import mod11_check_digit
from reflect.records import ReflectionFilter
from reflect.settings import load_settings
from reflect.ui.dialogs.confirm import confirm
from reflect.ui.dialogs.passphrase import PassphraseDialog
from reflect.ui.dialogs.unsaved import discard_unsaved_edits
from reflect.ui.main_window import MainWindow
from reflect.ui.widgets.identifier_marks import FieldMarks
from reflect.ui.widgets.item_row import ItemRow
from reflect.ui.widgets.privacy_panel import PrivacyPanel, confirm_save_with_findings
from tests.helpers import focused, open_window, press, settle

COMPLETE = ReflectionFilter(statuses=("complete",))
RATING_KEYS = sorted({key for f in load_catalog().frameworks.values() for o in f.scale for key in o.shortcuts})


def _rate_and_save(qtbot: QtBot, window: MainWindow) -> None:
    for _row in window.form.rows:
        press(qtbot, "Y")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_the_offer_appears_after_the_first_save_and_never_takes_focus(qtbot: QtBot, main_window: MainWindow) -> None:
    banner = main_window.form.protect_banner
    assert not banner.isVisible()  # nothing before the first save
    _rate_and_save(qtbot, main_window)
    assert main_window.context.count(COMPLETE) == 1
    assert banner.isVisible() and "Protect your reflections with a passphrase" in banner.label.text()
    assert QApplication.activeModalWidget() is None
    assert isinstance(focused(), ItemRow) and focused() is main_window.form.rows[0]  # the next reflection, ready
    press(qtbot, "Y")
    press(qtbot, "N")  # rating keys go on rating
    assert [r.choice().key if r.choice() else None for r in main_window.form.rows[:3]] == ["yes", "no", None]


def test_not_now_is_remembered(qtbot: QtBot, paths: DataPaths) -> None:
    window = open_window(qtbot, paths)
    _rate_and_save(qtbot, window)
    qtbot.mouseClick(window.form.protect_banner.later_button, Qt.MouseButton.LeftButton)
    assert not window.form.protect_banner.isVisible()
    _rate_and_save(qtbot, window)
    assert window.context.count(COMPLETE) == 2 and not window.form.protect_banner.isVisible()
    window.close()
    window.context.close()
    assert load_settings(paths.settings).passphrase_offer_dismissed
    again = open_window(qtbot, paths)
    _rate_and_save(qtbot, again)
    assert not again.form.protect_banner.isVisible()
    again.close()
    again.context.close()


def test_the_passphrase_dialog_opens_only_when_asked(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def cancelled(dialog: QDialog) -> int:
        opened.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PassphraseDialog, "exec", cancelled)
    _rate_and_save(qtbot, main_window)
    assert opened == []
    banner = main_window.form.protect_banner
    qtbot.mouseClick(banner.set_button, Qt.MouseButton.LeftButton)
    assert opened == ["Set a passphrase"]
    assert banner.isVisible()  # cancelled: the offer stays
    assert not main_window.context.encrypted


def _answer_while_open(keys: list[str], seen: dict[str, object]) -> None:
    """Once the box is open: note its buttons, type every rating key at it, then press Escape."""

    def act(tries: int = 200) -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            if tries:  # not open yet; a box that never opens fails the test's own assertions
                QTimer.singleShot(10, lambda: act(tries - 1))
            return
        assert isinstance(box, QMessageBox)
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["mnemonics"] = [QKeySequence.mnemonic(b.text()).toString() for b in box.buttons()]
        for key in keys:
            target = box.focusWidget() or box
            QTest.keyClick(target, key)
        QTest.qWait(200)  # a mnemonic "clicks" its button after a short animation
        seen["open_after_rating_keys"] = box.isVisible()
        QTest.keyClick(box.focusWidget() or box, Qt.Key.Key_Escape)
        if box.isVisible():  # Escape did not close it: close it so the test can report, not hang
            seen["escape_failed"] = True
            box.done(0)

    QTimer.singleShot(0, act)


def _confirmations(parent: QWidget) -> list[tuple[str, Callable[[], bool]]]:
    """Every confirmation that can open while the checklist has focus, and the helper itself."""
    panel = PrivacyPanel(FieldMarks())
    return [
        ("confirm", lambda: confirm(parent, "Delete", "Delete this?")),
        ("unsaved edits", lambda: discard_unsaved_edits(parent, "Mon 30 Nov 2026 09:00")),
        ("save with identifiers", lambda: confirm_save_with_findings(parent, panel)),
    ]


def test_confirmations_ignore_rating_keys_and_escape_cancels(qtbot: QtBot, host: QWidget) -> None:
    parent = host
    parent.show()
    for name, ask in _confirmations(parent):
        seen: dict[str, object] = {}
        _answer_while_open(RATING_KEYS + [k.lower() for k in RATING_KEYS], seen)
        assert ask() is False, name  # Escape: the way back
        assert "escape_failed" not in seen, name
        assert seen["open_after_rating_keys"] is True, name
        assert seen["mnemonics"] == ["" for _ in seen["buttons"]], (name, seen["buttons"])
        assert not {"Yes", "No", "&Yes", "&No", "OK"} & set(seen["buttons"]), name


def test_the_delete_question_in_history_ignores_rating_keys(qtbot: QtBot, main_window: MainWindow) -> None:
    _rate_and_save(qtbot, main_window)
    main_window.show_page("history")
    history = main_window.history
    settle(qtbot, history)  # the rows load on a worker
    history.table.setFocus()
    history.table.selectRow(0)
    seen: dict[str, object] = {}
    _answer_while_open(RATING_KEYS + [k.lower() for k in RATING_KEYS], seen)
    press(qtbot, Qt.Key.Key_Delete)
    assert main_window.context.count(COMPLETE) == 1 and history.model.rowCount() == 1
    assert seen["open_after_rating_keys"] is True
    assert set(seen["buttons"]) == {"Delete", "Cancel"}


def test_a_possible_identifier_at_save_asks_without_letting_a_late_rating_answer(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    form = main_window.form
    for _row in form.rows:
        press(qtbot, "Y")
    nhs = "999000001" + str(mod11_check_digit("999000001"))
    qtbot.keyClicks(form.text_edit, f"ref {nhs}")
    seen: dict[str, object] = {}
    _answer_while_open(["Y", "y", "N", "1"], seen)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert main_window.context.count(COMPLETE) == 0 and form.text_edit.toPlainText() == f"ref {nhs}"
    assert seen["open_after_rating_keys"] is True
    assert set(seen["buttons"]) == {"Save anyway", "Go back"}
