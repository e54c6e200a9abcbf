"""CPD page: development plan, CPD log, reflective accounts, reflective discussion and progress.

A thin layer over ``reflect.cpd`` (storage), ``reflect.cpd_data`` (templates, codes,
schemes) and ``reflect.revalidation`` (targets). Each record tab is a list on the left
and a form on the right with New, Save and Delete; free text is scanned for patient
identifiers before it is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reflect.cpd import (
    GOAL_STATUSES,
    METHODS,
    PARTICIPATORY_METHODS,
    Account,
    Activity,
    CpdError,
    Discussion,
    Evidence,
    FieldProblem,
    Goal,
    GoalAction,
    account_from_activity,
    account_from_reflection,
    account_texts,
    activity_texts,
    discussion_problems,
    goal_texts,
    reflection_time_activity,
    scan_fields,
)
from reflect.cpd_data import CpdCatalog, load_cpd_catalog
from reflect.errors import UserError
from reflect.privacy import PatternError
from reflect.records import ReflectionFilter
from reflect.reflection_cpd import CAUTION, count_reflections
from reflect.revalidation import parse_anchor, progress
from reflect.revalidation_logs import facts
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.pages import cpd_portfolio as portfolio_actions
from reflect.ui.widgets.controls import qdate
from reflect.vocabulary import STATUS_COMPLETE

NMC_CODE = "nmc-code"
GMC_CODE = "gmc-gmp"
PICK_LIMIT = 200  # reflections offered when starting an account or linking a goal


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit(qdate(date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setAccessibleName(name)
    return edit


def _text_box(name: str, lines: int = 4) -> QPlainTextEdit:
    """A text box sized in lines of the current font, so it grows with the user's font scaling."""
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    line = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(lines * line + 12)
    box.setMaximumHeight(2 * lines * line + 12)
    return box


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def confirm_identifiers(parent: QWidget, problems: Sequence[FieldProblem]) -> bool:
    """Ask before saving text that may identify a patient; saving is the user's decision, default No."""
    listed = "; ".join(p.describe() for p in problems)
    answer = QMessageBox.warning(
        parent,
        "Possible patient identifiers",
        f"Reflect found {listed}. Records should not identify patients. Save anyway?",
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Save


def confirm_delete(parent: QWidget, what: str) -> bool:
    answer = QMessageBox.question(
        parent, "Delete", f"Delete {what}? This cannot be undone.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


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
        self.status = _wrapped("")
        self.status.setAccessibleName(f"{self.noun.capitalize()} status")

        form_widget = QWidget()
        form_box = QVBoxLayout(form_widget)
        form_box.addLayout(self.form)
        form_box.addStretch(1)
        scroll = QScrollArea()
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

    # ----- what a tab provides (each tab class defines these): load_records() -> list,
    # describe(record) -> str, show_record(record | None), collect() -> record,
    # problems(record) -> list[FieldProblem], store_save(record) -> record, store_delete(record_id)

    # ----- shared behaviour

    def refresh(self, select_id: str | None = None) -> None:
        self.records = self.load_records()
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
        try:
            saved = self.store_save(record)
        except CpdError as exc:
            self.status.setText(str(exc))
            return False
        self.refresh(saved.id)
        self.status.setText(f"Saved {self.noun} “{self.describe(saved)}”.")
        self.stored.emit()
        return True

    def delete(self) -> None:
        if self.current_id is None or not confirm_delete(self, f"this {self.noun}"):
            return
        self.store_delete(self.current_id)
        self.refresh()
        self.status.setText(f"Deleted the {self.noun}.")
        self.stored.emit()


class GoalsTab(RecordTab):
    noun = "goal"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        framework = view.context.framework()
        self.title = QLineEdit()
        self.title.setAccessibleName("Goal title")
        self.why = _text_box("Why this goal", 3)
        self.status_choice = QComboBox()
        self.status_choice.setAccessibleName("Goal status")
        for key, text in GOAL_STATUSES.items():
            self.status_choice.addItem(text, key)
        self.has_target = QCheckBox("By")
        self.target = _date_edit("Target date")
        self.has_target.toggled.connect(self.target.setEnabled)
        target_row = QHBoxLayout()
        target_row.addWidget(self.has_target)
        target_row.addWidget(self.target, 1)
        self.tips = QListWidget()
        self.tips.setAccessibleName("Linked tips")
        for number, item in enumerate(framework.items, 1):
            entry = QListWidgetItem(f"{number}. {item.label}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setToolTip(item.text)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.tips.addItem(entry)
        self.tips.setMinimumHeight(120)
        self.focus_button = QPushButton("Make the selected tip my &focus")
        self.focus_button.clicked.connect(self.make_focus)
        self.actions = QListWidget()
        self.actions.setAccessibleName("Actions (tick when done)")
        self.actions.setMinimumHeight(80)
        self.action_text = QLineEdit()
        self.action_text.setAccessibleName("New action")
        self.action_text.setPlaceholderText("A small step, e.g. read two recovery stories")
        self.action_text.returnPressed.connect(self.add_action)
        add = QPushButton("&Add action")
        add.clicked.connect(self.add_action)
        remove = QPushButton("Remove action")
        remove.clicked.connect(self.remove_action)
        action_row = QHBoxLayout()
        action_row.addWidget(self.action_text, 1)
        action_row.addWidget(add)
        action_row.addWidget(remove)
        self.reflections = QListWidget()
        self.reflections.setAccessibleName("Linked reflections")
        self.reflections.setMaximumHeight(90)
        link = QPushButton("&Link a reflection…")
        link.clicked.connect(self.link_reflection)
        unlink = QPushButton("Unlink")
        unlink.clicked.connect(self.unlink_reflection)
        link_row = QHBoxLayout()
        link_row.addWidget(link)
        link_row.addWidget(unlink)
        link_row.addStretch(1)
        self.form.addRow("&Title:", self.title)
        self.form.addRow("&Why:", self.why)
        self.form.addRow("Stat&us:", self.status_choice)
        self.form.addRow("Target date:", target_row)
        self.form.addRow("Linked t&ips:", self.tips)
        self.form.addRow("", self.focus_button)
        self.form.addRow("A&ctions:", self.actions)
        self.form.addRow("", action_row)
        self.form.addRow("Reflections:", self.reflections)
        self.form.addRow("", link_row)

    def load_records(self) -> list[Goal]:
        return self.view.cpd.goals()

    def describe(self, record: Goal) -> str:
        when = f", by {record.target_date:%d %b %Y}" if record.target_date else ""
        return f"{record.title} ({GOAL_STATUSES.get(record.status, record.status)}{when})"

    def show_record(self, record: Goal | None) -> None:
        goal = record or Goal(title="")
        self.title.setText(goal.title)
        self.why.setPlainText(goal.why)
        self.status_choice.setCurrentIndex(max(0, self.status_choice.findData(goal.status)))
        self.has_target.setChecked(goal.target_date is not None)
        self.target.setEnabled(goal.target_date is not None)
        self.target.setDate(qdate(goal.target_date or date.today()))
        for row in range(self.tips.count()):
            entry = self.tips.item(row)
            checked = entry.data(Qt.ItemDataRole.UserRole) in goal.tips
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.actions.clear()
        for action in goal.actions:
            self._add_action_item(action)
        self.reflections.clear()
        for reflection_id in goal.reflection_ids:
            self._add_reflection_item(reflection_id)

    def _add_action_item(self, action: GoalAction) -> None:
        entry = QListWidgetItem(action.text)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
        entry.setCheckState(Qt.CheckState.Checked if action.done else Qt.CheckState.Unchecked)
        self.actions.addItem(entry)

    def _add_reflection_item(self, reflection_id: str) -> None:
        try:
            record = self.view.context.get(reflection_id)
            text = f"{record.occurred_at:%d %b %Y %H:%M}"
        except LookupError:
            text = "(a deleted reflection)"
        entry = QListWidgetItem(text)
        entry.setData(Qt.ItemDataRole.UserRole, reflection_id)
        self.reflections.addItem(entry)

    def add_action(self) -> None:
        text = self.action_text.text().strip()
        if text:
            self._add_action_item(GoalAction(text))
            self.action_text.clear()

    def remove_action(self) -> None:
        row = self.actions.currentRow()
        if row >= 0:
            self.actions.takeItem(row)

    def link_reflection(self) -> None:
        chosen = self.view.pick_reflection("Link a reflection to this goal")
        if chosen is not None:
            linked = {self.reflections.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.reflections.count())}
            if chosen not in linked:
                self._add_reflection_item(chosen)

    def unlink_reflection(self) -> None:
        row = self.reflections.currentRow()
        if row >= 0:
            self.reflections.takeItem(row)

    def checked_tips(self) -> tuple[str, ...]:
        return tuple(
            self.tips.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.tips.count())
            if self.tips.item(r).checkState() == Qt.CheckState.Checked
        )

    def collect(self) -> Goal:
        return Goal(
            id=self.current_id,
            title=self.title.text(),
            why=self.why.toPlainText(),
            status=str(self.status_choice.currentData()),
            target_date=_pydate(self.target.date()) if self.has_target.isChecked() else None,
            tips=self.checked_tips(),
            actions=tuple(
                GoalAction(self.actions.item(r).text(), self.actions.item(r).checkState() == Qt.CheckState.Checked)
                for r in range(self.actions.count())
            ),
            reflection_ids=tuple(
                self.reflections.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.reflections.count())
            ),
        )

    def problems(self, record: Goal) -> list[FieldProblem]:
        return scan_fields(goal_texts(record), self.view.context.scanner_config())

    def store_save(self, record: Goal) -> Goal:
        return self.view.cpd.save_goal(record)

    def store_delete(self, record_id: str) -> None:
        self.view.cpd.delete_goal(record_id)

    def make_focus(self) -> None:
        """The selected tip if it is linked, else the first linked tip, becomes the focus from today."""
        current = self.tips.currentItem()
        linked = self.checked_tips()
        if current is not None and current.checkState() == Qt.CheckState.Checked:
            tip = current.data(Qt.ItemDataRole.UserRole)
        elif linked:
            tip = linked[0]
        else:
            self.status.setText("Tick a tip for this goal first, then make it your focus.")
            return
        settings = self.view.context.settings
        settings.focus_tip, settings.focus_start = tip, date.today().isoformat()
        self.view.context.save_settings()
        item = self.view.context.framework().item(tip)
        self.status.setText(
            f"“{item.label if item else tip}” is your focus from today; Trends shows before and after."
        )


