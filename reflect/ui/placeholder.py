"""Stand-ins: an honest "coming" page, and a page built only when first shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
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


class LazyPage(QWidget):
    """Builds its real view on first show, so heavy imports (pyqtgraph) stay off start-up."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self.view is None:
            self.view = self._build()
            self._layout.addWidget(self.view)
        super().showEvent(event)
