"""An honest stand-in for a view that a later version adds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ComingView(QWidget):
    def __init__(self, title: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(f"<h2>{title}</h2>")
        text = QLabel(f"{purpose}<br><br>This view is coming in a later version of Reflect; nothing here yet.")
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        for label in (heading, text):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            layout.addWidget(label)
        layout.addStretch(1)
        self.setAccessibleName(f"{title} (coming)")
