"""The progress dialog of work that cannot stop part-way, such as a backup put in place of the database.

It has no Cancel, and neither Esc nor the close box hides it: the work would go on out of sight while the
pages read a file being replaced. It is window-modal for the same reason; the window still repaints, as
the work runs on a worker (``reflect.ui.ops``). Its bar moves without a length, unless the work reports one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QProgressDialog, QWidget


class BusyDialog(QProgressDialog):
    """A moving bar with a sentence; closed only by the operation that showed it (hidden first)."""

    def __init__(self, label: str, parent: QWidget) -> None:
        super().__init__(label, "", 0, 0, parent)
        self.setCancelButton(None)  # no button: the work cannot stop part-way
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # QProgressDialog shows itself after its minimum duration only once a value is set; a moving bar has none
        self._show_later = QTimer(self)
        self._show_later.setSingleShot(True)
        self._show_later.timeout.connect(self.show)

    def setMinimumDuration(self, ms: int) -> None:  # noqa: N802 (Qt override)
        super().setMinimumDuration(ms)
        self._show_later.start(ms)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() != Qt.Key.Key_Escape:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.isVisible():
            event.ignore()
            return
        self._show_later.stop()  # closed by its operation before it was due: it never shows
        super().closeEvent(event)
