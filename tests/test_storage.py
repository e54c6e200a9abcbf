"""Storage round trips through the Qt-free services, in a temporary data folder."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, datetime

import pytest

from reflect.data.db import SCHEMA_HEAD, open_database
from reflect.errors import StorageError
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.records import NotFound, RatingEntry, ReflectionFilter, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.scoring import score


def make_record(catalog: FrameworkCatalog, when: datetime, choices: str = "ypnxyyyyyy", **extra) -> ReflectionRecord:
    """A reflection whose ratings are spelled as one letter per item (y/p/n/x)."""
    framework = catalog.default()
    keys = {"y": "yes", "p": "partly", "n": "no", "x": "na"}
    ratings = tuple(
        RatingEntry(item.id, keys[c], framework.option(keys[c]).points) for item, c in zip(framework.items, choices, strict=False)
    )
    fields = dict(
        occurred_at=when,
        duration_min=30,
        setting="outpatient",
        contact_type="review",
        modality="in-person",
        framework_id=framework.id,
        framework_version=framework.version,
        ratings=ratings,
        text="Agreed a plan together.",
    )
    fields.update(extra)
    return ReflectionRecord(**fields)


def test_migrating_an_empty_folder_creates_the_schema_at_head(paths: DataPaths) -> None:
    database = open_database(paths)
    database.close()
    connection = sqlite3.connect(paths.database)
    tables = {r[0] for r in connection.execute("select name from sqlite_master where type='table'")}
    assert {"reflection", "rating", "reflection_tag", "alembic_version"} <= tables
    assert connection.execute("select version_num from alembic_version").fetchall() == [(SCHEMA_HEAD,)]
    assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"
    connection.close()
    assert paths.database.stat().st_mode & 0o077 == 0
    assert paths.root.stat().st_mode & 0o077 == 0


def test_create_get_edit_delete_round_trip(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    saved = store.save(make_record(catalog, datetime(2026, 3, 2, 14, 0), tags=("Supervision", " supervision ", "team")))
    assert saved.id and saved.created_at and saved.updated_at
    loaded = store.get(saved.id)
    assert loaded.tags == ("supervision", "team")
    assert [r.choice for r in loaded.ratings][:4] == ["yes", "partly", "no", "na"]
    # 7 yes + 1 partly + 1 no over 9 applicable items = 15 of 18
    assert loaded.score().points == 15 and loaded.score().possible == 18

    changed = replace(loaded, ratings=tuple(replace(r, choice="yes", points=2, note="kept hope") if r.item_id == loaded.ratings[2].item_id else r for r in loaded.ratings), text="Revised.")
    store.save(changed)
    again = store.get(saved.id)
    assert again.ratings[2].choice == "yes" and again.ratings[2].note == "kept hope"
    assert again.text == "Revised." and again.created_at == saved.created_at
    assert store.count() == 1

    snapshot = store.delete(saved.id)
    assert store.count() == 0
    with pytest.raises(NotFound):
        store.get(saved.id)
    store.restore(snapshot)
    assert store.get(saved.id) == again


def test_ratings_stay_readable_when_the_framework_is_unknown(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    record = replace(make_record(catalog, datetime(2026, 3, 2, 9)), framework_id="retired-list", framework_version="7")
    saved = store.save(record)
    loaded = store.get(saved.id)
    assert loaded.framework_id == "retired-list" and loaded.framework_version == "7"
    assert [r.item_id for r in loaded.ratings] == [i.id for i in catalog.default().items]
    assert store.list()[0].score.percent == pytest.approx(100 * 15 / 18)


def test_list_filters_and_pages_newest_first(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    for day in range(1, 29):
        setting = "inpatient" if day % 2 else "outpatient"
        text = "Talked about work goals." if day % 7 == 0 else "Routine review."
        store.save(make_record(catalog, datetime(2026, 2, day, 10), setting=setting, text=text, tags=("peer",) if day == 3 else ()))
    first_page = store.list(limit=10)
    assert [s.occurred_at.day for s in first_page] == list(range(28, 18, -1))
    second_page = store.list(offset=10, limit=10)
    assert second_page[0].occurred_at.day == 18
    assert store.count(ReflectionFilter(date_from=date(2026, 2, 10), date_to=date(2026, 2, 14))) == 5
    assert store.count(ReflectionFilter(setting="inpatient")) == 14
    assert {s.occurred_at.day for s in store.list(ReflectionFilter(text="WORK goals"))} == {7, 14, 21, 28}
    assert [s.occurred_at.day for s in store.list(ReflectionFilter(text="peer"))] == [3]
    assert store.count(ReflectionFilter(text="100%_")) == 0  # wildcards are literal


def test_each_page_scores_its_own_reflections(store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    """Pages sum only their own ratings: every row's score is its reflection's, whichever page it is on."""
    patterns = ["yyyyyyyyyy", "nnnnnnnnnn", "xxxxxxxxxx", "ypnxyyyyyy", "", "ppppp", "yx", "nnnnnyyyyy"]
    for day, choices in enumerate(patterns * 3, start=1):
        store.save(make_record(catalog, datetime(2026, 3, day, 9), choices=choices, status="draft" if not choices else "complete"))
    every = ReflectionFilter(statuses=("complete", "draft"))
    listed = [summary for offset in range(0, 24, 5) for summary in store.list(every, offset=offset, limit=5)]
    assert [s.occurred_at.day for s in listed] == list(range(24, 0, -1))  # newest first, none missed or repeated
    for summary in listed:
        record = store.get(summary.id)
        assert summary.score == score([rating.points for rating in record.ratings])


def test_a_draft_survives_closing_and_reopening(paths: DataPaths, catalog: FrameworkCatalog) -> None:
    database = open_database(paths)
    draft = ReflectionStore(database, catalog).save(make_record(catalog, datetime(2026, 5, 1, 9), choices="yyp", status="draft", text="half written"))
    database.close()
    reopened = open_database(paths)
    try:
        store = ReflectionStore(reopened, catalog)
        found = store.latest_draft()
        assert found is not None and found.id == draft.id
        assert found.text == "half written" and len(found.ratings) == 3
        assert store.count(ReflectionFilter(statuses=("complete",))) == 0
    finally:
        reopened.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(paths: DataPaths) -> None:
    paths.ensure()
    paths.database.write_bytes(b"these are my notes, not a database" * 100)
    before = paths.database.read_bytes()
    with pytest.raises(StorageError, match="not a Reflect database"):
        open_database(paths)
    assert paths.database.read_bytes() == before


def test_a_database_from_a_newer_reflect_is_refused(paths: DataPaths) -> None:
    open_database(paths).close()
    connection = sqlite3.connect(paths.database)
    connection.execute("update alembic_version set version_num = '9999'")
    connection.commit()
    connection.close()
    with pytest.raises(StorageError, match="newer version of Reflect"):
        open_database(paths)


def test_the_schema_head_constant_matches_the_migration_scripts() -> None:
    from reflect.data.db import SCHEMA_HEAD, known_revisions

    head, known = known_revisions()
    assert head == SCHEMA_HEAD and head in known


def test_an_sqlite_file_of_another_program_is_refused_and_left_untouched(paths: DataPaths) -> None:
    paths.ensure()
    other = sqlite3.connect(paths.database)
    other.execute("create table recipes (name text)")
    other.commit()
    other.close()
    before = paths.database.read_bytes()
    with pytest.raises(StorageError, match="not a Reflect database"):
        open_database(paths)
    assert paths.database.read_bytes() == before
