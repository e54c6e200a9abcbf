"""After a save, edit, delete or undo, Trends reads just the reflections that changed and patches them
into the columns it keeps (a whole read takes 2 s at 100,000), and shows exactly what a fresh read would."""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from reflect import analytics, demo
from reflect.analytics import Bin, RatingTable
from reflect.frameworks import FrameworkCatalog
from reflect.rating_columns import RatingColumns
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflection_columns import load_columns, load_reflections
from reflect.reflections import COMPLETE, ReflectionStore
from reflect.ui import trends_cache
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow
from reflect.ui.pages.trends import TrendsView
from reflect.vocabulary import STATUS_DRAFT
from tests.test_rating_columns import _same_board
from tests.test_trends_cache import open_trends, started

TODAY = date(2026, 3, 6)


def _ratings_by_reflection(columns: RatingColumns) -> list[tuple[str, str, int, float]]:
    """Every rating as (reflection, item, position, points), grouped by reflection in column order, each
    reflection's in the order the read gave them (which its score's sum follows)."""
    order = np.argsort(columns.rating_row, kind="stable")
    return [(str(columns.ids[columns.rating_row[k]]), columns.items[columns.rating_item[k]],
             int(columns.rating_position[k]), float(np.nan_to_num(columns.points[k], nan=-1))) for k in order]


def assert_same_columns(patched: RatingColumns, fresh: RatingColumns) -> None:
    for name in ("ids", "moments", "setting", "contact_type", "modality", "framework_id", "tags"):
        assert getattr(patched, name).tolist() == getattr(fresh, name).tolist(), name
    assert _ratings_by_reflection(patched) == _ratings_by_reflection(fresh)


def assert_same_table(one: RatingTable, other: RatingTable) -> None:
    assert one.tips == other.tips
    for field in fields(RatingTable):
        mine, theirs = getattr(one, field.name), getattr(other, field.name)
        if isinstance(mine, np.ndarray):
            assert mine.dtype == theirs.dtype and mine.tolist() == theirs.tolist(), field.name


def _patch(store: ReflectionStore, columns: RatingColumns, changed: Collection[str]) -> RatingColumns | None:
    return columns.patched(changed, load_reflections(store.database, COMPLETE, changed))


