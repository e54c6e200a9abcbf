"""Prompt UI with pytest-qt and a clock the tests move: notification, quick window, queue, tray, one instance."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from reflect.autostart import (
    autostart_dir,
    desktop_entry,
    disable,
    enable,
    is_enabled,
    launch_command,
    supported,
)
from reflect.calendar_import import CalendarError
from reflect.expected_sessions import PlannedSession
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.pages.history import HistoryView
from reflect.ui.prompts.prompting import Prompting
from reflect.ui.single_instance import SingleInstance, server_name
from tests.helpers import MONDAY, FakeClock, settle

# the offscreen platform cannot raise windows; the prompt and quick window ask it to
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise()")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY.replace(hour=8))


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    ctx = AppContext.open(paths)
    ctx.settings.summary_time = None
    yield ctx
    ctx.close()


@pytest.fixture
def prompting(qtbot: QtBot, context: AppContext, clock: FakeClock, host: QWidget) -> Iterator[Prompting]:
    window = host
    wired = Prompting(context, window, clock)
    qtbot.addWidget(wired.notification)
    qtbot.addWidget(wired.queue_view)
    qtbot.addWidget(wired.quick_window())
    wired.queue_view.show()
    yield wired
    wired.stop()


def plan(prompting: Prompting, *spans: tuple[str, str]) -> None:
    planned = []
    for start, end in spans:
        begin = datetime.combine(MONDAY.date(), datetime.strptime(start, "%H:%M").time())
        finish = datetime.combine(MONDAY.date(), datetime.strptime(end, "%H:%M").time())
        planned.append(PlannedSession(f"cal:{start}", begin, finish, "community"))
    prompting.service.sessions.apply_import(planned, set(), MONDAY)


def rate_all_and_save(qtbot: QtBot, prompting: Prompting) -> None:
    form = prompting.quick_window().form
    for row in form.rows:
        row.set_choice("yes")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_notification_appears_at_the_session_end(qtbot: QtBot, prompting: Prompting, clock: FakeClock) -> None:
    plan(prompting, ("14:00", "14:50"))
    clock.at("14:49")
    prompting.scheduler.check()
    assert not prompting.notification.isVisible()
    clock.at("14:50")
    prompting.scheduler.check()
    qtbot.waitUntil(prompting.notification.isVisible)
    assert prompting.notification.message_label.text() == "Session 14:00–14:50 ended — reflect now?"
    assert [b.text() for b in (prompting.notification.reflect_button, prompting.notification.snooze_button,
                               prompting.notification.skip_button)] == ["&Reflect", "S&nooze 15 min", "S&kip"]
    assert prompting.queue_view.heading.text() == "1 session waiting for a reflection"
    prompting.notification.grab().save("/tmp/reflect-notification.png")
    prompting.queue_view.resize(420, 240)
    prompting.queue_view.grab().save("/tmp/reflect-queue.png")


def test_reflect_opens_a_prefilled_quick_window_and_saving_clears_the_queue(
    qtbot: QtBot, prompting: Prompting, context: AppContext, clock: FakeClock
) -> None:
    history = HistoryView(context)
    qtbot.addWidget(history)
    plan(prompting, ("14:00", "14:50"))
    clock.at("14:50")
    prompting.scheduler.check()
    qtbot.mouseClick(prompting.notification.reflect_button, Qt.MouseButton.LeftButton)
    quick = prompting.quick_window()
    qtbot.waitUntil(quick.isVisible)
    assert not prompting.notification.isVisible()
    assert quick.form.details.when_edit.dateTime().toPython() == MONDAY.replace(hour=14)
    assert quick.form.details.duration_spin.value() == 50
    assert quick.form.details.setting_combo.currentData() == "community"
    assert "14:00–14:50" in quick.heading.text()
    quick.grab().save("/tmp/reflect-quick.png")
    rate_all_and_save(qtbot, prompting)
    assert not quick.isVisible()
    assert prompting.queue_view.sessions() == []
    assert prompting.queue_view.heading.isHidden()  # the empty state says it instead
    [stored] = context.reflections.records()
    assert (stored.occurred_at, stored.duration_min, stored.setting) == (MONDAY.replace(hour=14), 50, "community")
    history.show()
    settle(qtbot, history)
    assert history.model.total() == 1 and history.model.rowCount() == 1


def test_snooze_hides_the_prompt_and_it_returns_after_fifteen_minutes(
    qtbot: QtBot, prompting: Prompting, clock: FakeClock
) -> None:
    plan(prompting, ("14:00", "14:50"))
    clock.at("14:50")
    prompting.scheduler.check()
    qtbot.mouseClick(prompting.notification.snooze_button, Qt.MouseButton.LeftButton)
    assert not prompting.notification.isVisible()
    assert prompting.queue_view.sessions() == []
    clock.at("15:04")
    prompting.scheduler.check()
    assert not prompting.notification.isVisible()
    clock.at("15:05")
    prompting.scheduler.check()
    qtbot.waitUntil(prompting.notification.isVisible)
    assert prompting.notification.message_label.text().startswith("Session 14:00–14:50 ended")
    assert len(prompting.queue_view.sessions()) == 1


def test_skip_in_the_prompt_or_the_queue_clears_the_session(
    qtbot: QtBot, prompting: Prompting, clock: FakeClock
) -> None:
    plan(prompting, ("09:00", "09:50"), ("10:00", "10:50"), ("11:00", "11:50"))
    clock.at("11:50")
    prompting.scheduler.check()
    assert "2 other sessions awaiting" in prompting.notification.message_label.text()
    qtbot.mouseClick(prompting.notification.skip_button, Qt.MouseButton.LeftButton)
    assert [s.start.hour for s in prompting.queue_view.sessions()] == [10, 9]
    prompting.queue_view.list.setCurrentRow(1)
    qtbot.mouseClick(prompting.queue_view.skip_button, Qt.MouseButton.LeftButton)
    assert [s.start.hour for s in prompting.queue_view.sessions()] == [10]
    qtbot.mouseClick(prompting.queue_view.reflect_button, Qt.MouseButton.LeftButton)
    quick = prompting.quick_window()
    qtbot.waitUntil(quick.isVisible)
    assert quick.form.details.when_edit.dateTime().toPython() == MONDAY.replace(hour=10)
    rate_all_and_save(qtbot, prompting)
    assert prompting.queue_view.sessions() == []
    assert prompting.queue_view.empty_label.isVisible()


def test_end_of_day_summary_offers_to_open_reflect(
    qtbot: QtBot, prompting: Prompting, context: AppContext, clock: FakeClock
) -> None:
    context.settings.summary_time = time(17, 30)
    plan(prompting, ("09:00", "09:50"), ("14:00", "14:50"))
    clock.at("17:30")
    prompting.scheduler.check()
    notification = prompting.notification
    assert notification.message_label.text() == "Session 14:00–14:50 ended — reflect now? (1 other session awaiting)"
    qtbot.mouseClick(notification.snooze_button, Qt.MouseButton.LeftButton)
    assert notification.message_label.text() == "2 sessions today, 0 reflected."
    assert not notification.snooze_button.isVisible() and notification.skip_button.text() == "&Dismiss"
    qtbot.mouseClick(notification.reflect_button, Qt.MouseButton.LeftButton)
    assert not notification.isVisible()
    assert prompting.window is not None and prompting.window.isVisible()


def test_tray_actions_reflect_now_and_pause_for_today(
    qtbot: QtBot, prompting: Prompting, context: AppContext, clock: FakeClock, paths: DataPaths
) -> None:
    clock.at("15:00")
    prompting.tray.reflect_action.trigger()
    quick = prompting.quick_window()
    qtbot.waitUntil(quick.isVisible)
    expected_start = clock() - timedelta(minutes=context.settings.last_duration_min)
    assert quick.form.details.when_edit.dateTime().toPython() == expected_start
    quick.close()
    plan(prompting, ("15:00", "15:50"))
    prompting.tray.pause_action.trigger()
    assert prompting.tray.pause_action.isChecked()
    assert '"prompts_paused_on": "2025-03-31"' in paths.settings.read_text()
    clock.at("15:50")
    prompting.scheduler.check()
    assert not prompting.notification.isVisible()
    assert len(prompting.queue_view.sessions()) == 1  # still waiting, just not prompted


def test_calendar_file_imported_from_the_app_fills_the_queue(
    qtbot: QtBot, prompting: Prompting, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ics = tmp_path / "week.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
        "DTSTAMP:20250101T000000Z\r\nDTSTART:20250331T093000\r\nDTEND:20250331T101500\r\n"
        "SUMMARY:Ward round\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    clock.at("10:30")
    summaries: list[str] = []
    operation = prompting.import_calendar(ics, done=summaries.append)
    with qtbot.waitSignal(operation.finished, timeout=10_000):
        pass
    assert summaries[0].startswith("1 expected session from the calendar (1 new")
    [waiting] = prompting.queue_view.sessions()
    assert (waiting.start.hour, waiting.start.minute, waiting.setting) == (9, 30, "inpatient")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    operation = prompting.import_calendar(tmp_path / "missing.ics", done=summaries.append)
    with qtbot.waitSignal(operation.finished, timeout=10_000):
        pass
    assert isinstance(operation.outcome, CalendarError) and len(summaries) == 1
    assert warned == ["missing.ics cannot be read (No such file or directory); nothing was imported."]


def test_closing_the_window_quits_when_there_is_no_tray(prompting: Prompting) -> None:
    event = QCloseEvent()
    assert prompting.hide_to_tray(event) is prompting.tray.available
    assert event.isAccepted() is not prompting.tray.available


def test_a_second_instance_hands_over_to_the_first(qtbot: QtBot, paths: DataPaths) -> None:
    name = server_name(paths)
    first = SingleInstance(name)
    assert first.claim()
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert not SingleInstance(name).claim()
    first.release()
    third = SingleInstance(name)
    assert third.claim()  # the name is free again once the first has gone
    third.release()
    assert server_name(DataPaths(Path("/elsewhere"))) != name


def test_autostart_entry_is_written_and_removed(tmp_path: Path) -> None:
    assert supported("linux") and not supported("sunos5")
    command = launch_command(tmp_path / "my data")
    target = enable(command, tmp_path, platform="linux")
    assert target == autostart_dir(tmp_path) / "reflect.desktop" and is_enabled(tmp_path, platform="linux")
    text = target.read_text(encoding="utf-8")
    assert text == desktop_entry(command)
    assert "Type=Application" in text and f'--data-dir "{tmp_path / "my data"}"' in text
    disable(tmp_path, platform="linux")
    assert not is_enabled(tmp_path, platform="linux")


def test_a_prompt_does_not_take_the_keyboard_from_the_checklist(
    qtbot: QtBot, prompting: Prompting, clock: FakeClock
) -> None:
    assert prompting.window is not None
    typing = QLineEdit()
    QVBoxLayout(prompting.window).addWidget(typing)
    prompting.window.show()
    prompting.window.activateWindow()
    typing.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is typing)
    plan(prompting, ("14:00", "14:50"))
    clock.at("14:50")
    prompting.scheduler.check()
    qtbot.waitUntil(prompting.notification.isVisible)
    qtbot.wait(50)  # let any activation the platform does arrive
    QApplication.processEvents()
    qtbot.keyClicks(QApplication.focusWidget(), "still typing")
    assert typing.text() == "still typing"


def test_the_empty_queue_explains_itself_at_the_top_with_no_buttons(
    qtbot: QtBot, prompting: Prompting, clock: FakeClock
) -> None:
    view = prompting.queue_view
    view.resize(1000, 640)
    title, text = view.empty_title, view.empty_label
    assert title.isVisible() and text.isVisible() and "calendar" in text.text()
    title_bottom = title.mapTo(view, title.rect().bottomLeft()).y()
    text_top = text.mapTo(view, text.rect().topLeft()).y()
    assert 0 <= text_top - title_bottom < title.height()  # heading and text together
    assert text_top + text.height() < view.height() // 3  # near the top, not mid-page
    for label in (title, text):  # centred on the page
        middle = label.mapTo(view, label.rect().center()).x()
        assert abs(middle - view.width() // 2) < 20 and label.alignment() & Qt.AlignmentFlag.AlignHCenter
    assert not view.reflect_button.isVisible() and not view.skip_button.isVisible()  # nothing to act on
    plan(prompting, ("14:00", "14:50"))
    clock.at("14:50")
    prompting.scheduler.check()
    assert view.reflect_button.isVisible() and view.skip_button.isVisible() and not text.isVisible()
