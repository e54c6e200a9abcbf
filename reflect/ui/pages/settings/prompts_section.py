"""The Settings page's after-session prompts section: reminder times, quiet hours, leave, expiry, login start."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from reflect import autostart
from reflect.settings import Settings
from reflect.ui.dialogs.unlock import error_label
from reflect.ui.pages.settings.fields import (
    Refused,
    clock_field,
    clock_time,
    insert_sorted,
    keys_of,
    list_box,
    list_editor,
    show_problem,
    time_edit,
)
from reflect.ui.widgets.controls import hint, picked_date
from reflect.wording import DAY_PATTERN, day_text

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_SUMMARY = QTime(17, 30)


class PromptsSection(QGroupBox):
    """When Reflect may prompt: reminder rules for people without a calendar, quiet hours, leave.

    ``autostart_home`` is the config folder the login entry goes under (None: the user's own).
    """

    def __init__(self, data_root: Path, autostart_home: Path | None = None) -> None:
        super().__init__("After-session prompts")
        self._data_root = data_root
        self._autostart_home = autostart_home
        self.prompts_enabled = QCheckBox("Pr&ompt me to reflect after sessions")
        self.times_problem = error_label()
        self.leave_problem = error_label()
        self.reminder_time = time_edit("Reminder time to add")
        self.reminder_time.setTime(QTime(12, 30))
        self.add_time_button = QPushButton("A&dd time")
        self.add_time_button.clicked.connect(self.add_reminder_time)
        self.reminder_times = list_box("Reminder times", "00:00")
        self.remove_time_button = QPushButton("Remove ti&me")
        self.remove_time_button.setToolTip("Or press Delete in the list.")
        self.remove_time_button.clicked.connect(lambda: self._remove_current(self.reminder_times, self.times_problem))
        self.weekday_boxes: list[QCheckBox] = []
        for name in WEEKDAYS:
            box = QCheckBox(name[:3])
            box.setAccessibleName(f"Reminders on {name}")
            self.weekday_boxes.append(box)
        self.summary_enabled = QCheckBox("End-of-day s&ummary at:")
        self.summary_time = time_edit("End-of-day summary time")
        self.summary_enabled.toggled.connect(self.summary_time.setEnabled)
        self.quiet_start = clock_field("Quiet hours start")
        self.quiet_end = clock_field("Quiet hours end")
        self.leave_date = QDateEdit()
        self.leave_date.setDisplayFormat(DAY_PATTERN)
        self.leave_date.setCalendarPopup(True)
        self.leave_date.setAccessibleName("Leave day to add")
        self.add_leave_button = QPushButton("Add da&y")
        self.add_leave_button.clicked.connect(self.add_leave_day)
        self.leave_days = list_box("Leave days", day_text(date(2025, 9, 30)))
        self.remove_leave_button = QPushButton("Remove day")
        self.remove_leave_button.setToolTip("Or press Delete in the list.")
        self.remove_leave_button.clicked.connect(lambda: self._remove_current(self.leave_days, self.leave_problem))
        self.expiry_days = QSpinBox()
        self.expiry_days.setRange(1, 60)
        self.expiry_days.setAccessibleName("Days a session waits for reflection before it expires")
        self.expiry_days.valueChanged.connect(self._expiry_suffix)
        self.autostart_box = QCheckBox("Start Reflect when I log &in")
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.prompts_enabled)
        form.addRow(hint("Reflect asks when a session from your imported calendar ends. Without a calendar, "
                         "it can remind you at fixed times."))
        form.addRow(_buddy("Reminder &times:", self.reminder_time),
                    list_editor(self.reminder_time, self.add_time_button, self.reminder_times,
                                self.remove_time_button, self.times_problem))
        weekdays_row = QHBoxLayout()
        for box in self.weekday_boxes:
            weekdays_row.addWidget(box)
        weekdays_row.addStretch(1)
        form.addRow(_buddy("On these &weekdays:", self.weekday_boxes[0]), weekdays_row)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_time)
        summary_row.addWidget(hint("“3 sessions today, 1 reflected”; untick for none."), 1)
        form.addRow(self.summary_enabled, summary_row)
        quiet_row = QHBoxLayout()
        quiet_row.addWidget(self.quiet_start)
        quiet_row.addWidget(QLabel("to"))
        quiet_row.addWidget(self.quiet_end)
        quiet_row.addStretch(1)
        form.addRow(_buddy("&Quiet hours:", self.quiet_start), quiet_row)
        form.addRow(hint("No prompts between these times, e.g. 20:00 to 07:00. Leave both empty for none."))
        form.addRow(_buddy("L&eave days:", self.leave_date),
                    list_editor(self.leave_date, self.add_leave_button, self.leave_days,
                                self.remove_leave_button, self.leave_problem))
        expiry_row = QHBoxLayout()
        expiry_row.addWidget(self.expiry_days)
        expiry_row.addStretch(1)
        form.addRow(_buddy("&Keep waiting sessions for:", self.expiry_days), expiry_row)
        form.addRow(hint("After that, a session you have not reflected on leaves the Awaiting list."))
        form.addRow(self.autostart_box)
        if not autostart.supported():
            self.autostart_box.setEnabled(False)
            form.addRow(hint(autostart.unsupported_note()))

    def load(self, settings: Settings) -> None:
        """Show the prompt rules (load_settings has already left out entries a hand-edited file got wrong)."""
        self.prompts_enabled.setChecked(settings.prompts_enabled)
        self.reminder_times.clear()
        for at in settings.reminder_times:
            insert_sorted(self.reminder_times, at, f"{at:%H:%M}")
        for number, box in enumerate(self.weekday_boxes):
            box.setChecked(number in settings.reminder_weekdays)
        summary = settings.summary_time
        self.summary_enabled.setChecked(summary is not None)
        self.summary_time.setEnabled(summary is not None)
        self.summary_time.setTime(QTime(summary.hour, summary.minute) if summary else DEFAULT_SUMMARY)
        self.quiet_start.setText(_clock(settings.quiet_start))
        self.quiet_end.setText(_clock(settings.quiet_end))
        self.leave_days.clear()
        for day in settings.leave_days:
            insert_sorted(self.leave_days, day, day_text(day))
        self.leave_date.setDate(QDate.currentDate())
        self.expiry_days.setValue(settings.queue_expiry_days)
        self._expiry_suffix(self.expiry_days.value())
        if autostart.supported():
            self.autostart_box.setChecked(autostart.is_enabled(self._autostart_home))
        for problem in (self.times_problem, self.leave_problem):
            show_problem(problem, "")

    def collect(self) -> dict[str, object]:
        """The prompt section as settings values; raises Refused for times that cannot be used."""
        times = keys_of(self.reminder_times)
        weekdays = [number for number, box in enumerate(self.weekday_boxes) if box.isChecked()]
        if times and not weekdays:
            raise Refused("Tick at least one weekday for the reminder times, or remove the times.",
                          self.weekday_boxes[0])
        start = clock_time(self.quiet_start, "start of quiet hours")
        end = clock_time(self.quiet_end, "end of quiet hours")
        if (start is None) != (end is None):
            raise Refused("Quiet hours need both a start and an end time, or neither.",
                          self.quiet_end if start is not None else self.quiet_start)
        if start is not None and start == end:
            raise Refused("Quiet hours need different start and end times.", self.quiet_end)
        return {
            "prompts_enabled": self.prompts_enabled.isChecked(),
            "reminder_times": times,
            "reminder_weekdays": weekdays,
            "summary_time": _minutes(self.summary_time.time()) if self.summary_enabled.isChecked() else None,
            "quiet_start": start,
            "quiet_end": end,
            "leave_days": keys_of(self.leave_days),
            "queue_expiry_days": self.expiry_days.value(),
        }

    def apply_autostart(self) -> None:
        """Write or remove the login entry when the box no longer matches it; OSError if that fails."""
        if not autostart.supported():
            return
        wanted = self.autostart_box.isChecked()
        if wanted == autostart.is_enabled(self._autostart_home):
            return
        if wanted:
            autostart.enable(autostart.launch_command(self._data_root), self._autostart_home)
        else:
            autostart.disable(self._autostart_home)

    def _expiry_suffix(self, days: int) -> None:
        self.expiry_days.setSuffix(" day" if days == 1 else " days")

    def add_reminder_time(self) -> None:
        """Add the time in the box; a time already listed is refused, as it would prompt only once."""
        at = _minutes(self.reminder_time.time())
        text = f"{at:%H:%M}"
        if insert_sorted(self.reminder_times, at, text):
            show_problem(self.times_problem, "")
        else:
            show_problem(self.times_problem, f"{text} is already a reminder time.", self.reminder_time)

    def add_leave_day(self) -> None:
        """Add the day in the box (the box itself turns half-typed dates back into whole ones);
        a past or already listed day is refused, saying which."""
        problem = self.leave_problem
        day = picked_date(self.leave_date)
        if day < date.today():
            passed = f"{day_text(day)} has already passed; leave days stop prompts on days to come."
            show_problem(problem, passed, self.leave_date)
        elif insert_sorted(self.leave_days, day, day_text(day)):
            show_problem(problem, "")
        else:
            show_problem(problem, f"{day_text(day)} is already a leave day.", self.leave_date)

    @staticmethod
    def _remove_current(listbox: QListWidget, problem: QLabel) -> None:
        row = listbox.currentRow()
        if row >= 0:
            listbox.takeItem(row)
        show_problem(problem, "")


def _minutes(edited: QTime) -> time:
    """The time in a time edit, to the minute (the edit shows no seconds)."""
    return time(edited.hour(), edited.minute())


def _clock(at: time | None) -> str:
    return "" if at is None else f"{at:%H:%M}"


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label
