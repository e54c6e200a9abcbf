"""The operation runner: calendar import off the GUI thread, with progress and a Cancel that changes nothing."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from reflect.data.models import ExpectedSession
from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from reflect.ui.ops import Cancelled, Operation, Worker
from reflect.ui.prompts import prompting as prompting_module


def clinic_calendar(events: int) -> str:
    first = datetime.combine(date.today() + timedelta(days=1), datetime.min.time()).replace(hour=8)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Reflect tests//EN"]
    for n in range(events):
        start = first + timedelta(days=n // 100, minutes=(n % 100) * 5)
        lines += ["BEGIN:VEVENT", f"UID:{n}@clinic.test", f"DTSTART:{start:%Y%m%dT%H%M%S}",
                  f"DTEND:{start + timedelta(minutes=5):%Y%m%dT%H%M%S}", "SUMMARY:Clinic", "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def stored_sessions(main_window: MainWindow) -> int:
    with main_window.context.database.sessions() as session:
        return session.scalar(select(func.count()).select_from(ExpectedSession)) or 0


def choose(monkeypatch: pytest.MonkeyPatch, ics: Path) -> None:
    """The file and keyword dialogs answered as a person would."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(ics), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))


def import_action(main_window: MainWindow):  # type: ignore[no-untyped-def]
    return next(a for a in main_window.menuBar().actions()[0].menu().actions()
                if a.text().replace("&", "") == "Import calendar…")


def test_the_import_runs_off_the_gui_thread_and_reports_progress(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ics = tmp_path / "clinics.ics"
    ics.write_text(clinic_calendar(3000), encoding="utf-8")
    choose(monkeypatch, ics)
    import_action(main_window).trigger()
    operation: Operation[str] = main_window.calendar_import
    steps: list[int] = []
    operation.progressed.connect(steps.append)
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        pass
    assert operation.thread_name and operation.thread_name != threading.main_thread().name
    assert steps and steps[-1] == 1000 and steps == sorted(steps)
    assert main_window.statusBar().currentMessage().startswith("3000 expected sessions from the calendar (3000 new")
    assert stored_sessions(main_window) == 3000


def test_cancel_in_the_progress_dialog_leaves_the_database_unchanged(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ics = tmp_path / "clinics.ics"
    ics.write_text(clinic_calendar(5000), encoding="utf-8")
    choose(monkeypatch, ics)
    # the worker reads the file, then waits until the person has pressed Cancel: a window
    # that stays responsive while it waits is the proof the work is not on the GUI thread
    pressed = threading.Event()
    real_read = prompting_module.read_calendar_file

    def read_then_wait(path: Path) -> bytes:
        data = real_read(path)
        assert pressed.wait(20), "Cancel was never pressed"
        return data

    monkeypatch.setattr(prompting_module, "read_calendar_file", read_then_wait)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    import_action(main_window).trigger()
    operation: Operation[str] = main_window.calendar_import
    dialog = operation.dialog
    assert isinstance(dialog, QProgressDialog)
    dialog.show()  # it would show itself after 400 ms; the person sees it now
    qtbot.waitExposed(dialog)
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        pressed.set()
    assert isinstance(operation.outcome, Cancelled)
    assert main_window.statusBar().currentMessage() == "Cancelled; nothing was changed."
    assert warned == []
    assert stored_sessions(main_window) == 0


def test_a_cancel_during_the_write_rolls_it_back(qtbot: QtBot, main_window: MainWindow) -> None:
    """Work that writes in one transaction and is cancelled before it commits leaves nothing behind."""
    from reflect.calendar_import import import_parsed, parse_calendar
    from reflect.expected_sessions import ExpectedSessionStore

    now = datetime.now()

    def work(worker: Worker) -> str:
        parsed = parse_calendar(clinic_calendar(12_000), now)
        assert worker.database is not None
        calls = 0

        def check() -> None:
            nonlocal calls
            calls += 1
            if calls == 2:  # after the first 5,000 rows are inserted
                operation.cancel()
            worker.check()

        return import_parsed(ExpectedSessionStore(worker.database), parsed, now, check).describe()

    operation: Operation[str] = Operation(main_window, work, database=main_window.context.database, title="Import")
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        operation.run()
    assert isinstance(operation.outcome, Cancelled)
    assert stored_sessions(main_window) == 0


def test_a_cancel_pressed_after_the_work_committed_reports_what_was_done(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    """Too late to stop it: the sessions are stored, so the user is told so, not "nothing was changed"."""
    from reflect.calendar_import import import_parsed, parse_calendar
    from reflect.expected_sessions import ExpectedSessionStore

    now = datetime.now()

    def work(worker: Worker) -> str:
        assert worker.database is not None
        imported = import_parsed(ExpectedSessionStore(worker.database), parse_calendar(clinic_calendar(30), now), now,
                                 worker.check).describe()
        operation.cancel()  # Cancel pressed in the moment after the commit, before the answer came back
        return imported

    succeeded: list[str] = []
    operation: Operation[str] = Operation(main_window, work, database=main_window.context.database, title="Import")
    operation.on_success(succeeded.append)
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        operation.run()
    assert stored_sessions(main_window) == 30
    assert succeeded == [operation.outcome] and "30" in succeeded[0]  # what was imported, as the status bar says


def test_work_on_a_worker_never_sets_off_a_full_collection_and_what_it_leaves_is_not_walked_later(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    """A full collection holds the GIL while it walks every object, so the window froze each time
    a worker's records set one off (70-150 ms at 20,000 reflections, 280 ms once an import's
    records were left for its preview): the collector waits while work runs, and a large result
    is frozen out of it."""
    import gc

    seen: dict[str, object] = {}

    def work(_worker: Worker) -> list[list[int]]:
        seen["enabled while working"] = gc.isenabled()
        return [[i] for i in range(150_000)]  # as many objects as a large import leaves

    operation = Operation(main_window, work, title="Make records")
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        operation.run()
    result = operation.outcome
    assert isinstance(result, list) and len(result) == 150_000
    assert seen["enabled while working"] is False
    qtbot.waitUntil(gc.isenabled, timeout=5000)  # back once the worker is done (a moment after its result)
    walked = {id(found) for found in gc.get_objects()}  # what a collection walks
    assert id(result[0]) not in walked and id(result[-1]) not in walked  # the result is skipped
    gc.unfreeze()  # leave the collector as other tests expect it


def test_operations_of_a_dialog_dropped_on_their_result_are_deleted_and_not_kept(qtbot: QtBot, paths: DataPaths) -> None:
    """The unlock dialog at start is dropped as soon as it has its answer. Its operation leaves the dialog to be
    deleted by Qt alone (the crash this prevented needs a process of its own: tests/test_unlock_at_start.py),
    and what is kept for that meanwhile is let go once Qt has deleted it."""
    import gc

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reflect.data.encryption import encrypt
    from reflect.ui import app, ops
    from reflect.ui.dialogs.unlock import UnlockDialog

    encrypt(paths, "correct horse battery")

    def type_passphrase() -> None:
        [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible()]
        dialog.passphrase.setText("correct horse battery")
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)

    for _ in range(3):
        QTimer.singleShot(50, type_passphrase)
        context = app.open_context(paths)  # the real dialog, in its own event loop
        assert context is not None and context.encrypted
        gc.collect()  # the dialog goes, with whatever it still holds
        qtbot.wait(50)  # the event loop, where the crash was
        context.close()
    qtbot.waitUntil(lambda: not ops._awaiting_deletion)  # every finished operation was deleted, none kept
