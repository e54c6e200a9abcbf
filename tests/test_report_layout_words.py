"""The PDFs read as a clinician reads (issue 16): CPD sections flow on instead of each starting a page,
the heatmap legend stays inside the margin, drafts left out are named, and the statistical words are
plain, each with its glossary line."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from reflect import analytics, demo
from reflect.analytics import RatingTable
from reflect.cpd import Account, Activity, CpdStore
from reflect.cpd_data import load_cpd_catalog
from reflect.data.db import Database
from reflect.frameworks import FrameworkCatalog
from reflect.glossary import GLOSSARY
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.reports.charts import heatmap
from reflect.reports.cpd import CpdRequest, build_cpd_report, gather
from reflect.reports.pdf import WIDTH
from reflect.reports.supervision import ReportRequest, bin_size, build_supervision_report
from reflect.settings import Settings

START, END = date(2025, 1, 1), date(2025, 3, 31)
STATISTICIANS_WORDS = re.compile(r"\bn ?= ?\d|\bWilson\b|\bcividis\b|\bpts\b|\bw/c\b|\b1 activities\b|\bBin\b")


def _pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _cpd(database: Database, store: ReflectionStore, catalog: FrameworkCatalog, drafts: int) -> list[str]:
    cpd = CpdStore(database)
    framework = catalog.default()
    for day in (6, 13, 20):
        store.save(ReflectionRecord(
            occurred_at=datetime(2025, 1, day, 10), duration_min=30, setting="outpatient", contact_type="review",
            modality="in-person", framework_id=framework.id, framework_version=framework.version,
            ratings=tuple(RatingEntry(i.id, "yes" if n % 3 else "partly", 2 if n % 3 else 1)
                          for n, i in enumerate(framework.items)),
        ))
    cpd.save_activity(Activity(date(2025, 1, 2), "Recovery college course", "course", 6.5, participatory=True))
    cpd.save_account(Account(date(2025, 2, 1), "Hope in reviews", "A peer group session.", "Hope is catching.",
                             "I now ask about goals first.", "It puts people first.", ("nmc-code:prioritise-people",),
                             complete=True))
    for number in range(drafts):
        cpd.save_account(Account(date(2025, 2, 2 + number), f"Unfinished draft {number}", "Draft only"))
    cpd_catalog = load_cpd_catalog()
    settings = Settings(revalidation_scheme="nmc", cycle_start=date(2024, 4, 1), practitioner_name="Sam Example")
    content = gather(cpd, cpd_catalog, settings, CpdRequest(START, END))
    return _pages(build_cpd_report(content, store, catalog, cpd_catalog, settings, date(2025, 4, 1)))


def test_cpd_sections_flow_on_instead_of_each_starting_a_page(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    pages = _cpd(database, store, catalog, drafts=0)
    first = pages[0]
    for heading in ("Development plan", "CPD log", "Against targets", "Reflective accounts form — account 1 of 1"):
        assert heading in first, heading
    assert len(pages) <= 3  # a short portfolio is a few pages, not one per section


def test_the_cpd_report_names_the_drafts_it_leaves_out(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    text = " ".join(_cpd(database, store, catalog, drafts=2))
    assert "2 draft reflective accounts in this period are not included" in text
    assert "Tick Complete on the CPD page to include them." in text
    assert "Unfinished draft" not in text


def test_cpd_words_are_plain_with_a_glossary_line_for_each_term(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    text = " ".join(_cpd(database, store, catalog, drafts=1))
    assert "Total 1 activity 6.5" in text and "1 draft reflective account in this period is not included" in text
    assert "Wed 1 Jan 2025 – Mon 31 Mar 2025" in text  # the one date format
    assert not STATISTICIANS_WORDS.search(text), STATISTICIANS_WORDS.search(text)
    for key in ("rating", "count", "thin", "colour_scale"):
        term = GLOSSARY[key]
        assert f"{term.label[:1].upper()}{term.label[1:]}: {term.meaning}" in text, key


def test_supervision_words_are_plain_with_a_glossary_line_for_each_term(catalog: FrameworkCatalog) -> None:
    records = demo.generate(catalog.default(), 900, date(2025, 6, 30), seed=5)
    settings = Settings(practitioner_name="Dr Sam Example")
    pages = _pages(build_supervision_report(records, catalog, settings, ReportRequest(date(2025, 1, 1),
                                                                                      date(2025, 6, 30))))
    text = " ".join(pages)
    assert not STATISTICIANS_WORDS.search(text), STATISTICIANS_WORDS.search(text)
    assert re.search(r"[−+]\d+ points?\b", text)  # changes carry a sign, and "point" for one
    assert not re.search(r"(?<![\w–])-\d+ points?", text)  # never a hyphen for a minus
    for key in ("range", "count", "rating", "yes_share", "points", "overlap", "thin", "colour_scale", "period"):
        term = GLOSSARY[key]
        assert f"{term.label[:1].upper()}{term.label[1:]}: {term.meaning}" in text, key


def _strings(node: Drawing | Group) -> list[tuple[float, float]]:
    """Each string's left and right edge, from its anchor and its drawn width."""
    spans = []
    for shape in node.contents:
        if isinstance(shape, Group):
            spans += _strings(shape)
        elif isinstance(shape, String):
            width = stringWidth(shape.text, shape.fontName, shape.fontSize)
            left = {"start": shape.x, "middle": shape.x - width / 2, "end": shape.x - width}[shape.textAnchor]
            spans.append((left, left + width))
    return spans


def test_the_heatmap_legend_fits_inside_the_margins(catalog: FrameworkCatalog) -> None:
    records = demo.generate(catalog.default(), 200, date(2025, 6, 30), seed=2)
    table = RatingTable.build(records, catalog, catalog.default())
    start, end = date(2025, 1, 1), date(2025, 6, 30)
    drawing = heatmap(analytics.dashboard(table, start, end, bin_size(start, end)))
    assert drawing.width <= WIDTH
    for left, right in _strings(drawing):
        assert left >= 0 and right <= drawing.width, (left, right, drawing.width)
