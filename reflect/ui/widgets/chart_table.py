"""A chart and the same figures as a table, one shown at a time: every chart's text alternative.

The table is filled from what the chart drew (its ``table()``), never recomputed, so the
two cannot disagree; a screen reader user, or anyone who would rather read numbers,
switches with the page's "Show as table" button. The table is only filled while it is
on screen (a table on another tab is filled when that tab is shown). Its columns are sized
once per fill from at most ``ROWS_MEASURED`` rows, and a table of more than
``COLUMNS_MEASURED`` columns (the heatmap's, a column per week) gives every figure column
the width of the widest few: "Show as table" filling every tab's tables, Qt measuring each
column over every row, froze the window 0.17 s at 20,000 reflections, and the weekly
heatmap's 830 columns 0.57 s.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QStackedWidget, QTableView, QWidget

from reflect.ui.widgets.chart_export import export

Table = Callable[[], tuple[list[str], list[list[str]]]]  # headers and rows of text
Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ROWS_MEASURED = 100  # rows whose text sizes a column (Qt's default measures 1,000)
COLUMNS_MEASURED = 12  # a wider table's figure columns share the width of its widest few


class FiguresModel(QAbstractTableModel):
    """Rows of text under headings; figures (every column but the first) aligned right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []

    def set_rows(self, headers: list[str], rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.headers, self.rows = headers, rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt override)
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column():
            return RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt override)
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def fit_columns(view: QTableView, headers: list[str], rows: list[list[str]]) -> None:
    """Every column as wide as its text, as Qt measures it over at most ``ROWS_MEASURED`` rows (set on the
    view's header); past ``COLUMNS_MEASURED``, Qt measures the first and the few columns with the longest
    text, and the others take the widest of those. Once per fill: a header resizing every column to its
    contents at each change takes time growing with the square of the columns."""
    if len(headers) <= COLUMNS_MEASURED:
        view.resizeColumnsToContents()
        return
    sample = rows[:ROWS_MEASURED]
    longest = sorted(range(1, len(headers)), reverse=True,
                     key=lambda column: max(len(headers[column]), *(len(row[column]) for row in sample)))
    view.resizeColumnToContents(0)
    for column in longest[:COLUMNS_MEASURED]:
        view.resizeColumnToContents(column)
    width = max(view.columnWidth(column) for column in longest[:COLUMNS_MEASURED])
    for column in range(1, len(headers)):
        view.setColumnWidth(column, width)


class ChartPanel(QStackedWidget):
    """The chart, or its table."""

    def __init__(self, chart: QWidget, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self._table = table
        self.model = FiguresModel(self)
        self.table_view = QTableView()
        self.table_view.setModel(self.model)
        self.table_view.setAccessibleName(f"{chart.accessibleName()}, as a table")
        self.table_view.setAccessibleDescription("The chart's figures, one row per period.")
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.verticalHeader().setVisible(False)
        self.table_view.horizontalHeader().setResizeContentsPrecision(ROWS_MEASURED)
        self.table_view.setWordWrap(False)
        self.addWidget(chart)
        self.addWidget(self.table_view)
        self.setAccessibleName(chart.accessibleName())
        self._stale = False  # the chart changed while its table was shown but out of sight

    def refresh(self) -> None:
        """Fill the table from what the chart shows now (only while the table is the one shown, and
        on screen: one out of sight is filled when it comes into view)."""
        if self.currentWidget() is not self.table_view:
            return
        self._stale = not self.isVisible()
        if self._stale:
            return
        headers, rows = self._table()
        self.model.set_rows(headers, rows)
        fit_columns(self.table_view, headers, rows)
        self.table_view.setAccessibleDescription(
            f"{len(rows)} rows: {headers[0].lower()} by {', '.join(headers[1:4])}{'…' if len(headers) > 4 else ''}"
            if rows else "No figures in this range."
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def show_table(self, shown: bool) -> None:
        self.setCurrentWidget(self.table_view if shown else self.chart)
        self.refresh()

    def save(self, path: Path) -> Path:
        """Save the chart (even while its table is shown) as PNG or SVG."""
        return export(self.chart, path)

    def cells(self) -> list[list[str]]:
        """What the table view shows, row by row (headers excluded)."""
        model = self.table_view.model()
        return [[str(model.data(model.index(r, c))) for c in range(model.columnCount())]
                for r in range(model.rowCount())]

    def headers(self) -> list[str]:
        model = self.table_view.model()
        return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
