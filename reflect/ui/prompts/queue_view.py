"""Sessions awaiting reflection, newest first, with Reflect and Skip (for the main window)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reflect.expected_sessions import SOURCE_REMINDER, ExpectedSessionRecord
from reflect.prompts import Clock, PromptService
from reflect.vocabulary import SETTINGS, label


def describe(session: ExpectedSessionRecord) -> str:
    """'Mon 31 Mar  14:00–14:50  Outpatient clinic', or the reminder time for a reminder."""
    day = session.start.strftime("%a %d %b")
    if session.source == SOURCE_REMINDER:
        return f"{day}  Reminder at {session.start:%H:%M}"
    return f"{day}  {session.describe()}  {label(SETTINGS, session.setting)}"


class QueueView(QWidget):
    """Reads the queue from the prompt service; the owner acts on the requests and calls ``refresh``."""

    reflectRequested = Signal(object)  # ExpectedSessionRecord
    skipRequested = Signal(object)

    def __init__(self, service: PromptService, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._clock = clock
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.list = QListWidget()
        self.list.setAccessibleName("Sessions awaiting reflection")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumWidth(320)
        self.list.itemActivated.connect(lambda _item: self._request(self.reflectRequested))
        self.list.currentRowChanged.connect(self._update_buttons)
        self.empty_label = QLabel("Nothing is waiting. Sessions from your calendar and reminders appear here when they end.")
        self.empty_label.setWordWrap(True)
        self.reflect_button = QPushButton("&Reflect on it")
        self.skip_button = QPushButton("S&kip")
        self.skip_button.setToolTip("No reflection for this session; remove it from the queue")
        self.reflect_button.clicked.connect(lambda: self._request(self.reflectRequested))
        self.skip_button.clicked.connect(lambda: self._request(self.skipRequested))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.reflect_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.refresh()

    def sessions(self) -> list[ExpectedSessionRecord]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def refresh(self) -> None:
        """Reload, keeping the selected session selected when it is still waiting."""
        current = self.list.currentItem()
        selected = current.data(Qt.ItemDataRole.UserRole).id if current else None
        self.list.clear()
        for session in self._service.queue(self._clock()):
            item = QListWidgetItem(describe(session))
            item.setData(Qt.ItemDataRole.UserRole, session)
            self.list.addItem(item)
            if session.id == selected:
                self.list.setCurrentItem(item)
        if self.list.count() and self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        count = self.list.count()
        self.heading.setText(f"Awaiting reflection ({count})" if count else "Awaiting reflection")
        self.list.setVisible(count > 0)
        self.empty_label.setVisible(count == 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.reflect_button.setEnabled(has)
        self.skip_button.setEnabled(has)

    def _request(self, signal: SignalInstance) -> None:
        item = self.list.currentItem()
        if item is not None:
            signal.emit(item.data(Qt.ItemDataRole.UserRole))
