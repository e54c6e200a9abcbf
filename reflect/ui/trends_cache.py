"""The reflections' chart columns, read once in the runner soon after start-up and kept fresh.

Reading the columns (``reflection_columns.load_columns``) was most of what a first open of
Trends waited for: about 0.3 s at 20,000 reflections, 2 s at 100,000. The main window asks for
them once the pages' slow imports are in (``warm``), so opening Trends later only builds its
table and draws. A change that names its reflections (a save, edit, delete or undo:
``Changes.reflection_ids``) reads just those again and patches them in (``RatingColumns.patched``),
a few milliseconds; any other change (an import, a restore) reads them all again. Either way in
the runner, so a saved reflection is in the charts the next time they are shown.
One cache per ``AppContext`` (``ColumnsCache.of``), a child of it, so it closes with it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from reflect.rating_columns import RatingColumns
from reflect.reflection_columns import FEW, load_columns, load_reflections
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
        self.columns: RatingColumns | None = None  # None while any change is not in them yet
        self.operation: Operation[RatingColumns] | None = None  # the latest read (tests see where it ran)
        self._parent: QWidget | None = None  # where a failed read is reported: the last widget that asked
        # the reads' owner: never shown, and as long-lived as the cache, so a read finishing after the window
        # that asked has closed still has somewhere to deliver its result
        self._host = QWidget()
        self._known: RatingColumns | None = None  # the last columns read, right but for the changes below
        self._changed_ids: set[str] = set()  # reflections changed since the read in flight or `_known` began
        self._read_all = False  # a change that did not name its reflections: only a whole read is right
        self._reading = False
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
        """Bring the columns up to date: patch the changed reflections into the last read, or read them all."""
        if self._parent is None or self._reading:
            return  # nobody has asked yet, or a read is on its way (it reads again when it ends, if need be)
        known, changed = self._known, frozenset(self._changed_ids)
        whole = known is None or self._read_all or len(changed) > FEW
        self._changed_ids.clear()
        self._read_all = False
        self._reading = True

        def read(worker: Worker) -> RatingColumns:
            assert worker.database is not None
            if known is None or whole:
                return load_columns(worker.database, COMPLETE, worker.check)  # stops promptly when Reflect closes
            patched = known.patched(changed, load_reflections(worker.database, COMPLETE, changed))
            return patched if patched is not None else load_columns(worker.database, COMPLETE, worker.check)

        def done(columns: RatingColumns | None) -> None:
            self._reading = False
            self._known = columns
            if columns is not None and (self._changed_ids or self._read_all):
                self._read()  # the reflections changed meanwhile: read those again before anyone sees these
                return
            self.columns = columns
            waiting, self._waiting = self._waiting, []
            for receive in waiting:
                receive(columns)

        def failed(exc: BaseException) -> None:
            report_failure(parent, "Show trends", exc)
            done(None)

        parent = self._parent
        self.operation = Operation(self._host, read, database=self._context.database, title="Show trends")
        self.operation.on_success(done).on_failure(failed).run()

    def _changed(self, changes: Changes) -> None:
        if changes.reflections:
            if changes.reflection_ids:
                self._changed_ids |= changes.reflection_ids
            else:
                self._read_all = True
            self.columns = None
            self._read()  # kept warm, so the next look at Trends only draws


def warm(parent: QWidget, context: AppContext) -> None:
    """Read the columns in the runner now, before Trends is first opened (after start-up's imports)."""
    ColumnsCache.of(context).get(parent, lambda _columns: None)
