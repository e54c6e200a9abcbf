"""History: every saved reflection, newest first, with filters, open, delete and undo.

The count and the first page load on a worker through the page's ``PageLoader`` (first
open, filter changes, changes elsewhere), so the window never waits on the query.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reflect.records import EARLIEST_DAY, NotFound, ReflectionFilter, ReflectionRecord, ReflectionSummary
from reflect.ui import keys
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.dialogs.confirm import confirm
from reflect.ui.models.history_model import ID_ROLE, PAGE_SIZE, HistoryModel, first_page
from reflect.ui.ops import Worker, say_quietly
from reflect.ui.page_loader import PageLoader
from reflect.ui.widgets.controls import caption, picked_date, qdate
from reflect.ui.widgets.supervision_comments import SupervisionComments
from reflect.ui.write_gate import WRITES
from reflect.vocabulary import SETTINGS, STATUS_COMPLETE
from reflect.wording import DAY_PATTERN, NOT_A_MEASURE, moment_text

_ANY_DATE = qdate(EARLIEST_DAY - timedelta(days=1))  # shown as "Any": every day a reflection may have lies after it


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DAY_PATTERN)
    edit.setMinimumDate(_ANY_DATE)
    edit.setSpecialValueText("Any")  # shown when the value is the minimum
    edit.setDate(_ANY_DATE)
    edit.setAccessibleName(name)
    return edit


def _picked(edit: QDateEdit) -> date | None:
    return None if edit.date() == _ANY_DATE else picked_date(edit)


class HistoryView(QWidget):
    openRequested = Signal(object)  # a ReflectionRecord to edit

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._deleted: ReflectionRecord | None = None
        self.loader = PageLoader(self, lambda: context.database, "Load the history")

        filters = self._build_filters()
        self._build_table()
        actions = self._build_actions()

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.table, 1)
        self.supervision_comments = SupervisionComments(context)
        layout.addWidget(self.supervision_comments)
        self.adaptation_label = QLabel(f"<small>Score: {context.framework().adaptation} {NOT_A_MEASURE}</small>")
        self.adaptation_label.setWordWrap(True)
        self.adaptation_label.setAccessibleName("Adaptation note")
        layout.addWidget(self.adaptation_label)
        layout.addLayout(actions)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.from_edit.dateChanged.connect(self.apply_filter)
        self.to_edit.dateChanged.connect(self.apply_filter)
        self.setting_combo.currentIndexChanged.connect(self.apply_filter)
        self._stale = True  # loaded when first shown, then whenever data changes while visible
        context.changed.connect(self._changed)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.supervision_comments.show_for(self.selected_id()))

        for sequence, slot in (
            (QKeySequence(Qt.Key.Key_Delete), self.delete_selected),
            (QKeySequence(Qt.Key.Key_Return), self.open_selected),
            (QKeySequence(Qt.Key.Key_Enter), self.open_selected),
        ):
            shortcut = QShortcut(sequence, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_delete)
        self._update_count()

    def _build_filters(self) -> QHBoxLayout:
        self.from_edit = _date_edit("From date")
        self.to_edit = _date_edit("To date")
        self.setting_combo = QComboBox()
        self.setting_combo.setAccessibleName("Setting filter")
        self.setting_combo.addItem("All settings", None)
        for key, text in SETTINGS.items():
            self.setting_combo.addItem(text, key)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search reflection text and tags")
        self.search_edit.setAccessibleName("Search")
        self.search_edit.setClearButtonEnabled(True)

        filters = QHBoxLayout()
        for text, widget in (("Fro&m", self.from_edit), ("&To", self.to_edit)):
            filters.addWidget(caption(text, widget))
            filters.addWidget(widget)
        filters.addWidget(self.setting_combo)
        filters.addWidget(self.search_edit, 1)
        return filters

    def _build_table(self) -> None:
        self.model = HistoryModel(self._context)
        self.table = QTableView()
        self.model.loader = PageLoader(self.table, lambda: self._context.database, "Load more of the history")
        self.table.setModel(self.model)
        self.table.setAccessibleName("Reflections")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.fontMetrics()
        for column, sample in enumerate(("Wed 30 Sep 2026 10:00", "Community / home visit", "Discharge / transfer", "100 %")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())

    def _build_actions(self) -> QHBoxLayout:
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of reflections")
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("View or edit the selected reflection (Return)")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton("De&lete…")
        self.delete_button.setToolTip("Delete the selected reflection (Delete); you can undo")
        self.delete_button.clicked.connect(self.delete_selected)

        self.undo_bar = QFrame()
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_label = QLabel()
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setToolTip(f"Put the deleted reflection back ({keys.shown(QKeySequence.StandardKey.Undo)})")
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.setVisible(False)

        actions = QHBoxLayout()
        actions.addWidget(self.count_label, 1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.delete_button)
        return actions

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._refresh()

    def _changed(self, changes: Changes) -> None:
        if not changes.reflections:
            return
        if self.isVisible():
            self._refresh()
        else:
            self._stale = True

    def _refresh(self, select_id: str | None = None, row: int | None = None) -> None:
        """Reload on a worker, then stay on the row the user was on (one just edited, say) rather
        than jumping to the top; ``select_id`` chooses another reflection, ``row`` a place if it is gone."""
        keep = select_id or self.selected_id()
        within = max(self.model.rowCount(), PAGE_SIZE)  # as many rows as the user had scrolled to
        flt, catalog = self.model.filter(), self._context.catalog

        def work(worker: Worker) -> tuple[int, list[ReflectionSummary]]:
            assert worker.database is not None
            return first_page(worker.database, catalog, flt, within)

        def show(result: tuple[int, list[ReflectionSummary]]) -> None:
            self.model.reset(*result)
            found = self.model.row_of(keep) if keep is not None else None
            if found is None and row is not None and self.model.rowCount():
                found = min(row, self.model.rowCount() - 1)
            if found is not None:
                self.table.selectRow(found)
                self.table.scrollTo(self.model.index(found, 0))

        self.count_label.setText("Loading…")
        self.loader.load(work, show)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(
            ReflectionFilter(
                date_from=_picked(self.from_edit),
                date_to=_picked(self.to_edit),
                setting=self.setting_combo.currentData(),
                text=self.search_edit.text(),
                statuses=(STATUS_COMPLETE,),
            )
        )
        self._refresh()

    def _update_count(self) -> None:
        total = self.model.total()
        self.count_label.setText("No reflections match." if total == 0 else f"{total:,} reflection{'s' if total != 1 else ''}")
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def open_selected(self) -> None:
        reflection_id = self.selected_id()
        if reflection_id is None:
            return
        try:
            record = self._context.get(reflection_id)
        except NotFound:
            self._refresh()
            return
        self.openRequested.emit(record)

    def delete_selected(self) -> None:
        reflection_id = self.selected_id()
        if reflection_id is None:
            return
        if refused := WRITES.refusal("deleted"):  # an import holds the write lock: waiting would freeze the window
            say_quietly(self, refused)
            return
        row = self.table.selectionModel().selectedRows()[0].row()
        when = moment_text(self.model.summary(row).occurred_at)
        if not confirm(self, "Delete reflection", f"Delete the reflection from {when}? You can undo this straight after."):
            return
        try:
            self._deleted = self._context.delete(reflection_id)
        except NotFound:
            self._refresh()
            return
        self.undo_label.setText(f"Deleted the reflection from {when}.")
        self.undo_bar.setVisible(True)
        self._refresh(row=row)  # the row that takes its place is selected once loaded
        self.table.setFocus()

    def undo_delete(self) -> None:
        if self._deleted is None:
            return
        if refused := WRITES.refusal("restored"):  # the Undo stays offered
            say_quietly(self, refused)
            return
        restored, self._deleted = self._deleted, None
        self._context.restore(restored)
        self._refresh(select_id=restored.id)  # supersedes the reload the change itself asked for
        self.undo_bar.setVisible(False)
        self.table.setFocus()
