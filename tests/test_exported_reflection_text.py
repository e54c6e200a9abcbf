"""Everything a reflection says leaves with it: template sections, free text and tip notes (Word and packs)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document

from reflect.cpd import Activity, CpdStore
from reflect.cpd_data import load_cpd_catalog
from reflect.data.db import Database
from reflect.frameworks import FrameworkCatalog
from reflect.privacy import ScannerConfig
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings
from reflect.supervision.document import SupervisionFileError
from reflect.supervision.pack import PackRequest, build_pack, parse_pack
from reflect.word.export import Sources, prepare, write
from reflect.word.layouts import load_layouts

FEELINGS = "Anxious at first, then steadier once we agreed the plan."
ACTION = "Ask about what matters before the medication list."
FREE_TEXT = "Afterwards I noticed how much the carer had to say."
HOPE_NOTE = "I named one small hope with them."
NHS_NUMBER = "943 476 5919"  # valid check digit


@pytest.fixture
def cpd(database: Database) -> CpdStore:
    return CpdStore(database)


def _reflection(store: ReflectionStore, cpd: CpdStore, catalog: FrameworkCatalog, contact: str = "assessment",
                feelings: str = FEELINGS) -> ReflectionRecord:
    framework = catalog.default()
    ratings = tuple(
        RatingEntry(item.id, "yes", 2, HOPE_NOTE if index == 3 else ("Went well." if index == 0 else ""))
        for index, item in enumerate(framework.items)
    )
    when = datetime.combine(date.today() - timedelta(days=3), datetime.min.time()).replace(hour=10)
    record = store.save(ReflectionRecord(when, 45, "community", contact, "in-person", framework.id,
                                         framework.version, ratings, FREE_TEXT))
    cpd.save_sections(record.id or "", load_cpd_catalog().templates["gibbs"],
                      {"feelings": feelings, "action-plan": ACTION})
    return record


def _sources(cpd: CpdStore, store: ReflectionStore, catalog: FrameworkCatalog) -> Sources:
    return Sources(cpd, store, catalog, load_cpd_catalog(), load_layouts())


def test_a_word_export_holds_the_sections_the_free_text_and_each_tip_note_under_its_tip(
    store: ReflectionStore, cpd: CpdStore, catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    record = _reflection(store, cpd, catalog)
    out = write(prepare(_sources(cpd, store, catalog), "reflection", record.id or ""), tmp_path / "r.docx",
                ScannerConfig())
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    items = catalog.default().items
    assert FEELINGS in text and ACTION in text and FREE_TEXT in text
    assert f"{items[0].label}: Went well." in text and f"{items[3].label}: {HOPE_NOTE}" in text
    assert text.index(f"{items[0].label}: Went well.") < text.index(f"{items[3].label}: {HOPE_NOTE}")


def test_word_titles_use_the_right_article_and_count(
    store: ReflectionStore, cpd: CpdStore, catalog: FrameworkCatalog, tmp_path: Path
) -> None:
    sources = _sources(cpd, store, catalog)
    assessment = _reflection(store, cpd, catalog)
    other = _reflection(store, cpd, catalog, contact="other")
    review = _reflection(store, cpd, catalog, contact="review")
    assert prepare(sources, "reflection", assessment.id or "").title.startswith("Reflection on an assessment, ")
    assert prepare(sources, "reflection", other.id or "").title.startswith("Reflection on another session, ")
    assert prepare(sources, "reflection", review.id or "").title.startswith("Reflection on a review, ")
    activity = cpd.save_activity(Activity(day=date(2025, 5, 1), title="Reading on hope", method="reading",
                                          hours=1.0))
    content = prepare(sources, "activity", activity.id or "")
    assert "1 hour)" in "\n".join(t for _, t in content.sections)
    assert "1 hours" not in content.plain_text()


def test_a_pack_carries_the_template_sections_and_the_free_text(
    store: ReflectionStore, cpd: CpdStore, catalog: FrameworkCatalog
) -> None:
    record = _reflection(store, cpd, catalog)
    request = PackRequest(date.today() - timedelta(days=30), date.today(), (record.id or "",), ())
    data = build_pack(store, cpd, catalog, Settings(), request)
    [shown] = parse_pack(data, "pack").reflections
    assert f"Feelings: {FEELINGS}" in shown.text and f"Action plan: {ACTION}" in shown.text
    assert shown.text.endswith(FREE_TEXT)


def test_an_identifier_in_a_template_section_stops_the_pack(
    store: ReflectionStore, cpd: CpdStore, catalog: FrameworkCatalog
) -> None:
    record = _reflection(store, cpd, catalog, feelings=f"Their NHS number {NHS_NUMBER} was on the letter.")
    request = PackRequest(date.today() - timedelta(days=30), date.today(), (record.id or "",), ())
    with pytest.raises(SupervisionFileError, match="NHS number"):
        build_pack(store, cpd, catalog, Settings(), request)
