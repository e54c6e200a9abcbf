"""Set, change or remove the passphrase (opened from Settings, or from the Reflect page's offer after a save)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from reflect.data.encryption import NO_RECOVERY_WARNING, check_new_passphrase
from reflect.errors import StorageError
from reflect.ui.context import AppContext
from reflect.ui.dialogs.unlock import error_label, passphrase_field
from reflect.ui.widgets.controls import hint

MODE_SET, MODE_CHANGE, MODE_REMOVE = "set", "change", "remove"


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
                hint("Your reflections will be stored unencrypted: anyone who can open your data folder can read them.")
            )
        else:
            warning = hint(f"<b>{NO_RECOVERY_WARNING}</b> Write it down somewhere safe.")
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


