"""Portfolio layouts, loaded from ``resources/portfolios``.

A portfolio's headings and their order are data, like checklists and schemes, so a
portfolio that rewords its form is followed by editing a file. Each note section says
which reflective account answer (``nature``, ``learned``, ``changed``) fills it; the NMC
form names the scheme whose ``account_prompts`` hold its questions. Every file is checked
on load; a problem raises FrameworkError naming the file and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect.cpd_data import ACCOUNT_PROMPT_IDS
from reflect.resources import resource_dir
from reflect.toml_schema import FrameworkError, choice, read_toml, tables, text, unique

FOLDER = "portfolios"
NOTE_FILLS = ACCOUNT_PROMPT_IDS[:3]  # the Code question has no place in a note
FORMS = ("note", "nmc-account")


@dataclass(frozen=True)
class NoteSection:
    id: str
    heading: str
    fills: str  # one of NOTE_FILLS


@dataclass(frozen=True)
class NoteLayout:
    """A portfolio's reflective or learning note: a title and headings in order."""

    id: str
    title: str
    name: str  # how the layout is offered, e.g. "AoMRC reflective note"
    source: str
    sections: tuple[NoteSection, ...]


@dataclass(frozen=True)
class AccountForm:
    """The NMC reflective accounts form's frame; its questions come from ``scheme``."""

    id: str
    title: str
    name: str
    source: str
    scheme: str
    note: str


@dataclass(frozen=True)
class Layouts:
    notes: dict[str, NoteLayout]
    account_form: AccountForm




def _note(data: dict[str, Any], file: Path) -> NoteLayout:
    sections = []
    for index, table in enumerate(tables(data, "sections", "", file), 1):
        where = f"sections[{index}]."
        fills = choice(table, "fills", where, file, NOTE_FILLS)
        sections.append(NoteSection(text(table, "id", where, file), text(table, "heading", where, file), fills))
    unique([s.id for s in sections], "sections", file)
    return NoteLayout(
        text(data, "id", "", file), text(data, "title", "", file), text(data, "name", "", file),
        text(data, "source", "", file), tuple(sections),
    )


def _account_form(data: dict[str, Any], file: Path) -> AccountForm:
    return AccountForm(*(text(data, key, "", file) for key in ("id", "title", "name", "source", "scheme", "note")))


def load_layouts(root: Path | None = None) -> Layouts:
    """Read every layout under ``root/portfolios`` (the bundled resources by default)."""
    folder = (root or resource_dir()) / FOLDER
    notes: dict[str, NoteLayout] = {}
    forms: list[AccountForm] = []
    for file in sorted(folder.glob("*.toml")):
        data = read_toml(file)
        form = data.get("form")
        if form not in FORMS:
            raise FrameworkError(file, "form", f"must be one of {', '.join(FORMS)}")
        if form == "note":
            layout = _note(data, file)
            if layout.id in notes:
                raise FrameworkError(file, "id", f"{layout.id!r} is used by another layout")
            notes[layout.id] = layout
        else:
            forms.append(_account_form(data, file))
    if len(forms) != 1 or not notes:
        raise FrameworkError(folder, "(folder)", "needs one nmc-account form and at least one note layout")
    return Layouts(notes, forms[0])
