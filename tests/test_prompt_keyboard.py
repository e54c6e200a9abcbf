"""The keyboard's answer to the after-session prompt: Ctrl+Shift+R (and the tray) open the waiting session."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reflect.expected_sessions import PlannedSession
from reflect.paths import DataPaths
from reflect.ui.main_window import MainWindow
from reflect.ui.prompts.prompting import Prompting
from tests.helpers import MONDAY, FakeClock, focused, open_window

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

# the offscreen platform cannot raise windows; the prompt and quick window ask it to
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise()")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY.replace(hour=8))


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """The main window, its prompts on a clock the test moves, no end-of-day summary."""
    shown = open_window(qtbot, paths)
    shown.context.settings.summary_time = None
    prompting = shown.prompts()
    monkeypatch.setattr(prompting, "clock", clock)
    monkeypatch.setattr(prompting.scheduler, "clock", clock)
    yield shown
    prompting.stop()
    shown.close()
    shown.context.close()


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[QAccessible.Event, str, object]]:
    """Every accessible event Qt is told of: its type, announcement text and source object."""
    seen: list[tuple[QAccessible.Event, str, object]] = []
    update = QAccessible.updateAccessibility

    def spy(event: QAccessibleEvent) -> None:
        message = event.message() if event.type() == QAccessible.Event.Announcement else ""  # type: ignore[attr-defined]
        seen.append((event.type(), message, event.object()))
        update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(spy))
    return seen


def plan(prompting: Prompting, *spans: tuple[str, str]) -> None:
    planned = []
    for start, end in spans:
        begin = datetime.combine(MONDAY.date(), datetime.strptime(start, "%H:%M").time())
        finish = datetime.combine(MONDAY.date(), datetime.strptime(end, "%H:%M").time())
        planned.append(PlannedSession(f"cal:{start}", begin, finish, "community"))
    prompting.service.sessions.apply_import(planned, set(), MONDAY)


def test_ctrl_shift_r_answers_the_prompt_with_the_sessions_own_times(
    qtbot: QtBot, window: MainWindow, clock: FakeClock,
    announced: list[tuple[QAccessible.Event, str, object]],
) -> None:
    prompting = window.prompts()
    plan(prompting, ("09:00", "09:45"), ("14:00", "14:50"))
    typing_in = focused()
    clock.at("14:50")
    prompting.scheduler.check()
    qtbot.waitUntil(prompting.notification.isVisible)
    qtbot.wait(50)  # let any activation the platform does arrive
    assert focused() is typing_in  # the prompt did not take the keyboard
    assert window.reflect_now_action.text() == "Reflect on the 14:00–14:50 session no&w…"
    assert "14:00–14:50" in window.reflect_now_action.toolTip()
    assert window.reflect_now_action.shortcut().toString() == "Ctrl+Shift+R"
    announcements = [(message, source) for kind, message, source in announced if kind == QAccessible.Event.Announcement]
    assert announcements == [(
        "Session 14:00–14:50 ended — reflect now? (1 other session awaiting) Press Ctrl+Shift+R in Reflect to reflect"
        " on it.",
        prompting.notification.message_label,
    )]

    qtbot.keyClick(typing_in, Qt.Key.Key_R, CTRL_SHIFT)
    quick = prompting.quick_window()
    qtbot.waitUntil(quick.isVisible)
    assert quick.form.details.when_edit.dateTime().toPython() == MONDAY.replace(hour=14)
    assert quick.form.details.duration_spin.value() == 50
    assert "14:00–14:50" in quick.heading.text()
    assert not prompting.notification.isVisible()  # answered, as a click on its Reflect would
    for row in quick.form.rows:
        row.set_choice("yes")
    qtbot.mouseClick(quick.form.save_button, Qt.MouseButton.LeftButton)
    assert [s.describe() for s in prompting.service.queue(clock())] == ["09:00–09:45"]
    assert window.reflect_now_action.text() == "Reflect on the 09:00–09:45 session no&w…"
    quick.close()


def test_with_sessions_waiting_and_no_prompt_it_opens_the_most_recently_ended(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    prompting = window.prompts()
    plan(prompting, ("09:00", "09:45"), ("11:00", "11:30"), ("16:00", "16:50"))
    clock.at("13:00")  # 16:00 has not happened yet
    QApplication.processEvents()
    window.menuBar().actions()[0].menu().aboutToShow.emit()  # opening the File menu names the session
    assert window.reflect_now_action.text() == "Reflect on the 11:00–11:30 session no&w…"
    assert not prompting.notification.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_R, CTRL_SHIFT)
    quick = prompting.quick_window()
    qtbot.waitUntil(quick.isVisible)
    assert quick.form.details.when_edit.dateTime().toPython() == MONDAY.replace(hour=11)
    assert quick.form.details.duration_spin.value() == 30
    quick.close()


def test_with_nothing_waiting_it_is_an_ad_hoc_reflection_ending_now(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    clock.at("15:00")
    window.menuBar().actions()[0].menu().aboutToShow.emit()
    assert window.reflect_now_action.text() == "Reflect on a session no&w…"
    assert window.reflect_now_action.toolTip() == "Reflect on a session that is not in your calendar"
    qtbot.keyClick(focused(), Qt.Key.Key_R, CTRL_SHIFT)
    quick = window.prompts().quick_window()
    qtbot.waitUntil(quick.isVisible)
    usual = window.context.settings.last_duration_min
    assert quick.form.details.when_edit.dateTime().toPython() == clock() - timedelta(minutes=usual)
    assert "change it if needed" in quick.heading.text()
    quick.close()


def test_the_tray_answers_the_prompt_too(qtbot: QtBot, window: MainWindow, clock: FakeClock) -> None:
    prompting = window.prompts()
    plan(prompting, ("14:00", "14:50"))
    clock.at("15:10")
    prompting.scheduler.check()
    qtbot.waitUntil(prompting.notification.isVisible)
    prompting.tray.menu.aboutToShow.emit()
    assert prompting.tray.reflect_action.text() == "Reflect on the 14:00–14:50 session no&w…"
    prompting.tray.reflect_action.trigger()
    quick = prompting.quick_window()
    qtbot.waitUntil(quick.isVisible)
    assert quick.form.details.when_edit.dateTime().toPython() == MONDAY.replace(hour=14)
    assert quick.form.details.duration_spin.value() == 50
    assert not prompting.notification.isVisible()
    quick.close()


def test_a_session_waiting_from_an_earlier_day_is_named_with_its_day(window: MainWindow, clock: FakeClock) -> None:
    prompting = window.prompts()
    plan(prompting, ("14:00", "14:50"))
    clock.now = MONDAY.replace(hour=9) + timedelta(days=1)
    window.menuBar().actions()[0].menu().aboutToShow.emit()
    assert window.reflect_now_action.text() == "Reflect on the Mon 31 Mar 2025 14:00–14:50 session no&w…"
