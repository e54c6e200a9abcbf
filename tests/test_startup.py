"""Start-up: the checklist is on screen and typeable before the database opens, and nothing is lost meanwhile.

`run_app` runs with its real event loop here; a timer plays the user, looking at the
window once the loop has started and closing it when done.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reflect.data import backups
from reflect.data.encryption import encrypt
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionFilter, ReflectionRecord
from reflect.ui import app as app_module
from reflect.ui.context import AppContext
from reflect.ui.dialogs.unlock import UnlockDialog
from reflect.ui.main_window import MainWindow
from reflect.ui.pages import page_index
from tests.helpers import accept_and_wait, count, filled, overwrite_pages, press, show_window

COMPLETE = ReflectionFilter(statuses=("complete",))
GIVE_UP_MS = 15_000


@pytest.fixture(autouse=True)
def keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_app installs its crash dialog hook; put pytest's back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


@dataclass
class Seen:
    """What the timer saw when the event loop started, and afterwards."""

    at_loop_start: dict[str, object] = field(default_factory=dict)
    after_open: dict[str, object] = field(default_factory=dict)
    left_on_screen: list[MainWindow] = field(default_factory=list)  # after run_app returned


def main_window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)


def run_with_user(paths: DataPaths, act: Callable[[MainWindow, Seen], None]) -> tuple[int, Seen]:
    """Start Reflect; when the loop runs, note what is shown, wait for the database, then `act` and close."""
    seen = Seen()

    def at_loop_start() -> None:
        window = main_window()
        if window is None:  # a message box may come first (a damaged database): look again
            QTimer.singleShot(10, at_loop_start)
            return
        context = window.context
        window.nav.setCurrentRow(page_index("history"))  # a click on History before the database is open
        seen.at_loop_start.update(
            database_open=context.ready,
            rows=len(window.form.rows),
            page=window.current_key(),
        )
        wait_until_open(window)

    def wait_until_open(window: MainWindow) -> None:
        if not window.context.ready or window.prompting is None:
            QTimer.singleShot(10, lambda: wait_until_open(window))
            return
        seen.after_open.update(draft_offered=window.form.draft_banner.isVisible())
        window.nav.setCurrentRow(page_index("history"))
        seen.after_open.update(page=window.current_key())
        act(window, seen)
        window.close()
        window.deleteLater()  # gone before the next test, with its timers

    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: QApplication.exit(99))
    give_up.start(GIVE_UP_MS)
    QTimer.singleShot(0, at_loop_start)
    code = app_module.run_app(paths)
    give_up.stop()
    seen.left_on_screen = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    for window in seen.left_on_screen:
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code, seen


def nothing(_window: MainWindow, _seen: Seen) -> None:
    """The user only looks."""


def draft(paths: DataPaths) -> None:
    context = AppContext.open(paths)
    framework = context.framework()
    context.save_draft(
        ReflectionRecord(
            occurred_at=datetime(2026, 3, 2, 10, 0),
            duration_min=50,
            setting="community",
            contact_type="follow_up",
            modality="face_to_face",
            framework_id=framework.id,
            framework_version=framework.version,
            ratings=(RatingEntry(framework.items[0].id, "yes", 2),),
        )
    )
    context.close()


def test_the_checklist_is_shown_before_the_database_opens_and_the_draft_follows(
    qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(paths, 5)
    draft(paths)
    status_while_opening: list[str] = []
    open_database = app_module.open_database

    def watched(context: AppContext) -> bool:
        window = main_window()
        assert window is not None
        status_while_opening.append(window.statusBar().currentMessage())
        return open_database(context)

    monkeypatch.setattr(app_module, "open_database", watched)
    code, seen = run_with_user(paths, lambda window, _seen: status_while_opening.append(window.statusBar().currentMessage()))
    assert code == 0
    assert status_while_opening == ["Opening your reflections…", ""]  # shown while opening, then cleared
    assert seen.at_loop_start == {"database_open": False, "rows": 10, "page": "reflect"}
    assert seen.after_open == {"page": "history", "draft_offered": True}


def test_the_first_start_creates_the_database_after_painting_and_interrupts_nothing(
    qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No box opens by itself while the user rates: a passphrase is offered on the page after the first save."""
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    monkeypatch.setattr(
        QMessageBox, "question", lambda _parent, title, *_args: asked.append(title) or QMessageBox.StandardButton.No
    )
    offered: list[bool] = []

    def rate_a_while(window: MainWindow, _seen: Seen) -> None:
        for _ in range(50):  # anything queued once the database opened runs meanwhile
            QApplication.processEvents()
            time.sleep(0.01)
        offered.append(window.form.protect_banner.isVisible())

    code, seen = run_with_user(paths, rate_a_while)
    assert code == 0 and seen.at_loop_start["database_open"] is False
    assert paths.database.exists() and count(paths) == 0
    assert asked == [] and offered == [False]


def test_a_reflection_typed_and_saved_before_the_database_opens_is_stored(qtbot: QtBot, paths: DataPaths) -> None:
    filled(paths, 3)
    context = AppContext.load(paths)
    window = show_window(qtbot, context)
    for _row in window.form.rows:
        press(qtbot, "Y")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "saved in a moment" in window.form.status_label.text()
    assert not window.export_action.isEnabled()  # nothing that reads the database works yet

    context.open_database()
    assert window.form.status_label.text().startswith("Saved. Score 100 %")
    assert context.count(COMPLETE) == 4
    assert window.export_action.isEnabled()
    window.close()
    context.close()


