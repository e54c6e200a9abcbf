"""Settings: who the reports are for, what the identifier scanner looks for, the lock, encryption.

Everything on the page is saved together with one button, after the record-number
patterns have been checked (a bad pattern is named and nothing is saved). Encryption
changes act at once, through a dialog, because they re-write the database file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflect.data.encryption import NO_RECOVERY_WARNING, check_new_passphrase
from reflect.errors import StorageError
from reflect.privacy import PatternError, RecordPattern
from reflect.ui.context import AppContext
from reflect.ui.unlock_dialog import error_label, passphrase_field

MODE_SET, MODE_CHANGE, MODE_REMOVE = "set", "change", "remove"


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class PassphraseDialog(QDialog):
    """Set, change or remove the passphrase; the database is re-written before it closes."""

    def __init__(self, context: AppContext, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._mode = mode
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
                self._context.set_passphrase(self.new.text())
            elif self._mode == MODE_CHANGE:
                self._context.change_passphrase(self.current.text(), self.new.text())
            else:
                self._context.remove_passphrase(self.current.text())
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


class SettingsView(QWidget):
    """The Settings page; `save()` returns False (and says why) when a pattern is invalid."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
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
        self.names_edit.setAccessibleName("Names to look for, one per line")
        self.names_edit.setTabChangesFocus(True)
        self.names_edit.setMinimumHeight(90)
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
        names_label = QLabel("Names to look for, one per line (for example, the people on today's list):")
        names_label.setWordWrap(True)
        names_label.setBuddy(self.names_edit)
        scanner_layout.addWidget(names_label)
        scanner_layout.addWidget(self.names_edit)
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
        lock_form.addRow(_hint("Idle locking applies when your data is encrypted. Ctrl+L locks at any time."))

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
        for group in (you, scanner, lock_box):
            column.addWidget(group)
        column.addLayout(save_row)
        column.addWidget(encryption)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.load()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self._show_encryption()
        super().showEvent(event)

    def load(self) -> None:
        """Fill the page from the current settings."""
        settings = self._context.settings
        self.name_edit.setText(settings.practitioner_name)
        self.role_edit.setText(settings.practitioner_role)
        self.names_edit.setPlainText("\n".join(settings.identifier_names))
        self.patterns.setRowCount(0)
        for entry in settings.record_patterns:
            self.add_pattern_row(entry.get("label", ""), entry.get("pattern", ""))
        self.lock_minutes.setValue(max(0, settings.auto_lock_minutes))
        self.status_label.clear()
        self._show_encryption()

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
        settings = self._context.settings
        settings.practitioner_name = self.name_edit.text().strip()
        settings.practitioner_role = self.role_edit.text().strip()
        settings.identifier_names = [line.strip() for line in self.names_edit.toPlainText().splitlines() if line.strip()]
        settings.record_patterns = entries
        settings.auto_lock_minutes = self.lock_minutes.value()
        self._context.save_settings()
        self.status_label.setText("Settings saved.")
        return True

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
            done = {
                MODE_SET: "Your data is now encrypted.",
                MODE_CHANGE: "The passphrase was changed.",
                MODE_REMOVE: "The passphrase was removed; your data is no longer encrypted.",
            }
            self.status_label.setText(done[mode])
        self._show_encryption()
