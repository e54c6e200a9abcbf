"""The Settings page's sections: About you, the identifier scanner, and the lock.

Each section shows part of the settings (``load``) and hands back the values to save,
named as in ``reflect.settings.Settings`` (``collect``), raising ``Refused`` with the field
to put right when a value cannot be used. The page saves them all at once through
``AppContext.update_settings``. (The prompt rules are in ``prompts_section.py``.)
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from reflect.privacy import PatternError, RecordPattern
from reflect.settings import Settings
from reflect.ui import keys
from reflect.ui.pages.settings.fields import Refused
from reflect.ui.widgets.controls import hint


class Section(Protocol):
    def load(self, settings: Settings) -> None:
        """Show the current values."""

    def collect(self) -> dict[str, object]:
        """The values to save, by setting name; raises Refused for one that cannot be used."""


class YouSection(QGroupBox):
    def __init__(self) -> None:
        super().__init__("About you")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.role_edit = QLineEdit()
        self.role_edit.setAccessibleName("Your role")
        self.role_edit.setPlaceholderText("e.g. Specialty trainee in psychiatry, mental health nurse")
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Role:", self.role_edit)
        form.addRow(hint("Shown on the reports you export; nowhere else."))

    def load(self, settings: Settings) -> None:
        self.name_edit.setText(settings.practitioner_name)
        self.role_edit.setText(settings.practitioner_role)

    def collect(self) -> dict[str, object]:
        return {"practitioner_name": self.name_edit.text().strip(), "practitioner_role": self.role_edit.text().strip()}


class ScannerSection(QGroupBox):
    """Names to watch for and record-number patterns (both stored in the database, never in settings.json)."""

    def __init__(self) -> None:
        super().__init__("Identifier scanner")
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
        self.add_pattern_button.clicked.connect(lambda: self.add_pattern_row())
        self.remove_pattern_button = QPushButton("Remo&ve pattern")
        self.remove_pattern_button.clicked.connect(self._remove_pattern_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_pattern_button)
        buttons.addWidget(self.remove_pattern_button)
        buttons.addStretch(1)
        names_label = QLabel(
            "Names to watch for, one per line: e.g. people you often mention. Never paste a patient list; "
            "the scanner already looks for titles with names, relatives' names, numbers and addresses."
        )
        names_label.setWordWrap(True)
        names_label.setBuddy(self.names_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(names_label)
        layout.addWidget(self.names_edit)
        layout.addWidget(self.clear_names_daily)
        layout.addWidget(
            hint("Hospital or record numbers: a label and a regular expression, e.g. “Hospital number” and RX\\d{7}.")
        )
        layout.addWidget(self.patterns)
        layout.addLayout(buttons)

    def load(self, settings: Settings) -> None:
        self.names_edit.setPlainText("\n".join(settings.identifier_names))
        self.clear_names_daily.setChecked(settings.clear_names_daily)
        self.patterns.setRowCount(0)
        for entry in settings.record_patterns:
            self.add_pattern_row(entry.get("label", ""), entry.get("pattern", ""))

    def collect(self) -> dict[str, object]:
        """Names, the daily clearing, and the patterns; a pattern that cannot be used is named."""
        entries: list[dict[str, str]] = []
        for row in range(self.patterns.rowCount()):
            label, pattern = self._cell(row, 0), self._cell(row, 1)
            if not label and not pattern:
                continue
            try:
                checked = RecordPattern(label, pattern)
            except PatternError as exc:
                self.patterns.setCurrentCell(row, 1)
                raise Refused(str(exc), self.patterns) from exc
            entries.append({"label": checked.label, "pattern": checked.pattern})
        names = [line.strip() for line in self.names_edit.toPlainText().splitlines() if line.strip()]
        return {"identifier_names": names, "clear_names_daily": self.clear_names_daily.isChecked(),
                "record_patterns": entries}

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


class LockSection(QGroupBox):
    def __init__(self) -> None:
        super().__init__("Lock")
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(0, 240)
        self.lock_minutes.setSuffix(" min")
        self.lock_minutes.setSpecialValueText("Never")
        self.lock_minutes.setAccessibleName("Lock after this many idle minutes")
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("&Lock when idle for:", self.lock_minutes)
        self.reason = hint("")
        form.addRow(self.reason)

    def set_applies(self, encrypted: bool) -> None:
        """Idle locking only guards encrypted data (unencrypted files can be read anyway), so without a
        passphrase the minutes are greyed out and the line under them says why."""
        self.lock_minutes.setEnabled(encrypted)
        shortcut = keys.shown(keys.LOCK)
        self.reason.setText(
            f"Reflect locks after this many minutes without use. {shortcut} locks at any time."
            if encrypted
            else f"Idle locking needs a passphrase: set one under Encryption to use it. {shortcut} hides your "
            "reflections at any time."
        )

    def load(self, settings: Settings) -> None:
        self.lock_minutes.setValue(max(0, settings.auto_lock_minutes))

    def collect(self) -> dict[str, object]:
        return {"auto_lock_minutes": self.lock_minutes.value()}
