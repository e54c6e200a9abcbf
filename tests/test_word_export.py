"""Word exports: every file is opened with python-docx and its text and structure checked."""

from __future__ import annotations

import os
import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.table import Table

from reflect.cli import main
from reflect.cpd import Account, Activity, CpdStore, Discussion
from reflect.cpd_data import load_cpd_catalog
from reflect.data.db import Database
from reflect.frameworks import FrameworkCatalog, FrameworkError
from reflect.privacy import ScannerConfig
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.resources import resource_dir
from reflect.word.docx_writer import EMPTY, TICKED
from reflect.word.export import ExportError, IdentifiersFound, Sources, prepare, write
from reflect.word.layouts import load_layouts

NHS_NUMBER = "943 476 5919"  # valid check digit


@pytest.fixture
def cpd(database: Database) -> CpdStore:
    return CpdStore(database)


@pytest.fixture
def sources(cpd: CpdStore, store: ReflectionStore, catalog: FrameworkCatalog) -> Sources:
    return Sources(cpd, store, catalog, load_cpd_catalog(), load_layouts())


def _account(cpd: CpdStore, learned: str = "Silence gave them room to set the agenda.") -> Account:
    return cpd.save_account(Account(
        day=date(2025, 3, 4), title="Recovery-focused review",
        nature="A review in clinic.\n\nI used the Ten Top Tips afterwards.", learned=learned,
        changed="I now ask about goals first.", relevance="It keeps people at the centre of care.",
        themes=("nmc-code:prioritise-people", "nmc-code:preserve-safety"), complete=True,
    ))


def _headings(document: DocxDocument, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _under(document: DocxDocument, heading: str) -> list[str]:
    """The body paragraphs between a level-2 heading and the next heading."""
    texts: list[str] = []
    inside = False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            inside = paragraph.text == heading
        elif inside:
            texts.append(paragraph.text)
    return texts


def test_nmc_form_asks_the_scheme_files_questions_in_order_with_the_code_themes_ticked(
    sources: Sources, cpd: CpdStore, tmp_path: Path
) -> None:
    account = _account(cpd)
    out = write(prepare(sources, "account", account.id or ""), tmp_path / "account.docx", ScannerConfig())

    scheme = tomllib.loads((resource_dir() / "schemes" / "nmc.toml").read_text(encoding="utf-8"))
    code = tomllib.loads((resource_dir() / "schemes" / "codes" / "nmc-code.toml").read_text(encoding="utf-8"))
    document = Document(str(out))
    [table] = document.tables
    cells = [row.cells[0] for row in table.rows]
    assert [c.text for c in cells[0::2]] == [p["text"] for p in scheme["account_prompts"]]  # golden wording
    assert all(c.paragraphs[0].runs[0].bold for c in cells[0::2])
    assert [p.text for p in cells[1].paragraphs] == ["A review in clinic.", "I used the Ten Top Tips afterwards."]
    assert cells[3].text == account.learned and cells[5].text == account.changed
    ticked = {"prioritise-people", "preserve-safety"}
    assert [p.text for p in cells[7].paragraphs] == [
        f"{TICKED if t['id'] in ticked else EMPTY} {t['label']}" for t in code["themes"]
    ] + [account.relevance]
    assert _headings(document, 1) == ["Reflective accounts form"]
    assert any("must not" in p.text or "Do not include" in p.text for p in document.paragraphs)
    assert "Date: Tue 4 Mar 2025" in [p.text for p in document.paragraphs]
    assert document.core_properties.title == account.title and document.core_properties.author == ""
    [page] = document.sections
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)  # A4, ready to print


def _reflection(store: ReflectionStore, catalog: FrameworkCatalog) -> ReflectionRecord:
    framework = catalog.default()
    ratings = tuple(
        RatingEntry(item.id, "yes" if i else "partly", 2 if i else 1) for i, item in enumerate(framework.items)
    )
    return store.save(ReflectionRecord(
        occurred_at=datetime(2025, 1, 6, 10, 0), duration_min=45, setting="community", contact_type="review",
        modality="in-person", framework_id=framework.id, framework_version=framework.version, ratings=ratings,
    ))


