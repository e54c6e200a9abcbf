"""A page built only when first shown (or first asked for), so its imports stay off start-up.

A page whose imports are not loaded yet (start-up loads them on a worker, ``Startup.restore_page``;
Trends' pyqtgraph takes over a second on a busy machine) first shows a quiet "Loading…" and has
them loaded on a worker thread of the operation runner, then is built: the window never freezes
for an import. Qt's classes are set up on the GUI thread first (``reflect/ui/qt_classes.py``):
set up by an import on the worker, they crashed Reflect.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from reflect.ui.ops import Operation


class LazyPage(QWidget):
    """Builds its real view on first show (pyqtgraph, SQLAlchemy-backed views load then)."""

    def __init__(
        self, build: Callable[[], QWidget], parent: QWidget | None = None, imports: tuple[str, ...] = ()
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._imports = imports
        self.view: QWidget | None = None
        self.placeholder: QLabel | None = None
        self.importing: Operation[tuple[str, ...]] | None = None  # the slow imports on their worker thread
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def widget(self) -> QWidget:
        """The real view, built now if it has not been yet."""
        if self.view is None:
            if self.placeholder is not None:
                self.placeholder.hide()
            self.view = self._build()
            self._layout.addWidget(self.view)
            self.view.show()  # at once: a layout would show it one event-loop turn later
        return self.view

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self.view is None and all(name in sys.modules for name in self._imports):
            self.widget()
        elif self.view is None and self.placeholder is None:
            self._load_then_build()
        super().showEvent(event)

    def _load_then_build(self) -> None:
        from reflect.ui.qt_classes import import_on_worker

        self.placeholder = QLabel("Loading…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.placeholder)
        # on failure the build imports again here, and the error is reported as any other would be
        build: Callable[[object], object] = lambda _outcome: self.widget()  # noqa: E731
        self.importing = import_on_worker(self, self._imports, "Open the page").on_success(build).on_failure(build)
