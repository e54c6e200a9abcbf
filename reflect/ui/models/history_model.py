"""Table model over the reflection history, fetched a page at a time.

Only the rows the view scrolls to are loaded (canFetchMore / fetchMore), so tens
of thousands of reflections open instantly. The model starts empty; the view
calls ``refresh`` when it is first shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from reflect.records import ReflectionFilter, ReflectionSummary
from reflect.ui.context import AppContext
from reflect.vocabulary import CONTACT_TYPES, SETTINGS, label
from reflect.wording import moment_text

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_COLUMNS = ("Date", "Setting", "Contact type", "Score", "Reflection")
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # "no parent": the one default every model method takes


class HistoryModel(QAbstractTableModel):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self._context = context
        self._filter = ReflectionFilter(statuses=("complete",))
        self._rows: list[ReflectionSummary] = []
        self._total = 0

    def set_filter(self, flt: ReflectionFilter) -> None:
        self._filter = flt
        self.refresh()

    def filter(self) -> ReflectionFilter:
        return self._filter

    def total(self) -> int:
        """How many reflections match the filter (loaded or not)."""
        return self._total

    def refresh(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._total = self._context.count(self._filter)
        self.endResetModel()
        if self.canFetchMore():  # the first page at once; later pages as the view scrolls
            self.fetchMore()

    def row_of(self, reflection_id: str) -> int | None:
        """The row showing this reflection, loading further pages until it is found or none are left."""
        start = 0
        while True:
            found = next((row for row in range(start, len(self._rows)) if self._rows[row].id == reflection_id), None)
            if found is not None or not self.canFetchMore():
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
