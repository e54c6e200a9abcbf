"""CPD page: development plan, CPD log, reflective accounts, reflective discussion and progress.

A thin layer over ``reflect.cpd`` (storage), ``reflect.cpd_data`` (templates, codes,
schemes) and ``reflect.revalidation`` (targets). Each record tab is a list on the left
and a form on the right with New, Save and Delete; free text is scanned for patient
identifiers before it is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reflect.cpd import (
    CpdError,
    FieldProblem,
)
from reflect.cpd_data import CpdCatalog
from reflect.privacy import PatternError
from reflect.ui.changes import Changes
from reflect.ui.dialogs.confirm import confirm
from reflect.ui.page_loader import PageLoader
from reflect.ui.widgets.controls import qdate
from reflect.ui.write_gate import WRITES
from reflect.wording import DAY_PATTERN

if TYPE_CHECKING:  # the page builds its tabs: only a type here
    from reflect.data.db import Database
    from reflect.ui.pages.cpd.view import CpdView

NMC_CODE = "nmc-code"
GMC_CODE = "gmc-gmp"
CPD_CHANGED = Changes(cpd=True)  # what saving or deleting a record on these tabs announces
PICK_LIMIT = 200  # reflections offered when starting an account or linking a goal


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(qdate(date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DAY_PATTERN)
    edit.setAccessibleName(name)
    return edit


def text_box(name: str, lines: int = 4) -> QPlainTextEdit:
    """A text box sized in lines of the current font, so it grows with the user's font scaling."""
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    line = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(lines * line + 12)
    box.setMaximumHeight(2 * lines * line + 12)
    return box


def wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def confirm_identifiers(parent: QWidget, problems: Sequence[FieldProblem]) -> bool:
    """Ask before saving text that may identify a patient; saving is the user's decision, Return keeps editing."""
    listed = "; ".join(p.describe() for p in problems)
    return confirm(parent, "Possible patient identifiers",
                   f"Reflect found {listed}. Records should not identify patients. Save anyway?",
                   "Save anyway", "Keep editing")


def confirm_delete(parent: QWidget, what: str) -> bool:
    return confirm(parent, "Delete", f"Delete {what}? This cannot be undone.")


class ThemeChecks(QGroupBox):
    """One check box per theme of a code; `keys()` are "code:theme"."""

    def __init__(self, catalog: CpdCatalog, code_id: str) -> None:
        code = catalog.codes[code_id]
        super().__init__(code.title)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        for theme in code.themes:
            box = QCheckBox(theme.label)
            self.boxes[code.key(theme)] = box
            layout.addWidget(box)

    def keys(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.boxes.items() if box.isChecked())

    def set_keys(self, keys: Sequence[str]) -> None:
        for key, box in self.boxes.items():
            box.setChecked(key in keys)


class RecordTab(QWidget):
    """A list of records and a form for one of them, with New, Save and Delete."""

    stored = Signal()  # something was saved or deleted (progress refreshes)
    noun = "record"

    def __init__(self, view: CpdView) -> None:
        super().__init__()
        self.view = view
        self.current_id: str | None = None
        self.records: list[Any] = []
        self.loader = PageLoader(self, lambda: view.context.database, f"Load the {self.noun}s")
        self.list = QListWidget()
        self.list.setAccessibleName(f"{self.noun.capitalize()}s")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._selected)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.new_button = QPushButton(f"&New {self.noun}")
        self.save_button = QPushButton("&Save")
        self.save_button.setDefault(True)
        self.delete_button = QPushButton("&Delete")
        self.new_button.clicked.connect(self.new)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.status = wrapped("")
        self.status.setAccessibleName(f"{self.noun.capitalize()} status")

        form_widget = QWidget()
        form_box = QVBoxLayout(form_widget)
        form_box.addLayout(self.form)
        form_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName(f"{self.noun.capitalize()} form")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_widget)
        self.buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(scroll, 1)
        right_box.addWidget(self.status)
        right_box.addLayout(self.buttons)
        left = QWidget()
        self.left_box = QVBoxLayout(left)
        self.left_box.setContentsMargins(0, 0, 0, 0)
        self.left_box.addWidget(self.list, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([260, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ----- what each tab provides (records are the tab's own kind: a Goal, an Activity…)
    def load_records(self, database: Database) -> list[Any]:
        """The tab's records, read on a worker through ``database`` (a connection of the worker's own)."""
        raise NotImplementedError

    def loaded(self, records: list[Any]) -> None:
        """Back on the GUI thread with fresh records (a tab with totals shows them here)."""

    def describe(self, record: Any) -> str:
        raise NotImplementedError

    def show_record(self, record: Any | None) -> None:
        raise NotImplementedError

    def collect(self) -> Any:
        raise NotImplementedError

    def problems(self, record: Any) -> list[FieldProblem]:
        raise NotImplementedError

    def store_save(self, record: Any) -> Any:
        raise NotImplementedError

    def store_delete(self, record_id: str) -> None:
        raise NotImplementedError

    def saved_status(self, record: Any) -> str:
        """What the status line says once a save is listed (shown after the list has reloaded)."""
        return f"Saved {self.noun} “{self.describe(record)}”."

    # ----- shared behaviour

    def refresh(self, select_id: str | None = None, status: str = "") -> None:
        """Reload the list on a worker, then select ``select_id`` and show ``status``."""
        self.loader.load(lambda worker: self.load_records(worker.database),  # type: ignore[arg-type]
                         lambda records: self._show(records, select_id, status))

    def _show(self, records: list[Any], select_id: str | None, status: str) -> None:
        self.records = records
        self.loaded(records)
        self.list.blockSignals(True)
        self.list.clear()
        for record in self.records:
            self.list.addItem(self.describe(record))
        self.list.blockSignals(False)
        row = next((i for i, r in enumerate(self.records) if r.id == select_id), -1)
        if row >= 0:
            self.list.setCurrentRow(row)
        else:
            self.new()
        if status:
            self.status.setText(status)

    def _selected(self, row: int) -> None:
        if 0 <= row < len(self.records):
            self.current_id = self.records[row].id
            self.show_record(self.records[row])
            self.delete_button.setEnabled(True)
            self.status.clear()

    def new(self) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.clearSelection()
        self.list.blockSignals(False)
        self.current_id = None
        self.show_record(None)
        self.delete_button.setEnabled(False)
        self.status.clear()

    def save(self) -> bool:
        record = self.collect()
        try:
            problems = self.problems(record)
        except PatternError as exc:  # a saved pattern is broken: say so rather than check without it
            self.status.setText(f"Not saved. {exc} Correct it in Settings, then save again.")
            return False
        if problems and not confirm_identifiers(self, problems):
            self.status.setText("Not saved: edit the text so it does not identify anyone.")
            return False
        if refused := WRITES.refusal("saved"):  # an import holds the write lock; what was typed stays in the form
            self.status.setText(refused)
            return False
        try:
            saved = self.view.context.mutate(lambda: self.store_save(record), CPD_CHANGED)
        except CpdError as exc:
            self.status.setText(str(exc))
            return False
        self.refresh(saved.id, self.saved_status(saved))
        self.stored.emit()
        return True

    def delete(self) -> None:
        if self.current_id is None:
            return
        if refused := WRITES.refusal("deleted"):
            self.status.setText(refused)
            return
        if not confirm_delete(self, f"this {self.noun}"):
            return
        current = self.current_id
        self.view.context.mutate(lambda: self.store_delete(current), CPD_CHANGED)
        self.refresh(status=f"Deleted the {self.noun}.")
        self.stored.emit()