def test_patched_columns_are_a_whole_read_after_saves_edits_deletes_and_undo(
        store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    current = catalog.default()
    records = list(demo.generate(current, 300, TODAY, seed=5, now=datetime.combine(TODAY, time.max)))
    records = [replace(r, tags=("team",) if i % 5 == 0 else ()) for i, r in enumerate(records)]
    store.save_many(records)
    stored = store.records()
    draft = store.save(replace(stored[100], id=None, status=STATUS_DRAFT, occurred_at=datetime(2025, 12, 1, 9, 1)))
    columns = load_columns(store.database, COMPLETE)

    edited, gone = stored[40], stored[7]

    def save_new() -> set[str]:  # in the middle of the history
        return {store.save(replace(stored[-1], id=None, occurred_at=datetime(2026, 1, 15, 13, 7, 11))).id or ""}

    def edit() -> set[str]:  # moved later, other answers, a new tag and setting
        answers = tuple(replace(r, points=None, choice="na") if i % 3 == 0 else r for i, r in enumerate(edited.ratings))
        store.save(replace(edited, occurred_at=edited.occurred_at + timedelta(days=20, seconds=3),
                           setting="community", tags=("night", "team"), ratings=answers))
        return {edited.id or ""}

    def finish_draft_and_unfinish_another() -> set[str]:
        store.save(replace(store.get(draft.id or ""), status="complete"))
        store.save(replace(stored[200], status=STATUS_DRAFT))
        return {draft.id or "", stored[200].id or ""}

    for change in (save_new, edit, lambda: {store.delete(gone.id or "").id or ""}, finish_draft_and_unfinish_another,
                   lambda: {store.restore(gone).id or ""}):
        patched = _patch(store, columns, change())  # one change at a time, as the window announces them
        assert patched is not None
        fresh = load_columns(store.database, COMPLETE)
        assert_same_columns(patched, fresh)
        columns = patched
    assert edited.id in columns.ids.tolist() and gone.id in columns.ids.tolist() and len(columns) == 301
    for reference in (current, catalog.get("ten-top-tips-2007")):
        assert reference is not None
        mine, theirs = (RatingTable.from_columns(c, catalog, reference) for c in (columns, fresh))
        assert_same_table(mine, theirs)
        start = mine.first_date()
        assert start is not None
        for size in (Bin.WEEK, Bin.QUARTER, Bin.SESSIONS):
            _same_board(analytics.dashboard(mine, start, TODAY, size), analytics.dashboard(theirs, start, TODAY, size))


def test_a_reflection_in_the_same_second_as_another_is_left_to_a_whole_read(
        store: ReflectionStore, catalog: FrameworkCatalog) -> None:
    store.save_many(demo.generate(catalog.default(), 50, TODAY, seed=6, now=datetime.combine(TODAY, time.max)))
    columns = load_columns(store.database, COMPLETE)
    neighbour = store.records()[20]
    # stored to the microsecond: a whole read puts it after its neighbour; the columns keep whole seconds
    twin = store.save(replace(neighbour, id=None, occurred_at=neighbour.occurred_at.replace(microsecond=500_000)))
    assert _patch(store, columns, {twin.id or ""}) is None


# ----------------------------------------------------------------------------- in the window


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """What the cache read: whole reads (their threads) and reads of a few reflections (their ids)."""
    found: dict[str, list[Any]] = {"whole": [], "few": [], "threads": []}
    whole, few = trends_cache.load_columns, trends_cache.load_reflections

    def read_whole(*args: Any) -> RatingColumns:
        found["whole"].append(threading.current_thread().name)
        return whole(*args)

    def read_few(database: Any, flt: Any, ids: Collection[str]) -> RatingColumns:
        found["few"].append(set(ids))
        found["threads"].append(threading.current_thread().name)
        return few(database, flt, ids)

    monkeypatch.setattr(trends_cache, "load_columns", read_whole)
    monkeypatch.setattr(trends_cache, "load_reflections", read_few)
    return found


def shows_a_fresh_read(qtbot: QtBot, view: TrendsView) -> None:
    """Once the page has redrawn, its table and every figure are those of a fresh read of the database."""
    qtbot.waitUntil(lambda: not view.loading, timeout=30_000)
    context = view.context
    fresh = RatingTable.from_columns(load_columns(context.database, COMPLETE), context.catalog, view.reference())
    assert view.data.table is not None and view.board is not None and view.filtered is not None
    assert_same_table(view.data.table, fresh)
    assert_same_table(view.filtered, fresh.where(view.filter()))
    _same_board(view.board, analytics.dashboard(fresh.where(view.filter()), *view.date_range(),
                                                Bin(view.bin_combo.currentData()), view.window_spin.value()))


def trends_on_all(qtbot: QtBot, window: MainWindow) -> TrendsView:
    view = open_trends(qtbot, window)
    view.period.range_combo.setCurrentIndex(view.period.range_combo.findText("All"))
    qtbot.waitUntil(lambda: not view.loading, timeout=30_000)
    return view


def test_a_save_edit_delete_and_undo_while_trends_is_open_show_what_a_fresh_read_would(
        qtbot: QtBot, paths: Any, reads: dict[str, list[Any]]) -> None:
    window = started(qtbot, paths)
    try:
        context: AppContext = window.context
        view = trends_on_all(qtbot, window)
        assert len(reads["whole"]) == 1
        newest = context.reflections.records()[-1]

        saved = context.complete(replace(newest, id=None, occurred_at=newest.occurred_at + timedelta(hours=2),
                                         tags=("after-save",)))
        assert view.loading  # the page shows it is busy until the charts have the new reflection
        shows_a_fresh_read(qtbot, view)
        assert view.data.table is not None and saved.id in view.data.table.ids.tolist()
        assert "after-save" in [view.tag_combo.itemText(i) for i in range(view.tag_combo.count())]

        oldest = context.reflections.records()[0]
        context.complete(replace(oldest, setting="community", occurred_at=oldest.occurred_at + timedelta(days=3, seconds=17),
                                 ratings=tuple(RatingEntry(r.item_id, "no", 0) for r in oldest.ratings)))
        shows_a_fresh_read(qtbot, view)

        snapshot = context.delete(saved.id or "")
        shows_a_fresh_read(qtbot, view)
        context.restore(snapshot)
        shows_a_fresh_read(qtbot, view)

        # a second save while the first is still being read: read after it, before the page is given the columns
        first = context.complete(replace(newest, id=None, occurred_at=newest.occurred_at + timedelta(hours=3)))
        second = context.complete(replace(newest, id=None, occurred_at=newest.occurred_at - timedelta(hours=30, seconds=13)))
        shows_a_fresh_read(qtbot, view)
        assert view.data.table is not None and {first.id, second.id} <= set(view.data.table.ids.tolist())

        # every change read only the reflections it named, in the runner; the whole read was the first one only
        assert reads["few"] == [{saved.id}, {oldest.id}, {saved.id}, {saved.id}, {first.id}, {second.id}]
        assert len(reads["whole"]) == 1
        assert threading.current_thread().name not in reads["threads"]
    finally:
        window.close()
        window.context.close()


def test_changes_that_cannot_be_patched_read_everything_and_still_show_a_fresh_read(
        qtbot: QtBot, paths: Any, reads: dict[str, list[Any]]) -> None:
    window = started(qtbot, paths)
    try:
        context: AppContext = window.context
        view = trends_on_all(qtbot, window)
        records = context.reflections.records()
        neighbour: ReflectionRecord = records[5]
        context.complete(replace(neighbour, id=None, occurred_at=neighbour.occurred_at.replace(microsecond=700_000)))
        shows_a_fresh_read(qtbot, view)  # in the same second as another: read whole
        assert len(reads["whole"]) == 2

        context.mutate(lambda: context.reflections.save_many([replace(r, id=None) for r in records[:3]]),
                       Changes(reflections=True))  # as an import announces: which ones is not said
        shows_a_fresh_read(qtbot, view)
        assert len(reads["whole"]) == 3
    finally:
        window.close()
        window.context.close()
