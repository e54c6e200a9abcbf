"""The main window puts the pieces together: menus and pages a person reaches by keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.settings import load_settings
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow
from tests.helpers import open_window


def file_action(main_window, text: str):
    return next(a for a in main_window.menuBar().actions()[0].menu().actions() if a.text().replace("&", "") == text)


def test_every_page_has_a_ctrl_number_shortcut(main_window) -> None:
    go_menu = main_window.menuBar().actions()[1].menu()
    shortcuts = [a.shortcut().toString() for a in go_menu.actions()]
    assert sorted(shortcuts) == [f"Ctrl+{n}" for n in range(1, main_window.nav.count() + 1)]
    for index, action in enumerate(go_menu.actions()):
        action.trigger()
        assert main_window.pages.currentIndex() == index
        assert main_window.nav.currentItem().text() == action.text()


def test_pages_keep_their_shortcuts_when_grouped(main_window) -> None:
    """Awaiting sits with Reflect in the sidebar, yet Ctrl+2 is still History and Ctrl+6 Awaiting."""
    titles = [main_window.nav.item(row).text() for row in range(main_window.nav.count())]
    assert titles[:3] == ["Reflect", "Awaiting", "History"]
    for key, title in ((Qt.Key.Key_2, "History"), (Qt.Key.Key_6, "Awaiting"), (Qt.Key.Key_9, "Settings")):
        QTest.keyClick(main_window, key, Qt.KeyboardModifier.ControlModifier)
        assert main_window.nav.currentItem().text() == title


def test_import_a_calendar_from_the_file_menu(
    qtbot: QtBot, main_window, ics_file: tuple[date, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    day, ics = ics_file
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(ics), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("clinic, ward", True))
    file_action(main_window, "Import calendar…").trigger()
    qtbot.waitUntil(lambda: "2 expected sessions" in main_window.statusBar().currentMessage(), timeout=10_000)
    sessions = main_window.prompting.service.sessions.on_day(day)
    assert [s.start.strftime("%H:%M") for s in sessions] == ["09:30", "14:00"]


def test_a_malformed_calendar_is_one_warning(
    qtbot: QtBot, main_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ics = tmp_path / "broken.ics"
    ics.write_text("BEGIN:VCALENDAR\nthis is not a calendar", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(ics), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", True))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    file_action(main_window, "Import calendar…").trigger()
    qtbot.waitUntil(lambda: len(warned) == 1, timeout=10_000)
    assert warned[0].count(".") <= 2


def test_locking_pauses_prompts_and_unlocking_resumes_them(main_window) -> None:
    main_window.prompting.start()
    main_window.app_lock.lock()
    assert not main_window.prompting.scheduler.timer.isActive()
    assert main_window.app_lock.unlock("")  # not encrypted: no passphrase needed
    assert main_window.prompting.scheduler.timer.isActive()
    main_window.prompting.stop()


def test_the_last_page_is_remembered_by_its_key(qtbot: QtBot, paths: DataPaths) -> None:
    window = open_window(qtbot, paths)
    window.show_page("cpd")
    window.close()
    window.context.close()
    assert load_settings(paths.settings).window_page == "cpd"  # a key: reordering pages cannot move it
    context = AppContext.open(paths)
    again = MainWindow(context)
    qtbot.addWidget(again)
    try:
        qtbot.waitUntil(lambda: again.current_key() == "cpd")  # once its modules have loaded on a worker
        assert again.nav.currentItem().text() == "CPD"
    finally:
        again.close()
        context.close()
