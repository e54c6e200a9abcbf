"""Set, change or remove the passphrase (opened from Settings, or from the Reflect page's offer after a save).

Once asked, the dialog stays open with a progress bar while every file is rewritten on a worker
(``reflect/ui/file_changes.py``): with years of reflections and backups that takes a minute, and the
window behind it keeps painting. It cannot be cancelled part-way; a crash meanwhile is finished at the
next start (``reflect/data/conversion.py``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from reflect.data.encryption import NO_RECOVERY_WARNING, check_new_passphrase
from reflect.errors import StorageError
from reflect.ui.context import AppContext
from reflect.ui.dialogs.unlock import WaitsForItsWork, error_label, passphrase_field
from reflect.ui.file_changes import CONVERTING, MODE_CHANGE, MODE_REMOVE, MODE_SET, change_passphrase
from reflect.ui.ops import PROGRESS_STEPS, report_failure
from reflect.ui.widgets.controls import hint

__all__ = ["MODE_CHANGE", "MODE_REMOVE", "MODE_SET", "PassphraseDialog"]


class PassphraseDialog(WaitsForItsWork):
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
        self.working = QLabel(f"{CONVERTING[mode]} Keep Reflect open; with years of reflections this takes a minute.")
        self.working.setWordWrap(True)
        self.working.hide()
        layout.addWidget(self.working)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(actions[mode])
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def accept(self) -> None:
        if self.busy:
            return
        if self._mode != MODE_REMOVE:
            if self.new.text() != self.again.text():
                self._show_error("The two new passphrases are not the same.", self.again)
                return
            try:
                check_new_passphrase(self.new.text())
            except StorageError as exc:
                self._show_error(str(exc), self.new)
                return
        current = self.current.text() if self._mode != MODE_SET else None
        new = self.new.text() if self._mode != MODE_REMOVE else None
        try:
            self.running = change_passphrase(self, self._context, self._mode, current, new, self._done, self._failed)
        except StorageError as exc:  # another operation (an import) is writing
            self._show_error(str(exc), self.current if self._mode != MODE_SET else self.new)
            return
        self._set_busy(True)
        self.running.progressed.connect(self._progressed)

    def _set_busy(self, busy: bool) -> None:
        """While the files are rewritten: the fields and buttons are greyed out and a bar moves."""
        for field in (self.current, self.new, self.again):
            field.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self.working.setVisible(busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)  # moving, until the first of several files is done
        if busy:
            self.error.setVisible(False)

    def _progressed(self, step: int) -> None:
        if step < PROGRESS_STEPS:  # more files to go: how far it is can now be shown
            self.progress.setRange(0, PROGRESS_STEPS)
            self.progress.setValue(step)

    def _done(self, outcome: str) -> None:
        self.running = None
        self.outcome = outcome
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.running = None
        self._set_busy(False)
        if isinstance(exc, StorageError):  # a wrong current passphrase, a full disk: said here, nothing changed
            self._show_error(str(exc), self.current if self._mode != MODE_SET else self.new)
        else:
            report_failure(self, self.windowTitle(), exc)

    def _show_error(self, message: str, field: QLineEdit) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        field.selectAll()
        field.setFocus()


