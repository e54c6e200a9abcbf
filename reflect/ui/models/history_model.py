"""Table model over the reflection history, fetched a page at a time.

Only the rows the view scrolls to are loaded (canFetchMore / fetchMore), so tens
of thousands of reflections open instantly. The model starts empty; the view
loads the count and the first rows on a worker (``first_page``, through the
page's ``PageLoader``) and hands them to ``reset``; later pages load on a worker
too (``loader``) as the view scrolls: at 100,000 reflections one page takes
most of a second.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reflect.records import ReflectionFilter, ReflectionSummary
from reflect.ui.context import AppContext
from reflect.ui.ops import Worker
from reflect.ui.page_loader import PageLoader
from reflect.vocabulary import CONTACT_TYPES, SETTINGS, label
from reflect.wording import moment_text

if TYPE_CHECKING:
    from reflect.data.db import Database
    from reflect.frameworks import FrameworkCatalog

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_COLUMNS = ("Date", "Setting", "Contact type", "Score", "Reflection")
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # "no parent": the one default every model method takes


def first_page(
    database: Database, catalog: FrameworkCatalog, flt: ReflectionFilter, limit: int = PAGE_SIZE
) -> tuple[int, list[ReflectionSummary]]:
    """How many reflections match, and the newest ``limit`` of them (run on a worker with its own connection)."""
    from reflect.reflections import ReflectionStore

    store = ReflectionStore(database, catalog)
    return store.count(flt), store.list(flt, 0, limit)


class HistoryModel(QAbstractTableModel):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self._context = context
        self._filter = ReflectionFilter(statuses=("complete",))
        self._rows: list[ReflectionSummary] = []
        self._total = 0
        self.loader: PageLoader | None = None  # set by the view: later pages load through it
        self._generation = 0  # a page asked for before the last reset is dropped
        self._fetching = False

    def set_filter(self, flt: ReflectionFilter) -> None:
        """The filter the next ``reset`` was loaded with (the view loads it on a worker)."""
        self._filter = flt

    def filter(self) -> ReflectionFilter:
        return self._filter

    def total(self) -> int:
        """How many reflections match the filter (loaded or not)."""
        return self._total

    def reset(self, total: int, rows: list[ReflectionSummary]) -> None:
        """Show a freshly loaded count and first page; later pages follow as the view scrolls."""
        self.beginResetModel()
        self._generation += 1
        self._fetching = False
        self._total = total
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, reflection_id: str) -> int | None:
        """The loaded row showing this reflection (the view reloads as many rows as the user had scrolled)."""
        return next((row for row, summary in enumerate(self._rows) if summary.id == reflection_id), None)

    def summary(self, row: int) -> ReflectionSummary:
        return self._rows[row]

    # ----- Qt model interface
    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(_COLUMNS)

    def canFetchMore(self, parent: _Index = _ROOT) -> bool:  # noqa: N802
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = _ROOT) -> None:  # noqa: N802
        if parent.isValid() or self._fetching or self.loader is None:
            return
        self._fetching = True
        flt, catalog, offset, generation = self._filter, self._context.catalog, len(self._rows), self._generation

        def work(worker: Worker) -> list[ReflectionSummary]:
            from reflect.reflections import ReflectionStore

            assert worker.database is not None
            return ReflectionStore(worker.database, catalog).list(flt, offset, PAGE_SIZE)

        self.loader.load(work, lambda page: self._append(page, generation))

    def _append(self, page: list[ReflectionSummary], generation: int) -> None:
        if generation != self._generation:
            return  # for a filter or a reload since replaced
        self._fetching = False
        if not page:
            self._total = len(self._rows)  # rows were deleted elsewhere meanwhile
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return summary.id
        if role == Qt.ItemDataRole.DisplayRole:
            percent = summary.score.percent
            return (
                moment_text(summary.occurred_at),
                label(SETTINGS, summary.setting),
                label(CONTACT_TYPES, summary.contact_type),
                "—" if percent is None else f"{percent:.0f} %",
                summary.excerpt or "(no reflection text)",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return summary.score.describe()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
