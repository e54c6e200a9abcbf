"""Settings: who the reports are for, what the identifier scanner looks for, the lock,
after-session prompts, encryption.

Everything on the page is saved together with one button, after the record-number
patterns and the prompt times have been checked (a problem is named and nothing is
saved). Encryption changes act at once, through a dialog, because they re-write the
database file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from reflect import autostart
from reflect.data.encryption import NO_RECOVERY_WARNING, check_new_passphrase
from reflect.day_names import stamp_names
from reflect.errors import StorageError
from reflect.privacy import PatternError, RecordPattern
from reflect.prompts import parse_hhmm
from reflect.ui import keys
from reflect.ui.context import AppContext
from reflect.ui.dialogs.unlock import error_label, passphrase_field

MODE_SET, MODE_CHANGE, MODE_REMOVE = "set", "change", "remove"

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
KEY = Qt.ItemDataRole.UserRole  # a list item's sortable value: "HH:MM" or an ISO date
_HHMM = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
DEFAULT_SUMMARY = QTime(17, 30)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class _Refused(ValueError):
    """A value on the page that cannot be saved; ``field`` is where the user puts it right."""

    def __init__(self, message: str, field: QWidget) -> None:
        super().__init__(message)
        self.field = field


def _clock_text(field: QLineEdit, what: str) -> str:
    """'7:05' → '07:05' and '' stays '' (off); anything else is refused, naming ``what``."""
    text = field.text().strip()
    if not text:
        return ""
    match = _HHMM.fullmatch(text)
    if match is None:
        raise _Refused(f"The {what} “{text}” is not a time: type it as HH:MM, e.g. 20:00.", field)
    return f"{int(match[1]):02d}:{match[2]}"


def _clock_field(name: str) -> QLineEdit:
    """A short HH:MM box that may be left empty (a time edit cannot say 'none')."""
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setPlaceholderText("HH:MM")
    field.setMaxLength(5)
    field.setInputMethodHints(Qt.InputMethodHint.ImhTime)
    field.setMaximumWidth(field.fontMetrics().horizontalAdvance("HH:MM__") + 16)
    return field


def _time_edit(name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    return edit


def _list_box(name: str, widest: str) -> QListWidget:
    """A short list sized by the font, so it grows with a larger font instead of clipping."""
    listbox = QListWidget()
    listbox.setAccessibleName(name)
    metrics = listbox.fontMetrics()
    listbox.setMaximumHeight(metrics.lineSpacing() * 5 + 2 * listbox.frameWidth() + 8)
    listbox.setMinimumWidth(metrics.horizontalAdvance(widest) + 48)
    return listbox


def _keys(listbox: QListWidget) -> list[str]:
    return [listbox.item(row).data(KEY) for row in range(listbox.count())]


def _insert_sorted(listbox: QListWidget, key: str, label: str) -> bool:
    """Insert in order and select it; False (and nothing added) when ``key`` is already listed."""
    keys = _keys(listbox)
    if key in keys:
        return False
    row = sum(1 for existing in keys if existing < key)
    item = QListWidgetItem(label)
    item.setData(KEY, key)
    listbox.insertItem(row, item)
    listbox.setCurrentRow(row)
    return True


def _show_problem(label: QLabel, message: str, field: QWidget | None = None) -> None:
    """One sentence under a list (empty hides it); ``field`` gets the focus to put it right."""
    label.setText(message)
    label.setVisible(bool(message))
    if field is not None:
        field.setFocus()


def _day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


class PassphraseDialog(QDialog):
    """Set, change or remove the passphrase; the database is re-written before it closes."""

    def __init__(self, context: AppContext, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._mode = mode
        self.outcome = ""  # what the conversion did, in one sentence
        titles = {MODE_SET: "Set a passphrase", MODE_CHANGE: "Change the passphrase", MODE_REMOVE: "Remove the passphrase"}
        actions = {MODE_SET: "Set passphrase", MODE_CHANGE: "Change passphrase", MODE_REMOVE: "Remove passphrase"}
        self.setWindowTitle(titles[mode])
        layout = QVBoxLayout(self)
        if mode == MODE_REMOVE:
            layout.addWidget(
                _hint("Your reflections will be stored unencrypted: anyone who can open your data folder can read them.")
            )
        else:
            warning = _hint(f"<b>{NO_RECOVERY_WARNING}</b> Write it down somewhere safe.")
            warning.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(warning)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.current = passphrase_field("Current passphrase")
        self.new = passphrase_field("New passphrase")
        self.again = passphrase_field("New passphrase again")
        if mode in (MODE_CHANGE, MODE_REMOVE):
            form.addRow("&Current passphrase:", self.current)
        if mode in (MODE_SET, MODE_CHANGE):
            form.addRow("&New passphrase:", self.new)
            form.addRow("Type it &again:", self.again)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(actions[mode])
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def accept(self) -> None:
        if self._mode != MODE_REMOVE:
            if self.new.text() != self.again.text():
                self._show_error("The two new passphrases are not the same.", self.again)
                return
            try:
                check_new_passphrase(self.new.text())
            except StorageError as exc:
                self._show_error(str(exc), self.new)
                return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the file is re-written and checked
        try:
            if self._mode == MODE_SET:
                self.outcome = self._context.set_passphrase(self.new.text())
            elif self._mode == MODE_CHANGE:
                self.outcome = self._context.change_passphrase(self.current.text(), self.new.text())
            else:
                self.outcome = self._context.remove_passphrase(self.current.text())
        except StorageError as exc:
            self._show_error(str(exc), self.current if self._mode != MODE_SET else self.new)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        super().accept()

    def _show_error(self, message: str, field: QLineEdit) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        field.selectAll()
        field.setFocus()


@dataclass(frozen=True)
class _PromptRules:
    """The checked values of the prompt section, named as in Settings."""

    prompts_enabled: bool
    reminder_times: list[str]
    reminder_weekdays: list[int]
    summary_time: str
    quiet_start: str
    quiet_end: str
    leave_days: list[str]
    queue_expiry_days: int


class SettingsView(QWidget):
    """The Settings page; `save()` returns False (and says why) when a pattern or prompt time is invalid.

    ``autostart_home`` is the config folder the login entry goes under (None: the user's
    own); tests pass a temporary folder so they never touch the real one.
    """

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, autostart_home: Path | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._autostart_home = autostart_home
        self.setAccessibleName("Settings")

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.role_edit = QLineEdit()
        self.role_edit.setAccessibleName("Your role")
        self.role_edit.setPlaceholderText("e.g. Specialty trainee in psychiatry, mental health nurse")
        you = QGroupBox("About you")
        you_form = QFormLayout(you)
        you_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        you_form.addRow("&Name:", self.name_edit)
        you_form.addRow("&Role:", self.role_edit)
        you_form.addRow(_hint("Shown on the reports you export; nowhere else."))

        self.names_edit = QPlainTextEdit()
        self.names_edit.setAccessibleName("Names to watch for, one per line")
        self.names_edit.setTabChangesFocus(True)
        self.names_edit.setMinimumHeight(90)
        self.clear_names_daily = QCheckBox("Clear these names at the end of each day")
        self.patterns = QTableWidget(0, 2)
        self.patterns.setAccessibleName("Record-number patterns")
        self.patterns.setHorizontalHeaderLabels(["Label", "Regular expression"])
        self.patterns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.patterns.horizontalHeader().resizeSection(0, 180)
        self.patterns.verticalHeader().setVisible(False)
        self.patterns.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.patterns.setTabKeyNavigation(False)
        self.patterns.setMinimumHeight(110)
        self.add_pattern_button = QPushButton("&Add pattern")
        self.add_pattern_button.clicked.connect(self.add_pattern_row)
        self.remove_pattern_button = QPushButton("Remo&ve pattern")
        self.remove_pattern_button.clicked.connect(self._remove_pattern_row)
        pattern_buttons = QHBoxLayout()
        pattern_buttons.addWidget(self.add_pattern_button)
        pattern_buttons.addWidget(self.remove_pattern_button)
        pattern_buttons.addStretch(1)
        scanner = QGroupBox("Identifier scanner")
        scanner_layout = QVBoxLayout(scanner)
        names_label = QLabel(
            "Names to watch for, one per line: e.g. people you often mention. Never paste a patient list; "
            "the scanner already looks for titles with names, relatives' names, numbers and addresses."
        )
        names_label.setWordWrap(True)
        names_label.setBuddy(self.names_edit)
        scanner_layout.addWidget(names_label)
        scanner_layout.addWidget(self.names_edit)
        scanner_layout.addWidget(self.clear_names_daily)
        scanner_layout.addWidget(
            _hint("Hospital or record numbers: a label and a regular expression, e.g. “Hospital number” and RX\\d{7}.")
        )
        scanner_layout.addWidget(self.patterns)
        scanner_layout.addLayout(pattern_buttons)

        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSuffix(" min")
        self.lock_minutes.setSpecialValueText("Never")
        self.lock_minutes.setAccessibleName("Lock after this many idle minutes")
        lock_box = QGroupBox("Lock")
        lock_form = QFormLayout(lock_box)
        lock_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        lock_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        lock_form.addRow("&Lock when idle for:", self.lock_minutes)
        lock_form.addRow(_hint(f"Idle locking applies when your data is encrypted. {keys.shown(keys.LOCK)} locks at any time."))
        prompts = self._prompts_group()

        self.save_button = QPushButton("&Save settings")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Settings status")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status_label, 1)

        self.encryption_status = QLabel()
        self.encryption_status.setWordWrap(True)
        self.set_button = QPushButton("Set &passphrase…")
        self.set_button.clicked.connect(lambda: self.edit_passphrase(MODE_SET))
        self.change_button = QPushButton("&Change passphrase…")
        self.change_button.clicked.connect(lambda: self.edit_passphrase(MODE_CHANGE))
        self.remove_button = QPushButton("Remove passphrase…")
        self.remove_button.clicked.connect(lambda: self.edit_passphrase(MODE_REMOVE))
        encryption_buttons = QHBoxLayout()
        for button in (self.set_button, self.change_button, self.remove_button):
            encryption_buttons.addWidget(button)
        encryption_buttons.addStretch(1)
        encryption = QGroupBox("Encryption")
        encryption_layout = QVBoxLayout(encryption)
        encryption_layout.addWidget(self.encryption_status)
        encryption_layout.addLayout(encryption_buttons)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(QLabel("<h2>Settings</h2>"))
        for group in (you, scanner, lock_box, prompts):
            column.addWidget(group)
        column.addLayout(save_row)
        column.addWidget(encryption)
        column.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        context.identifierNamesCleared.connect(self.names_edit.clear)  # saving the page cannot bring them back
        self.load()

    def _prompts_group(self) -> QGroupBox:
        """When Reflect may prompt: reminder rules for people without a calendar, quiet hours, leave."""
        self.prompts_enabled = QCheckBox("Pr&ompt me to reflect after sessions")

        self.reminder_time = _time_edit("Reminder time to add")
        self.reminder_time.setTime(QTime(12, 30))
        self.add_time_button = QPushButton("A&dd time")
        self.add_time_button.clicked.connect(self.add_reminder_time)
        self.reminder_times = _list_box("Reminder times", "00:00")
        self.remove_time_button = QPushButton("Remove ti&me")
        self.remove_time_button.setToolTip("Or press Delete in the list.")
        self.remove_time_button.clicked.connect(lambda: self._remove_current(self.reminder_times, self.times_problem))
        times_label = QLabel("Reminder &times:")
        times_label.setBuddy(self.reminder_time)

        self.weekday_boxes: list[QCheckBox] = []
        weekdays_row = QHBoxLayout()
        for name in WEEKDAYS:
            box = QCheckBox(name[:3])
            box.setAccessibleName(f"Reminders on {name}")
            self.weekday_boxes.append(box)
            weekdays_row.addWidget(box)
        weekdays_row.addStretch(1)
        weekdays_label = QLabel("On these &weekdays:")
        weekdays_label.setBuddy(self.weekday_boxes[0])

        self.summary_enabled = QCheckBox("End-of-day s&ummary at:")
        self.summary_time = _time_edit("End-of-day summary time")
        self.summary_enabled.toggled.connect(self.summary_time.setEnabled)

        self.quiet_start = _clock_field("Quiet hours start")
        self.quiet_end = _clock_field("Quiet hours end")
        quiet_label = QLabel("&Quiet hours:")
        quiet_label.setBuddy(self.quiet_start)
        quiet_row = QHBoxLayout()
        quiet_row.addWidget(self.quiet_start)
        quiet_row.addWidget(QLabel("to"))
        quiet_row.addWidget(self.quiet_end)
        quiet_row.addStretch(1)

        self.leave_date = QDateEdit()
        self.leave_date.setDisplayFormat("yyyy-MM-dd")
        self.leave_date.setCalendarPopup(True)
        self.leave_date.setAccessibleName("Leave day to add")
        self.add_leave_button = QPushButton("Add da&y")
        self.add_leave_button.clicked.connect(self.add_leave_day)
        self.leave_days = _list_box("Leave days", _day_label(date(2025, 9, 30)))
        self.remove_leave_button = QPushButton("Remove day")
        self.remove_leave_button.setToolTip("Or press Delete in the list.")
        self.remove_leave_button.clicked.connect(lambda: self._remove_current(self.leave_days, self.leave_problem))
        leave_label = QLabel("L&eave days:")
        leave_label.setBuddy(self.leave_date)

        self.expiry_days = QSpinBox()
        self.expiry_days.setRange(1, 60)
        self.expiry_days.setAccessibleName("Days a session waits for reflection before it expires")
        self.expiry_days.valueChanged.connect(self._expiry_suffix)

        self.autostart_box = QCheckBox("Start Reflect when I log &in")
        self.times_problem = error_label()
        self.leave_problem = error_label()

        group = QGroupBox("After-session prompts")
        form = QFormLayout(group)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.prompts_enabled)
        form.addRow(
            _hint(
                "Reflect asks when a session from your imported calendar ends. Without a calendar, "
                "it can remind you at fixed times."
            )
        )
        form.addRow(times_label, self._list_editor(self.reminder_time, self.add_time_button,
                                                   self.reminder_times, self.remove_time_button, self.times_problem))
        form.addRow(weekdays_label, weekdays_row)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_time)
        summary_row.addWidget(_hint("“3 sessions today, 1 reflected”; untick for none."), 1)
        form.addRow(self.summary_enabled, summary_row)
        form.addRow(quiet_label, quiet_row)
        form.addRow(_hint("No prompts between these times, e.g. 20:00 to 07:00. Leave both empty for none."))
        form.addRow(leave_label, self._list_editor(self.leave_date, self.add_leave_button,
                                                   self.leave_days, self.remove_leave_button, self.leave_problem))
        expiry_label = QLabel("&Keep waiting sessions for:")
        expiry_label.setBuddy(self.expiry_days)
        expiry_row = QHBoxLayout()
        expiry_row.addWidget(self.expiry_days)
        expiry_row.addStretch(1)
        form.addRow(expiry_label, expiry_row)
        form.addRow(_hint("After that, a session you have not reflected on leaves the Awaiting list."))
        form.addRow(self.autostart_box)
        if not autostart.supported():
            self.autostart_box.setEnabled(False)
            form.addRow(_hint(autostart.unsupported_note()))
        return group

    @staticmethod
    def _list_editor(
        edit: QWidget, add: QPushButton, listbox: QListWidget, remove: QPushButton, problem: QLabel
    ) -> QWidget:
        """Edit box and Add above the list, Remove beside it, a refusal under it.

        Tab then goes edit → Add → list → Remove, and Delete in the list removes too. A widget,
        not a bare layout: a layout of layouts given to QFormLayout crashed PySide when the page
        was deleted."""
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete), listbox, context=Qt.ShortcutContext.WidgetShortcut
        ).activated.connect(remove.click)
        top = QHBoxLayout()
        top.addWidget(edit)
        top.addWidget(add)
        top.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(remove)
        side.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(listbox)
        bottom.addLayout(side)
        bottom.addStretch(1)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addLayout(bottom)
        column.addWidget(problem)
        return holder

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self._show_encryption()
        super().showEvent(event)

    def load(self) -> None:
        """Fill the page from the current settings."""
        settings = self._context.settings
        self.name_edit.setText(settings.practitioner_name)
        self.role_edit.setText(settings.practitioner_role)
        self._context.expire_identifier_names()
        self.names_edit.setPlainText("\n".join(settings.identifier_names))
        self.clear_names_daily.setChecked(settings.clear_names_daily)
        self.patterns.setRowCount(0)
        for entry in settings.record_patterns:
            self.add_pattern_row(entry.get("label", ""), entry.get("pattern", ""))
        self.lock_minutes.setValue(max(0, settings.auto_lock_minutes))
        self._load_prompts()
        self.status_label.clear()
        self._show_encryption()

    def _load_prompts(self) -> None:
        """Show the prompt rules; entries a hand-edited file got wrong are left out (prompts ignore them too)."""
        settings = self._context.settings
        self.prompts_enabled.setChecked(settings.prompts_enabled)
        self.reminder_times.clear()
        for text in settings.reminder_times:
            if (parsed := parse_hhmm(text)) is not None:
                _insert_sorted(self.reminder_times, f"{parsed:%H:%M}", f"{parsed:%H:%M}")
        for number, box in enumerate(self.weekday_boxes):
            box.setChecked(number in settings.reminder_weekdays)
        summary = parse_hhmm(settings.summary_time)
        self.summary_enabled.setChecked(summary is not None)
        self.summary_time.setEnabled(summary is not None)
        self.summary_time.setTime(QTime(summary.hour, summary.minute) if summary else DEFAULT_SUMMARY)
        self.quiet_start.setText(settings.quiet_start)
        self.quiet_end.setText(settings.quiet_end)
        self.leave_days.clear()
        for text in settings.leave_days:
            try:
                day = date.fromisoformat(text)
            except ValueError:
                continue
            _insert_sorted(self.leave_days, day.isoformat(), _day_label(day))
        self.leave_date.setDate(QDate.currentDate())
        self.expiry_days.setValue(settings.queue_expiry_days)
        self._expiry_suffix(self.expiry_days.value())
        if autostart.supported():
            self.autostart_box.setChecked(autostart.is_enabled(self._autostart_home))
        for problem in (self.times_problem, self.leave_problem):
            _show_problem(problem, "")

    def _expiry_suffix(self, days: int) -> None:
        self.expiry_days.setSuffix(" day" if days == 1 else " days")

    def add_reminder_time(self) -> None:
        """Add the time in the box; a time already listed is refused, as it would prompt only once."""
        text = self.reminder_time.time().toString("HH:mm")
        if _insert_sorted(self.reminder_times, text, text):
            _show_problem(self.times_problem, "")
        else:
            _show_problem(self.times_problem, f"{text} is already a reminder time.", self.reminder_time)

    def add_leave_day(self) -> None:
        """Add the day in the box (the box itself turns half-typed dates back into whole ones);
        a past or already listed day is refused, saying which."""
        problem = self.leave_problem
        day = self.leave_date.date().toPython()
        if day < date.today():
            passed = f"{_day_label(day)} has already passed; leave days stop prompts on days to come."
            _show_problem(problem, passed, self.leave_date)
        elif _insert_sorted(self.leave_days, day.isoformat(), _day_label(day)):
            _show_problem(problem, "")
        else:
            _show_problem(problem, f"{_day_label(day)} is already a leave day.", self.leave_date)

    @staticmethod
    def _remove_current(listbox: QListWidget, problem: QLabel) -> None:
        row = listbox.currentRow()
        if row >= 0:
            listbox.takeItem(row)
        _show_problem(problem, "")

    def add_pattern_row(self, label: str = "", pattern: str = "") -> None:
        row = self.patterns.rowCount()
        self.patterns.insertRow(row)
        self.patterns.setItem(row, 0, QTableWidgetItem(label))
        self.patterns.setItem(row, 1, QTableWidgetItem(pattern))
        if not label and not pattern:
            self.patterns.setCurrentCell(row, 0)
            self.patterns.setFocus()

    def _remove_pattern_row(self) -> None:
        row = self.patterns.currentRow()
        if row >= 0:
            self.patterns.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.patterns.item(row, column)
        return item.text().strip() if item is not None else ""

    def save(self) -> bool:
        """Check the patterns, then save everything; a bad pattern is named and nothing is saved."""
        entries: list[dict[str, str]] = []
        for row in range(self.patterns.rowCount()):
            label, pattern = self._cell(row, 0), self._cell(row, 1)
            if not label and not pattern:
                continue
            try:
                checked = RecordPattern(label, pattern)
            except PatternError as exc:
                self.status_label.setText(f"Not saved. {exc}")
                self.patterns.setCurrentCell(row, 1)
                self.patterns.setFocus()
                return False
            entries.append({"label": checked.label, "pattern": checked.pattern})
        try:
            rules = self._prompt_rules()
        except _Refused as exc:
            self.status_label.setText(f"Not saved. {exc}")
            exc.field.setFocus()
            self.scroll.ensureWidgetVisible(exc.field)
            return False
        try:
            self._apply_autostart()
        except OSError as exc:
            self.status_label.setText(f"Not saved. Could not change starting at login: {exc.strerror or exc}.")
            return False
        settings = self._context.settings
        settings.practitioner_name = self.name_edit.text().strip()
        settings.practitioner_role = self.role_edit.text().strip()
        names = [line.strip() for line in self.names_edit.toPlainText().splitlines() if line.strip()]
        stamp_names(settings, names, self._context.today())
        settings.clear_names_daily = self.clear_names_daily.isChecked()
        settings.record_patterns = entries
        settings.auto_lock_minutes = self.lock_minutes.value()
        settings.prompts_enabled = rules.prompts_enabled
        settings.reminder_times = rules.reminder_times
        settings.reminder_weekdays = rules.reminder_weekdays
        settings.summary_time = rules.summary_time
        settings.quiet_start, settings.quiet_end = rules.quiet_start, rules.quiet_end
        settings.leave_days = rules.leave_days
        settings.queue_expiry_days = rules.queue_expiry_days
        self._context.save_settings()
        self.status_label.setText("Settings saved.")
        return True

    def _prompt_rules(self) -> _PromptRules:
        """The prompt section as settings values; raises _Refused for times that cannot be used."""
        times = _keys(self.reminder_times)
        weekdays = [number for number, box in enumerate(self.weekday_boxes) if box.isChecked()]
        if times and not weekdays:
            raise _Refused("Tick at least one weekday for the reminder times, or remove the times.",
                           self.weekday_boxes[0])
        start = _clock_text(self.quiet_start, "start of quiet hours")
        end = _clock_text(self.quiet_end, "end of quiet hours")
        if bool(start) != bool(end):
            raise _Refused("Quiet hours need both a start and an end time, or neither.",
                           self.quiet_end if start else self.quiet_start)
        if start and start == end:
            raise _Refused("Quiet hours need different start and end times.", self.quiet_end)
        return _PromptRules(
            prompts_enabled=self.prompts_enabled.isChecked(),
            reminder_times=times,
            reminder_weekdays=weekdays,
            summary_time=self.summary_time.time().toString("HH:mm") if self.summary_enabled.isChecked() else "",
            quiet_start=start,
            quiet_end=end,
            leave_days=_keys(self.leave_days),
            queue_expiry_days=self.expiry_days.value(),
        )

    def _apply_autostart(self) -> None:
        """Write or remove the login entry when the box no longer matches it; OSError if that fails."""
        if not autostart.supported():
            return
        wanted = self.autostart_box.isChecked()
        if wanted == autostart.is_enabled(self._autostart_home):
            return
        if wanted:
            autostart.enable(autostart.launch_command(self._context.paths.root), self._autostart_home)
        else:
            autostart.disable(self._autostart_home)

    def _show_encryption(self) -> None:
        encrypted = self._context.encrypted
        if encrypted:
            self.encryption_status.setText(
                "Your reflections, drafts and backups are encrypted with your passphrase."
            )
        else:
            self.encryption_status.setText(
                "Your reflections are not encrypted. Anyone who can open your data folder can read them. "
                "A passphrase encrypts them; it cannot be recovered if you forget it."
            )
        self.set_button.setVisible(not encrypted)
        self.change_button.setVisible(encrypted)
        self.remove_button.setVisible(encrypted)

    def passphrase_dialog(self, mode: str) -> PassphraseDialog:
        return PassphraseDialog(self._context, mode, self)

    def edit_passphrase(self, mode: str) -> None:
        dialog = self.passphrase_dialog(mode)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_label.setText(dialog.outcome)
        self._show_encryption()
