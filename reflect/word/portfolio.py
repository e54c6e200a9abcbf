"""What a portfolio export says, in the portfolio's order, before any file format.

Every record becomes the three answers a reflective account gives (what happened, what
was learned, what changes) plus a few details; a note layout orders those answers under
its headings and the NMC form puts them under the scheme's questions. The Word writer,
the clipboard text and the identifier scan all read the same content, so what is scanned
is exactly what leaves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from reflect.cpd import METHODS, Account, Activity, Discussion, account_from_activity, account_from_reflection
from reflect.cpd_data import CpdCatalog, ReflectionTemplate
from reflect.frameworks import Framework
from reflect.privacy import KIND_EMAIL, KIND_RECORD
from reflect.records import ReflectionRecord
from reflect.vocabulary import CONTACT_TYPES, SETTINGS, label
from reflect.word.layouts import AccountForm, NoteLayout
from reflect.wording import day_text

if TYPE_CHECKING:
    from reflect.supervision.practitioner import SessionLearning  # reportlab: loaded only for supervision entries


@dataclass(frozen=True)
class Answers:
    """A record's answers by reflective account prompt id, with its heading details."""

    title: str
    day: date
    nature: str
    learned: str = ""
    changed: str = ""
    details: tuple[tuple[str, str], ...] = ()  # (label, value) shown under the title
    # detail labels whose value is meant to hold a kind of identifier (a colleague's PIN, e-mail)
    expected: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def answer(self, prompt_id: str) -> str:
        return {"nature": self.nature, "learned": self.learned, "changed": self.changed}[prompt_id]


@dataclass(frozen=True)
class Content:
    """A document's text in order: title, details, then (heading, text) sections."""

    title: str
    kicker: str  # the form or note it follows, e.g. "Reflective note"
    details: tuple[tuple[str, str], ...]
    sections: tuple[tuple[str, str], ...]
    themes: tuple[tuple[str, bool], ...] = ()  # NMC form only: each Code theme and whether it is ticked
    note: str = ""
    expected: Mapping[str, frozenset[str]] = field(default_factory=dict)
    form: str = "note"  # or "nmc-account": the NMC form's table layout

    def fields(self) -> list[tuple[str, str]]:
        """Every piece of user text in the document as (place, text), for `privacy.scan_fields`."""
        return [
            ("the title", self.title),
            *self.details,
            *((f"“{heading}”", text) for heading, text in self.sections),
        ]

    def plain_text(self) -> str:
        """The document as plain text in the same order, for pasting into a portfolio's form."""
        lines = [self.title, ""]
        lines += [f"{label}: {value}" for label, value in self.details]
        for index, (heading, text) in enumerate(self.sections, 1):
            lines += ["", heading]
            if index == len(self.sections):
                lines += [f"[{'x' if ticked else ' '}] {theme}" for theme, ticked in self.themes]
            lines.append(text.strip())
        return "\n".join(lines).rstrip() + "\n"


def _day(value: date) -> str:
    return day_text(value)


def account_answers(account: Account, catalog: CpdCatalog) -> Answers:
    themes = ", ".join(catalog.theme_label(t) for t in account.themes)
    details = (("Date", _day(account.day)),) + ((("Themes of the Code", themes),) if themes else ())
    return Answers(account.title, account.day, account.nature, account.learned, account.changed, details)


def reflection_answers(
    record: ReflectionRecord,
    framework: Framework,
    template: ReflectionTemplate | None = None,
    sections: Mapping[str, str] | None = None,
) -> Answers:
    """The reflection's session, its template sections or text, and the tips it rated lower."""
    account = account_from_reflection(record, framework, template, sections)
    details = (
        ("Date", _day(record.occurred_at.date())),
        ("Session", f"{label(CONTACT_TYPES, record.contact_type)}, {label(SETTINGS, record.setting).lower()}"),
    )
    return Answers(account.title, account.day, account.nature, account.learned, account.changed, details)


def activity_answers(activity: Activity, catalog: CpdCatalog, supervision: SessionLearning | None = None) -> Answers:
    """A CPD entry: what it was is what happened; learning and change are for the user to add.

    A supervision entry's learning is what the supervisor noted and said, and its change the actions agreed.
    """
    details = [
        ("Date", _day(activity.day)),
        ("Type", METHODS.get(activity.method, activity.method)),
        ("Hours", f"{activity.hours:g}" + (" (participatory)" if activity.participatory else "")),
    ]
    if activity.themes:
        details.append(("Themes", ", ".join(catalog.theme_label(t) for t in activity.themes)))
    nature = account_from_activity(activity).nature
    if supervision is None:
        return Answers(activity.title, activity.day, nature, details=tuple(details))
    learned = "\n\n".join(supervision.comments)
    changed = "\n\n".join(f"Agreed action: {action}" for action in supervision.actions)
    return Answers(activity.title, activity.day, nature, learned, changed, tuple(details))


def discussion_answers(discussion: Discussion) -> Answers:
    """A reflective discussion (supervision) record: the colleague's details are expected there."""
    nature = "A reflective discussion about my written reflective accounts with another NMC registrant."
    if discussion.notes:
        nature += f"\n\n{discussion.notes}"
    details = (
        ("Date", _day(discussion.day)),
        ("Discussed with", discussion.colleague_name),
        ("Their NMC PIN", discussion.colleague_pin),
        ("Their e-mail", discussion.colleague_email),
    )
    expected = {"Their NMC PIN": frozenset({KIND_RECORD}), "Their e-mail": frozenset({KIND_EMAIL})}
    return Answers(f"Reflective discussion, {_day(discussion.day)}", discussion.day, nature, details=details,
                   expected=expected)


def note(answers: Answers, layout: NoteLayout) -> Content:
    """The answers under a portfolio note's headings, in its order."""
    sections = tuple((s.heading, answers.answer(s.fills)) for s in layout.sections)
    return Content(answers.title, layout.title, answers.details, sections, expected=answers.expected)


def nmc_form(account: Account, form: AccountForm, catalog: CpdCatalog) -> Content:
    """The account under the scheme's four questions, with every theme of the Code listed and ticked or not."""
    scheme = catalog.schemes[form.scheme]
    code = catalog.codes[scheme.code]
    answers = account.answers()
    sections = tuple((question, answers[prompt_id]) for prompt_id, question in scheme.account_prompts)
    themes = tuple((theme.label, code.key(theme) in account.themes) for theme in code.themes)
    return Content(
        account.title, form.title, (("Date", _day(account.day)),), sections, themes, form.note, form="nmc-account"
    )
