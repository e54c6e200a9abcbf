"""A chart and the same figures as a table, one shown at a time: every chart's text alternative.

The table is filled from what the chart drew (its ``table()``), never recomputed, so the
two cannot disagree; a screen reader user, or anyone who would rather read numbers,
switches with the page's "Show as table" button.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStackedWidget, QTableView, QWidget

from reflect.ui.widgets.chart_export import export

Table = Callable[[], tuple[list[str], list[list[str]]]]  # headers and rows of text


class ChartPanel(QStackedWidget):
    """The chart, or its table."""

    def __init__(self, chart: QWidget, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self._table = table
        self.model = QStandardItemModel(self)
        self.table_view = QTableView()
        self.table_view.setModel(self.model)
        self.table_view.setAccessibleName(f"{chart.accessibleName()}, as a table")
        self.table_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table_view.setAlternatingRowColors(True)
        self.table_view.verticalHeader().setVisible(False)
        self.table_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table_view.setWordWrap(False)
        self.addWidget(chart)
        self.addWidget(self.table_view)
        self.setAccessibleName(chart.accessibleName())

    def refresh(self) -> None:
        """Fill the table from what the chart shows now."""
        headers, rows = self._table()
        self.model.clear()
        self.model.setHorizontalHeaderLabels(headers)
        for cells in rows:
            items = []
            for column, text in enumerate(cells):
                item = QStandardItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                items.append(item)
            self.model.appendRow(items)
        self.table_view.setAccessibleDescription(
            f"{len(rows)} rows: {headers[0].lower()} by {', '.join(headers[1:4])}{'…' if len(headers) > 4 else ''}"
            if rows else "No figures in this range."
        )

    def show_table(self, shown: bool) -> None:
        if shown:
            self.refresh()
        self.setCurrentWidget(self.table_view if shown else self.chart)

    def save(self, path: Path) -> Path:
        """Save the chart (even while its table is shown) as PNG or SVG."""
        return export(self.chart, path)

    def cells(self) -> list[list[str]]:
        """What the table lists, row by row (headers excluded)."""
        return [[self.model.item(r, c).text() for c in range(self.model.columnCount())]
                for r in range(self.model.rowCount())]

    def headers(self) -> list[str]:
        return [self.model.horizontalHeaderItem(c).text() for c in range(self.model.columnCount())]
