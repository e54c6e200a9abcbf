"""Where the Trends page's numbers are made: never over all reflections on the GUI thread.

The reflections' columns (``rating_columns``: just what the charts use) come from the
context's ``ColumnsCache`` (read in the runner, usually before Trends is first opened), and
the table for the reference checklist is built in the runner too; a control change recomputes the dashboard from those arrays, in the runner too once
the table is large enough for it to be felt (``INLINE_ROWS``). Every request is numbered,
and a result overtaken by a newer request of its kind is dropped, so a quick run of range
changes draws only the last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from reflect import analytics
from reflect.analytics import Bin, Dashboard, RatingTable, TrendFilter
from reflect.frameworks import Framework
from reflect.rating_columns import RatingColumns
from reflect.ui.context import AppContext
from reflect.ui.ops import Operation, Worker
from reflect.ui.trends_cache import ColumnsCache

T = TypeVar("T")
INLINE_ROWS = 2_000  # below this a recompute takes a few ms, less than a trip to a worker thread and back


@dataclass(frozen=True, eq=False)
class Computed:
    filtered: RatingTable  # the table after the filters, before the date range
    board: Dashboard


@dataclass(frozen=True, eq=False)
class _Loaded:
    columns: RatingColumns
    table: RatingTable
    reference: Framework  # the checklist the table was built for


def _compute(table: RatingTable, flt: TrendFilter, start: date, end: date, size: Bin, window: int) -> Computed:
    filtered = table.where(flt)
    return Computed(filtered, analytics.dashboard(filtered, start, end, size, window))


class TrendsData(QObject):
    """The page's data. Results arrive as signals on the GUI thread; ``loading`` while any is on its way."""

    columnsLoaded = Signal(object)  # RatingColumns, after each (re)load: the tag filter's choices
    tableReady = Signal(object)  # the RatingTable for the reference checklist
    computed = Signal(object)  # a Computed for the latest controls
    busyChanged = Signal(bool)

    def __init__(self, parent: QWidget, context: AppContext, reference: Callable[[], Framework]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._context = context
        self._reference = reference
        self._cache = ColumnsCache.of(context)  # made before the page connects to ``changed``: it drops stale columns first
        self.columns: RatingColumns | None = None
        self.table: RatingTable | None = None
        self._requests = 0
        self._latest: dict[str, int] = {}  # kind ("load", "table", "compute") → the newest request's number
        self._pending: set[int] = set()
        self.operation: Operation[object] | None = None  # the latest work sent to the runner (tests read where it ran)

    @property
    def loading(self) -> bool:
        return bool(self._pending)

    def _request(self, kind: str) -> int:
        self._requests += 1
        self._latest[kind] = self._requests
        return self._requests

    def _run(self, kind: str, work: Callable[[Worker], T], done: Callable[[T], object]) -> None:
        """Run `work` in the operation runner; `done` gets its result unless a newer request of its kind came since."""
        number = self._request(kind)
        self._pending.add(number)
        self.busyChanged.emit(True)

        def finished() -> None:
            self._pending.discard(number)
            self.busyChanged.emit(self.loading)

        def succeeded(result: T) -> None:
            if number == self._latest[kind]:
                done(result)

        operation = Operation(self._parent, work, title="Show trends")
        operation.on_success(succeeded).finished.connect(finished)
        self.operation = operation  # type: ignore[assignment]
        operation.run()

    def reload(self) -> None:
        """Take the reflections' columns from the context's cache (read in the runner soon after start-up,
        and again after a save or delete elsewhere), then build the table for them in the runner."""
        number = self._request("columns")
        self._pending.add(number)
        self.busyChanged.emit(True)

        def received(columns: RatingColumns | None) -> None:
            self._pending.discard(number)
            if columns is not None and number == self._latest["columns"]:
                self._build(columns)
            self.busyChanged.emit(self.loading)

        self._cache.get(self._parent, received)
        self.operation = self._cache.operation or self.operation  # type: ignore[assignment]  # the columns' read

    def _build(self, columns: RatingColumns) -> None:
        catalog, reference = self._context.catalog, self._reference()
        if len(columns) <= INLINE_ROWS:
            self._request("load")
            self._loaded(_Loaded(columns, RatingTable.from_columns(columns, catalog, reference), reference))
            return
        self._run("load", lambda _worker: _Loaded(columns, RatingTable.from_columns(columns, catalog, reference),
                                                  reference), self._loaded)

    def _loaded(self, loaded: _Loaded) -> None:
        self.columns = loaded.columns
        self.columnsLoaded.emit(loaded.columns)
        if loaded.reference is self._reference():
            self._show(loaded.table)
        else:  # another checklist was chosen while loading
            self.rebuild()

    def rebuild(self) -> None:
        """Another reference checklist: the table is rebuilt for its tips."""
        columns = self.columns
        if columns is None:
            return
        catalog, reference = self._context.catalog, self._reference()
        if len(columns) <= INLINE_ROWS:
            self._request("table")
            self._show(RatingTable.from_columns(columns, catalog, reference))
            return

        def built(table: RatingTable) -> None:
            if columns is self.columns:  # not overtaken by a reload
                self._show(table)

        self._run("table", lambda _worker: RatingTable.from_columns(columns, catalog, reference), built)

    def _show(self, table: RatingTable) -> None:
        self.table = table
        self.tableReady.emit(table)

    def derive(self, kind: str, work: Callable[[], T], done: Callable[[T], object]) -> None:
        """A tab's figures beyond the dashboard (a Groups table, a focus tip's change), worked out from the
        arrays: in the runner once the table is large, as a recompute is; only the newest of a kind is applied."""
        table = self.table
        if table is None or len(table) <= INLINE_ROWS:
            self._request(kind)
            done(work())
        else:
            self._run(kind, lambda _worker: work(), done)

    def recompute(self, flt: TrendFilter, start: date, end: date, size: Bin, window: int) -> None:
        """Every series for these controls, from the arrays (no database)."""
        table = self.table
        if table is None:
            return
        request = (table, flt, start, end, size, window)
        if len(table) <= INLINE_ROWS:
            self._request("compute")  # overtakes any recompute still in the runner
            self.computed.emit(_compute(*request))
        else:
            self._run("compute", lambda _worker: _compute(*request), self.computed.emit)
