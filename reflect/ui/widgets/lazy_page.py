"""A page built only when first shown (or first asked for), so its imports stay off start-up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Builds its real view on first show (pyqtgraph, SQLAlchemy-backed views load then)."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.view: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def widget(self) -> QWidget:
        """The real view, built now if it has not been yet."""
        if self.view is None:
            self.view = self._build()
            self._layout.addWidget(self.view)
            self.view.show()  # at once: a layout would show it one event-loop turn later
        return self.view

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self.widget()
        super().showEvent(event)
