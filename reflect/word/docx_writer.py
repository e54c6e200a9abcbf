"""Write portfolio content as a Word document (python-docx).

A note is a heading, its details and one Word heading per portfolio question, so it can
be pasted section by section or uploaded as it is. The NMC form follows the NMC's Word
template: one bordered table, each question in bold above its answer, and the Code's
themes as ticked or empty boxes. The document's properties carry the title only (python-docx's
template would otherwise name "python-docx" as its author), and pages are A4, as UK
portfolios and printers expect (the template's default is US Letter).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Mm, Pt

from reflect.files import write_atomically
from reflect.word.portfolio import Content

TICKED, EMPTY = "☒", "☐"


def _blank_document(title: str) -> DocxDocument:
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = properties.comments = ""
    properties.keywords = properties.subject = properties.category = ""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(25)
    return document


def _paragraphs(container: object, text: str) -> None:
    """One Word paragraph per paragraph of the text (an empty answer stays an empty line to write in)."""
    parts = [p.strip() for p in text.strip().split("\n\n")] or [""]
    for part in parts:
        container.add_paragraph(part)  # type: ignore[attr-defined]


def _details(document: DocxDocument, content: Content) -> None:
    for label, value in content.details:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)


def note_document(content: Content) -> DocxDocument:
    document = _blank_document(content.title)
    document.add_heading(f"{content.kicker}: {content.title}", level=1)
    _details(document, content)
    for heading, text in content.sections:
        document.add_heading(heading, level=2)
        _paragraphs(document, text)
    return document


def form_document(content: Content) -> DocxDocument:
    """The NMC layout: the form's title, its note, then a one-column table of questions and answers."""
    document = _blank_document(content.title)
    document.add_heading(content.kicker, level=1)
    document.add_paragraph(content.note).runs[0].italic = True
    _details(document, content)
    document.add_paragraph().add_run(content.title).bold = True
    table = document.add_table(rows=0, cols=1)
    table.style = "Table Grid"
    for index, (question, answer) in enumerate(content.sections):
        question_cell = table.add_row().cells[0]
        question_cell.paragraphs[0].add_run(question).bold = True
        answer_cell = table.add_row().cells[0]
        answer_cell.paragraphs[0].text = ""
        last = index == len(content.sections) - 1
        if last and content.themes:
            first = answer_cell.paragraphs[0]
            for number, (theme, ticked) in enumerate(content.themes):
                paragraph = first if number == 0 else answer_cell.add_paragraph()
                paragraph.add_run(f"{TICKED if ticked else EMPTY} {theme}").font.size = Pt(11)
            if answer.strip():
                _paragraphs(answer_cell, answer)
        else:
            parts = [p.strip() for p in answer.strip().split("\n\n")]
            answer_cell.paragraphs[0].text = parts[0]
            for part in parts[1:]:
                answer_cell.add_paragraph(part)
    return document


def write_docx(content: Content, path: Path) -> Path:
    """Write the document next to ``path`` and move it into place, so a failure leaves no half file."""
    document = form_document(content) if content.form == "nmc-account" else note_document(content)
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomically(path, buffer.getvalue())  # owner-only, fsynced, renamed into place
    return path
