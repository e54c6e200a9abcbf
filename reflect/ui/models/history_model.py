"""Table model over the reflection history, fetched a page at a time.

Only the rows the view scrolls to are loaded (canFetchMore / fetchMore), so tens
of thousands of reflections open instantly. The model starts empty; the view
loads the count and the first page on a worker (``first_page``, through the
page's ``PageLoader``) and hands them to ``reset``; later pages are one small
query each, fetched as the view scrolls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reflect.records import ReflectionFilter, ReflectionSummary
from reflect.ui.context import AppContext
from reflect.vocabulary import CONTACT_TYPES, SETTINGS, label

if TYPE_CHECKING:
    from reflect.data.db import Database
    from reflect.frameworks import FrameworkCatalog

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_COLUMNS = ("Date", "Setting", "Contact type", "Score", "Reflection")
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # "no parent": the one default every model method takes


def first_page(database: Database, catalog: FrameworkCatalog, flt: ReflectionFilter) -> tuple[int, list[ReflectionSummary]]:
    """How many reflections match, and the newest page of them (run on a worker with its own connection)."""
    from reflect.reflections import ReflectionStore

    store = ReflectionStore(database, catalog)
    return store.count(flt), store.list(flt, 0, PAGE_SIZE)


class HistoryModel(QAbstractTableModel):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self._context = context
        self._filter = ReflectionFilter(statuses=("complete",))
        self._rows: list[ReflectionSummary] = []
        self._total = 0

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
        self._total = total
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, reflection_id: str, within: int) -> int | None:
        """The row showing this reflection among the first ``within`` rows, loading pages up to there.

        Bounded by how far the user had scrolled, so a reflection that is gone (deleted,
        filtered out) never loads the whole history on the GUI thread looking for it.
        """
        start = 0
        while True:
            found = next((row for row in range(start, len(self._rows)) if self._rows[row].id == reflection_id), None)
            if found is not None or not self.canFetchMore() or len(self._rows) >= within:
                return found
            start = len(self._rows)
            self.fetchMore()

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
        if parent.isValid():
            return
        page = self._context.page(self._filter, len(self._rows), PAGE_SIZE)
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
                summary.occurred_at.strftime("%a %d %b %Y %H:%M"),
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
