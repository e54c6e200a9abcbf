"""Portfolio exports of one record, shared by the command line and the CPD page.

``prepare`` finds the record and builds its content; ``identifier_problems`` is the one
place an export is scanned, over exactly the text that will leave; ``write`` refuses when
there are findings the user has not accepted. Nothing is written until all of that has
passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reflect.cpd import CpdStore, NotFound
from reflect.cpd_data import CpdCatalog
from reflect.errors import UserError
from reflect.frameworks import FrameworkCatalog
from reflect.privacy import FieldProblem, ScannerConfig, scan_fields
from reflect.records import NotFound as ReflectionNotFound
from reflect.reflections import ReflectionStore
from reflect.word import RECORD_KINDS, portfolio
from reflect.word.layouts import Layouts

KINDS: dict[str, str] = dict(
    zip(RECORD_KINDS, ("reflective account", "reflection", "CPD entry", "reflective discussion record"), strict=True)
)
NMC_FORM = "nmc"  # the account-only layout: the NMC reflective accounts form


class ExportError(UserError):
    """The export cannot be made as asked; one sentence for the user."""


class IdentifiersFound(ExportError):
    """The scan found something and the user has not said to export anyway."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        listed = "; ".join(p.describe() for p in problems)
        super().__init__(f"Reflect found {listed}; nothing was written.")


@dataclass(frozen=True)
class Sources:
    """Where records and their wording come from."""

    cpd: CpdStore
    reflections: ReflectionStore
    frameworks: FrameworkCatalog
    catalog: CpdCatalog
    layouts: Layouts

    def layout_ids(self, kind: str) -> tuple[str, ...]:
        """The layouts a kind of record can be exported in; the first is the default."""
        notes = tuple(self.layouts.notes)
        return (NMC_FORM, *notes) if kind == "account" else notes


def _answers(sources: Sources, kind: str, record_id: str) -> portfolio.Answers:
    if kind == "account":
        return portfolio.account_answers(sources.cpd.get_account(record_id), sources.catalog)
    if kind == "activity":
        from reflect.supervision.practitioner import SupervisionStore  # reportlab loads only for this kind

        learning = SupervisionStore(sources.cpd.database).learning_for_activity(record_id)
        return portfolio.activity_answers(sources.cpd.get_activity(record_id), sources.catalog, learning)
    if kind == "discussion":
        found = [d for d in sources.cpd.discussions() if d.id == record_id]
        if not found:
            raise NotFound(record_id)
        return portfolio.discussion_answers(found[0])
    record = sources.reflections.get(record_id)
    framework = sources.frameworks.get(record.framework_id) or sources.frameworks.default()
    template_id, texts = sources.cpd.sections(record_id)
    return portfolio.reflection_answers(record, framework, sources.catalog.templates.get(template_id), texts)


def prepare(sources: Sources, kind: str, record_id: str, layout_id: str | None = None) -> portfolio.Content:
    """The content of one record in a layout (default: the NMC form for an account, else the first note)."""
    if kind not in KINDS:
        raise ExportError(f"{kind!r} cannot be exported; choose one of {', '.join(KINDS)}.")
    allowed = sources.layout_ids(kind)
    layout_id = layout_id or allowed[0]
    if layout_id not in allowed:
        raise ExportError(f"A {KINDS[kind]} can be exported as {', '.join(allowed)}, not {layout_id!r}.")
    if layout_id == NMC_FORM:
        try:
            account = sources.cpd.get_account(record_id)
        except NotFound:
            raise ExportError(f"There is no reflective account with the id {record_id}.") from None
        return portfolio.nmc_form(account, sources.layouts.account_form, sources.catalog)
    try:
        answers = _answers(sources, kind, record_id)
    except (NotFound, ReflectionNotFound):
        raise ExportError(f"There is no {KINDS[kind]} with the id {record_id}.") from None
    return portfolio.note(answers, sources.layouts.notes[layout_id])


def identifier_problems(content: portfolio.Content, config: ScannerConfig) -> list[FieldProblem]:
    """The identifier scan of everything the document holds (the one scan call for exports)."""
    return scan_fields(content.fields(), config, content.expected)


def check_destination(out: Path) -> None:
    """Refuse a folder, a missing folder or another extension before any work is done."""
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name ending in .docx.")
    if not out.parent.is_dir():
        raise ExportError(f"The folder {out.parent} does not exist; choose an existing folder.")
    if out.suffix.lower() != ".docx":
        raise ExportError(f"{out.name} does not end in .docx; give the Word file a .docx name.")


def save(content: portfolio.Content, out: Path) -> Path:
    """Write content already scanned (and any findings confirmed) as a Word file."""
    from reflect.word.docx_writer import write_docx  # python-docx loads only when a file is written

    check_destination(out)
    return write_docx(content, out)


def write(content: portfolio.Content, out: Path, config: ScannerConfig, allow_findings: bool = False) -> Path:
    """Scan, then write the Word file; findings stop it unless the user accepted them."""
    check_destination(out)
    problems = identifier_problems(content, config)
    if problems and not allow_findings:
        raise IdentifiersFound(problems)
    return save(content, out)
