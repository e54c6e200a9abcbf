"""The window's other writes while File → Import merges a backup: none of them waits for the import's lock.

The merge holds SQLite's write lock for its whole transaction (seconds at a career's size). Locking
the window (Ctrl+L), starting a new reflection or opening another from History wrote the form's
pending draft at once, and saving a changed name in Settings wrote it into the database at once:
each froze the window until SQLite's 5 s ran out, then failed ("database is locked"), and the
draft was lost. Now each takes effect at once on screen, the write follows when the import ends,
and quitting before then still writes it before the database closes.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from reflect.ui.ops import finish_work
from reflect.ui.pages.settings import SettingsView
from tests.held_import import WAITING, end_import, hold_import, on_disk
from tests.helpers import filled, focused, open_window, press, settle

DRAFT_CHOICES = "SELECT choice FROM rating JOIN reflection ON reflection.id = rating.reflection_id " \
                "WHERE status = 'draft' ORDER BY reflection.created_at"
NAME = "SELECT value FROM private_setting WHERE key = 'practitioner_name'"


def _rate_first_tip(qtbot: QtBot, window: MainWindow, key: str) -> None:
    window.show_page("reflect")
    press(qtbot, key)  # a draft pending: autosaved a second later, or flushed before that


def test_ctrl_l_during_an_import_locks_at_once_and_the_draft_is_saved_when_it_ends(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, paths: DataPaths
) -> None:
    _rate_first_tip(qtbot, window, "Y")
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = window.app_lock
    assert lock.locked and lock.stack.currentWidget() is lock.screen
    assert on_disk(paths, DRAFT_CHOICES) == []  # waiting for the import, not for its lock

    end_import(qtbot, importing)
    assert on_disk(paths, DRAFT_CHOICES) == [("yes",)]
    engine = window.context.database.engine
    assert engine.pool.checkedin() + engine.pool.checkedout() == 0  # still locked: the connection closed again

    qtbot.mouseClick(lock.screen.unlock_button, Qt.MouseButton.LeftButton)  # plain data: nothing to type
    assert not lock.locked and window.form.rows[0].choice() is not None
    press(qtbot, "N")  # the second tip; autosaved into the same draft, not a second one
    qtbot.waitUntil(lambda: len(on_disk(paths, DRAFT_CHOICES)) == 2, timeout=5_000)
    assert on_disk(paths, "SELECT count(*) FROM reflection WHERE status = 'draft'") == [(1,)]


def test_a_new_reflection_during_an_import_starts_at_once_and_the_last_draft_is_kept(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, paths: DataPaths
) -> None:
    form = window.form
    _rate_first_tip(qtbot, window, "Y")
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # File → New reflection
    assert form.rows[0].choice() is None  # a fresh form, straight away
    assert form.status_label.text() == f"{WAITING} your draft is saved then."
    press(qtbot, "N")  # the new reflection begins meanwhile

    end_import(qtbot, importing)
    assert on_disk(paths, DRAFT_CHOICES)[:1] == [("yes",)]
    assert form.status_label.text().startswith("Draft saved at")
    qtbot.waitUntil(lambda: on_disk(paths, DRAFT_CHOICES) == [("yes",), ("no",)], timeout=5_000)  # two drafts


def test_opening_a_reflection_from_history_during_an_import_keeps_the_draft_it_replaces(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, paths: DataPaths
) -> None:
    _rate_first_tip(qtbot, window, "P")
    qtbot.keyClick(focused(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Go → History
    settle(qtbot, window.history)
    window.history.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # open the newest
    assert window.form.is_editing() and window.form.isVisible()
    assert on_disk(paths, DRAFT_CHOICES) == []

    end_import(qtbot, importing)
    assert on_disk(paths, DRAFT_CHOICES) == [("partly",)]


def _settings_page(qtbot: QtBot, window: MainWindow) -> SettingsView:
    qtbot.keyClick(window.nav, Qt.Key(Qt.Key.Key_0 + window.nav.count()), Qt.KeyboardModifier.ControlModifier)
    page = window.current_view()
    assert isinstance(page, SettingsView)
    return page


def _type_name(qtbot: QtBot, window: MainWindow, name: str) -> SettingsView:
    page = _settings_page(qtbot, window)
    page.you.name_edit.clear()
    qtbot.keyClicks(page.you.name_edit, name)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    return page


def test_a_name_saved_in_settings_during_an_import_is_stored_when_it_ends(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, paths: DataPaths
) -> None:
    page = _type_name(qtbot, window, "Dr Example")
    assert page.status_label.text() == "Settings saved."
    assert window.context.settings.practitioner_name == "Dr Example"  # used at once (reports, the scanner)
    assert window.statusBar().currentMessage() == f"{WAITING} your name, role and identifier settings are stored then."
    _type_name(qtbot, window, "Dr A. Example")  # changed again meanwhile: the last one is kept
    assert on_disk(paths, NAME) == []

    end_import(qtbot, importing)
    assert on_disk(paths, NAME) == [('"Dr A. Example"',)]


def test_quitting_during_an_import_still_writes_the_draft_and_the_name_that_waited(
    qtbot: QtBot, window: MainWindow, importing: threading.Event, paths: DataPaths
) -> None:
    _type_name(qtbot, window, "Dr Example")
    _rate_first_tip(qtbot, window, "X")
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.app_lock.locked

    window.close()  # what Reflect does on quitting: the window closes, its work is cancelled and waited for,
    assert finish_work() is True  # then the database is closed
    window.context.close()
    assert on_disk(paths, DRAFT_CHOICES) == [("na",)]
    assert on_disk(paths, NAME) == [('"Dr Example"',)]
    assert on_disk(paths, "SELECT count(*) FROM reflection WHERE status = 'complete'") == [(3,)]  # import undone


def test_discarding_the_draft_offered_at_start_during_an_import_is_done_when_it_ends(
    qtbot: QtBot, paths: DataPaths, backup: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(paths, 3)
    first = open_window(qtbot, paths)
    press(qtbot, "Y")
    qtbot.waitUntil(lambda: on_disk(paths, DRAFT_CHOICES) == [("yes",)], timeout=5_000)  # autosaved
    first.close()
    first.context.close()
    window = open_window(qtbot, paths)  # the next start offers it back
    try:
        banner = window.form.draft_banner
        assert banner.isVisible()
        finish = hold_import(qtbot, window, backup, monkeypatch)
        qtbot.mouseClick(banner.discard_button, Qt.MouseButton.LeftButton)
        assert not banner.isVisible() and window.form.status_label.text() == "Unfinished reflection discarded."
        assert window.statusBar().currentMessage() == f"{WAITING} the unfinished reflection is discarded then."
        end_import(qtbot, finish)
        assert on_disk(paths, DRAFT_CHOICES) == []
    finally:
        window.close()
        window.context.close()