class ActivitiesTab(RecordTab):
    noun = "CPD entry"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.pending_files: list[Path] = []
        self.removed_evidence: list[str] = []
        self.totals = _wrapped("")
        self.totals.setAccessibleName("CPD totals")
        self.left_box.insertWidget(0, self.totals)
        self.day = _date_edit("Date of the activity")
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
        self.notes = _text_box("Notes")
        self.evidence = QListWidget()
        self.evidence.setAccessibleName("Evidence files")
        self.evidence.setMaximumHeight(80)
        attach = QPushButton("A&ttach file…")
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
        self.form.addRow("D&ate:", self.day)
        self.form.addRow("&Title:", self.title)
        self.form.addRow("&Method:", self.method)
        self.form.addRow("&Hours:", self.hours)
        self.form.addRow("", self.participatory)
        self.form.addRow("", self.clinical)
        self.form.addRow(themes)
        self.form.addRow("N&otes:", self.notes)
        self.form.addRow("Evidence:", self.evidence)
        self.form.addRow("", evidence_row)
        self.account_button = QPushButton("Write a reflective &account…")
        self.account_button.clicked.connect(self.write_account)
        self.buttons.insertWidget(3, self.account_button)
        counting = QGroupBox("Count reflections as CPD")
        counting_form = QFormLayout(counting)
        self.count_from = _date_edit("Count reflections from")
        self.count_from.setDate(qdate(date.today()).addMonths(-3))
        self.count_to = _date_edit("Count reflections to")
        self.minutes = QSpinBox()
        self.minutes.setAccessibleName("Minutes per reflection")
        self.minutes.setRange(1, 120)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(max(1, view.context.settings.reflection_cpd_minutes))
        self.count_button = QPushButton("&Count reflections")
        self.count_button.clicked.connect(self.count_reflections)
        counting_form.addRow("From:", self.count_from)
        counting_form.addRow("To:", self.count_to)
        counting_form.addRow("Each:", self.minutes)
        caution = _wrapped(CAUTION)
        caution.setAccessibleName("Caution on counting reflections")
        counting_form.addRow(caution)
        counting_form.addRow(self.count_button)
        self.left_box.addWidget(counting)

    def load_records(self) -> list[Activity]:
        activities = self.view.cpd.activities()
        hours = sum(a.hours for a in activities)
        participatory = sum(a.hours for a in activities if a.participatory)
        self.totals.setText(
            f"{len(activities)} entr{'y' if len(activities) == 1 else 'ies'}: {hours:g} hours, "
            f"{participatory:g} participatory."
        )
        return activities

    def describe(self, record: Activity) -> str:
        return f"{record.day:%d %b %Y} · {record.title} · {record.hours:g} h"

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
            day=_pydate(self.day.date()),
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
        start, end = _pydate(self.count_from.date()), _pydate(self.count_to.date())
        if start > end:
            self.status.setText("The period starts after it ends; swap the dates.")
            return
        count, total = count_reflections(self.view.context.database, self.view.catalog.templates, start, end)
        try:
            entry = reflection_time_activity(count, self.minutes.value(), start, end)
        except CpdError as exc:
            self.status.setText(str(exc))
            return
        self.view.context.settings.reflection_cpd_minutes = self.minutes.value()
        self.new()
        self.show_record(entry)
        self.status.setText(f"{count} of {total} reflections have written learning and make {entry.hours:g} hours; "
                            "check the entry and save it to count it.")

    def write_account(self) -> None:
        if self.current_id is not None:
            self.view.start_account(account_from_activity(self.view.cpd.get_activity(self.current_id), NMC_CODE))


