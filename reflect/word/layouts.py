"""Portfolio layouts, loaded from ``resources/portfolios``.

A portfolio's headings and their order are data, like checklists and schemes, so a
portfolio that rewords its form is followed by editing a file. Each note section says
which reflective account answer (``nature``, ``learned``, ``changed``) fills it; the NMC
form names the scheme whose ``account_prompts`` hold its questions. Every file is checked
on load; a problem raises FrameworkError naming the file and field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reflect.cpd_data import ACCOUNT_PROMPT_IDS
from reflect.frameworks import FrameworkError
from reflect.resources import resource_dir

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


def _text(data: dict[str, Any], key: str, where: str, file: Path) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(file, f"{where}{key}", "must be non-empty text")
    return value.strip()


def _note(data: dict[str, Any], file: Path) -> NoteLayout:
    tables = data.get("sections")
    if not isinstance(tables, list) or not tables or not all(isinstance(t, dict) for t in tables):
        raise FrameworkError(file, "sections", "must be a list of [[sections]] tables")
    sections = []
    for index, table in enumerate(tables, 1):
        where = f"sections[{index}]."
        fills = _text(table, "fills", where, file)
        if fills not in NOTE_FILLS:
            raise FrameworkError(file, f"{where}fills", f"must be one of {', '.join(NOTE_FILLS)}")
        sections.append(NoteSection(_text(table, "id", where, file), _text(table, "heading", where, file), fills))
    if len({s.id for s in sections}) != len(sections):
        raise FrameworkError(file, "sections.id", "must be unique")
    return NoteLayout(
        _text(data, "id", "", file), _text(data, "title", "", file), _text(data, "name", "", file),
        _text(data, "source", "", file), tuple(sections),
    )


def _account_form(data: dict[str, Any], file: Path) -> AccountForm:
    return AccountForm(*(_text(data, key, "", file) for key in ("id", "title", "name", "source", "scheme", "note")))


def load_layouts(root: Path | None = None) -> Layouts:
    """Read every layout under ``root/portfolios`` (the bundled resources by default)."""
    folder = (root or resource_dir()) / FOLDER
    notes: dict[str, NoteLayout] = {}
    forms: list[AccountForm] = []
    for file in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise FrameworkError(file, "(file)", f"cannot be read ({exc})") from exc
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
