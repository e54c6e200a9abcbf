"""The CPD page's Progress tab: the revalidation or appraisal cycle against its scheme's targets."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflect.revalidation import Period, TargetProgress, cycle_anchor, progress
from reflect.revalidation_logs import facts
from reflect.ui.ops import Worker
from reflect.ui.page_loader import PageLoader
from reflect.ui.pages.cpd.common import (
    date_edit,
    pydate,
    wrapped,
)
from reflect.ui.widgets.controls import qdate
from reflect.wording import days_text

if TYPE_CHECKING:  # the page builds its tabs: only a type here
    from reflect.cpd_data import Scheme
    from reflect.ui.pages.cpd.view import CpdView


class ProgressTab(QWidget):
    """Progress against the chosen scheme's targets for the current cycle."""

    COLUMNS = ("Target", "Period", "Done", "Required", "Still needed", "Status")

    def __init__(self, view: CpdView) -> None:
        super().__init__()
        self.view = view
        self.loader = PageLoader(self, lambda: view.context.database, "Load the progress")
        settings = view.context.settings
        self.scheme = QComboBox()
        self.scheme.setAccessibleName("Revalidation or appraisal scheme")
        self.scheme.addItem("Choose a scheme…", "")
        for scheme in view.catalog.schemes.values():
            self.scheme.addItem(scheme.title, scheme.id)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(settings.revalidation_scheme)))
        self.cycle_start = date_edit("Start of the current cycle")
        self.cycle_start.setDate(qdate(cycle_anchor(settings.cycle_start, date.today())))
        self.scheme.currentIndexChanged.connect(self._changed)
        self.cycle_start.dateChanged.connect(self._changed)
        self.summary = wrapped("")
        self.summary.setAccessibleName("Cycle summary")
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName("Progress against targets")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(self.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.note = wrapped("")
        top = QFormLayout()
        top.addRow("&Scheme:", self.scheme)
        top.addRow("Current cycle &began:", self.cycle_start)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.refresh()

    def _changed(self) -> None:
        self.view.context.update_settings(revalidation_scheme=str(self.scheme.currentData()),
                                          cycle_start=pydate(self.cycle_start.date()))
        self.refresh()

    def refresh(self, today: date | None = None) -> None:
        today = today or date.today()
        scheme = self.view.catalog.schemes.get(str(self.scheme.currentData()))
        self.table.setRowCount(0)
        self.cycle_start.setEnabled(scheme is not None)
        if scheme is None:
            self.summary.setText("Choose your revalidation or appraisal scheme to see progress against its targets.")
            self.note.clear()
            return
        start = pydate(self.cycle_start.date())

        def work(worker: Worker) -> tuple[Period, list[TargetProgress]]:
            from reflect.cpd import CpdStore
            from reflect.revalidation_logs import EvidenceStore

            assert worker.database is not None
            cpd, evidence = CpdStore(worker.database), EvidenceStore(worker.database)
            cycle, rows = progress(
                scheme, start, today, [a.fact() for a in cpd.activities()],
                [a.day for a in cpd.accounts() if a.complete],
                evidence.met_discussion_days([(d.id or "", d.day) for d in cpd.discussions()]), facts(evidence),
            )
            return cycle, list(rows)

        self.loader.load(work, lambda result: self._show(scheme, today, *result))

    def _show(self, scheme: Scheme, today: date, cycle: Period, rows: list[TargetProgress]) -> None:
        if self.view.catalog.schemes.get(str(self.scheme.currentData())) is not scheme:
            return  # the scheme was unset meanwhile: its "choose a scheme" text stays
        days_left = (cycle.end - today).days
        self.summary.setText(
            f"Current cycle: {days_text(cycle.start, cycle.end)} ({days_left:,} days left). "
            f"Numbers are in {scheme.unit}; accounts count when marked complete."
        )
        trainee = scheme.trainee_note if "trainee" in self.view.context.settings.practitioner_role.lower() else ""
        untracked = f" Not tracked in Reflect: {'; '.join(scheme.not_tracked)}." if scheme.not_tracked else ""
        self.note.setText(f"{trainee} {scheme.note}{untracked} Source: {scheme.source}".strip())
        for row in rows:
            index = self.table.rowCount()
            self.table.insertRow(index)
            period = days_text(row.period.start, row.period.end)
            state = "Met" if row.met else ("Not met" if row.elapsed >= 1 else "In progress")
            for column, text in enumerate(
                (row.target.label, period, f"{row.achieved:g}", f"{row.required:g}", f"{row.remaining:g}", state)
            ):
                cell = QTableWidgetItem(text)
                if 2 <= column <= 4:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, cell)