class AccountsTab(RecordTab):
    noun = "reflective account"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.source: tuple[str | None, str | None] = (None, None)  # reflection id, activity id
        self.day = _date_edit("Date of the account")
        self.title = QLineEdit()
        self.title.setAccessibleName("Account title")
        self.source_label = _wrapped("")
        self.answers: dict[str, QPlainTextEdit] = {}
        self.form.addRow("D&ate:", self.day)
        self.form.addRow("&Title:", self.title)
        self.form.addRow("", self.source_label)
        prompts = view.catalog.account_prompts()
        for number, (key, text) in enumerate(prompts, 1):
            label = _wrapped(f"<b>{number}.</b> {text}")
            if key == "relevance":
                self.themes = ThemeChecks(view.catalog, NMC_CODE)
                self.form.addRow(label)
                self.form.addRow(self.themes)
            box = _text_box(text, 4)
            box.setAccessibleName(f"Question {number}")
            box.setAccessibleDescription(text)
            label.setBuddy(box)
            if key != "relevance":
                self.form.addRow(label)
            self.form.addRow(box)
            self.answers[key] = box
        self.complete = QCheckBox("&Complete (ready for my portfolio)")
        self.form.addRow(self.complete)
        from_reflection = QPushButton("Start from a &reflection…")
        from_reflection.clicked.connect(self.start_from_reflection)
        self.buttons.insertWidget(1, from_reflection)

    def load_records(self) -> list[Account]:
        return self.view.cpd.accounts()

    def describe(self, record: Account) -> str:
        state = "complete" if record.complete else "draft"
        return f"{record.day:%d %b %Y} · {record.title} ({state})"

    def show_record(self, record: Account | None) -> None:
        account = record or Account(date.today(), "")
        self.day.setDate(qdate(account.day))
        self.title.setText(account.title)
        for key, box in self.answers.items():
            box.setPlainText(account.answers()[key])
        self.themes.set_keys(account.themes)
        self.complete.setChecked(account.complete)
        self.source = (account.reflection_id, account.activity_id)
        if account.reflection_id:
            self.source_label.setText("Written from a reflection.")
        elif account.activity_id:
            self.source_label.setText("Written from a CPD entry.")
        else:
            self.source_label.setText("")

    def prefill(self, account: Account) -> None:
        """Show a new, unsaved account to edit."""
        self.new()
        self.show_record(account)
        self.status.setText("Prefilled: edit it in your own words, then save.")

    def start_from_reflection(self) -> None:
        chosen = self.view.pick_reflection("Write a reflective account from a reflection")
        if chosen is None:
            return
        record = self.view.context.get(chosen)
        template_id, texts = self.view.cpd.sections(chosen)
        self.prefill(account_from_reflection(
            record, self.view.context.framework_for(record), self.view.catalog.templates.get(template_id), texts
        ))

    def collect(self) -> Account:
        return Account(
            id=self.current_id,
            day=_pydate(self.day.date()),
            title=self.title.text(),
            themes=self.themes.keys(),
            complete=self.complete.isChecked(),
            reflection_id=self.source[0],
            activity_id=self.source[1],
            **{key: box.toPlainText() for key, box in self.answers.items()},
        )

    def problems(self, record: Account) -> list[FieldProblem]:
        return scan_fields(account_texts(record), self.view.context.scanner_config())

    def store_save(self, record: Account) -> Account:
        return self.view.cpd.save_account(record)

    def store_delete(self, record_id: str) -> None:
        self.view.cpd.delete_account(record_id)


