"""The reflections behind a point or a heatmap cell, listed under the Trends charts; Return opens one.

They are read in the runner (``PageLoader``): a click is one period's worth, but a range of
years on the Score tab's table can name thousands.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from reflect.grammar import plural
from reflect.records import ReflectionRecord
from reflect.ui.context import AppContext
from reflect.ui.ops import Worker
from reflect.ui.page_loader import PageLoader
from reflect.ui.pages.trends.tab_base import RECORD_ROLE, table_defaults
from reflect.vocabulary import CONTACT_TYPES, SETTINGS, label
from reflect.wording import moment_text

EMPTY = ("Click a point or a heatmap cell, or move to one with the arrow keys and press Enter, "
         "to list the reflections behind it.")
RATING = 4  # the column with the tip's own rating, shown when a tip was chosen
ROWS_SHOWN = 4  # the list always has room for this many rows


class SelectionPanel(QWidget):
    openRequested = Signal(object)  # a ReflectionRecord to open in the form

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.selection_label = QLabel(EMPTY)
        self.selection_label.setWordWrap(True)
        self.selection_label.setAccessibleName("Reflections listed")
        self.selection_table = QTableWidget(0, 5)
        self.selection_table.setAccessibleName("Reflections behind the selection")
        self.selection_table.setHorizontalHeaderLabels(["When", "Setting", "Contact", "Score", "Rating"])
        table_defaults(self.selection_table)
        rows = self.selection_table.verticalHeader().defaultSectionSize()
        self.selection_table.setMinimumHeight(self.selection_table.horizontalHeader().sizeHint().height()
                                              + ROWS_SHOWN * rows + 2 * self.selection_table.frameWidth())
        self.selection_table.setColumnHidden(RATING, True)
        self.selection_table.setVisible(False)  # until something is chosen, the charts get the room
        self.selection_table.doubleClicked.connect(lambda _index: self.open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.selection_table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.selection_label)
        layout.addWidget(self.selection_table, 1)
        self.loader = PageLoader(self, lambda: context.database, "List the reflections")

    def load(self, ids: list[str], title: str, tip_id: str | None) -> None:
        """Read these reflections by id in the runner, then list them."""
        catalog = self._context.catalog

        def work(worker: Worker) -> list[ReflectionRecord]:
            from reflect.reflections import ReflectionStore

            assert worker.database is not None
            return ReflectionStore(worker.database, catalog).records_with_ids(ids)

        self.loader.load(work, lambda records: self.show_records(records, title, tip_id))

    def _make_room(self) -> None:
        """The list opens at a readable height, taken from the charts above it in their splitter."""
        splitter = self.parentWidget()
        if isinstance(splitter, QSplitter):
            charts, listed = splitter.sizes()
            need = self.minimumSizeHint().height()
            if listed < need:
                splitter.setSizes([max(0, charts + listed - need), need])

    def show_records(self, records: list[ReflectionRecord], title: str, tip_id: str | None) -> None:
        count = len(records)
        self.selection_label.setText(
            f"{title}: {plural(count, 'reflection')}. Double-click one (or press Return) to open it."
            if count else f"{title}: no reflections."
        )
        self.selection_table.setColumnHidden(RATING, tip_id is None)  # without a tip, the score says it all
        self.selection_table.setVisible(True)
        self.selection_table.setRowCount(count)
        for row, record in enumerate(reversed(records)):  # newest first, as in History
            rating = record.rating(tip_id) if tip_id else None
            framework = self._context.framework_for(record)
            option = framework.option(rating.choice) if rating else None
            percent = record.score(framework.max_points).percent
            cells = [
                moment_text(record.occurred_at),
                label(SETTINGS, record.setting),
                label(CONTACT_TYPES, record.contact_type),
                "–" if percent is None else f"{percent:.0f} %",
                option.label if option else (rating.choice if rating else "Not in this version"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(RECORD_ROLE, record)
                self.selection_table.setItem(row, column, item)
        self._make_room()

    def clear(self) -> None:
        self.selection_table.setRowCount(0)
        self.selection_table.setColumnHidden(RATING, True)
        self.selection_table.setVisible(False)
        self.selection_label.setText(EMPTY)

    def listed(self) -> list[ReflectionRecord]:
        """The reflections currently listed, newest first."""
        return [self._record_at(row) for row in range(self.selection_table.rowCount())]

    def _record_at(self, row: int) -> ReflectionRecord:
        item = self.selection_table.item(row, 0)
        assert item is not None
        return item.data(RECORD_ROLE)

    def open_selected(self) -> None:
        rows = self.selection_table.selectionModel().selectedRows()
        if rows:
            self.openRequested.emit(self._record_at(rows[0].row()))
