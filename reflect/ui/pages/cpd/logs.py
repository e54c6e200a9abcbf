"""CPD page tabs for revalidation evidence beyond CPD: practice hours, practice-related feedback,
the NMC confirmation, RCPsych peer group meetings, and the accounts a reflective discussion covered.

Each is a ``RecordTab`` (list on the left, form on the right, New / Save / Delete, every
control reachable by keyboard and named for screen readers); the rules live in
``reflect.revalidation_logs`` and free text is scanned for identifiers before it is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QListWidget, QListWidgetItem

from reflect.cpd import Account, CpdStore
from reflect.privacy import FieldProblem
from reflect.revalidation_logs import (
    ACCOUNTS_PER_DISCUSSION,
    Confirmation,
    EvidenceStore,
    Feedback,
    PeerMeeting,
    PracticeHours,
    feedback_problems,
    hours_problems,
    meeting_problems,
)
from reflect.ui.pages.cpd.common import RecordTab, date_edit, pydate, text_box, wrapped
from reflect.ui.widgets.controls import qdate
from reflect.wording import day_text

if TYPE_CHECKING:
    from reflect.data.db import Database
    from reflect.ui.pages.cpd.view import CpdView


def _line(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    return edit


class PracticeHoursTab(RecordTab):
    noun = "practice-hours entry"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.evidence = view.context.evidence
        self.start = date_edit("First day worked")
        self.end = date_edit("Last day worked")
        self.hours = QDoubleSpinBox()
        self.hours.setAccessibleName("Hours of practice")
        self.hours.setRange(0.5, 10000)
        self.hours.setDecimals(1)
        self.hours.setSuffix(" h")
        self.setting = _line("Setting, e.g. community mental health team")
        self.scope = _line("Scope of practice, e.g. adult mental health nursing")
        self.totals = wrapped("")
        self.totals.setAccessibleName("Practice hours total")
        self.form.addRow(wrapped("The NMC asks for 450 practice hours over the three years (900 if you renew as "
                                  "both nurse and midwife: choose that scheme in Settings). Record where and in what "
                                  "scope you practised."))
        self.form.addRow("Fro&m:", self.start)
        self.form.addRow("&To:", self.end)
        self.form.addRow("Hou&rs:", self.hours)
        self.form.addRow("S&etting:", self.setting)
        self.form.addRow("Sc&ope:", self.scope)
        self.left_box.addWidget(self.totals)

    def load_records(self, database: Database) -> list[PracticeHours]:
        return EvidenceStore(database).practice_hours()

    def loaded(self, records: list[PracticeHours]) -> None:
        self.totals.setText(f"{sum(r.hours for r in records):g} hours recorded in all.")

    def describe(self, record: PracticeHours) -> str:
        return f"{day_text(record.start)} – {day_text(record.end)} · {record.hours:g} h · {record.setting}"

    def show_record(self, record: PracticeHours | None) -> None:
        entry = record or PracticeHours(date.today(), date.today(), 7.5, "", "")
        self.start.setDate(qdate(entry.start))
        self.end.setDate(qdate(entry.end))
        self.hours.setValue(entry.hours)
        self.setting.setText(entry.setting)
        self.scope.setText(entry.scope)

    def collect(self) -> PracticeHours:
        return PracticeHours(pydate(self.start.date()), pydate(self.end.date()), self.hours.value(),
                             self.setting.text(), self.scope.text(), self.current_id)

    def problems(self, record: PracticeHours) -> list[FieldProblem]:
        return hours_problems(record, self.view.context.scanner_config())

    def store_save(self, record: PracticeHours) -> PracticeHours:
        return self.evidence.save_practice_hours(record)

    def store_delete(self, record_id: str) -> None:
        self.evidence.delete_practice_hours(record_id)


class FeedbackTab(RecordTab):
    noun = "piece of feedback"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.evidence = view.context.evidence
        self.day = date_edit("Date of the feedback")
        self.source = _line("Source of the feedback, e.g. service user survey, colleague, audit")
        self.learning = text_box("What you learned from the feedback", 4)
        self.account = QComboBox()
        self.account.setAccessibleName("Reflective account written on this feedback")
        self.form.addRow(wrapped("The NMC asks for five pieces of practice-related feedback. Say where it came "
                                  "from (a kind of source, never a name) and what you learned; nothing that could "
                                  "identify a patient."))
        self.form.addRow("D&ate:", self.day)
        self.form.addRow("So&urce:", self.source)
        self.form.addRow("Lea&rned:", self.learning)
        self.form.addRow("Linked acc&ount:", self.account)
        self.accounts: list[Account] = []  # the choices, read with the feedback on the tab's worker

    def _fill_accounts(self, chosen: str | None) -> None:
        self.account.clear()
        self.account.addItem("None", None)
        for account in self.accounts:
            self.account.addItem(f"{day_text(account.day)} · {account.title}", account.id)
        self.account.setCurrentIndex(max(0, self.account.findData(chosen)))

    def load_records(self, database: Database) -> list[Feedback]:
        self.accounts = CpdStore(database).accounts()
        return EvidenceStore(database).feedback()

    def describe(self, record: Feedback) -> str:
        return f"{day_text(record.day)} · {record.source}"

    def show_record(self, record: Feedback | None) -> None:
        entry = record or Feedback(date.today(), "", "")
        self.day.setDate(qdate(entry.day))
        self.source.setText(entry.source)
        self.learning.setPlainText(entry.learning)
        self._fill_accounts(entry.account_id)

    def collect(self) -> Feedback:
        return Feedback(pydate(self.day.date()), self.source.text(), self.learning.toPlainText(),
                        self.account.currentData(), self.current_id)

    def problems(self, record: Feedback) -> list[FieldProblem]:
        return feedback_problems(record, self.view.context.scanner_config())

    def store_save(self, record: Feedback) -> Feedback:
        return self.evidence.save_feedback(record)

    def store_delete(self, record_id: str) -> None:
        self.evidence.delete_feedback(record_id)


class ConfirmationTab(RecordTab):
    noun = "confirmation"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.evidence = view.context.evidence
        self.day = date_edit("Date of the confirmation")
        self.confirmer = _line("Confirmer's name")
        self.registration = _line("Confirmer's NMC PIN or other registration, e.g. GMC number")
        self.form.addRow(wrapped("Your confirmer checks that you have met the revalidation requirements, "
                                  "usually in the last year of your cycle."))
        self.form.addRow("D&ate:", self.day)
        self.form.addRow("Confir&mer:", self.confirmer)
        self.form.addRow("&Registration:", self.registration)

    def load_records(self, database: Database) -> list[Confirmation]:
        return EvidenceStore(database).confirmations()

    def describe(self, record: Confirmation) -> str:
        return f"{day_text(record.day)} · {record.confirmer}"

    def show_record(self, record: Confirmation | None) -> None:
        entry = record or Confirmation(date.today(), "", "")
        self.day.setDate(qdate(entry.day))
        self.confirmer.setText(entry.confirmer)
        self.registration.setText(entry.registration)

    def collect(self) -> Confirmation:
        return Confirmation(pydate(self.day.date()), self.confirmer.text(), self.registration.text(),
                            self.current_id)

    def problems(self, record: Confirmation) -> list[FieldProblem]:
        return []  # the confirmer's own name and registration are what the form asks for

    def store_save(self, record: Confirmation) -> Confirmation:
        return self.evidence.save_confirmation(record)

    def store_delete(self, record_id: str) -> None:
        self.evidence.delete_confirmation(record_id)


class PeerGroupTab(RecordTab):
    noun = "peer group meeting"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.evidence = view.context.evidence
        self.day = date_edit("Date of the meeting")
        self.members = _line("Members present, as initials or roles only")
        self.discussed = text_box("What was discussed", 4)
        self.pdp = QCheckBox("My personal de&velopment plan was agreed at this meeting")
        self.form.addRow(wrapped("RCPsych: meet your peer group at least four times a year and agree your "
                                  "personal development plan there. Members as initials or roles only."))
        self.form.addRow("D&ate:", self.day)
        self.form.addRow("&Members:", self.members)
        self.form.addRow("Disc&ussed:", self.discussed)
        self.form.addRow("", self.pdp)

    def load_records(self, database: Database) -> list[PeerMeeting]:
        return EvidenceStore(database).meetings()

    def describe(self, record: PeerMeeting) -> str:
        return f"{day_text(record.day)} · {record.members}" + (" · PDP agreed" if record.pdp_agreed else "")

    def show_record(self, record: PeerMeeting | None) -> None:
        entry = record or PeerMeeting(date.today(), "", "")
        self.day.setDate(qdate(entry.day))
        self.members.setText(entry.members)
        self.discussed.setPlainText(entry.discussed)
        self.pdp.setChecked(entry.pdp_agreed)

    def collect(self) -> PeerMeeting:
        return PeerMeeting(pydate(self.day.date()), self.members.text(), self.discussed.toPlainText(),
                           self.pdp.isChecked(), self.current_id)

    def problems(self, record: PeerMeeting) -> list[FieldProblem]:
        return meeting_problems(record, self.view.context.scanner_config())

    def store_save(self, record: PeerMeeting) -> PeerMeeting:
        return self.evidence.save_meeting(record)

    def store_delete(self, record_id: str) -> None:
        self.evidence.delete_meeting(record_id)


class CoveredAccounts(QListWidget):
    """Tick the reflective accounts a discussion covered; it counts only with five."""

    def __init__(self, view: CpdView) -> None:
        super().__init__()
        self.view = view
        self.evidence = view.context.evidence
        self.setAccessibleName(f"Reflective accounts this discussion covered (the NMC asks for all "
                               f"{ACCOUNTS_PER_DISCUSSION})")
        self.setMinimumHeight(110)
        self.accounts: list[Account] = []  # read with the discussions on their tab's worker

    def show_for(self, discussion_id: str | None) -> None:
        linked = set(self.evidence.discussion_accounts(discussion_id)) if discussion_id else set()
        self.clear()
        for account in self.accounts:
            entry = QListWidgetItem(f"{day_text(account.day)} · {account.title}")
            entry.setData(Qt.ItemDataRole.UserRole, account.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if account.id in linked else Qt.CheckState.Unchecked)
            self.addItem(entry)

    def chosen(self) -> list[str]:
        return [str(self.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def store(self, discussion_id: str) -> str:
        """Save the ticks; returns a sentence saying whether the discussion now counts."""
        self.evidence.link_accounts(discussion_id, self.chosen())
        covered = self.evidence.covered_count(discussion_id)
        if covered >= ACCOUNTS_PER_DISCUSSION:
            return f"It covers {covered} complete accounts, so it counts towards revalidation."
        return (f"It covers {covered} of the {ACCOUNTS_PER_DISCUSSION} complete accounts; it counts once it "
                f"covers all {ACCOUNTS_PER_DISCUSSION}.")


def evidence_tabs() -> Sequence[tuple[type[RecordTab], str]]:
    """The evidence tabs' classes in the order the CPD page shows them, with their titles."""
    return (
        (PracticeHoursTab, "Practice hours"),
        (FeedbackTab, "Feedback"),
        (ConfirmationTab, "Confirmation"),
        (PeerGroupTab, "Peer group"),
    )