class DiscussionsTab(RecordTab):
    noun = "reflective discussion"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.day = _date_edit("Date of the discussion")
        self.name = QLineEdit()
        self.name.setAccessibleName("Other registrant's name")
        self.pin = QLineEdit()
        self.pin.setAccessibleName("Other registrant's PIN or registration number")
        self.email = QLineEdit()
        self.email.setAccessibleName("Other registrant's e-mail address")
        self.address = _text_box("Other registrant's professional address", 3)
        self.notes = _text_box("Notes on the discussion", 5)
        self.form.addRow(_wrapped(
            "The NMC form asks for the other registrant's details; Reflect keeps them only for this record. "
            "The notes must not identify patients."
        ))
        self.form.addRow("D&ate:", self.day)
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&PIN:", self.pin)
        self.form.addRow("&E-mail:", self.email)
        self.form.addRow("Professional a&ddress:", self.address)
        self.form.addRow("N&otes:", self.notes)
        from reflect.ui.pages.cpd_logs import CoveredAccounts  # builds on this module's RecordTab

        self.covered = CoveredAccounts(view)
        self.coverage = ""  # what the last save said about the accounts covered
        self.form.addRow("Acco&unts covered:", self.covered)

    def load_records(self) -> list[Discussion]:
        return self.view.cpd.discussions()

    def describe(self, record: Discussion) -> str:
        return f"{record.day:%d %b %Y} · with {record.colleague_name}"

    def show_record(self, record: Discussion | None) -> None:
        discussion = record or Discussion(date.today(), "", "", "")
        self.day.setDate(qdate(discussion.day))
        self.name.setText(discussion.colleague_name)
        self.pin.setText(discussion.colleague_pin)
        self.email.setText(discussion.colleague_email)
        self.address.setPlainText(discussion.colleague_address)
        self.notes.setPlainText(discussion.notes)
        self.covered.show_for(discussion.id)

    def collect(self) -> Discussion:
        return Discussion(
            id=self.current_id,
            day=_pydate(self.day.date()),
            colleague_name=self.name.text(),
            colleague_pin=self.pin.text(),
            colleague_email=self.email.text(),
            colleague_address=self.address.toPlainText(),
            notes=self.notes.toPlainText(),
        )

    def problems(self, record: Discussion) -> list[FieldProblem]:
        return discussion_problems(record, self.view.context.scanner_config())

    def store_save(self, record: Discussion) -> Discussion:
        saved = self.view.cpd.save_discussion(record)
        self.coverage = self.covered.store(saved.id or "")
        return saved

    def save(self) -> bool:
        saved = super().save()
        if saved:
            self.status.setText(f"{self.status.text()} {self.coverage}")
        return saved

    def store_delete(self, record_id: str) -> None:
        self.view.cpd.delete_discussion(record_id)


