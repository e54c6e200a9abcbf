"""The after-session prompt section of the Settings page, driven through its widgets.

Each test types and clicks as a person would, saves with the one Save button, then
checks both the live Settings (which the PromptService reads) and the saved JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from reflect import autostart
from reflect.autostart import linux
from reflect.paths import DataPaths
from reflect.prompts import KIND_REMINDER, PromptService
from reflect.ui.context import AppContext
from reflect.ui.pages.settings import SettingsView


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    ctx = AppContext.open(paths)
    yield ctx
    ctx.close()


@pytest.fixture
def config_home(tmp_path: Path) -> Path:
    return tmp_path / "config"


def _shown(qtbot: QtBot, page: SettingsView) -> SettingsView:
    """Show the page as a window of a usual size, active, so mnemonics and clicks reach it."""
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitActive(page)
    qtbot.waitUntil(lambda: page.focusWidget() is not None)  # keys typed before this are lost
    return page


@pytest.fixture
def view(qtbot: QtBot, context: AppContext, config_home: Path) -> SettingsView:
    return _shown(qtbot, SettingsView(context, autostart_home=config_home))


def _saved(paths: DataPaths) -> dict[str, Any]:
    return json.loads(paths.settings.read_text(encoding="utf-8"))


def _alt(qtbot: QtBot, view: SettingsView, key: Qt.Key) -> QWidget:
    """Press Alt+letter (a label's mnemonic) and return the widget that now has the focus."""
    qtbot.keyClick(view, key, Qt.KeyboardModifier.AltModifier)
    focused = view.focusWidget()
    assert focused is not None
    return focused


def _click(qtbot: QtBot, widget: QWidget) -> None:
    """Scroll the control into view, as a person would, then click it."""
    page = widget.parentWidget()
    while not isinstance(page, SettingsView):
        assert page is not None
        page = page.parentWidget()
    page.scroll_area.ensureWidgetVisible(widget)
    where = QPoint(8, widget.height() // 2) if isinstance(widget, QCheckBox) else QPoint()  # on the box itself
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=where)


def _type_time(qtbot: QtBot, view: SettingsView, hhmm: str) -> None:
    """Alt+T to the reminder time box (its hours are selected), then type the digits."""
    assert _alt(qtbot, view, Qt.Key.Key_T) is view.prompts.reminder_time
    qtbot.keyClicks(view.prompts.reminder_time, hhmm.replace(":", ""))
    assert view.prompts.reminder_time.text() == hhmm


def _list_texts(view: SettingsView, which: str) -> list[str]:
    listbox = getattr(view.prompts, which)
    return [listbox.item(row).text() for row in range(listbox.count())]


def _save(qtbot: QtBot, view: SettingsView) -> None:
    _click(qtbot, view.save_button)
    assert view.status_label.text() == "Settings saved."


def test_reminder_times_and_weekdays_are_saved(qtbot: QtBot, view: SettingsView, context: AppContext,
                                               paths: DataPaths) -> None:
    for hhmm in ("17:00", "09:15", "12:30"):
        _type_time(qtbot, view, hhmm)
        _click(qtbot, view.prompts.add_time_button)
    assert _list_texts(view, "reminder_times") == ["09:15", "12:30", "17:00"]  # kept in order
    _type_time(qtbot, view, "12:30")
    _click(qtbot, view.prompts.add_time_button)
    assert view.prompts.times_problem.isVisible() and view.prompts.times_problem.text() == "12:30 is already a reminder time."
    assert _list_texts(view, "reminder_times") == ["09:15", "12:30", "17:00"]
    view.prompts.reminder_times.setCurrentRow(1)
    view.prompts.reminder_times.setFocus()
    qtbot.keyClick(view.prompts.reminder_times, Qt.Key.Key_Delete)  # Delete in the list removes the selected time
    assert _list_texts(view, "reminder_times") == ["09:15", "17:00"]
    assert not view.prompts.times_problem.isVisible()

    friday, saturday = view.prompts.weekday_boxes[4], view.prompts.weekday_boxes[5]
    assert friday.isChecked() and not saturday.isChecked()  # Monday to Friday unless changed
    _click(qtbot, friday)
    _click(qtbot, saturday)
    _save(qtbot, view)
    assert context.settings.reminder_times == [time(9, 15), time(17, 0)]
    assert context.settings.reminder_weekdays == [0, 1, 2, 3, 5]
    saved = _saved(paths)
    assert (saved["reminder_times"], saved["reminder_weekdays"]) == (["09:15", "17:00"], [0, 1, 2, 3, 5])


def test_reminder_times_without_a_weekday_are_refused(qtbot: QtBot, view: SettingsView, paths: DataPaths) -> None:
    _type_time(qtbot, view, "12:30")
    _click(qtbot, view.prompts.add_time_button)
    for box in view.prompts.weekday_boxes:
        box.setChecked(False)
    _click(qtbot, view.save_button)
    assert view.status_label.text().startswith("Not saved.") and "weekday" in view.status_label.text()
    assert view.focusWidget() is view.prompts.weekday_boxes[0]
    assert not paths.settings.exists()


def test_the_summary_can_be_turned_off_and_moved(qtbot: QtBot, view: SettingsView, context: AppContext,
                                                 paths: DataPaths) -> None:
    assert view.prompts.summary_enabled.isChecked() and view.prompts.summary_time.text() == "17:30"
    qtbot.keyClick(view, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # the check box's mnemonic toggles it
    qtbot.waitUntil(lambda: not view.prompts.summary_enabled.isChecked())  # after the button's short click animation
    assert not view.prompts.summary_time.isEnabled()
    _save(qtbot, view)
    assert context.settings.summary_time is None and _saved(paths)["summary_time"] == ""

    _click(qtbot, view.prompts.summary_enabled)
    assert view.prompts.summary_time.isEnabled()
    qtbot.keyClick(view.prompts.summary_time, Qt.Key.Key_Up)  # hours are the current section: 18:30
    _save(qtbot, view)
    assert context.settings.summary_time == time(18, 30) and _saved(paths)["summary_time"] == "18:30"


def test_quiet_hours_across_midnight_are_saved(qtbot: QtBot, view: SettingsView, context: AppContext,
                                               paths: DataPaths) -> None:
    assert _alt(qtbot, view, Qt.Key.Key_Q) is view.prompts.quiet_start
    qtbot.keyClicks(view.prompts.quiet_start, "20:00")
    qtbot.keyClick(view.prompts.quiet_start, Qt.Key.Key_Tab)
    assert view.focusWidget() is view.prompts.quiet_end
    qtbot.keyClicks(view.prompts.quiet_end, "7:00")
    _save(qtbot, view)
    assert (context.settings.quiet_start, context.settings.quiet_end) == (time(20, 0), time(7, 0))
    saved = _saved(paths)
    assert (saved["quiet_start"], saved["quiet_end"]) == ("20:00", "07:00")
    service = PromptService(context.database, context.settings)
    today = date.today()
    assert service.quiet_at(datetime.combine(today, time(23, 30)))
    assert service.quiet_at(datetime.combine(today, time(6, 59)))
    assert not service.quiet_at(datetime.combine(today, time(7, 0)))

    view.prompts.quiet_start.clear()
    view.prompts.quiet_end.clear()
    _save(qtbot, view)
    assert (context.settings.quiet_start, context.settings.quiet_end) == (None, None)


@pytest.mark.parametrize(
    ("start", "end", "says", "focus"),
    [
        ("22:00", "", "both a start and an end", "quiet_end"),
        ("", "06:30", "both a start and an end", "quiet_start"),
        ("25:00", "06:30", "“25:00” is not a time", "quiet_start"),
        ("22:00", "22:00", "different start and end", "quiet_end"),
    ],
)
def test_unusable_quiet_hours_are_refused_and_nothing_is_saved(
    qtbot: QtBot, view: SettingsView, context: AppContext, paths: DataPaths, start: str, end: str, says: str,
    focus: str,
) -> None:
    qtbot.keyClicks(view.you.name_edit, "Dr A. Example")
    _click(qtbot, view.prompts.prompts_enabled)  # other changes on the page wait too
    qtbot.keyClicks(view.prompts.quiet_start, start)
    qtbot.keyClicks(view.prompts.quiet_end, end)
    _click(qtbot, view.save_button)
    message = view.status_label.text()
    assert message.startswith("Not saved.") and says in message
    assert view.focusWidget() is getattr(view.prompts, focus)
    assert context.settings.practitioner_name == "" and context.settings.prompts_enabled
    assert (context.settings.quiet_start, context.settings.quiet_end) == (None, None)
    assert not paths.settings.exists()


def test_a_leave_day_is_added_and_removed(qtbot: QtBot, view: SettingsView, context: AppContext,
                                          paths: DataPaths) -> None:
    soon = date.today() + timedelta(days=3)
    assert _alt(qtbot, view, Qt.Key.Key_E) is view.prompts.leave_date
    view.prompts.leave_date.setDate(QDate(soon.year, soon.month, soon.day))  # as picked from the calendar pop-up
    _click(qtbot, view.prompts.add_leave_button)
    assert view.prompts.leave_days.count() == 1 and not view.prompts.leave_problem.isVisible()
    _click(qtbot, view.prompts.add_leave_button)
    assert view.prompts.leave_days.count() == 1
    assert view.prompts.leave_problem.text() == f"{view.prompts.leave_days.item(0).text()} is already a leave day."
    _save(qtbot, view)
    assert context.settings.leave_days == [soon] and _saved(paths)["leave_days"] == [soon.isoformat()]

    view.prompts.leave_days.setCurrentRow(0)
    _click(qtbot, view.prompts.remove_leave_button)
    assert view.prompts.leave_days.count() == 0
    _save(qtbot, view)
    assert context.settings.leave_days == [] and _saved(paths)["leave_days"] == []


def test_a_past_leave_day_is_refused_with_one_message(qtbot: QtBot, view: SettingsView) -> None:
    yesterday = QDate.currentDate().addDays(-1)
    view.prompts.leave_date.setDate(yesterday)
    _click(qtbot, view.prompts.add_leave_button)
    assert view.prompts.leave_days.count() == 0
    assert view.prompts.leave_problem.text() == (
        f"{yesterday.toPython():%a} {yesterday.day()} {yesterday.toPython():%b %Y} has already passed; "
        "leave days stop prompts on days to come."
    )
    assert view.focusWidget() is view.prompts.leave_date


def test_queue_expiry_days(qtbot: QtBot, view: SettingsView, context: AppContext, paths: DataPaths) -> None:
    assert (view.prompts.expiry_days.minimum(), view.prompts.expiry_days.maximum()) == (1, 60)
    assert _alt(qtbot, view, Qt.Key.Key_K) is view.prompts.expiry_days
    view.prompts.expiry_days.selectAll()
    qtbot.keyClicks(view.prompts.expiry_days, "14")
    _save(qtbot, view)
    assert context.settings.queue_expiry_days == 14 and _saved(paths)["queue_expiry_days"] == 14
    view.prompts.expiry_days.selectAll()
    qtbot.keyClicks(view.prompts.expiry_days, "1")
    assert view.prompts.expiry_days.text() == "1 day"


def test_start_at_login_writes_and_removes_the_entry(
    qtbot: QtBot, context: AppContext, config_home: Path, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autostart, "system", lambda platform=None: linux)  # the entry is a file on any system
    view = _shown(qtbot, SettingsView(context, autostart_home=config_home))
    entry = autostart.autostart_dir(config_home) / autostart.FILE_NAME
    assert not view.prompts.autostart_box.isChecked()
    qtbot.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.prompts.autostart_box.isChecked)
    assert not entry.exists()  # nothing happens before Save
    _save(qtbot, view)
    assert entry.read_text(encoding="utf-8") == autostart.desktop_entry(autostart.launch_command(paths.root))

    view.load()
    assert view.prompts.autostart_box.isChecked()
    _click(qtbot, view.prompts.autostart_box)
    _save(qtbot, view)
    assert not entry.exists()


def test_start_at_login_explains_where_it_is_not_supported(
    qtbot: QtBot, context: AppContext, config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autostart, "supported", lambda platform="win32": False)
    page = SettingsView(context, autostart_home=config_home)
    qtbot.addWidget(page)
    assert not page.prompts.autostart_box.isEnabled()
    assert autostart.unsupported_note() in [label.text() for label in page.findChildren(QLabel)]
    assert page.save() and not config_home.exists()


def test_the_prompt_service_sees_a_change_at_once(qtbot: QtBot, view: SettingsView, context: AppContext) -> None:
    service = PromptService(context.database, context.settings)
    now = datetime.combine(date.today(), time(10, 0))
    _type_time(qtbot, view, "09:00")
    _click(qtbot, view.prompts.add_time_button)
    for box in view.prompts.weekday_boxes:
        box.setChecked(True)
    view.prompts.leave_date.setDate(QDate.currentDate())
    _click(qtbot, view.prompts.add_leave_button)
    _save(qtbot, view)
    assert service.poll(now) == [] and service.paused_reason(now) == "Today is marked as leave."

    view.prompts.leave_days.setCurrentRow(0)
    _click(qtbot, view.prompts.remove_leave_button)
    _save(qtbot, view)
    assert [prompt.kind for prompt in service.poll(now)] == [KIND_REMINDER]

    _click(qtbot, view.prompts.prompts_enabled)
    _save(qtbot, view)
    assert service.paused_reason(now) == "Prompts are turned off."


def test_a_saved_page_loads_again_as_it_was(qtbot: QtBot, context: AppContext, config_home: Path) -> None:
    context.settings.reminder_times = [time(17, 0), time(8, 5)]
    context.settings.summary_time = None
    context.settings.leave_days = [date(2099, 1, 2)]
    context.settings.queue_expiry_days = 30
    page = SettingsView(context, autostart_home=config_home)
    qtbot.addWidget(page)
    assert _list_texts(page, "reminder_times") == ["08:05", "17:00"]
    assert not page.prompts.summary_enabled.isChecked()
    leave = page.prompts.leave_days.item(0)
    assert page.prompts.leave_days.count() == 1 and leave.data(Qt.ItemDataRole.UserRole) == date(2099, 1, 2)
    assert " 2 " in leave.text() and leave.text().endswith(" 2099")  # "Fri 2 Jan 2099" in English
    assert page.prompts.expiry_days.value() == 30


def test_mnemonics_are_unique_and_every_prompt_control_is_named(view: SettingsView) -> None:
    letters: list[str] = []
    for widget in view.findChildren(QWidget):
        text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
        match = re.search(r"&(\w)", text.replace("&&", ""))
        if match:
            letters.append(match[1].lower())
    assert len(letters) == len(set(letters)), sorted(letters)
    assert not {"f", "g", "h"} & set(letters)  # the main window's File, Go and Help menus
    for control in (view.prompts.reminder_time, view.prompts.reminder_times, view.prompts.summary_time, view.prompts.quiet_start, view.prompts.quiet_end,
                    view.prompts.leave_date, view.prompts.leave_days, view.prompts.expiry_days, *view.prompts.weekday_boxes):
        assert control.accessibleName()
