"""The small after-session prompt: "Session 14:00–14:50 ended — reflect now?".

Non-modal and shown without taking focus, so it never interrupts typing. Several
prompts due together are shown one after another. Because it never takes focus, a
screen reader is told of it by an accessible announcement, and the keyboard answers it
from the main window (Ctrl+Shift+R, see Prompting.reflect_now).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reflect.expected_sessions import ExpectedSessionRecord
from reflect.prompts import KIND_SUMMARY, Prompt

MARGIN = 16
REFLECT_NOW_KEYS = QKeySequence("Ctrl+Shift+R")  # the main window's and the announcement's answer


class PromptNotification(QWidget):
    """Reflect / Snooze 15 min / Skip for a session or reminder; Open Reflect / Dismiss for the summary."""

    reflectRequested = Signal(object)  # Prompt
    snoozeRequested = Signal(object)
    skipRequested = Signal(object)
    pendingChanged = Signal()  # the prompt shown (or none) changed: the "Reflect now" wording may too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWindowTitle("Reflect")
        self.setAccessibleName("Reflection prompt")
        self._pending: list[Prompt] = []

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumWidth(300)
        font = self.message_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.message_label.setFont(font)
        self.reflect_button = QPushButton("&Reflect")
        self.reflect_button.setDefault(True)
        self.snooze_button = QPushButton("S&nooze 15 min")
        self.skip_button = QPushButton("S&kip")
        self.reflect_button.clicked.connect(lambda: self._answer(self.reflectRequested))
        self.snooze_button.clicked.connect(lambda: self._answer(self.snoozeRequested))
        self.skip_button.clicked.connect(lambda: self._answer(self.skipRequested))
        escape = QShortcut(QKeySequence.StandardKey.Cancel, self)
        escape.activated.connect(self._dismiss)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.reflect_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)

    def current(self) -> Prompt | None:
        return self._pending[0] if self._pending else None

    def show_prompts(self, prompts: list[Prompt]) -> None:
        """Add prompts; one for the same queue item replaces the older one."""
        ids = {p.session.id for p in prompts if p.session is not None}
        self._pending = [p for p in self._pending if p.session is None or p.session.id not in ids] + prompts
        self._show_current()

    def withdraw(self, session: ExpectedSessionRecord | None) -> None:
        """Drop the prompts for a session answered elsewhere (the keyboard, the tray)."""
        if session is not None and any(p.session is not None and p.session.id == session.id for p in self._pending):
            self._pending = [p for p in self._pending if p.session is None or p.session.id != session.id]
            self._show_current()

    def _show_current(self) -> None:
        prompt = self.current()
        self.pendingChanged.emit()
        if prompt is None:
            self.hide()
            return
        summary = prompt.kind == KIND_SUMMARY
        self.message_label.setText(prompt.message)
        self.reflect_button.setText("&Open Reflect" if summary else "&Reflect")
        self.skip_button.setText("&Dismiss" if summary else "S&kip")
        self.snooze_button.setVisible(not summary)
        self.adjustSize()
        self._place()
        typing_in = QApplication.activeWindow()
        self.show()
        self.raise_()
        if typing_in is not None and typing_in is not self:
            typing_in.activateWindow()  # never take the keyboard from what the user is typing in
        self._announce(prompt)

    def _announce(self, prompt: Prompt) -> None:
        """Tell a screen reader what appeared, and how to answer it without leaving the keyboard."""
        keys = REFLECT_NOW_KEYS.toString(QKeySequence.SequenceFormat.NativeText)
        how = "" if prompt.kind == KIND_SUMMARY else f" Press {keys} in Reflect to reflect on it."
        event = QAccessibleAnnouncementEvent(self.message_label, prompt.message + how)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)

    def _place(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        size = self.sizeHint()
        self.move(QPoint(area.right() - size.width() - MARGIN, area.bottom() - size.height() - MARGIN))

    def _answer(self, signal: SignalInstance) -> None:
        prompt = self.current()
        if prompt is None:
            return
        self._pending.pop(0)
        signal.emit(prompt)
        self._show_current()

    def _dismiss(self) -> None:
        """Closing without an answer leaves the session in the queue."""
        if self._pending:
            self._pending.pop(0)
        self._show_current()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self._pending.clear()
        super().closeEvent(event)