def test_reflection_becomes_an_aomrc_note_with_its_template_sections_under_the_portfolio_questions(
    sources: Sources, cpd: CpdStore, store: ReflectionStore, catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    record = _reflection(store, catalog)
    template = sources.catalog.templates["what-so-what-now-what"]
    cpd.save_sections(record.id or "", template, {
        "what": "A first review at home.", "so-what": "Hope matters more than I thought.", "now-what": "Ask about goals.",
    })
    out = write(prepare(sources, "reflection", record.id or "", "aomrc"), tmp_path / "note.docx", ScannerConfig())

    document = Document(str(out))
    layout = tomllib.loads((resource_dir() / "portfolios" / "aomrc-reflective-note.toml").read_text(encoding="utf-8"))
    assert _headings(document, 2) == [s["heading"] for s in layout["sections"]]
    assert _headings(document, 1) == ["Reflective note: Reflection on a review, Mon 6 Jan 2025"]
    [happened, learned, differently] = [_under(document, s["heading"]) for s in layout["sections"]]
    assert happened[0].startswith("A 45-minute review (community") and happened[1] == "What? A first review at home."
    assert learned == ["So what? Hope matters more than I thought."]
    tip_one = catalog.default().items[0].label
    assert differently == ["Now what? Ask about goals.", f"Tips to work on: {tip_one}."]


def test_cpd_entry_and_discussion_become_fourteenfish_learning_notes(
    sources: Sources, cpd: CpdStore, tmp_path: Path
) -> None:
    activity = cpd.save_activity(Activity(
        day=date(2025, 2, 1), title="Supervision on risk formulation", method="supervision", hours=1.5,
        participatory=True, themes=("nmc-code:preserve-safety",), notes="Worked through a formulation together.",
    ))
    discussion = cpd.save_discussion(Discussion(
        day=date(2025, 5, 2), colleague_name="Sam Carter", colleague_pin="12A3456E",
        colleague_email="sam.carter@example.nhs.uk", notes="We talked through my five accounts.",
    ))
    first = write(prepare(sources, "activity", activity.id or "", "fourteenfish"), tmp_path / "a.docx", ScannerConfig())
    second = write(prepare(sources, "discussion", discussion.id or "", "fourteenfish"), tmp_path / "d.docx",
                   ScannerConfig())

    entry = Document(str(first))
    assert _headings(entry, 1) == ["Learning note: Supervision on risk formulation"]
    assert _headings(entry, 2) == ["What happened?", "What did you learn?", "What will you do differently?"]
    texts = [p.text for p in entry.paragraphs]
    assert "Type: Supervision" in texts and "Hours: 1.5 (participatory)" in texts and "Themes: Preserve safety" in texts
    assert _under(entry, "What happened?")[1] == "Worked through a formulation together."
    assert _under(entry, "What did you learn?") == [""]  # left for the user to write in
    record = Document(str(second))  # the colleague's PIN and e-mail are expected, not findings
    assert "Discussed with: Sam Carter" in [p.text for p in record.paragraphs]
    assert _under(record, "What happened?")[-1] == "We talked through my five accounts."


def test_a_finding_stops_the_export_until_it_is_accepted(sources: Sources, cpd: CpdStore, tmp_path: Path) -> None:
    account = _account(cpd, learned=f"Their NHS number {NHS_NUMBER} was on the letter.")
    content = prepare(sources, "account", account.id or "")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "account.docx"
    with pytest.raises(IdentifiersFound) as found:
        write(content, out, ScannerConfig())
    assert "NHS number" in str(found.value) and NHS_NUMBER not in str(found.value)
    assert list(folder.iterdir()) == []
    write(content, out, ScannerConfig(), allow_findings=True)
    assert NHS_NUMBER in Document(str(out)).tables[0].rows[3].cells[0].text


def test_names_listed_in_settings_are_findings_in_titles_too(sources: Sources, cpd: CpdStore, tmp_path: Path) -> None:
    account = cpd.save_account(Account(day=date(2025, 3, 4), title="Review with Jo Bloggs", nature="A review."))
    with pytest.raises(IdentifiersFound, match="the title"):
        write(prepare(sources, "account", account.id or ""), tmp_path / "a.docx", ScannerConfig(names=["Jo Bloggs"]))


def test_copy_text_follows_the_portfolio_order(sources: Sources, cpd: CpdStore) -> None:
    account = _account(cpd)
    text = prepare(sources, "account", account.id or "", "aomrc").plain_text()
    order = [text.index(part) for part in (
        account.title, "What happened?", "A review in clinic.", "What did you learn?", account.learned,
        "What will you do differently?", account.changed,
    )]
    assert order == sorted(order)
    form = prepare(sources, "account", account.id or "").plain_text()
    assert "[x] Prioritise people" in form and "[ ] Practise effectively" in form


def test_wrong_requests_are_one_sentence(sources: Sources, cpd: CpdStore, tmp_path: Path) -> None:
    account = _account(cpd)
    with pytest.raises(ExportError, match="There is no CPD entry with the id nope"):
        prepare(sources, "activity", "nope")
    with pytest.raises(ExportError, match="can be exported as aomrc, fourteenfish, not 'nmc'"):
        prepare(sources, "activity", "nope", "nmc")
    with pytest.raises(ExportError, match="does not end in .docx"):
        write(prepare(sources, "account", account.id or ""), tmp_path / "a.pdf", ScannerConfig())


def test_a_layout_file_with_an_unknown_answer_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "portfolios"
    folder.mkdir()
    for file in (resource_dir() / "portfolios").glob("*.toml"):
        (folder / file.name).write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    broken = folder / "aomrc-reflective-note.toml"
    broken.write_text(broken.read_text(encoding="utf-8").replace('fills = "learned"', 'fills = "feelings"'),
                      encoding="utf-8")
    with pytest.raises(FrameworkError, match=r"aomrc-reflective-note.toml: sections\[2\].fills: must be one of"):
        load_layouts(tmp_path)


def test_command_line_exports_an_account_and_refuses_findings(
    database: Database, cpd: CpdStore, paths: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _account(cpd)
    flagged = _account(cpd, learned=f"NHS number {NHS_NUMBER}.")
    database.close()
    out = tmp_path / "account.docx"

    assert main(["export", "account", good.id or "", "--format", "docx", "--out", str(out)]) == 0
    assert "Wrote “Recovery-focused review” (Reflective accounts form)" in capsys.readouterr().out
    assert Document(str(out)).tables[0].rows[3].cells[0].text == good.learned

    refused = tmp_path / "flagged.docx"
    assert main(["export", "account", flagged.id or "", "--format", "docx", "--out", str(refused)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "--allow-identifiers" in error and "Traceback" not in error
    assert not refused.exists()
    argv = ["export", "account", flagged.id or "", "--format", "docx", "--out", str(refused), "--allow-identifiers"]
    assert main(argv) == 0 and refused.is_file()

    note = tmp_path / "note.docx"
    assert main(["export", "account", good.id or "", "--format", "docx", "--layout", "fourteenfish",
                 "--out", str(note)]) == 0
    assert _headings(Document(str(note)), 1) == ["Learning note: Recovery-focused review"]


@pytest.mark.parametrize(("argv", "message"), [
    (["export", "--format", "docx", "--out", "x.docx"], "Name the record for --format docx"),
    (["export", "account", "--format", "docx", "--out", "x.docx"], "Name the record for --format docx"),
    (["export", "account", "abc", "--format", "json", "--out", "x.json"], "One record is exported with --format docx"),
    (["export", "account", "abc", "--format", "docx", "--out", "x.docx"], "There is no reflective account"),
    (["export", "reflection", "abc", "--format", "docx", "--out", "missing/x.docx"], "does not exist"),
])
def test_command_line_mistakes_are_one_sentence(
    argv: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert not (tmp_path / "x.docx").exists()


GOLDEN = Path(__file__).parent / "data" / "golden" / "nmc-reflective-account.txt"


def _document_text(document: DocxDocument) -> str:
    """Every paragraph and table cell in document order, a table row per line prefixed by "| "."""
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += ["| " + " / ".join(p.text for p in row.cells[0].paragraphs) for row in block.rows]
        else:
            lines.append(f"[{block.style.name}] {block.text}")
    return "\n".join(lines) + "\n"


def test_nmc_form_matches_the_golden_file_and_its_questions_match_the_scheme(
    sources: Sources, cpd: CpdStore, tmp_path: Path
) -> None:
    """The golden file is the whole form for a synthetic account; regenerate it with REFLECT_GOLDEN=write."""
    account = _account(cpd)
    out = write(prepare(sources, "account", account.id or ""), tmp_path / "account.docx", ScannerConfig())
    text = _document_text(Document(str(out)))
    if os.environ.get("REFLECT_GOLDEN") == "write":
        GOLDEN.write_text(text, encoding="utf-8")
    golden = GOLDEN.read_text(encoding="utf-8")
    assert text == golden
    scheme = tomllib.loads((resource_dir() / "schemes" / "nmc.toml").read_text(encoding="utf-8"))
    rows = [line[2:] for line in golden.splitlines() if line.startswith("| ")]
    assert rows[0::2] == [p["text"] for p in scheme["account_prompts"]]
