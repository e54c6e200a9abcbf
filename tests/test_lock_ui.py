"""Unlock at start, the app lock (Ctrl+L and idle) and the Settings page, driven through the widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from reflect.data.db import Database, open_database
from reflect.data.encryption import encrypt, is_encrypted
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.privacy import scan
from reflect.ui.context import AppContext
from reflect.ui.dialogs.unlock import UnlockDialog
from reflect.ui.main_window import MainWindow
from reflect.ui.pages.settings import SettingsView
from tests.helpers import accept_and_wait

PASSPHRASE = "correct horse battery"


def _show(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    return window


@pytest.fixture
def encrypted_paths(paths: DataPaths) -> DataPaths:
    encrypt(paths, PASSPHRASE)
    return paths


@pytest.fixture
def window(qtbot: QtBot, encrypted_paths: DataPaths) -> Iterator[MainWindow]:
    context = AppContext.open(encrypted_paths, PASSPHRASE)
    win = _show(qtbot, context)
    yield win
    win.close()
    context.close()


def _connections(window: MainWindow) -> int:
    return window.context.database.engine.pool.checkedin() + window.context.database.engine.pool.checkedout()


def test_the_unlock_dialog_says_when_the_passphrase_is_wrong_and_lets_you_try_again(
    qtbot: QtBot, encrypted_paths: DataPaths
) -> None:
    before = encrypted_paths.database.read_bytes()
    dialog: UnlockDialog[Database] = UnlockDialog(lambda p: open_database(encrypted_paths, p))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.busy and not dialog.passphrase.isEnabled() and dialog.working.isVisible()  # tried on a worker
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.isVisible() and dialog.value is None and dialog.passphrase.isEnabled()
    assert dialog.error.isVisible() and "not right" in dialog.error.text()
    assert encrypted_paths.database.read_bytes() == before
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert isinstance(dialog.value, Database) and dialog.value.passphrase == PASSPHRASE
    dialog.value.close()


def test_cancel_at_the_unlock_dialog_quits_cleanly(
    qtbot: QtBot, encrypted_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.ui import app

    monkeypatch.setattr(UnlockDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert app.open_context(encrypted_paths) is None
    assert app.run_app(encrypted_paths) == 0


def test_ctrl_l_hides_the_content_closes_the_database_and_keeps_the_draft(qtbot: QtBot, window: MainWindow) -> None:
    context = window.context
    window.show_page("reflect")
    window.form.text_edit.setFocus()
    qtbot.keyClicks(window.form.text_edit, "A calm review; I asked what mattered most to them.")
    assert _connections(window) > 0

    qtbot.keyClick(window.form.text_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = window.app_lock
    assert lock.locked and lock.stack.currentWidget() is lock.screen
    assert not window.form.isVisible() and not window.nav.isVisible()
    assert _connections(window) == 0
    assert lock.screen.passphrase.isVisible() and "not encrypted" not in lock.screen.explanation.text()
    assert not any(a.isEnabled() for a in window.findChildren(type(lock.action)) if a.text() == "&Export…")

    reopened = AppContext.open(window.context.paths, PASSPHRASE)  # what is on disk while locked
    try:
        draft = reopened.latest_draft()
        assert draft is not None and draft.text == "A calm review; I asked what mattered most to them."
    finally:
        reopened.close()

    qtbot.keyClicks(lock.screen.passphrase, "wrong passphrase")
    qtbot.keyClick(lock.screen.passphrase, Qt.Key.Key_Return)
    assert not lock.screen.unlock_button.isEnabled() and lock.screen.unlock_button.text() == "Unlocking…"
    qtbot.waitUntil(lambda: lock.screen.unlock_button.isEnabled())  # checked on a worker: the key derivation
    assert lock.locked and lock.screen.error.isVisible() and "not right" in lock.screen.error.text()

    lock.screen.passphrase.clear()
    qtbot.keyClicks(lock.screen.passphrase, PASSPHRASE)
    qtbot.keyClick(lock.screen.passphrase, Qt.Key.Key_Return)
    assert lock.locked and not lock.screen.passphrase.isEnabled()  # still the lock screen while it is checked
    qtbot.waitUntil(lambda: not lock.locked)
    assert window.form.isVisible()
    assert window.form.text_edit.toPlainText() == "A calm review; I asked what mattered most to them."
    assert context.latest_draft() is not None  # the database works again
    assert all(a.isEnabled() for a in window.findChildren(type(lock.action)) if a.text() == "&Export…")


def test_the_window_locks_itself_after_the_idle_time(qtbot: QtBot, window: MainWindow) -> None:
    lock = window.app_lock
    lock.minute_ms = 40  # one "minute" is 40 ms here
    window.context.settings.auto_lock_minutes = 1
    qtbot.mouseMove(window.nav)  # input restarts the idle clock with the new timeout
    lock.idle.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert lock.stack.currentWidget() is lock.screen


def test_no_idle_lock_when_the_setting_is_zero_or_the_data_is_not_encrypted(
    qtbot: QtBot, paths: DataPaths, catalog: FrameworkCatalog
) -> None:
    context = AppContext.open(paths)
    window = _show(qtbot, context)
    try:
        lock = window.app_lock
        lock.minute_ms = 40
        lock.idle.start()
        assert not lock.idle.is_running()  # not encrypted: nothing to lock against
        lock.lock()  # Ctrl+L still hides the content
        assert lock.locked and not lock.screen.passphrase.isVisibleTo(lock.screen)
        assert "not encrypted" in lock.screen.explanation.text()
        qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)
        assert not lock.locked
    finally:
        window.close()
        context.close()


def test_idle_lock_is_off_at_zero_minutes(window: MainWindow) -> None:
    window.context.settings.auto_lock_minutes = 0
    window.app_lock.idle.start()
    assert not window.app_lock.idle.is_running()
    window.context.settings.auto_lock_minutes = 10
    window.app_lock.idle.start()
    assert window.app_lock.idle.is_running()


def test_an_encrypted_data_folder_stays_encrypted_through_a_ui_session(window: MainWindow) -> None:
    assert window.context.encrypted and is_encrypted(window.context.paths.database)
    assert QApplication.instance() is not None


# ----- Settings page


@pytest.fixture
def plain_window(qtbot: QtBot, paths: DataPaths) -> Iterator[MainWindow]:
    context = AppContext.open(paths)
    win = _show(qtbot, context)
    yield win
    win.close()
    context.close()


def _open_settings(qtbot: QtBot, window: MainWindow) -> SettingsView:
    row = window.nav.count() - 1
    assert window.nav.item(row).text() == "Settings"
    qtbot.keyClick(window.nav, Qt.Key(Qt.Key.Key_0 + row + 1), Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() is window.settings_page
    assert isinstance(window.settings_page, SettingsView)
    return window.settings_page


def test_settings_saves_name_role_names_and_lock_minutes(qtbot: QtBot, plain_window: MainWindow, paths: DataPaths) -> None:
    from reflect.data.private_data import apply_private
    from reflect.settings import load_settings

    view = _open_settings(qtbot, plain_window)
    qtbot.keyClicks(view.you.name_edit, "Dr A. Example")
    qtbot.keyClicks(view.you.role_edit, "ST4 general adult psychiatry")
    view.scanner.names_edit.setPlainText("Jo Bloggs\n\n  Sam O'Neill  \n")
    view.scanner.add_pattern_row("Hospital number", r"RX\d{7}")
    view.lock.lock_minutes.setValue(5)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.status_label.text() == "Settings saved."
    assert "Bloggs" not in paths.settings.read_text() and "Example" not in paths.settings.read_text()
    saved = load_settings(paths.settings)
    apply_private(saved, plain_window.context.database)  # names, patterns, name and role: in the database
    assert (saved.practitioner_name, saved.practitioner_role) == ("Dr A. Example", "ST4 general adult psychiatry")
    assert saved.identifier_names == ["Jo Bloggs", "Sam O'Neill"]
    assert saved.record_patterns == [{"label": "Hospital number", "pattern": r"RX\d{7}"}]
    assert saved.auto_lock_minutes == 5
    findings = scan("Saw jo bloggs, RX1234567", plain_window.context.scanner_config())
    assert {f.label for f in findings} == {"Name", "Hospital number"}


def test_settings_names_a_bad_pattern_and_saves_nothing(qtbot: QtBot, plain_window: MainWindow, paths: DataPaths) -> None:
    view = _open_settings(qtbot, plain_window)
    qtbot.keyClicks(view.you.name_edit, "Dr A. Example")
    view.scanner.add_pattern_row("Ward number", "W(12")
    assert view.save() is False
    assert "Ward number" in view.status_label.text() and "Not saved" in view.status_label.text()
    assert view.scanner.patterns.currentRow() == 0
    assert plain_window.context.settings.practitioner_name == ""
    assert not paths.settings.exists() or "Dr A. Example" not in paths.settings.read_text()


def test_settings_sets_changes_and_removes_the_passphrase(
    qtbot: QtBot, plain_window: MainWindow, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.ui.pages import settings as settings_view

    view = _open_settings(qtbot, plain_window)
    context = plain_window.context
    assert view.set_button.isVisible() and not view.change_button.isVisible()
    dialogs: list[settings_view.PassphraseDialog] = []

    def fill_and_run(dialog: settings_view.PassphraseDialog, steps: list[tuple[str, str]]) -> int:
        dialogs.append(dialog)
        dialog.show()
        for field, text in steps:
            getattr(dialog, field).setText(text)
            if accept_and_wait(dialog) == QDialog.DialogCode.Accepted:
                break
        return dialog.result()

    script: list[list[tuple[str, str]]] = [
        [("new", PASSPHRASE), ("again", PASSPHRASE + "!"), ("again", PASSPHRASE)],  # typo first, then right
        [("current", "wrong passphrase"), ("new", "a new passphrase"), ("again", "a new passphrase"),
         ("current", PASSPHRASE)],
        [("current", "a new passphrase")],
    ]
    monkeypatch.setattr(settings_view.PassphraseDialog, "exec", lambda self: fill_and_run(self, script.pop(0)))

    qtbot.mouseClick(view.set_button, Qt.MouseButton.LeftButton)
    first = dialogs[0]
    assert "cannot be recovered" in first.findChildren(type(view.status_label))[0].text()
    assert context.encrypted and is_encrypted(paths.database)
    assert view.change_button.isVisible() and view.remove_button.isVisible() and not view.set_button.isVisible()
    assert context.latest_draft() is None  # the database works with the new key

    qtbot.mouseClick(view.change_button, Qt.MouseButton.LeftButton)
    assert context.database.passphrase == "a new passphrase"

    qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert not context.encrypted and not is_encrypted(paths.database)
    assert "now plain" in view.encryption_message.text() and "reflect.sqlite3" in view.encryption_message.text()


def test_the_passphrase_dialog_refuses_a_mismatch_and_a_short_passphrase(qtbot: QtBot, plain_window: MainWindow) -> None:
    from reflect.ui.pages.settings import MODE_SET, PassphraseDialog

    dialog = PassphraseDialog(plain_window.context, MODE_SET)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.new.setText("short")
    dialog.again.setText("shorter")
    dialog.accept()
    assert dialog.isVisible() and "not the same" in dialog.error.text()
    dialog.again.setText("short")
    dialog.accept()
    assert dialog.isVisible() and "at least 8 characters" in dialog.error.text()
    assert not plain_window.context.encrypted


def test_setting_a_passphrase_starts_the_idle_lock_without_a_restart(
    qtbot: QtBot, plain_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reflect.ui.pages import settings as settings_view

    lock = plain_window.app_lock
    lock.minute_ms = 40  # one "minute" is 40 ms here
    plain_window.context.settings.auto_lock_minutes = 1
    lock.idle.start()
    assert not lock.idle.is_running()  # plain: nothing to lock against, and no input watched
    view = _open_settings(qtbot, plain_window)

    def set_passphrase(dialog: settings_view.PassphraseDialog) -> int:
        dialog.new.setText(PASSPHRASE)
        dialog.again.setText(PASSPHRASE)
        return accept_and_wait(dialog)

    monkeypatch.setattr(settings_view.PassphraseDialog, "exec", set_passphrase)
    qtbot.mouseClick(view.set_button, Qt.MouseButton.LeftButton)
    assert plain_window.context.encrypted
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)  # idle for a "minute" after the passphrase was set
    assert lock.stack.currentWidget() is lock.screen