class ProgressTab(QWidget):
    """Progress against the chosen scheme's targets for the current cycle."""

    COLUMNS = ("Target", "Period", "Done", "Required", "Still needed", "Status")

    def __init__(self, view: CpdView) -> None:
        super().__init__()
        self.view = view
        settings = view.context.settings
        self.scheme = QComboBox()
        self.scheme.setAccessibleName("Revalidation or appraisal scheme")
        self.scheme.addItem("Choose a scheme…", "")
        for scheme in view.catalog.schemes.values():
            self.scheme.addItem(scheme.title, scheme.id)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(settings.revalidation_scheme)))
        self.cycle_start = _date_edit("Start of the current cycle")
        self.cycle_start.setDate(qdate(parse_anchor(settings.cycle_start, date.today())))
        self.scheme.currentIndexChanged.connect(self._changed)
        self.cycle_start.dateChanged.connect(self._changed)
        self.summary = _wrapped("")
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
        self.note = _wrapped("")
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
        settings = self.view.context.settings
        settings.revalidation_scheme = str(self.scheme.currentData())
        settings.cycle_start = _pydate(self.cycle_start.date()).isoformat()
        self.view.context.save_settings()
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
        cpd = self.view.cpd
        evidence = self.view.context.evidence
        cycle, rows = progress(
            scheme, _pydate(self.cycle_start.date()), today, [a.fact() for a in cpd.activities()],
            [a.day for a in cpd.accounts() if a.complete],
            evidence.met_discussion_days([(d.id or "", d.day) for d in cpd.discussions()]), facts(evidence),
        )
        days_left = (cycle.end - today).days
        self.summary.setText(
            f"Current cycle: {cycle.start:%d %b %Y} – {cycle.end:%d %b %Y} ({days_left:,} days left). "
            f"Numbers are in {scheme.unit}; accounts count when marked complete."
        )
        trainee = scheme.trainee_note if "trainee" in self.view.context.settings.practitioner_role.lower() else ""
        untracked = f" Not tracked in Reflect: {'; '.join(scheme.not_tracked)}." if scheme.not_tracked else ""
        self.note.setText(f"{trainee} {scheme.note}{untracked} Source: {scheme.source}".strip())
        for row in rows:
            index = self.table.rowCount()
            self.table.insertRow(index)
            period = f"{row.period.start:%d %b %Y} – {row.period.end:%d %b %Y}"
            state = "Met" if row.met else ("Not met" if row.elapsed >= 1 else "In progress")
            for column, text in enumerate(
                (row.target.label, period, f"{row.achieved:g}", f"{row.required:g}", f"{row.remaining:g}", state)
            ):
                cell = QTableWidgetItem(text)
                if 2 <= column <= 4:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, cell)


