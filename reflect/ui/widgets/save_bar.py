"""The checklist's footer: what happened to the last save, Cancel edit, and the one primary action.

It sits below the scrolling form, so "Save reflection" stays in view however long the form is.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from reflect.ui.keys import SAVE, shown


class SaveBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Save status")
        self.cancel_button = QPushButton("Cancel edit")
        self.cancel_button.setToolTip(f"Leave this reflection unchanged ({shown(QKeySequence.StandardKey.Cancel)})")
        self.save_button = QPushButton("Save reflection")
        self.save_button.setToolTip(f"Save ({shown(SAVE)})")
        self.save_button.setDefault(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status_label, 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.save_button)
