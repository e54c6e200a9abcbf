"""File → Prepare for supervision…, Open a supervision pack…, Import a supervision response….

Thin dialogs over ``reflect.supervision``: the same services as `reflect supervision …`.
Errors are shown as one sentence in the dialog, which stays open so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflect.errors import UserError
from reflect.grammar import plural
from reflect.supervision.document import MAX_REFLECTIONS
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.ops import Operation, Worker, report_failure, report_failure_message
from reflect.ui.page_loader import PageLoader
from reflect.ui.widgets.controls import picked_date, qdate
from reflect.ui.widgets.reflection_picker import Choice, ReflectionPicker, choices
from reflect.ui.write_gate import WRITES
from reflect.wording import DAY_PATTERN, day_text

if TYPE_CHECKING:  # the supervision modules load when an action is chosen
    from reflect.supervision.response import Response

ID_ROLE = Qt.ItemDataRole.UserRole


def _checked(listbox: QListWidget) -> tuple[str, ...]:
    return tuple(
        listbox.item(i).data(ID_ROLE) for i in range(listbox.count())
        if listbox.item(i).checkState() == Qt.CheckState.Checked
    )


def _passphrase_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class PrepareDialog(QDialog):
    """Choose the period, the reflections whose text travels and the goals; seal the pack."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.written: Path | None = None
        self._job: Operation[Path] | None = None  # the pack being prepared
        self.loader = PageLoader(self, lambda: context.database, "Load the reflections for the pack")
        self.setWindowTitle("Prepare for supervision")
        today = today or date.today()
        self.from_edit, self.to_edit = QDateEdit(qdate(today - timedelta(days=90))), QDateEdit(qdate(today))
        for edit, name in ((self.from_edit, "From date"), (self.to_edit, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DAY_PATTERN)
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self._fill_reflections)
        self.picker = ReflectionPicker()  # a career's reflections in a long period: a light, searchable list
        self.picker.label.setText(f"&Reflections whose text goes in the pack (optional, at most {MAX_REFLECTIONS}; "
                                  "each is checked for identifiers):")
        self.picker.list.setAccessibleName("Reflections whose text goes in the pack")
        self.goals = QListWidget()
        self.goals.setAccessibleName("Goals that go in the pack")
        self.goals.setMaximumHeight(self.goals.fontMetrics().lineSpacing() * 6)  # a few: the reflections get the room
        self.passphrase = _passphrase_edit("Pack passphrase")
        self.again = _passphrase_edit("Pack passphrase again")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        note = QLabel(
            "The pack holds the trend summary and report for the period, the focus tip, the goals you tick and "
            "the text of the reflections you tick (scanned for identifiers first) — nothing else. It is encrypted "
            "with the passphrase; agree it with your supervisor in person or by phone, not in the same e-mail."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Fro&m", self.from_edit)
        form.addRow("&To", self.to_edit)
        form.addRow(self.picker)
        form.addRow("&Goals to include", self.goals)
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("Ag&ain", self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save pack…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._fill_reflections()
        self._fill_goals()

    def _fill_reflections(self) -> None:
        """The period's reflections, read on a worker (the newest request wins as the dates change)."""
        start, end = picked_date(self.from_edit), picked_date(self.to_edit)

        def work(worker: Worker) -> list[Choice]:
            assert worker.database is not None
            return [c for c in choices(worker.database, start, end) if c.has_text]  # none else has text to include

        self.loader.load(work, self.picker.model.reset)  # ticks are kept by id across periods

    def _fill_goals(self) -> None:
        from reflect.supervision.pack import OPEN_GOALS

        for goal in self._context.cpd.goals():
            item = QListWidgetItem(goal.title)
            item.setData(ID_ROLE, goal.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if goal.status in OPEN_GOALS else Qt.CheckState.Unchecked)
            self.goals.addItem(item)

    def save(self) -> None:
        """Check what was typed, ask where to save, then build and seal off the GUI thread."""
        from reflect.supervision.document import check_destination, check_passphrase
        from reflect.supervision.pack import PackRequest, build_pack, write_pack

        passphrase = self.passphrase.text()
        try:
            if passphrase != self.again.text():
                raise UserError("The two passphrases are not the same.")
            check_passphrase(passphrase)
            request = PackRequest(picked_date(self.from_edit), picked_date(self.to_edit),
                                  self.picker.model.ticked_ids(), _checked(self.goals))
            name, _ = QFileDialog.getSaveFileName(self, "Save the supervision pack", "supervision.reflect-pack",
                                                  "Supervision pack (*.reflect-pack)")
            if not name:
                return
            path = Path(name)
            check_destination(path)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        context = self._context
        catalog, settings, templates = context.catalog, replace(context.settings), context.templates()

        def work(worker: Worker) -> Path:  # built and sealed with the worker's own connection
            from reflect.cpd import CpdStore
            from reflect.reflections import ReflectionStore
            from reflect.supervision.practitioner import SupervisionStore

            assert worker.database is not None
            data = build_pack(ReflectionStore(worker.database, catalog), CpdStore(worker.database), catalog, settings,
                              request, templates=templates, progress=worker.progress)  # Cancel stops it part-way
            worker.check()  # a Cancel pressed as the report inside was finished: still nothing written
            write_pack(path, data, passphrase)
            SupervisionStore(worker.database).remember_sent(data)  # so only a response to this pack is imported
            return path

        self.save_button.setEnabled(False)
        self.error.setText("Preparing the pack…")
        self._job = Operation(self, work, database=context.database, title="Save the supervision pack", writes=True)
        self._job.on_success(self._saved)
        self._job.on_failure(lambda exc: self._failed(report_failure_message(exc, "supervision pack"))).run()

    def _saved(self, path: Path) -> None:
        self._job = None
        self.written = path
        self.accept()

    def reject(self) -> None:
        """Cancel (or Escape) while the pack is prepared also stops that: nothing is written."""
        if self._job is not None:
            self._job.cancel()
        super().reject()

    def _failed(self, message: str) -> None:
        self._job = None
        self.save_button.setEnabled(True)
        self.error.setText(message)


def prepare_pack(parent: QWidget, context: AppContext) -> str | None:
    dialog = PrepareDialog(context, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.written:
            return f"Saved the supervision pack to {dialog.written}."
        return None
    finally:  # a child of the window: kept, each opening would hold its period's list (40 MB for every year at 100,000)
        dialog.deleteLater()


def ask_passphrase(parent: QWidget, title: str) -> str | None:
    value, ok = QInputDialog.getText(parent, title, "The passphrase you agreed:", QLineEdit.EchoMode.Password)
    return value if ok and value else None


class AcceptActionsDialog(QDialog):
    """Before importing a response: which agreed actions become development goals."""

    def __init__(self, actions: tuple[str, ...], supervisor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a supervision response")
        intro = QLabel(f"{supervisor} signed off this supervision. Tick the agreed actions to take on as goals; "
                       "the comments are attached to your reflections and a CPD entry is added with the record.")
        intro.setWordWrap(True)
        self.action_list = QListWidget()
        self.action_list.setAccessibleName("Agreed actions")
        for number, text in enumerate(actions, start=1):
            item = QListWidgetItem(f"{number}. {text}")
            item.setData(ID_ROLE, number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.action_list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.action_list, buttons):
            layout.addWidget(widget)

    def accepted_numbers(self) -> list[int]:
        return [int(n) for n in _checked(self.action_list)]


def import_response(parent: QWidget, context: AppContext, report: Callable[[str], None]) -> Operation[Response] | None:
    """Open a response (decrypted on a worker: its key derivation alone takes a tenth of a second), choose the
    actions to accept, record it; `report` gets the one sentence saying what was imported; problems are one
    sentence in a box."""
    from PySide6.QtWidgets import QMessageBox

    from reflect.reports.supervision import scanner_config
    from reflect.supervision.response import read_response

    if refused := WRITES.refusal("imported"):  # an import holds the write lock: said in the status bar
        report(refused)
        return None
    name, _ = QFileDialog.getOpenFileName(parent, "Import a supervision response", "",
                                          "Supervision response (*.reflect-response);;All files (*)")
    if not name:
        return None
    passphrase = ask_passphrase(parent, "Import a supervision response")
    if passphrase is None:
        return None

    def not_imported(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            QMessageBox.warning(parent, "The response was not imported", str(exc))
        else:
            report_failure(parent, "Import a supervision response", exc)

    def opened(response: Response) -> None:
        chooser = AcceptActionsDialog(response.actions, response.sign_off.name if response.sign_off else "", parent)
        if response.actions and chooser.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            summary = context.mutate(
                lambda: context.supervision.record(
                    response, context.settings, scanner_config(context.settings), chooser.accepted_numbers()),
                Changes(reflections=True, cpd=True, supervision=True))
        except UserError as exc:
            not_imported(exc)
            return
        report(f"Imported the supervision of {day_text(summary.day)} with {summary.supervisor}: "
               f"{plural(summary.comments, 'comment')}, {plural(summary.goals, 'new goal')} and a CPD entry.")

    return Operation(parent, lambda _worker: read_response(Path(name), passphrase), title="Import a supervision response") \
        .on_success(opened).on_failure(not_imported).run()


def export_team_summary(parent: QWidget, context: AppContext, report: Callable[[str], None]) -> Operation[int] | None:
    """Weekly answer counts under a display name the practitioner chooses (no text), counted on a worker."""
    from reflect.supervision.team import build_team_summary, write_team_summary

    shown, ok = QInputDialog.getText(
        parent, "Export a team summary",
        "Counts of your answers per tip per week — no text, no single sessions. The name your team lead sees:",
        QLineEdit.EchoMode.Normal, context.settings.practitioner_name,
    )
    if not ok:
        return None
    name, _ = QFileDialog.getSaveFileName(parent, "Export a team summary", "team-summary.json", "Team summary (*.json)")
    if not name:
        return None
    catalog, settings = context.catalog, replace(context.settings)

    def work(worker: Worker) -> int:
        from reflect.reflections import ReflectionStore

        assert worker.database is not None
        summary = build_team_summary(ReflectionStore(worker.database, catalog), catalog, settings, shown)
        write_team_summary(Path(name), summary)
        return len(summary["weeks"])

    operation = Operation(parent, work, database=context.database, title="Export a team summary")
    operation.with_progress("Counting your answers…")
    operation.on_success(lambda weeks: report(f"Exported the team summary ({weeks} weeks) to {name}."))
    return operation.run()
