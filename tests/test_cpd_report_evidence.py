"""The CPD portfolio PDF with revalidation evidence: what it lists, what it says is not tracked,
the adaptation note on every page with scores, and refusal when evidence text may identify someone."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from reflect.cpd import CpdStore, Discussion
from reflect.cpd_data import load_cpd_catalog
from reflect.data.db import Database
from reflect.frameworks import FrameworkCatalog
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.reports.cpd import CpdRequest, build_cpd_report, gather
from reflect.reports.pdf import ADAPTATION_NOTE
from reflect.reports.supervision import ReportError
from reflect.revalidation_logs import Confirmation, EvidenceStore, Feedback, PeerMeeting, PracticeHours
from reflect.settings import Settings

PERIOD = CpdRequest(date(2025, 1, 1), date(2025, 3, 31))


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _fill(database: Database, store: ReflectionStore, catalog: FrameworkCatalog) -> EvidenceStore:
    framework = catalog.default()
    for day in (5, 12):
        store.save(ReflectionRecord(
            occurred_at=datetime(2025, 1, day, 10), duration_min=30, setting="outpatient", contact_type="review",
            modality="in-person", framework_id=framework.id, framework_version=framework.version,
            ratings=tuple(RatingEntry(i.id, "partly", 1) for i in framework.items),
        ))
    CpdStore(database).save_discussion(Discussion(date(2025, 3, 20), "A Registrant", "00A0000A", "a@example.org"))
    evidence = EvidenceStore(database)
    evidence.save_practice_hours(PracticeHours(date(2025, 1, 1), date(2025, 3, 31), 390, "Crisis team", "Adult"))
    evidence.save_feedback(Feedback(date(2025, 2, 1), "Service user survey", "Ask about goals first."))
    evidence.save_confirmation(Confirmation(date(2025, 3, 30), "B Manager", "NMC PIN 99A9999A"))
    evidence.save_meeting(PeerMeeting(date(2025, 2, 2), "AB, CD", "Learning needs", pdp_agreed=True))
    return evidence


def _build(database: Database, store: ReflectionStore, catalog: FrameworkCatalog, role: str = "") -> list[str]:
    settings = Settings(revalidation_scheme="nmc", cycle_start=date(2024, 4, 1), practitioner_role=role)
    cpd_catalog = load_cpd_catalog()
    content = gather(CpdStore(database), cpd_catalog, settings, PERIOD)
    return _pages(build_cpd_report(content, store, catalog, cpd_catalog, settings, date(2025, 4, 1)))


def test_the_portfolio_lists_the_evidence_and_what_is_not_tracked(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    _fill(database, store, catalog)
    text = " ".join(_build(database, store, catalog))
    assert "Practice hours Mon 1 Apr 2024 – Wed 31 Mar 2027 390 450 60" in text
    assert "Pieces of practice-related feedback Mon 1 Apr 2024 – Wed 31 Mar 2027 1 5 4" in text
    assert "Confirmation Mon 1 Apr 2024 – Wed 31 Mar 2027 1 1 met" in text
    assert "Reflective accounts covered: 0 of 5 (does not count until it covers all five)" in text
    assert "Crisis team" in text and "Ask about goals first." in text and "B Manager (NMC PIN 99A9999A)" in text
    assert "AB, CD · PDP agreed" in text
    assert "Not tracked in Reflect" in text and "Professional indemnity arrangement" in text


def test_the_reflection_summary_carries_citation_and_adaptation_on_every_score_page(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    _fill(database, store, catalog)
    pages = _build(database, store, catalog)
    summary = next(p for p in pages if "Reflection summary" in p)
    assert "Shepherd G, Boardman J, Slade M (2008)" in summary and "Reflect’s adaptation" in summary
    note = " ".join(ADAPTATION_NOTE.split())
    scored = [p for p in pages if "%" in p or "score" in p.lower()]
    assert summary in scored
    assert all(note in page for page in scored)


def test_identifiers_in_evidence_refuse_the_portfolio(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    evidence = _fill(database, store, catalog)
    evidence.save_feedback(Feedback(date(2025, 2, 3), "Carer", "Rang back on 07700 900123."))
    with pytest.raises(ReportError, match="feedback of Mon 3 Feb 2025") as caught:
        _build(database, store, catalog)
    assert "07700" not in str(caught.value)


def test_a_trainee_is_told_that_arcp_applies_instead(
    database: Database, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    settings = Settings(revalidation_scheme="rcpsych", cycle_start=date(2024, 4, 1), practitioner_role="Core trainee")
    cpd_catalog = load_cpd_catalog()
    content = gather(CpdStore(database), cpd_catalog, settings, PERIOD)
    text = " ".join(_pages(build_cpd_report(content, store, catalog, cpd_catalog, settings, date(2025, 4, 1))))
    assert "Portfolio Online" in text and "ARCP" in text
    other = Settings(revalidation_scheme="rcpsych", cycle_start=date(2024, 4, 1), practitioner_role="Consultant")
    content = gather(CpdStore(database), cpd_catalog, other, PERIOD)
    assert "Portfolio Online" not in " ".join(
        _pages(build_cpd_report(content, store, catalog, cpd_catalog, other, date(2025, 4, 1))))
