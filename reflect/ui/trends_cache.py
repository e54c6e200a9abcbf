"""The reflections' chart columns, read once in the runner soon after start-up and kept fresh.

Reading the columns (``reflection_columns.load_columns``) was most of what a first open of
Trends waited for: about 0.3 s at 20,000 reflections, 2 s at 100,000. The main window asks for
them once the pages' slow imports are in (``warm``), so opening Trends later only builds its
table and draws. Every change to the reflections (``Changes.reflections``) drops them and reads
them again in the runner, so a saved reflection is in the charts the next time they are shown.
One cache per ``AppContext`` (``ColumnsCache.of``), a child of it, so it closes with it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from reflect.rating_columns import RatingColumns
from reflect.reflection_columns import load_columns
from reflect.reflections import COMPLETE
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.ops import Operation, Worker, report_failure

Receive = Callable[[RatingColumns | None], None]  # None: the read failed (the runner has said why)


class ColumnsCache(QObject):
    """The completed reflections' columns, or who waits for them while they are read."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self._context = context
        self.columns: RatingColumns | None = None
        self.operation: Operation[RatingColumns] | None = None  # the latest read (tests see where it ran)
        self._parent: QWidget | None = None  # where a failed read is reported: the last widget that asked
        # the reads' owner: never shown, and as long-lived as the cache, so a read finishing after the window
        # that asked has closed still has somewhere to deliver its result
        self._host = QWidget()
        self._generation = 0  # one more for every change to the reflections
        self._reading: int | None = None  # the generation being read, if any
        self._waiting: list[Receive] = []
        context.changed.connect(self._changed)

    @classmethod
    def of(cls, context: AppContext) -> ColumnsCache:
        """The context's cache (made on first use: before any page connects to ``changed``, so it hears first)."""
        found = context.findChild(cls)
        return found if isinstance(found, cls) else cls(context)

    def get(self, parent: QWidget, receive: Receive) -> None:
        """Give ``receive`` the current columns: at once if they are read, else once they are."""
        self._parent = parent
        if self.columns is not None:
            receive(self.columns)
            return
        self._waiting.append(receive)
        self._read()

    def _read(self) -> None:
        if self._parent is None or self._reading == self._generation:
            return  # nobody has asked yet, or this generation is on its way
        generation = self._reading = self._generation

        def read(worker: Worker) -> RatingColumns:
            assert worker.database is not None
            return load_columns(worker.database, COMPLETE)

        def done(columns: RatingColumns | None) -> None:
            if generation != self._generation:
                return  # the reflections changed meanwhile: a newer read gives its waiting their columns
            self._reading = None
            self.columns = columns
            waiting, self._waiting = self._waiting, []
            for receive in waiting:
                receive(columns)

        self.operation = Operation(self._host, read, database=self._context.database, title="Show trends")
        def failed(exc: BaseException) -> None:
            report_failure(parent, "Show trends", exc)
            done(None)

        parent = self._parent
        self.operation.on_success(done).on_failure(failed).run()

    def _changed(self, changes: Changes) -> None:
        if changes.reflections:
            self._generation += 1
            self.columns = None
            self._read()  # kept warm, so the next look at Trends only draws


def warm(parent: QWidget, context: AppContext) -> None:
    """Read the columns in the runner now, before Trends is first opened (after start-up's imports)."""
    ColumnsCache.of(context).get(parent, lambda _columns: None)
