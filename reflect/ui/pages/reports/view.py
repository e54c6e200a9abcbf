"""Reports page: make the supervision PDF and the CPD portfolio PDF that the command line makes too.

The page gathers the request (the kind of report, the period; for supervision the
filters, reflections whose text to share and a password; for the portfolio the
complete reflective accounts to include) and builds and writes the PDF on a worker
thread while a progress bar and Cancel show (a Cancel stops the build part-way; nothing is written). The period's reflections and accounts load on a worker
too (the page's ``PageLoader``), into a searchable model/view list rather than one
checkbox widget per reflection; the report's records are gathered on the worker.
Texts are scanned for identifiers by the report services themselves, so the page
and the command line refuse the same things.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_documents_dir
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reflect.analytics import TrendFilter
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.ops import PROGRESS_STEPS, Operation, Worker, report_failure_message
from reflect.ui.page_loader import PageLoader
from reflect.ui.pages.reports.accounts import AccountChooser
from reflect.ui.pages.reports.kinds import KIND_CPD, KINDS, PRESETS, cpd_work, load_period, supervision_work
from reflect.ui.widgets.controls import filter_combo
from reflect.ui.widgets.period_picker import PeriodPicker
from reflect.ui.widgets.reflection_picker import ChoiceSet, ReflectionPicker
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS

if TYPE_CHECKING:
    from reflect.cpd import Account

class ReportsView(QWidget):
    """Choose a report kind, a period and what to include; create the PDF; then open it or its folder."""

    finished = Signal(str)  # path of the report written

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._choices = ChoiceSet([])
        self.loader = PageLoader(self, lambda: context.database, "Load the report's reflections")
        self._job: Operation[Path] | None = None
        self.last_path: Path | None = None

        self.heading = QLabel()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Report kind")
        for kind, text, *_rest in KINDS:
            self.kind_combo.addItem(text, kind)

        self.period = PeriodPicker(PRESETS, 2, "Report period")
        period = QHBoxLayout()
        period.addWidget(self.period)
        period.addStretch(1)

        filters = self._build_filters()
        self._build_supervision_box()
        self.cpd_box = AccountChooser()
        self.account_list = self.cpd_box.list
        actions = self._build_actions()

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Report status")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._form = QFormLayout()
        self._form.addRow("Report &kind", self.kind_combo)
        self._form.addRow("Period", period)
        self._form.addRow("Sessions", filters)
        # what only one kind of report uses lives in its own box, shown for that kind
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(self._form)
        layout.addWidget(self.supervision_box, 1)
        layout.addWidget(self.cpd_box, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status_label)

        self._apply_kind()
        self.kind_combo.currentIndexChanged.connect(self._apply_kind)
        self.period.presetChosen.connect(self.reload)
        self.period.datesEdited.connect(self.reload)
        for combo in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo):
            combo.currentIndexChanged.connect(self._fill_list)
        self.cpd_box.changed.connect(self._show_count)
        self.password_check.toggled.connect(self.password_edit.setEnabled)
        self.create_button.clicked.connect(self.create_report)
        self.open_button.clicked.connect(self.open_report)
        self.folder_button.clicked.connect(self.show_folder)
        context.changed.connect(self._changed)

    def _build_filters(self) -> QHBoxLayout:
        self.setting_combo = filter_combo("Setting filter", "All settings", SETTINGS)
        self.contact_combo = filter_combo("Contact type filter", "All contact types", CONTACT_TYPES)
        self.modality_combo = filter_combo("Modality filter", "All modalities", MODALITIES)
        self.tag_combo = filter_combo("Tag filter", "All tags", {})
        filters = QHBoxLayout()
        for combo in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo):
            filters.addWidget(combo)
        filters.addStretch(1)
        return filters

    def _build_supervision_box(self) -> None:
        self.picker = ReflectionPicker()

        self.password_check = QCheckBox("Protect the PDF with a &password")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("PDF password")
        self.password_edit.setEnabled(False)
        password = QHBoxLayout()
        password.addWidget(self.password_check)
        password.addWidget(self.password_edit, 1)
        self.supervision_box = QWidget()
        supervision = QVBoxLayout(self.supervision_box)
        supervision.setContentsMargins(0, 0, 0, 0)
        supervision.addWidget(self.picker, 1)
        supervision.addLayout(password)

    def _build_actions(self) -> QHBoxLayout:
        self.create_button = QPushButton("&Create report…")
        self.create_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Creating report")
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the report")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_report)
        self.open_button = QPushButton("&Open")
        self.folder_button = QPushButton("Show in &folder")
        for button in (self.open_button, self.folder_button):
            button.setVisible(False)
        actions = QHBoxLayout()
        actions.addWidget(self.create_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.open_button)
        actions.addWidget(self.folder_button)
        actions.addStretch(1)
        return actions

    # ------------------------------------------------------------------ choices

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def _kind_info(self) -> tuple[str, ...]:
        return next(k for k in KINDS if k[0] == self.kind())

    def _apply_kind(self) -> None:
        _kind, _text, heading, _noun, _stem, intro = self._kind_info()
        self.heading.setText(f"<h2>{heading}</h2>")
        self.intro.setText(intro)
        cpd = self.kind() == KIND_CPD
        self.supervision_box.setVisible(not cpd)
        self._form.setRowVisible(2, not cpd)  # the session filters
        self.cpd_box.setVisible(cpd)
        self.open_button.setVisible(False)
        self.folder_button.setVisible(False)
        self._show_count()

    def date_range(self) -> tuple[date, date]:
        return self.period.date_range()

    def filter(self) -> TrendFilter:
        return TrendFilter(
            setting=self.setting_combo.currentData(),
            contact_type=self.contact_combo.currentData(),
            modality=self.modality_combo.currentData(),
            tag=self.tag_combo.currentData(),
        )

    def account_ids(self) -> tuple[str, ...] | None:
        return self.cpd_box.ids()

    def ticked_ids(self) -> tuple[str, ...]:
        """Ticked reflections that the current period and filters still show (searched or not), in list order."""
        return self.picker.model.ticked_ids()

    # ------------------------------------------------------------------ the list of reflections

    def _changed(self, changes: Changes) -> None:
        if changes.reflections and self.isVisible():
            self.reload()  # when hidden, the next showEvent reloads anyway

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self.reload()  # accounts are edited on the CPD page, which sends no signal here
        super().showEvent(event)

    def reload(self) -> None:
        """The period's complete reflections and accounts, loaded on a worker; the filters apply in the list."""
        start, end = self.date_range()

        def work(worker: Worker) -> tuple[ChoiceSet, list[Account]]:
            assert worker.database is not None
            return load_period(worker.database, start, end)

        self.status_label.setText("Loading the period's reflections…")
        self.loader.load(work, self._loaded)

    def _loaded(self, result: tuple[ChoiceSet, list[Account]]) -> None:
        self._choices, accounts = result
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("All tags", None)
        for tag in self._choices.tags:
            self.tag_combo.addItem(tag, tag)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(current)) if current else 0)
        self.tag_combo.blockSignals(False)
        self.cpd_box.show_accounts(accounts)
        self._fill_list()

    def _fill_list(self) -> None:
        flt = self.filter()
        self.picker.model.reset(self._choices.listed(flt))
        self._show_count()

    def _show_count(self) -> None:
        """What the report will hold, for the kind chosen."""
        if self.kind() == KIND_CPD:
            total = self.account_list.count()
            ids = self.account_ids()
            chosen = total if ids is None else len(ids)
            self.status_label.setText(
                f"{total:,} complete reflective account{'s' if total != 1 else ''} in this period; "
                f"{chosen:,} will be included." if total else
                "No complete reflective accounts in this period; the portfolio will hold the plan, log and charts.")
            return
        flt = self.filter()
        count = self._choices.count(flt)
        self.status_label.setText(
            f"{count:,} reflection{'s' if count != 1 else ''} in this period"
            + (" (filtered)." if flt != TrendFilter() else ".")
            + ("" if count else " The report will say there is nothing to show."))

    # ------------------------------------------------------------------ creating

    def _default_path(self) -> str:
        start, end = self.date_range()
        stem = self._kind_info()[4]
        return str(Path(user_documents_dir()) / f"{stem}-{start.isoformat()}-to-{end.isoformat()}.pdf")

    def _request(self) -> object | None:
        """The report request for the chosen kind, or None with the reason shown."""
        from reflect.reports.cpd import CpdRequest
        from reflect.reports.supervision import ReportError, ReportRequest

        start, end = self.date_range()
        if self.kind() == KIND_CPD:
            return CpdRequest(start, end, self.account_ids())
        password = self.password_edit.text() if self.password_check.isChecked() else None
        if self.password_check.isChecked() and not password:
            self.status_label.setText("Type a password for the PDF, or untick “Protect the PDF with a password”.")
            self.password_edit.setFocus()
            return None
        try:
            return ReportRequest(start, end, self.filter(), self.ticked_ids(), password)
        except ReportError as exc:
            self.status_label.setText(str(exc))
            return None

    def create_report(self) -> None:
        request = self._request()
        if request is None:
            return
        noun = self._kind_info()[3]
        chosen, _filter = QFileDialog.getSaveFileName(self, f"Save {noun}", self._default_path(), "PDF files (*.pdf)")
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
        settings = replace(self._context.settings)  # a snapshot: the worker must not see later edits
        if self.kind() == KIND_CPD:
            work = cpd_work(path, self._context, settings, request)
        else:
            work = supervision_work(path, self._context.catalog, settings, request)
        self._job = Operation(self, work, database=self._context.database, title=f"Create the {noun}")
        self._job.on_success(lambda written: self._done(str(written))).on_failure(self._not_created)
        self._job.progressed.connect(self._progressed)
        self._set_busy(True)
        self.status_label.setText("Creating the report…")
        self._job.run()

    def cancel_report(self) -> None:
        """Stop the report being built; it stops within a moment and writes nothing (see reports/pdf.py)."""
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText("Cancelling…")

    def _progressed(self, step: int) -> None:
        if step > 0:  # counted once the PDF's build has begun; busy while the data is read
            self.progress.setRange(0, PROGRESS_STEPS)
            self.progress.setValue(step)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)  # busy, until the build reports how far it is
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.create_button.setEnabled(not busy)
        if busy:
            self.open_button.setVisible(False)
            self.folder_button.setVisible(False)

    def _done(self, path: str) -> None:
        self._set_busy(False)
        self._job = None
        self.last_path = Path(path)
        self.status_label.setText(f"Saved the {self._kind_info()[3]} to {path}.")
        self.open_button.setVisible(True)
        self.folder_button.setVisible(True)
        self.open_button.setFocus()
        self.finished.emit(path)

    def _not_created(self, exc: BaseException) -> None:
        """Identifiers found mark the reflections that need attention; any other failure is one sentence."""
        from reflect.reports.supervision import IdentifiersFound

        if isinstance(exc, IdentifiersFound):
            self._refused(str(exc), [p.reflection_id for p in exc.problems])
        else:
            self._failed(report_failure_message(exc, self._kind_info()[3]))

    def _refused(self, message: str, reflection_ids: list[str]) -> None:
        self._set_busy(False)
        self._job = None
        self.picker.show_attention(reflection_ids)
        self.status_label.setText(f"No report was created. {message}")

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self._job = None
        self.status_label.setText(message)

    def open_report(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))

    def show_folder(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path.parent)))
