"""Reflection templates, professional codes and revalidation schemes, loaded from data files.

Like checklists, these are data (``resources/templates``, ``resources/schemes`` and
``resources/schemes/codes``) so wording and regulators' numbers can be corrected without
touching code. Every file is validated on load; a problem raises FrameworkError naming
the file, the field and what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reflect.frameworks import load_user_files
from reflect.paths import DataPaths
from reflect.resources import resource_dir
from reflect.toml_schema import FrameworkError, by_id, choice, number, read_toml, tables, text, texts, unique
from reflect.wording import day_text

MEASURES: dict[str, str] = {
    "cpd_total": "all CPD",
    "cpd_participatory": "participatory CPD",
    "cpd_clinical": "clinical CPD",
    "reflective_accounts": "completed reflective accounts",
    "reflective_discussions": "reflective discussions covering five accounts",
    "cpd_other": "non-clinical CPD",
    "practice_hours": "practice hours",
    "practice_feedback": "pieces of practice-related feedback",
    "confirmation": "confirmations",
    "peer_group_meetings": "peer group meetings",
    "pdp_agreed": "development plans agreed with the peer group",
}
PERIODS = ("cycle", "year")
UNITS = ("hours", "credits")
# the NMC reflective account form's prompts, in the order of the form, by id
ACCOUNT_PROMPT_IDS = ("nature", "learned", "changed", "relevance")
ACCOUNT_SCHEME_ID = "nmc"


@dataclass(frozen=True)
class Section:
    id: str
    label: str
    prompt: str
    account: str = ""  # the reflective account prompt (ACCOUNT_PROMPT_IDS) this section helps fill


@dataclass(frozen=True)
class ReflectionTemplate:
    """A structure for a reflection's free text, e.g. Gibbs' cycle."""

    id: str
    title: str
    source: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Theme:
    id: str  # unique within its code; stored as "code:theme"
    label: str


@dataclass(frozen=True)
class Code:
    """A professional code whose themes CPD is mapped to (NMC Code, GMC Good medical practice)."""

    id: str
    title: str
    source: str
    themes: tuple[Theme, ...]

    def key(self, theme: Theme) -> str:
        return f"{self.id}:{theme.id}"


@dataclass(frozen=True)
class RuleSource:
    """Where a scheme's rule comes from, so it can be checked and corrected."""

    document: str
    paragraph: str
    checked: date  # when someone last checked the rule against the document

    def describe(self) -> str:
        return f"{self.document}, {self.paragraph} (checked {day_text(self.checked)})"


@dataclass(frozen=True)
class Target:
    id: str
    label: str
    measure: str  # one of MEASURES
    amount: float
    per: str  # "cycle" or "year" (a year of the cycle, from its start date)
    source: RuleSource


@dataclass(frozen=True)
class Scheme:
    """A revalidation or appraisal scheme: cycle length, unit and targets."""

    id: str
    title: str
    source: str
    cycle_years: int
    unit: str
    credits_per_hour: float
    code: str
    note: str
    targets: tuple[Target, ...]
    account_prompts: tuple[tuple[str, str], ...] = ()  # (id, text) of the reflective account form
    trainee_note: str = ""  # shown when the practitioner's role is a trainee
    not_tracked: tuple[str, ...] = ()  # requirements Reflect does not record, listed plainly in the CPD PDF












def _rule_source(entry: dict[str, Any], where: str, file: Path) -> RuleSource:
    raw = entry.get("source")
    if not isinstance(raw, dict):
        raise FrameworkError(file, f"{where}source", "is missing (a table with document, paragraph and checked)")
    checked = raw.get("checked")
    if isinstance(checked, str):
        try:
            checked = date.fromisoformat(checked)
        except ValueError:
            checked = None
    if not isinstance(checked, date) or isinstance(checked, datetime):
        raise FrameworkError(file, f"{where}source.checked", "must be a date such as 2026-11-30")
    return RuleSource(text(raw, "document", f"{where}source.", file), text(raw, "paragraph", f"{where}source.", file),
                      checked)


def load_template(path: Path) -> ReflectionTemplate:
    raw = read_toml(path)
    sections: list[Section] = []
    for i, entry in enumerate(tables(raw, "sections", "", path)):
        where = f"sections[{i}]."
        account = text(entry, "account", where, path, required=False)
        if account and account not in ACCOUNT_PROMPT_IDS:
            raise FrameworkError(path, f"{where}account", f"must be one of {', '.join(ACCOUNT_PROMPT_IDS)}")
        sections.append(
            Section(text(entry, "id", where, path), text(entry, "label", where, path),
                    text(entry, "prompt", where, path), account)
        )
    unique([s.id for s in sections], "sections", path)
    return ReflectionTemplate(
        text(raw, "id", "", path), text(raw, "title", "", path), text(raw, "source", "", path), tuple(sections)
    )


