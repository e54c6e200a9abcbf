"""The words around the checklist: its prompt and keys above the tips, its source and adaptation below."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from reflect.frameworks import CADENCES, Framework
from reflect.ui.keys import SAVE, shown


class ChecklistIntro(QWidget):
    """The checklist's own question (and, for a periodic one, that it is about the service) and its keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt_label = QLabel()
        self.prompt_label.setWordWrap(True)
        font = self.prompt_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.prompt_label.setFont(font)
        self.keys_label = QLabel()
        self.keys_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompt_label)
        layout.addWidget(self.keys_label)

    def show_framework(self, framework: Framework) -> None:
        periodic = (f"A periodic team self-assessment ({CADENCES[framework.cadence]}): rate your service as a "
                    "whole, not one session. " if framework.periodic else "")
        self.prompt_label.setText(periodic + framework.prompt)
        keys = " · ".join(f"{'/'.join(o.shortcuts)} {o.label}" for o in framework.scale if o.shortcuts)
        self.keys_label.setText(
            f"Keys: {keys} (moves to the next tip) · ↑/↓ move · Return adds a note · {shown(SAVE)} saves"
        )


class SourceNote(QLabel):
    """The citation of the wording and the note that the scale and groupings are Reflect's adaptation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName("Source of the checklist")
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.setFont(small)

    def show_framework(self, framework: Framework) -> None:
        self.setText(f"Source: {framework.citation}\n{framework.adaptation}")
