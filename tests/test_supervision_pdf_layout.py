"""The supervision PDF's sections flow on instead of each starting a page (issue 16, as the CPD PDF).

A section starts a new page only when it does not fit, every heading stays with what it heads,
and the per-tip table is not cut in two: the same fixed demo data takes fewer pages than one
page per section, and no page ends on a heading.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Any

import pypdf
import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from reflect import demo
from reflect.frameworks import FrameworkCatalog, load_catalog
from reflect.records import ReflectionRecord
from reflect.reports.pdf import MARGIN, PAGE
from reflect.reports.supervision import ReportData, ReportRequest, build_supervision_report, report_content
from reflect.reports.supervision_sections import report_story
from reflect.settings import Settings

TODAY = date(2025, 6, 30)
REQUEST = ReportRequest(date(2025, 1, 1), TODAY, include_ids=("shared",))
SECTIONS = ("Sessions in the period", "Per-tip figures", "Tips by period", "Grouping roll-ups",
            "Strengths and development areas", "Prompts for supervision", "Reflections included by the practitioner")


@pytest.fixture(scope="module")
def catalog() -> FrameworkCatalog:
    return load_catalog()


@pytest.fixture(scope="module")
def records(catalog: FrameworkCatalog) -> list[ReflectionRecord]:
    made = list(demo.generate(catalog.default(), 1650, TODAY, seed=3))
    made[-40] = replace(made[-40], id="shared", text="Talked through the allotment plan and the walking group.")
    return made


SETTINGS = Settings(practitioner_name="Dr Sam Example", practitioner_role="Community mental health nurse")


def test_the_sections_share_pages(records: list[ReflectionRecord], catalog: FrameworkCatalog) -> None:
    pdf = build_supervision_report(records, catalog, SETTINGS, REQUEST, generated=TODAY)
    pages = [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    tops = pages[1:]  # each page's text starts with what is at its top (the running header comes last)
    # one page per section started six of the seven at the top of a page, only "Tips by period" flowing on
    at_top = [title for title in SECTIONS if any(top.startswith(title) for top in tops)]
    assert len(at_top) <= 4, at_top
    assert len(pages) - 1 <= len(SECTIONS) - 2, len(pages)


class _Pages(SimpleDocTemplate):
    """The report's page geometry, noting which flowables land on which page."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=17 * mm,
                         bottomMargin=18 * mm)
        self.placed: list[tuple[int, Flowable]] = []

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (reportlab API)
        self.placed.append((self.page, flowable))


def _heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2")


def test_no_page_ends_on_a_heading(
    records: list[ReflectionRecord], catalog: FrameworkCatalog
) -> None:
    content = report_content(ReportData.of(records), catalog, SETTINGS, REQUEST, TODAY)
    document = _Pages()
    document.build(report_story(content))
    drawn: dict[int, list[Flowable]] = {}
    for page, flowable in document.placed:
        drawn.setdefault(page, []).append(flowable)
    ends = {page: flowables[-1].getPlainText() for page, flowables in drawn.items() if _heading(flowables[-1])}
    assert ends == {}
    # nor on a section's heading and its opening words, with what they introduce on the next page
    openings = {page: flowables[-2].getPlainText() for page, flowables in drawn.items()
                if len(flowables) > 1 and isinstance(flowables[-2], Paragraph) and flowables[-2].style.name == "h1"}
    assert openings == {}