def test_a_tip_left_unrated_is_named_at_once_even_before_the_database_opens(qtbot: QtBot, paths: DataPaths) -> None:
    filled(paths, 3)
    context = AppContext.load(paths)
    window = show_window(qtbot, context)
    for _row in window.form.rows[:-1]:
        press(qtbot, "Y")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.form.status_label.text().startswith("Tip 10 (")  # not "saved in a moment"
    assert not context.startup.save_pending

    context.open_database()
    assert context.count(COMPLETE) == 3  # nothing was stored behind the user's back
    press(qtbot, "Y")  # the focus went to the unrated tip
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.form.status_label.text().startswith("Saved. Score 100 %")
    assert context.count(COMPLETE) == 4
    window.close()
    context.close()


def wait_loaded(page: QWidget) -> None:
    """The page's load runs on a worker; take its answer as the user would see it (no qtbot in this loop)."""
    deadline = time.monotonic() + 20
    while page.loader.busy and time.monotonic() < deadline:  # type: ignore[attr-defined]
        QApplication.processEvents()
        time.sleep(0.01)


def test_a_damaged_database_found_after_the_window_is_shown_is_moved_aside_and_restored(
    qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(paths, 12)
    backups.back_up(paths, None)
    overwrite_pages(paths.database)
    shown: list[str] = []

    def restore(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text() == "Restore the backup").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", restore)
    history_rows: list[int] = []
    def look_at_history(window: MainWindow, _seen: Seen) -> None:
        window.show_page("history")
        wait_loaded(window.history)
        history_rows.append(window.history.model.rowCount())

    code, seen = run_with_user(paths, look_at_history)
    assert code == 0
    assert "moved it aside" in shown[0]
    assert history_rows == [12]
    assert len(list(paths.root.glob("reflect.sqlite3.damaged-*"))) >= 1


def test_quitting_at_a_damaged_database_ends_reflect_with_an_error_code(
    qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(paths, 4)
    overwrite_pages(paths.database)

    def quit_(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "Quit").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", quit_)
    code, seen = run_with_user(paths, nothing)
    assert code == 1 and not seen.left_on_screen
    assert seen.after_open == {}  # the database never opened
    assert not paths.database.exists()  # moved aside, not repaired or overwritten


def test_a_data_folder_that_cannot_be_read_is_one_message_and_code_1(
    qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(paths, 2)
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: messages.append(f"{title}: {text}"))

    def unreadable(_paths: DataPaths, _passphrase: str | None = None) -> None:
        raise PermissionError(13, "Permission denied", str(paths.database))

    monkeypatch.setattr("reflect.data.backups.check_database", unreadable)
    before = paths.database.read_bytes()
    code, seen = run_with_user(paths, nothing)
    assert code == 1 and seen.at_loop_start["rows"] == 10 and not seen.left_on_screen
    assert messages == [f"Reflect cannot open your data: [Errno 13] Permission denied: '{paths.database}'"]
    assert paths.database.read_bytes() == before


def test_the_window_icon_has_every_rendered_size(qapp) -> None:
    icon = app_module.app_icon()
    assert not icon.isNull()
    assert sorted(size.width() for size in icon.availableSizes()) == [16, 24, 32, 48, 64, 128, 256, 512]


def test_a_damaged_encrypted_database_is_moved_aside_and_its_encrypted_backup_restored(
    qapp, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    passphrase = "correct horse battery"
    filled(paths, 9)
    encrypt(paths, passphrase)
    backups.back_up(paths, passphrase)
    data = bytearray(paths.database.read_bytes())  # damage the last pages: the schema still reads
    data[-2 * 4096 :] = b"\xa5" * (2 * 4096)
    paths.database.write_bytes(bytes(data))

    def unlock(dialog: UnlockDialog) -> int:
        dialog.passphrase.setText(passphrase)
        return accept_and_wait(dialog)

    def restore(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "Restore the backup").click()
        return 0

    monkeypatch.setattr(UnlockDialog, "exec", unlock)
    monkeypatch.setattr(QMessageBox, "exec", restore)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kwargs: (passphrase, True))
    history_rows: list[int] = []

    def look_at_history(window: MainWindow, _seen: Seen) -> None:
        window.show_page("history")
        wait_loaded(window.history)
        history_rows.append(window.history.model.rowCount())

    code, seen = run_with_user(paths, look_at_history)
    assert code == 0 and seen.at_loop_start["database_open"] is True  # unlocked before the window
    assert history_rows == [9]
    assert len(list(paths.root.glob("reflect.sqlite3.damaged-*"))) >= 1


def test_what_opening_the_database_imports_is_loaded_off_the_gui_thread(qapp, paths: DataPaths,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLAlchemy and the stores load on a worker, so keys typed in the checklist meanwhile are handled at once."""
    on_gui: list[bool] = []
    real = importlib.import_module

    def recording(name: str) -> object:
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(name)

    monkeypatch.setattr(app_module, "importlib", SimpleNamespace(import_module=recording))
    code, seen = run_with_user(paths, lambda _window, _seen: None)
    assert code == 0 and seen.after_open  # the database opened once they were loaded
    assert len(on_gui) == len(app_module.DATA_MODULES) and not any(on_gui)
