"""The CPD page's Activities tab: the CPD log with hours, participatory learning and evidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from reflect.cpd import (
    METHODS,
    PARTICIPATORY_METHODS,
    Activity,
    CpdError,
    CpdStore,
    Evidence,
    FieldProblem,
    account_from_activity,
    activity_texts,
    reflection_time_activity,
    scan_fields,
)
from reflect.errors import UserError
from reflect.reflection_cpd import CAUTION, count_reflections
from reflect.ui.pages.cpd.common import (
    GMC_CODE,
    NMC_CODE,
    RecordTab,
    ThemeChecks,
    date_edit,
    pydate,
    text_box,
    wrapped,
)
from reflect.ui.widgets.controls import qdate
from reflect.wording import day_text

if TYPE_CHECKING:  # the page builds its tabs: only a type here
    from reflect.data.db import Database
    from reflect.ui.pages.cpd.view import CpdView


class ActivitiesTab(RecordTab):
    noun = "CPD entry"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.pending_files: list[Path] = []
        self.removed_evidence: list[str] = []
        self.totals = wrapped("")
        self.totals.setAccessibleName("CPD totals")
        self.left_box.insertWidget(0, self.totals)
        self.day = date_edit("Date of the activity")
        self.title = QLineEdit()
        self.title.setAccessibleName("Activity title")
        self.method = QComboBox()
        self.method.setAccessibleName("Method")
        for key, text in METHODS.items():
            self.method.addItem(text, key)
        self.method.activated.connect(self._method_chosen)
        self.hours = QDoubleSpinBox()
        self.hours.setAccessibleName("Hours")
        self.hours.setRange(0.0, 1000.0)
        self.hours.setDecimals(2)
        self.hours.setSingleStep(0.25)
        self.hours.setSuffix(" h")
        self.participatory = QCheckBox("&Participatory (with other people)")
        self.clinical = QCheckBox("C&linical")
        self.nmc_themes = ThemeChecks(view.catalog, NMC_CODE)
        self.gmc_themes = ThemeChecks(view.catalog, GMC_CODE)
        themes = QVBoxLayout()
        themes.addWidget(self.nmc_themes)
        themes.addWidget(self.gmc_themes)
        self.notes = text_box("Notes")
        evidence_row = self._build_evidence()

        self.form.addRow("D&ate:", self.day)
        self.form.addRow("&Title:", self.title)
        self.form.addRow("&Method:", self.method)
        self.form.addRow("Ho&urs:", self.hours)
        self.form.addRow("", self.participatory)
        self.form.addRow("", self.clinical)
        self.form.addRow(themes)
        self.form.addRow("N&otes:", self.notes)
        self.form.addRow("Evidence:", self.evidence)
        self.form.addRow("", evidence_row)
        self.account_button = QPushButton("W&rite a reflective account…")
        self.account_button.clicked.connect(self.write_account)
        self.buttons.insertWidget(3, self.account_button)
        self._build_counting()

    def _build_evidence(self) -> QHBoxLayout:
        self.evidence = QListWidget()
        self.evidence.setAccessibleName("Evidence files")
        self.evidence.setMaximumHeight(80)
        attach = QPushButton("Attach f&ile…")
        attach.clicked.connect(self.attach_files)
        detach = QPushButton("Remove file")
        detach.clicked.connect(self.remove_file)
        self.open_button = QPushButton("Op&en file")
        self.open_button.clicked.connect(self.open_file)
        self.evidence.itemActivated.connect(lambda _item: self.open_file())
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.open_button)
        evidence_row.addWidget(attach)
        evidence_row.addWidget(detach)
        evidence_row.addStretch(1)
        return evidence_row

    def _build_counting(self) -> None:
        counting = QGroupBox("Count reflections as CPD")
        counting_form = QFormLayout(counting)
        self.count_from = date_edit("Count reflections from")
        self.count_from.setDate(qdate(date.today()).addMonths(-3))
        self.count_to = date_edit("Count reflections to")
        self.minutes = QSpinBox()
        self.minutes.setAccessibleName("Minutes per reflection")
        self.minutes.setRange(1, 120)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(max(1, self.view.context.settings.reflection_cpd_minutes))
        self.count_button = QPushButton("&Count reflections")
        self.count_button.clicked.connect(self.count_reflections)
        counting_form.addRow("From:", self.count_from)
        counting_form.addRow("To:", self.count_to)
        counting_form.addRow("Each:", self.minutes)
        caution = wrapped(CAUTION)
        caution.setAccessibleName("Caution on counting reflections")
        counting_form.addRow(caution)
        counting_form.addRow(self.count_button)
        self.left_box.addWidget(counting)

    def load_records(self, database: Database) -> list[Activity]:
        return CpdStore(database).activities()

    def loaded(self, activities: list[Activity]) -> None:
        hours = sum(a.hours for a in activities)
        participatory = sum(a.hours for a in activities if a.participatory)
        self.totals.setText(
            f"{len(activities)} entr{'y' if len(activities) == 1 else 'ies'}: {hours:g} hours, "
            f"{participatory:g} participatory."
        )

    def describe(self, record: Activity) -> str:
        return f"{day_text(record.day)} · {record.title} · {record.hours:g} h"

    def show_record(self, record: Activity | None) -> None:
        activity = record or Activity(date.today(), "", "course", 1.0, participatory=True)
        self.day.setDate(qdate(activity.day))
        self.title.setText(activity.title)
        self.method.setCurrentIndex(max(0, self.method.findData(activity.method)))
        self.hours.setValue(activity.hours)
        self.participatory.setChecked(activity.participatory)
        self.clinical.setChecked(activity.clinical)
        self.nmc_themes.set_keys(activity.themes)
        self.gmc_themes.set_keys(activity.themes)
        self.notes.setPlainText(activity.notes)
        self.pending_files, self.removed_evidence = [], []
        self.evidence.clear()
        for evidence in activity.evidence:
            entry = QListWidgetItem(f"{evidence.name} ({max(1, evidence.size // 1024)} KB)")
            entry.setData(Qt.ItemDataRole.UserRole, evidence)
            self.evidence.addItem(entry)
        self.account_button.setEnabled(record is not None)

    def _method_chosen(self, _index: int) -> None:
        self.participatory.setChecked(self.method.currentData() in PARTICIPATORY_METHODS)

    def attach_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, "Attach evidence", str(Path.home()))
        for name in names:
            path = Path(name)
            self.pending_files.append(path)
            entry = QListWidgetItem(f"{path.name} (attached when you save)")
            entry.setData(Qt.ItemDataRole.UserRole, path)
            self.evidence.addItem(entry)

    def open_file(self) -> None:
        """Open the chosen evidence file through a private temporary copy (removed when Reflect exits)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        item = self.evidence.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(value, Path):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(value)))  # not attached yet: the original
        elif isinstance(value, Evidence):
            try:
                copy = self.view.cpd.open_evidence(value)
            except (UserError, OSError) as exc:
                QMessageBox.warning(self, "The file could not be opened", str(exc))
                return
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))

    def remove_file(self) -> None:
        row = self.evidence.currentRow()
        if row < 0:
            return
        value = self.evidence.takeItem(row).data(Qt.ItemDataRole.UserRole)
        if isinstance(value, Evidence) and value.id:
            self.removed_evidence.append(value.id)
        elif isinstance(value, Path):
            self.pending_files.remove(value)

    def collect(self) -> Activity:
        return Activity(
            id=self.current_id,
            day=pydate(self.day.date()),
            title=self.title.text(),
            method=str(self.method.currentData()),
            hours=self.hours.value(),
            participatory=self.participatory.isChecked(),
            clinical=self.clinical.isChecked(),
            themes=self.nmc_themes.keys() + self.gmc_themes.keys(),
            notes=self.notes.toPlainText(),
        )

    def problems(self, record: Activity) -> list[FieldProblem]:
        texts = activity_texts(record) + [(f"the file name {p.name}", p.stem) for p in self.pending_files]
        return scan_fields(texts, self.view.context.scanner_config())

    def store_save(self, record: Activity) -> Activity:
        return self.view.cpd.save_activity(record, self.pending_files, self.removed_evidence)

    def store_delete(self, record_id: str) -> None:
        self.view.cpd.delete_activity(record_id)

    def count_reflections(self) -> None:
        """Fill the form with a new reflective-practice entry for the period's reflections (saved on Save)."""
        start, end = pydate(self.count_from.date()), pydate(self.count_to.date())
        if start > end:
            self.status.setText("The period starts after it ends; swap the dates.")
            return
        count, total = count_reflections(self.view.context.database, self.view.catalog.templates, start, end)
        try:
            entry = reflection_time_activity(count, self.minutes.value(), start, end)
        except CpdError as exc:
            self.status.setText(str(exc))
            return
        self.view.context.update_settings(reflection_cpd_minutes=self.minutes.value())
        self.new()
        self.show_record(entry)
        self.status.setText(f"{count} of {total} reflections have written learning and make {entry.hours:g} hours; "
                            "check the entry and save it to count it.")

    def write_account(self) -> None:
        if self.current_id is not None:
            self.view.start_account(account_from_activity(self.view.cpd.get_activity(self.current_id), NMC_CODE))


