"""“Export to Word…” and “Copy for portfolio” on the CPD page.

Each record tab (CPD log, reflective accounts, reflective discussion) gets a layout
choice and the two actions for its selected, saved record; a row under the tabs does the
same for a reflection picked from the latest ones. Both actions scan the text first and
ask, with named buttons, before anything with a finding leaves Reflect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reflect.errors import UserError
from reflect.privacy import FieldProblem
from reflect.ui.ops import Operation, report_failure
from reflect.word.export import NMC_FORM, Sources, identifier_problems, prepare, save
from reflect.word.layouts import Layouts, load_layouts
from reflect.word.portfolio import Content

if TYPE_CHECKING:
    from reflect.ui.pages.cpd.common import RecordTab
    from reflect.ui.pages.cpd.view import CpdView

def documents_folder() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())


def file_name(content: Content) -> str:
    """A suggested file name that every system accepts (no \\ / : * ? " < > |)."""
    name = "".join("-" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in f"{content.kicker} - {content.title}")
    return name.strip(" .")[:150] + ".docx"


def confirm_export(parent: QWidget, problems: Sequence[FieldProblem]) -> bool:
    """Ask before text that may identify a patient leaves Reflect; “Go back” is the default."""
    listed = "; ".join(p.describe() for p in problems)
    box = QMessageBox(QMessageBox.Icon.Warning, "Possible patient identifiers",
                      f"Reflect found {listed}. Portfolios must not identify patients.", parent=parent)
    export = box.addButton("Export anyway", QMessageBox.ButtonRole.AcceptRole)
    back = box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is export


class PortfolioBar(QWidget):
    """A layout choice, “Export to Word…” and “Copy for portfolio” for one kind of record."""

    def __init__(
        self, view: CpdView, kind: str, record_id: Callable[[], str | None], status: QLabel, layouts: Layouts,
        mnemonics: bool = True,
    ) -> None:
        super().__init__()
        self.view, self.kind, self._record_id, self.status = view, kind, record_id, status
        self._sources: Sources | None = None
        self.layout_box = QComboBox()
        self.layout_box.setAccessibleName("Portfolio layout")
        ids = ((NMC_FORM,) if kind == "account" else ()) + tuple(layouts.notes)
        for layout_id in ids:
            name = layouts.account_form.name if layout_id == NMC_FORM else layouts.notes[layout_id].name
            self.layout_box.addItem(name, layout_id)
        self.word_button = QPushButton("Export to &Word…" if mnemonics else "Export to Word…")
        self.copy_button = QPushButton("Cop&y for portfolio" if mnemonics else "Copy for portfolio")
        self.word_button.clicked.connect(self.export_word)
        self.copy_button.clicked.connect(self.copy_text)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.layout_box, self.word_button, self.copy_button):
            row.addWidget(widget)
        row.addStretch(1)

    def sources(self) -> Sources:
        if self._sources is None:
            context = self.view.context
            self._sources = Sources(self.view.cpd, context.reflections, context.catalog, self.view.catalog, load_layouts())
        return self._sources

    def _content(self) -> Content | None:
        """The chosen record's content once scanned and any finding confirmed; None after a message."""
        record_id = self._record_id()
        if record_id is None:
            return None
        try:
            content = prepare(self.sources(), self.kind, record_id, self.layout_box.currentData())
        except UserError as exc:
            self.status.setText(str(exc))
            return None
        problems = identifier_problems(content, self.view.context.scanner_config())
        if problems and not confirm_export(self, problems):
            self.status.setText("Not exported: edit the text so it does not identify anyone.")
            return None
        return content

    def export_word(self) -> None:
        content = self._content()
        if content is None:
            return
        suggested = str(documents_folder() / file_name(content))
        chosen, _filter = QFileDialog.getSaveFileName(self, "Export to Word", suggested, "Word documents (*.docx)")
        if not chosen:
            return
        out = Path(chosen) if chosen.lower().endswith(".docx") else Path(chosen + ".docx")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, (UserError, OSError)):
                self.status.setText(f"Not exported: {exc}")
            else:
                report_failure(self, "Export to Word", exc)

        self.status.setText(f"Exporting “{content.title}”…")
        # on a worker: python-docx loads at the first export (0.15 s of the window's time when not yet compiled)
        Operation(self, lambda _worker: save(content, out), title="Export to Word").on_success(
            lambda _saved: self.status.setText(f"Exported “{content.title}” as a {content.kicker.lower()} to {out}.")
        ).on_failure(failed).run()

    def copy_text(self) -> None:
        content = self._content()
        if content is None:
            return
        QGuiApplication.clipboard().setText(content.plain_text())
        self.status.setText(f"Copied “{content.title}” in the {content.kicker.lower()}'s order; paste it into your portfolio.")


def _saved_record(tab: RecordTab) -> Callable[[], str | None]:
    def current() -> str | None:
        if tab.current_id is None:
            tab.status.setText(f"Select a saved {tab.noun} first (new text is exported once saved).")
        return tab.current_id
    return current


def add_bar(view: CpdView, tab: RecordTab, kind: str, layouts: Layouts) -> PortfolioBar:
    """The portfolio actions for one record tab, in a row of their own under New / Save / Delete."""
    bar = PortfolioBar(view, kind, _saved_record(tab), tab.status, layouts)
    form_column = tab.buttons.parent()  # a row of its own, so nothing widens
    assert isinstance(form_column, QVBoxLayout)
    form_column.addWidget(bar)
    return bar


def add_reflection_row(view: CpdView, layouts: Layouts) -> PortfolioBar:
    """The row under the CPD tabs that exports one of the latest reflections."""
    status = QLabel()
    status.setWordWrap(True)
    status.setAccessibleName("Reflection export status")
    reflection = PortfolioBar(view, "reflection", lambda: view.pick_reflection("A reflection for your portfolio"),
                              status, layouts, mnemonics=False)
    row = QHBoxLayout()
    row.addWidget(QLabel("A reflection for your portfolio:"))
    row.addWidget(reflection)
    row.addWidget(status, 1)
    page = view.layout()
    assert isinstance(page, QVBoxLayout)
    page.addLayout(row)
    return reflection
