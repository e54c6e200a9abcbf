"""CPD services: goals, activities with evidence, accounts, discussions, sections, scanning, schema."""

from __future__ import annotations

import stat
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from reflect.cpd import (
    Account,
    Activity,
    CpdError,
    CpdStore,
    Discussion,
    Goal,
    GoalAction,
    NotFound,
    account_from_activity,
    account_from_reflection,
    discussion_problems,
    reflection_time_activity,
)
from reflect.cpd_data import load_cpd_catalog
from reflect.data.db import Database
from reflect.evidence import MAX_EVIDENCE_BYTES, clear_opened
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.privacy import ScannerConfig
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore


@pytest.fixture
def cpd(database: Database) -> CpdStore:
    return CpdStore(database)


def _reflection(store: ReflectionStore, catalog: FrameworkCatalog, text: str = "Listened more than I spoke.") -> ReflectionRecord:
    framework = catalog.default()
    ratings = tuple(
        RatingEntry(item.id, "yes" if i < 8 else "partly", 2 if i < 8 else 1) for i, item in enumerate(framework.items)
    )
    return store.save(ReflectionRecord(
        occurred_at=datetime(2025, 1, 6, 10, 0), duration_min=45, setting="community", contact_type="review",
        modality="in-person", framework_id=framework.id, framework_version=framework.version, ratings=ratings,
        text=text,
    ))