class CpdView(QWidget):
    """The CPD page: five tabs over one CPD store."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.catalog = load_cpd_catalog(user=context.paths)
        self.cpd = context.cpd
        self.tabs = QTabWidget()
        self.goals = GoalsTab(self)
        self.activities = ActivitiesTab(self)
        self.accounts = AccountsTab(self)
        self.discussions = DiscussionsTab(self)
        self.progress = ProgressTab(self)
        for tab, title in (
            (self.goals, "&Development plan"),
            (self.activities, "CPD &log"),
            (self.accounts, "Reflective a&ccounts"),
            (self.discussions, "Reflective d&iscussion"),
            (self.progress, "&Progress"),
        ):
            self.tabs.addTab(tab, title)
        from reflect.ui.pages.cpd_logs import evidence_tabs  # builds on this module's RecordTab

        self.evidence_tabs = list(evidence_tabs(self))
        for index, (tab, title) in enumerate(self.evidence_tabs):
            self.tabs.insertTab(4 + index, tab, title)
        for record_tab in (self.goals, self.activities, self.accounts, self.discussions,
                           *(tab for tab, _title in self.evidence_tabs)):
            record_tab.stored.connect(self.progress.refresh)
            record_tab.refresh()
        context.changed.connect(self._changed)
        for follower in (self.discussions, self.evidence_tabs[1][0]):  # they list the accounts to link
            self.accounts.stored.connect(follower.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>CPD and development</h2>"))
        layout.addWidget(self.tabs, 1)
        self.portfolio_bars = portfolio_actions.install(self)

    def _changed(self, changes: Changes) -> None:
        if changes.reflections or changes.cpd:
            self.progress.refresh()

    def pick_reflection(self, title: str) -> str | None:
        """Choose one of the latest completed reflections; None when cancelled or there are none."""
        summaries = self.context.page(ReflectionFilter(statuses=(STATUS_COMPLETE,)), 0, PICK_LIMIT)
        if not summaries:
            QMessageBox.information(self, title, "There are no completed reflections yet.")
            return None
        labels = [f"{s.occurred_at:%d %b %Y %H:%M} · {s.excerpt or 'no text'}" for s in summaries]
        chosen, accepted = QInputDialog.getItem(self, title, "Reflection:", labels, 0, False)
        if not accepted or chosen not in labels:
            return None
        return summaries[labels.index(chosen)].id

    def start_account(self, account: Account) -> None:
        self.tabs.setCurrentWidget(self.accounts)
        self.accounts.prefill(account)