def load_code(path: Path) -> Code:
    raw = read_toml(path)
    themes = tuple(
        Theme(text(entry, "id", f"themes[{i}].", path), text(entry, "label", f"themes[{i}].", path))
        for i, entry in enumerate(tables(raw, "themes", "", path))
    )
    unique([t.id for t in themes], "themes", path)
    return Code(text(raw, "id", "", path), text(raw, "title", "", path), text(raw, "source", "", path), themes)


def load_scheme(path: Path, code_ids: set[str]) -> Scheme:
    raw = read_toml(path)
    targets = tuple(
        Target(
            id=text(entry, "id", f"targets[{i}].", path),
            label=text(entry, "label", f"targets[{i}].", path),
            measure=choice(entry, "measure", f"targets[{i}].", path, tuple(MEASURES)),
            amount=number(entry, "amount", f"targets[{i}].", path),
            per=choice(entry, "per", f"targets[{i}].", path, PERIODS),
            source=_rule_source(entry, f"targets[{i}].", path),
        )
        for i, entry in enumerate(tables(raw, "targets", "", path))
    )
    unique([t.id for t in targets], "targets", path)
    code = text(raw, "code", "", path)
    if code not in code_ids:
        raise FrameworkError(path, "code", f"refers to unknown code {code!r}")
    prompts = tuple(
        (text(entry, "id", f"account_prompts[{i}].", path), text(entry, "text", f"account_prompts[{i}].", path))
        for i, entry in enumerate(tables(raw, "account_prompts", "", path, required=False))
    )
    if prompts and tuple(p[0] for p in prompts) != ACCOUNT_PROMPT_IDS:
        raise FrameworkError(path, "account_prompts", f"must have the ids {', '.join(ACCOUNT_PROMPT_IDS)} in order")
    return Scheme(
        id=text(raw, "id", "", path),
        title=text(raw, "title", "", path),
        source=text(raw, "source", "", path),
        cycle_years=int(number(raw, "cycle_years", "", path, whole=True)),
        unit=choice(raw, "unit", "", path, UNITS),
        credits_per_hour=float(number(raw, "credits_per_hour", "", path)),
        code=code,
        note=text(raw, "note", "", path, required=False),
        targets=targets,
        account_prompts=prompts,
        trainee_note=text(raw, "trainee_note", "", path, required=False),
        not_tracked=texts(raw, "not_tracked", path),
    )






@dataclass(frozen=True)
class CpdCatalog:
    """Everything the CPD features read from data files, by id."""

    templates: dict[str, ReflectionTemplate]
    codes: dict[str, Code]
    schemes: dict[str, Scheme]

    def theme_label(self, key: str) -> str:
        """'nmc-code:preserve-safety' → 'Preserve safety'; an unknown key is shown as is."""
        code_id, _, theme_id = key.partition(":")
        code = self.codes.get(code_id)
        theme = next((t for t in code.themes if t.id == theme_id), None) if code else None
        return theme.label if theme else key

    def account_prompts(self) -> tuple[tuple[str, str], ...]:
        return self.schemes[ACCOUNT_SCHEME_ID].account_prompts


def load_templates(root: Path | None = None, user: DataPaths | None = None) -> dict[str, ReflectionTemplate]:
    """Only the reflection templates: what the checklist needs at start-up.

    With ``user``, the data folder's ``templates/`` may add templates (a bad file is skipped).
    """
    root = root or resource_dir()
    built_in = by_id([load_template(p) for p in sorted((root / "templates").glob("*.toml"))], root / "templates")
    mine, _errors = load_user_files(user.user_templates if user else None, load_template, built_in, "template")
    return {**built_in, **mine}


def load_cpd_catalog(root: Path | None = None, user: DataPaths | None = None) -> CpdCatalog:
    """Load templates, codes and schemes from `root` (the bundled resources by default).

    A broken built-in file is a packaging bug, so it raises rather than being skipped.
    With ``user``, the data folder's ``templates/`` and ``schemes/`` may add files of their own
    (schemes refer to the built-in codes); a bad one is skipped with a message.
    """
    root = root or resource_dir()
    templates = load_templates(root, user)
    codes = by_id([load_code(p) for p in sorted((root / "schemes" / "codes").glob("*.toml"))], root / "schemes")
    schemes = by_id(
        [load_scheme(p, set(codes)) for p in sorted((root / "schemes").glob("*.toml"))], root / "schemes"
    )
    mine, _errors = load_user_files(
        user.user_schemes if user else None, lambda p: load_scheme(p, set(codes)), schemes, "scheme"
    )
    schemes.update(mine)
    if ACCOUNT_SCHEME_ID not in schemes or not schemes[ACCOUNT_SCHEME_ID].account_prompts:
        raise FrameworkError(root / "schemes" / f"{ACCOUNT_SCHEME_ID}.toml", "account_prompts", "is missing")
    return CpdCatalog(templates, codes, schemes)