def test_schema_matches_the_models(database: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from reflect.data.models import Base

    with database.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_goal_round_trip_with_actions_tips_and_reflections(
    cpd: CpdStore, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    reflection = _reflection(store, catalog)
    goal = cpd.save_goal(Goal(
        title="  Share more hope ", why="Patients notice", tips=("hope", "hope", "strengths"),
        target_date=date(2025, 6, 30), status="in-progress",
        actions=(GoalAction("Read recovery stories"), GoalAction("  "), GoalAction("Peer group", True)),
        reflection_ids=(reflection.id or "",),
    ))
    assert goal.id and goal.title == "Share more hope" and goal.tips == ("hope", "strengths")
    assert goal.actions == (GoalAction("Read recovery stories"), GoalAction("Peer group", True))
    assert cpd.goals_for_reflection(reflection.id or "") == [goal.id]
    edited = cpd.save_goal(replace(goal, actions=(GoalAction("Peer group", True),), status="achieved"))
    assert cpd.get_goal(goal.id).actions == (GoalAction("Peer group", True),)
    assert cpd.goals() == [edited]
    store.delete(reflection.id or "")
    assert cpd.get_goal(goal.id).reflection_ids == ()
    cpd.delete_goal(goal.id)
    assert cpd.goals() == []
    with pytest.raises(NotFound):
        cpd.delete_goal(goal.id)
    with pytest.raises(CpdError, match="goal's title"):
        cpd.save_goal(Goal(title=" "))


def test_set_reflection_goals_replaces_the_links(cpd: CpdStore, store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    reflection_id = _reflection(store, catalog).id or ""
    one, two = cpd.save_goal(Goal("One")), cpd.save_goal(Goal("Two"))
    cpd.set_reflection_goals(reflection_id, [one.id or "", two.id or ""])
    assert sorted(cpd.goals_for_reflection(reflection_id)) == sorted([one.id, two.id])
    cpd.set_reflection_goals(reflection_id, [two.id or ""])
    assert cpd.goals_for_reflection(reflection_id) == [two.id]


def test_sections_are_stored_per_reflection(cpd: CpdStore, store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    gibbs = load_cpd_catalog().templates["gibbs"]
    reflection_id = _reflection(store, catalog).id or ""
    cpd.save_sections(reflection_id, gibbs, {"feelings": " Anxious at first ", "action-plan": "Ask earlier"})
    template_id, texts = cpd.sections(reflection_id)
    assert template_id == "gibbs"
    assert texts["feelings"] == "Anxious at first" and texts["description"] == "" and len(texts) == 6
    cpd.save_sections(reflection_id, None, {})
    assert cpd.sections(reflection_id) == ("", {})
    cpd.save_sections(reflection_id, gibbs, {"feelings": "x"})
    store.delete(reflection_id)
    assert cpd.sections(reflection_id) == ("", {})


def test_activity_evidence_is_kept_in_the_database_opened_privately_and_removed_with_it(
    cpd: CpdStore, tmp_path: Path
) -> None:
    source = tmp_path / "certificate.pdf"
    source.write_bytes(b"%PDF certificate")
    activity = cpd.save_activity(
        Activity(date(2025, 2, 3), "Recovery college course", "course", 6.5, participatory=True,
                 themes=("nmc-code:prioritise-people",), notes="Co-produced"),
        add_files=[source],
    )
    assert len(activity.evidence) == 1
    root = tmp_path / "reflect-home"
    assert b"%PDF certificate" not in b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file() and "wal" not in p.name)
    assert cpd.evidence_bytes(activity.evidence[0]) == b"%PDF certificate"
    assert activity.evidence[0].name == "certificate.pdf" and activity.evidence[0].size == 16
    source.unlink()  # the copy does not depend on the original
    opened = cpd.open_evidence(activity.evidence[0])
    assert opened.read_bytes() == b"%PDF certificate" and opened.name == "certificate.pdf"
    assert stat.S_IMODE(opened.stat().st_mode) == 0o600 and stat.S_IMODE(opened.parent.stat().st_mode) == 0o700
    clear_opened(DataPaths(root))
    assert not opened.exists()
    kept = cpd.save_activity(replace(activity, hours=7.0), remove_evidence=[activity.evidence[0].id or ""])
    assert kept.evidence == () and cpd.evidence_bytes(activity.evidence[0]) is None and kept.hours == 7.0
    cpd.delete_activity(activity.id or "")
    assert cpd.activities() == []


def test_activity_validation_leaves_nothing_behind(cpd: CpdStore, tmp_path: Path) -> None:
    with pytest.raises(CpdError, match="is not a file"):
        cpd.save_activity(Activity(date(2025, 1, 1), "Reading", "reading", 1.0), add_files=[tmp_path / "missing.pdf"])
    with pytest.raises(CpdError, match="hours"):
        cpd.save_activity(Activity(date(2025, 1, 1), "Reading", "reading", 0))
    with pytest.raises(CpdError, match="not a CPD method"):
        cpd.save_activity(Activity(date(2025, 1, 1), "Reading", "juggling", 1))
    assert cpd.activities() == []


def test_evidence_above_the_size_cap_is_refused_in_one_sentence(cpd: CpdStore, tmp_path: Path) -> None:
    big = tmp_path / "scan.tiff"
    with big.open("wb") as handle:
        handle.truncate(MAX_EVIDENCE_BYTES + 1)
    with pytest.raises(CpdError, match=r"scan.tiff is larger than 20 MB; attach a smaller file"):
        cpd.save_activity(Activity(date(2025, 1, 1), "Reading", "reading", 1.0), add_files=[big])
    assert cpd.activities() == []


def test_activities_filter_by_inclusive_period(cpd: CpdStore) -> None:
    for day in (date(2024, 12, 31), date(2025, 1, 1), date(2025, 1, 31), date(2025, 2, 1)):
        cpd.save_activity(Activity(day, f"Entry {day}", "reading", 1.0))
    assert [a.day for a in cpd.activities(date(2025, 1, 1), date(2025, 1, 31))] == [date(2025, 1, 31), date(2025, 1, 1)]


def test_account_completion_needs_answers_and_a_theme(cpd: CpdStore) -> None:
    draft = cpd.save_account(Account(date(2025, 3, 1), "Peer group on hope", nature="Peer group"))
    assert not draft.complete
    with pytest.raises(CpdError, match="first three questions"):
        cpd.save_account(replace(draft, complete=True))
    filled = replace(draft, learned="Hope is catching", changed="I share stories", complete=True)
    with pytest.raises(CpdError, match="theme"):
        cpd.save_account(filled)
    done = cpd.save_account(replace(filled, themes=("nmc-code:prioritise-people", "nmc-code:preserve-safety")))
    assert cpd.get_account(done.id or "").themes == ("nmc-code:prioritise-people", "nmc-code:preserve-safety")
    cpd.delete_account(done.id or "")
    assert cpd.accounts() == []


def test_account_from_a_reflection_uses_template_sections_and_weaker_tips(
    store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    record = _reflection(store, catalog)
    framework = catalog.default()
    template = load_cpd_catalog().templates["what-so-what-now-what"]
    account = account_from_reflection(record, framework, template, {"what": "A review at home.", "so-what": "Hope mattered.",
                                                                    "now-what": "Ask about goals first."})
    assert "45-minute review" in account.nature and "A review at home." in account.nature
    assert "So what? Hope mattered." in account.learned
    assert "Ask about goals first." in account.changed
    weaker = [framework.items[8].label, framework.items[9].label]
    assert f"Tips to work on: {weaker[0]}, {weaker[1]}." in account.changed
    plain = account_from_reflection(record, framework)
    assert plain.learned == "Listened more than I spoke." and plain.reflection_id == record.id


def test_account_from_an_activity_keeps_nmc_themes_only() -> None:
    activity = Activity(date(2025, 1, 2), "Supervision on risk", "supervision", 1.5, participatory=True,
                        themes=("nmc-code:preserve-safety", "gmc-gmp:trust-professionalism"), notes="Group", id="a1")
    account = account_from_activity(activity)
    assert account.themes == ("nmc-code:preserve-safety",)
    assert account.nature.startswith("Supervision (participatory CPD, 1.5 hours): Supervision on risk.")
    assert account.activity_id == "a1" and account.day == date(2025, 1, 2)


def test_discussion_requires_the_form_fields(cpd: CpdStore) -> None:
    with pytest.raises(CpdError, match="PIN"):
        cpd.save_discussion(Discussion(date(2025, 1, 1), "Alex Example", " ", "alex@example.org"))
    with pytest.raises(CpdError, match="e-mail"):
        cpd.save_discussion(Discussion(date(2025, 1, 1), "Alex Example", "00A0000A", "alex at example.org"))
    saved = cpd.save_discussion(Discussion(date(2025, 1, 1), "Alex Example", "00A0000A", "alex@example.org",
                                           "Example Trust, 1 Example Road, AB1 2CD"))
    assert cpd.discussions() == [saved]
    cpd.delete_discussion(saved.id or "")
    assert cpd.discussions() == []


def test_discussion_scan_allows_the_colleagues_details_but_not_patient_identifiers() -> None:
    config = ScannerConfig(names=["Jo Patient"])
    clean = Discussion(date(2025, 1, 1), "Alex Example", "00A0000A", "alex@example.org",
                       "Example Trust, 1 Example Road, SW1A 1AA, 020 7946 0000", "We discussed five accounts.")
    assert discussion_problems(clean, config) == []
    leaky = replace(clean, notes="Talked about Jo Patient, NHS number 943 476 5919, at SW1A 1AA.")
    problems = discussion_problems(leaky, config)
    assert [p.where for p in problems] == ["the notes"]
    assert set(problems[0].kinds) >= {"Name", "NHS number", "Postcode"}
    assert discussion_problems(replace(clean, colleague_address="Ward 3, NHS 943 476 5919"), config)[0].where == "the address"


def test_reflection_time_becomes_a_reflective_practice_entry() -> None:
    entry = reflection_time_activity(27, 5, date(2025, 1, 1), date(2025, 3, 31))
    assert entry.hours == 2.25 and entry.method == "reflective-practice" and not entry.participatory
    assert "27 reflections" in entry.notes and "5 minutes each" in entry.notes
    with pytest.raises(CpdError, match="has written learning"):
        reflection_time_activity(0, 5, date(2025, 1, 1), date(2025, 3, 31))
