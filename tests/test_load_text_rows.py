"""The light rows the "include the text of" lists read must say what the whole records say."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from reflect import demo
from reflect.frameworks import FrameworkCatalog
from reflect.records import ReflectionFilter, ReflectionRecord
from reflect.reflection_texts import text_rows
from reflect.reflections import ReflectionStore
from reflect.vocabulary import STATUS_COMPLETE, STATUS_DRAFT


def _saved(store: ReflectionStore, catalog: FrameworkCatalog) -> list[ReflectionRecord]:
    """Demo sessions with the cases a list could get wrong: blank text with and without a note, a draft,
    tags, two sessions at the same minute, and the first and last moments of the period."""
    made = list(demo.generate(catalog.default(), 24, date(2026, 11, 27), seed=9))
    made[0] = replace(made[0], occurred_at=datetime(2026, 11, 10, 9, 0), text="   ", ratings=tuple(
        replace(r, note="a note" if i == 3 else "") for i, r in enumerate(made[0].ratings)))
    made[1] = replace(made[1], occurred_at=datetime(2026, 11, 10, 10, 0), text=" \n ", ratings=tuple(
        replace(r, note="") for r in made[1].ratings))
    made[2] = replace(made[2], status=STATUS_DRAFT)
    made[3] = replace(made[3], occurred_at=datetime(2026, 11, 11, 9, 0), tags=("zeta", "alpha"))
    made[4] = replace(made[4], occurred_at=datetime(2026, 11, 12, 9, 0))
    made[5] = replace(made[5], occurred_at=datetime(2026, 11, 12, 9, 0))
    made[6] = replace(made[6], occurred_at=datetime(2026, 11, 2, 0, 0))
    made[7] = replace(made[7], occurred_at=datetime(2026, 11, 20, 23, 59, 59))
    made[8] = replace(made[8], occurred_at=datetime(2026, 11, 21, 0, 0))  # the day after the period
    store.save_many(made)
    return store.records(ReflectionFilter(statuses=(STATUS_COMPLETE, STATUS_DRAFT)))


def test_rows_match_the_whole_records_of_the_period(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    start, end = date(2026, 11, 2), date(2026, 11, 20)
    records = _saved(store, catalog)
    expected = [
        (r.id, r.occurred_at, r.setting, r.contact_type, r.modality, r.tags, r.text, any(x.note for x in r.ratings))
        for r in sorted(records, key=lambda r: (r.occurred_at, r.id or ""), reverse=True)
        if r.status == STATUS_COMPLETE and start <= r.occurred_at.date() <= end
    ]
    got = [(r.id, r.occurred_at, r.setting, r.contact_type, r.modality, r.tags, r.text, r.noted)
           for r in text_rows(store.database, start, end)]
    assert got == expected
    assert datetime(2026, 11, 2, 0, 0) in {row[1] for row in got}
    assert datetime(2026, 11, 20, 23, 59, 59) in {row[1] for row in got}
    assert datetime(2026, 11, 21, 0, 0) not in {row[1] for row in got}
    blank = [row for row in got if not row[6].strip()]
    assert sorted(row[7] for row in blank) == [False, True]  # blank text: only the one with a note is noted
    assert ("alpha", "zeta") in {row[5] for row in got}


def test_an_empty_period_has_no_rows(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    _saved(store, catalog)
    assert list(text_rows(store.database, date(1999, 1, 1), date(1999, 12, 31))) == []
