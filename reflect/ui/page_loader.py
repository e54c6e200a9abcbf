"""A page's loads through the operation runner (``reflect/ui/ops.py``).

A quiet "Loading…" note shows over the page while the work runs (the rest of the window
stays usable), and only the newest request's result is applied, so a filter changed twice
quickly never shows the first answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from reflect.ui.ops import Operation, Worker, report_failure

if TYPE_CHECKING:
    from reflect.data.db import Database

T = TypeVar("T")

BUSY_DELAY_MS = 150  # quick loads finish before the note would show, so nothing flickers


class PageLoader(QObject):
    """A page's loads through the runner: newest request wins, a small "Loading…" note meanwhile."""

    loaded = Signal()  # a result was applied (the page shows its data)

    def __init__(self, page: QWidget, database: Callable[[], Database | None], title: str) -> None:
        super().__init__(page)
        self._page = page
        self._database = database
        self._title = title
        self._generation = 0
        self._running: Operation[Any] | None = None
        self.thread_name = ""  # the thread the last applied load ran on (for tests and logs)
        self.note = QLabel("Loading…", page)
        self.note.setAccessibleName(f"{title}: loading")
        self.note.setAutoFillBackground(True)
        self.note.setFrameShape(QLabel.Shape.StyledPanel)
        self.note.setMargin(6)
        self.note.hide()
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(BUSY_DELAY_MS)
        self._delay.timeout.connect(self._show_note)
        page.installEventFilter(self)

    @property
    def busy(self) -> bool:
        return self._running is not None

    def load(
        self, work: Callable[[Worker], T], apply: Callable[[T], Any], failed: Callable[[BaseException], Any] | None = None
    ) -> Operation[T]:
        """Run ``work`` on a pool thread with its own connection, then ``apply`` its result, unless superseded;
        a failure goes to ``failed`` (a page showing it in place) or else to the one report (``report_failure``)."""
        if self._running is not None:
            self._running.cancel()  # its result would be dropped anyway: stop it at its next check
        self._generation += 1
        generation = self._generation
        operation: Operation[T] = Operation(self._page, work, database=self._database(), title=self._title)

        def succeeded(result: T) -> None:
            if generation == self._generation:
                self._idle()
                self.thread_name = operation.thread_name
                apply(result)
                self.loaded.emit()

        def not_loaded(exc: BaseException) -> None:
            if generation == self._generation:
                self._idle()
                if failed is None:
                    report_failure(self._page, self._title, exc)
                else:
                    failed(exc)

        operation.on_success(succeeded).on_failure(not_loaded)
        self._running = operation
        if not self.note.isVisible():
            self._delay.start()
        return operation.run()

    def _idle(self) -> None:
        self._running = None
        self._delay.stop()
        self.note.hide()

    def _show_note(self) -> None:
        if self._running is not None:
            self.note.adjustSize()
            self._place()
            self.note.show()
            self.note.raise_()

    def _place(self) -> None:
        """The middle of the page, over its (empty or outdated) content, clear of the controls along its top."""
        self.note.move(max(0, (self._page.width() - self.note.width()) // 2),
                       max(0, (self._page.height() - self.note.height()) // 2))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._page and event.type() == QEvent.Type.Resize and self.note.isVisible():
            self._place()
        return False
