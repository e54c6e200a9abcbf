"""A compact window with the checklist, prefilled with the session's time, length and setting.

It reuses ChecklistForm (same keys, same autosaved draft, same checks), so a
reflection started from a prompt is exactly like one made in the main window.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from reflect.expected_sessions import ExpectedSessionRecord
from reflect.prompts import SessionDetails
from reflect.records import ReflectionRecord
from reflect.ui.context import AppContext
from reflect.ui.pages.checklist import ChecklistForm
from reflect.ui.widgets.controls import qdatetime
from reflect.wording import moment_text


class QuickReflectionWindow(QWidget):
    """Emits ``reflected(session or None, saved record)`` and closes once saved."""

    reflected = Signal(object, object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Quick reflection — Reflect")
        self.resize(640, 720)
        self.session: ExpectedSessionRecord | None = None
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.form = ChecklistForm(context, offers_passphrase=False)  # it hides on save: the main page offers it
        self.form.saved.connect(self._saved)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form, 1)
        close = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        close.activated.connect(self.close)

    def open_for(self, session: ExpectedSessionRecord | None, details: SessionDetails) -> None:
        """Start a fresh reflection for a queued session, or for an ad-hoc one when session is None."""
        self.form.flush_draft()
        self.form.reset()
        self.session = session
        self.form.details.when_edit.setDateTime(qdatetime(details.occurred_at))
        self.form.details.duration_spin.setValue(details.duration_min)
        index = self.form.details.setting_combo.findData(details.setting)
        if index >= 0:
            self.form.details.setting_combo.setCurrentIndex(index)
        end = details.occurred_at + timedelta(minutes=details.duration_min)
        when = f"{moment_text(details.occurred_at)}–{end:%H:%M}"
        self.heading.setText(f"Session {when}" if session else f"Reflect on a session ({when}; change it if needed)")
        self.show()
        self.raise_()
        self.activateWindow()
        self.form.focus_first()

    def _saved(self, record: ReflectionRecord) -> None:
        session, self.session = self.session, None
        self.reflected.emit(session, record)
        self.hide()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        """Closing keeps an autosaved draft and leaves the session in the queue."""
        self.form.flush_draft()
        self.session = None
        super().closeEvent(event)
