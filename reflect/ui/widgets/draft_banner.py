"""The offer, at start-up, of an unfinished reflection found in the database: continue it or discard it."""

from __future__ import annotations

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from reflect.frameworks import Framework
from reflect.records import ReflectionRecord
from reflect.wording import day_text


class DraftBanner(QFrame):
    resumeRequested = Signal(object)  # the offered ReflectionRecord
    discardRequested = Signal(object)  # the offered ReflectionRecord

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.draft_label = QLabel()
        self.draft_label.setWordWrap(True)
        self.resume_button = QPushButton("&Continue it")
        self.discard_button = QPushButton("&Discard it")
        self.resume_button.clicked.connect(lambda: self._answer(self.resumeRequested))
        self.discard_button.clicked.connect(lambda: self._answer(self.discardRequested))
        layout = QHBoxLayout(self)
        layout.addWidget(self.draft_label, 1)
        layout.addWidget(self.resume_button)
        layout.addWidget(self.discard_button)
        self._offered: ReflectionRecord | None = None
        self.setVisible(False)

    def offer(self, draft: ReflectionRecord, framework: Framework) -> None:
        self._offered = draft
        self.draft_label.setText(
            f"You have an unfinished reflection for the session on {day_text(draft.occurred_at.date())} at {draft.occurred_at:%H:%M} "
            f"({len(draft.ratings)} of {len(framework.items)} tips answered)."
        )
        self.setVisible(True)

    def _answer(self, signal: SignalInstance) -> None:
        draft, self._offered = self._offered, None
        self.setVisible(False)
        if draft is not None:
            signal.emit(draft)
