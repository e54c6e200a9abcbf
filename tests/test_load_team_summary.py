"""The team summary is counted by SQLite (not from every record): the counts must be what the records say."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from reflect import demo
from reflect.frameworks import FrameworkCatalog
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings
from reflect.supervision.team import build_team_summary
from reflect.vocabulary import STATUS_COMPLETE, STATUS_DRAFT


def _records(catalog: FrameworkCatalog) -> list[ReflectionRecord]:
    """Demo sessions, with the awkward ones a count could get wrong: the ends of a week, a draft,
    another checklist, a tip and an answer the checklist does not have, and no ratings at all."""
    framework = catalog.default()
    other = next(f for f in catalog.frameworks.values() if f.id != framework.id)
    made = list(demo.generate(framework, 30, date(2026, 11, 27), seed=5))
    sunday_night, monday_morning = datetime(2026, 11, 22, 23, 59), datetime(2026, 11, 23, 0, 1)
    made[0] = replace(made[0], occurred_at=sunday_night)
    made[1] = replace(made[1], occurred_at=monday_morning)
    made[2] = replace(made[2], occurred_at=datetime(2026, 11, 21, 12, 0))  # a Saturday
    made[3] = replace(made[3], status=STATUS_DRAFT)
    made[4] = replace(made[4], framework_id=other.id, ratings=tuple(
        RatingEntry(item.id, "yes", 2) for item in other.items))
    made[5] = replace(made[5], ratings=(*made[5].ratings, RatingEntry("not-a-tip", "yes", 2),
                                        RatingEntry(made[5].ratings[0].item_id + "-x", "maybe", 1)))
    made[6] = replace(made[6], ratings=())
    return made


def _expected(records: list[ReflectionRecord], catalog: FrameworkCatalog) -> dict[str, Any]:
    """Week → sessions and tip → answer → count, straight from the records."""
    framework = catalog.default()
    weeks: dict[str, Any] = {}
    for record in records:
        if record.status != STATUS_COMPLETE or record.framework_id != framework.id:
            continue
        day = record.occurred_at.date()
        week = weeks.setdefault((day - timedelta(days=day.weekday())).isoformat(), {"sessions": 0, "tips": {}})
        week["sessions"] += 1
        for rating in record.ratings:
            if framework.item(rating.item_id) and framework.option(rating.choice):
                answers = week["tips"].setdefault(rating.item_id, {})
                answers[rating.choice] = answers.get(rating.choice, 0) + 1
    return weeks


def test_the_weekly_counts_are_the_records_counted_by_hand(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    records = _records(catalog)
    store.save_many(records)
    summary = build_team_summary(store, catalog, Settings(framework_id=catalog.default().id), "Nurse 4")
    got = {week.pop("week"): week for week in summary["weeks"]}
    expected = _expected(records, catalog)
    assert got == expected
    assert list(got) == sorted(expected)  # weeks in order
    assert got["2026-11-16"]["sessions"] >= 2 and "2026-11-23" in got  # Saturday and Sunday: the week before
    assert sum(week["sessions"] for week in got.values()) == 30 - 2  # not the draft, not the other checklist


def test_tips_and_answers_come_in_checklist_order(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    """Every week lists its tips as the checklist does and their answers as its scale does (so two
    exports of the same reflections are the same file, whatever order the sessions were rated in)."""
    framework = catalog.default()
    records = _records(catalog)
    records[7] = replace(records[7], ratings=tuple(reversed(records[7].ratings)))
    store.save_many(records)
    summary = build_team_summary(store, catalog, Settings(framework_id=framework.id), "Nurse 4")
    tip_order = [item.id for item in framework.items]
    scale_order = [option.key for option in framework.scale]
    for week in summary["weeks"]:
        tips = list(week["tips"])
        assert tips == sorted(tips, key=tip_order.index)
        for answers in week["tips"].values():
            assert list(answers) == sorted(answers, key=scale_order.index)
