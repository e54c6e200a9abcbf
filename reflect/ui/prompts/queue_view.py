"""Sessions awaiting reflection, newest first, with Reflect and Skip (for the main window).

With nothing waiting the page says so in one block near the top — what the page is for
and when sessions will appear — and shows no buttons, as there is nothing to act on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reflect.expected_sessions import SOURCE_REMINDER, ExpectedSessionRecord
from reflect.grammar import plural
from reflect.prompts import Clock, PromptService
from reflect.vocabulary import SETTINGS, label
from reflect.wording import day_text

EMPTY_TITLE = "Nothing is waiting"
EMPTY_TEXT = (
    "Sessions from your calendar and reminders appear here when they end, so you can reflect on them "
    "or skip them."
)


def describe(session: ExpectedSessionRecord) -> str:
    """'Mon 31 Mar 2025 14:00–14:50 · Outpatient clinic', or the reminder time for a reminder."""
    day = day_text(session.start.date())
    if session.source == SOURCE_REMINDER:
        return f"{day} {session.start:%H:%M} · reminder"
    return f"{day} {session.describe()} · {label(SETTINGS, session.setting)}"


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
        self.reflect_button = QPushButton("&Reflect on it")
        self.skip_button = QPushButton("S&kip")
        self.skip_button.setToolTip("No reflection for this session; remove it from the queue")
        self.reflect_button.clicked.connect(lambda: self._request(self.reflectRequested))
        self.skip_button.clicked.connect(lambda: self._request(self.skipRequested))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.reflect_button)
        waiting = QWidget()
        waiting_layout = QVBoxLayout(waiting)
        waiting_layout.setContentsMargins(0, 0, 0, 0)
        waiting_layout.addWidget(self.list, 1)
        waiting_layout.addLayout(buttons)

        self.stack = QStackedWidget()
        self.stack.addWidget(waiting)
        self.stack.addWidget(self._empty_state())
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        self.refresh()

    def _empty_state(self) -> QWidget:
        """Title and explanation together, centred, at the top of the page."""
        self.empty_title = QLabel(EMPTY_TITLE)
        font = self.empty_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.empty_title.setFont(font)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setFixedWidth(self.empty_label.fontMetrics().averageCharWidth() * 60)  # a readable line
        empty = QWidget()
        column = QVBoxLayout(empty)
        column.setContentsMargins(0, 24, 0, 0)
        for text in (self.empty_title, self.empty_label):
            text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            centred = QHBoxLayout()  # stretches either side keep the wrapped text's height right
            centred.addStretch(1)
            centred.addWidget(text)
            centred.addStretch(1)
            column.addLayout(centred)
        column.addStretch(1)
        return empty

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
        # the page's frame shows its title; this line says how many, and only when there are some
        self.heading.setText(f"{plural(count, 'session')} waiting for a reflection")
        self.heading.setVisible(count > 0)
        self.stack.setCurrentIndex(0 if count else 1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.list.currentItem() is not None
        self.reflect_button.setEnabled(has)
        self.skip_button.setEnabled(has)

    def _request(self, signal: SignalInstance) -> None:
        item = self.list.currentItem()
        if item is not None:
            signal.emit(item.data(Qt.ItemDataRole.UserRole))
