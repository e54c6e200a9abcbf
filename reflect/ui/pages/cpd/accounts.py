"""The CPD page's reflective accounts and reflective discussions tabs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)

from reflect.cpd import (
    Account,
    CpdStore,
    Discussion,
    FieldProblem,
    account_from_reflection,
    account_texts,
    discussion_problems,
    scan_fields,
)
from reflect.ui.pages.cpd.common import (
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


DRAFT_HINT = (
    "Drafts are not included in the CPD report or counted towards revalidation: tick Complete when the account "
    "is finished to include it."
)


class AccountsTab(RecordTab):
    noun = "reflective account"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        self.source: tuple[str | None, str | None] = (None, None)  # reflection id, activity id
        self.day = date_edit("Date of the account")
        self.title = QLineEdit()
        self.title.setAccessibleName("Account title")
        self.source_label = wrapped("")
        self.answers: dict[str, QPlainTextEdit] = {}
        self.form.addRow("D&ate:", self.day)
        self.form.addRow("&Title:", self.title)
        self.form.addRow("", self.source_label)
        prompts = view.catalog.account_prompts()
        for number, (key, text) in enumerate(prompts, 1):
            label = wrapped(f"<b>{number}.</b> {text}")
            if key == "relevance":
                self.themes = ThemeChecks(view.catalog, NMC_CODE)
                self.form.addRow(label)
                self.form.addRow(self.themes)
            box = text_box(text, 4)
            box.setAccessibleName(f"Question {number}")
            box.setAccessibleDescription(text)
            label.setBuddy(box)
            if key != "relevance":
                self.form.addRow(label)
            self.form.addRow(box)
            self.answers[key] = box
        self.complete = QCheckBox("&Complete (ready for my portfolio)")
        self.form.addRow(self.complete)
        self.draft_hint = wrapped(DRAFT_HINT)  # shown while unticked: why the report would leave it out
        self.draft_hint.setAccessibleName("Draft accounts and reports")
        self.complete.toggled.connect(lambda done: self.draft_hint.setVisible(not done))
        self.form.addRow(self.draft_hint)
        from_reflection = QPushButton("Start from a &reflection…")
        from_reflection.clicked.connect(self.start_from_reflection)
        self.buttons.insertWidget(1, from_reflection)

    def load_records(self, database: Database) -> list[Account]:
        return CpdStore(database).accounts()

    def describe(self, record: Account) -> str:
        state = "complete" if record.complete else "draft, not in reports"
        return f"{day_text(record.day)} · {record.title} ({state})"

    def show_record(self, record: Account | None) -> None:
        account = record or Account(date.today(), "")
        self.day.setDate(qdate(account.day))
        self.title.setText(account.title)
        for key, box in self.answers.items():
            box.setPlainText(account.answers()[key])
        self.themes.set_keys(account.themes)
        self.complete.setChecked(account.complete)
        self.draft_hint.setVisible(not account.complete)
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
            day=pydate(self.day.date()),
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
        self.day = date_edit("Date of the discussion")
        self.name = QLineEdit()
        self.name.setAccessibleName("Other registrant's name")
        self.pin = QLineEdit()
        self.pin.setAccessibleName("Other registrant's PIN or registration number")
        self.email = QLineEdit()
        self.email.setAccessibleName("Other registrant's e-mail address")
        self.address = text_box("Other registrant's professional address", 3)
        self.notes = text_box("Notes on the discussion", 5)
        self.form.addRow(wrapped(
            "The NMC form asks for the other registrant's details; Reflect keeps them only for this record. "
            "The notes must not identify patients."
        ))
        self.form.addRow("D&ate:", self.day)
        self.form.addRow("Na&me:", self.name)
        self.form.addRow("&PIN:", self.pin)
        self.form.addRow("&E-mail:", self.email)
        self.form.addRow("Professional add&ress:", self.address)
        self.form.addRow("N&otes:", self.notes)
        from reflect.ui.pages.cpd.logs import CoveredAccounts  # builds on this module's RecordTab

        self.covered = CoveredAccounts(view)
        self.coverage = ""  # what the last save said about the accounts covered
        self.form.addRow("Acco&unts covered:", self.covered)

    def load_records(self, database: Database) -> list[Discussion]:
        store = CpdStore(database)
        self.covered.accounts = store.accounts()  # the accounts a discussion can cover, read on the worker too
        return store.discussions()

    def describe(self, record: Discussion) -> str:
        return f"{day_text(record.day)} · with {record.colleague_name}"

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
            day=pydate(self.day.date()),
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

    def saved_status(self, record: Discussion) -> str:
        return f"{super().saved_status(record)} {self.coverage}"

    def store_delete(self, record_id: str) -> None:
        self.view.cpd.delete_discussion(record_id)


