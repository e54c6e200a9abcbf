"""The column read (what Trends and the supervision report use) gives exactly the figures of whole records."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any

import numpy as np
import pytest

from reflect import analytics, demo, reflection_columns
from reflect.analytics import Bin, Dashboard, RatingTable, Series, TrendFilter
from reflect.frameworks import FrameworkCatalog
from reflect.rating_columns import RatingColumns
from reflect.records import RatingEntry, ReflectionFilter
from reflect.reflections import COMPLETE, ReflectionStore
from reflect.reports.supervision import ReportData, ReportRequest, load_report_data, records_filter
from reflect.reports.supervision_selection import report_content
from reflect.settings import Settings
from reflect.vocabulary import STATUS_COMPLETE, STATUS_DRAFT

TODAY = date(2026, 3, 6)


@pytest.fixture
def varied(store: ReflectionStore, catalog: FrameworkCatalog) -> ReflectionStore:
    """Demo reflections, some tagged, some on the 2007 checklist, one on a checklist no longer installed, drafts."""
    current, older = catalog.get("ten-top-tips-2008"), catalog.get("ten-top-tips-2007")
    assert current is not None and older is not None
    records = list(demo.generate(current, 400, TODAY, seed=3, now=datetime.combine(TODAY, time.max)))
    for index in range(0, len(records), 7):
        records[index] = replace(records[index], tags=("team", "night") if index % 2 else ("team",))
    store.save_many(records)
    store.save_many(replace(r, occurred_at=r.occurred_at + timedelta(minutes=5))
                    for r in islice(demo.generate(older, 60, TODAY, seed=4), 0, None, 3))
    gone = records[-1]
    store.save(replace(gone, id=None, framework_id="retired-checklist", framework_version="1",
                       ratings=(RatingEntry("hope", "yes", 4), RatingEntry("own-item", "no", 0))))
    for record in records[-30:-20]:
        store.save(replace(record, id=None, status=STATUS_DRAFT))
    return store


def _same_series(one: Series, other: Series) -> None:
    assert (one.key, one.label) == (other.key, other.label)
    for name in ("x", "mean", "n", "na", "missing", "low", "high"):
        np.testing.assert_array_equal(getattr(one, name), getattr(other, name), err_msg=f"{one.key}.{name}")


def _same_board(one: Dashboard, other: Dashboard) -> None:
    assert one.table.tips == other.table.tips
    for field in fields(RatingTable):
        mine, theirs = getattr(one.table, field.name), getattr(other.table, field.name)
        if isinstance(mine, np.ndarray):
            np.testing.assert_array_equal(mine, theirs, err_msg=field.name)
    for key in other.tips:
        _same_series(one.tips[key], other.tips[key])
    for grouping, groups in other.groups.items():
        for key in groups:
            _same_series(one.groups[grouping][key], groups[key])
    _same_series(one.score_line, other.score_line)
    _same_series(one.not_applicable, other.not_applicable)
    np.testing.assert_array_equal(one.scores, other.scores)
    assert one.overall == other.overall
    assert one.highlights == other.highlights
    assert one.comparison == other.comparison
    assert [one.ids_in(c) for c in range(one.columns)] == [other.ids_in(c) for c in range(other.columns)]


@pytest.mark.parametrize("reference_id", ["ten-top-tips-2008", "ten-top-tips-2007"])
def test_columns_read_from_the_database_give_the_same_figures_as_whole_records(
    varied: ReflectionStore, catalog: FrameworkCatalog, reference_id: str
) -> None:
    reference = catalog.get(reference_id)
    assert reference is not None
    from_columns = RatingTable.from_columns(varied.columns(), catalog, reference)
    from_records = RatingTable.build(varied.records(), catalog, reference)
    assert len(from_columns) == varied.count(COMPLETE) > 400  # drafts left out
    assert any(not tip.in_reference for tip in from_columns.tips)  # the other version's and the retired tips
    first = from_records.first_date()
    assert first is not None
    for flt in (TrendFilter(), TrendFilter(tag="night"), TrendFilter(setting="inpatient"),
                TrendFilter(framework_id="ten-top-tips-2007")):
        for start, size in ((first, Bin.QUARTER), (TODAY - timedelta(days=90), Bin.WEEK),
                            (TODAY - timedelta(days=365), Bin.MONTH), (TODAY - timedelta(days=60), Bin.SESSIONS)):
            _same_board(analytics.dashboard(from_columns.where(flt), start, TODAY, size),
                        analytics.dashboard(from_records.where(flt), start, TODAY, size))


def test_a_dated_column_read_holds_the_same_reflections_as_the_dated_records(
    varied: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    dated = ReflectionFilter(date_from=TODAY - timedelta(days=40), date_to=TODAY - timedelta(days=10),
                             statuses=(STATUS_COMPLETE,))
    columns = varied.columns(dated)
    records = varied.records(dated)
    assert 0 < len(columns) == len(records) < varied.count(COMPLETE)
    assert columns.ids.tolist() == [r.id for r in records]
    assert columns.tags.tolist() == [r.tags for r in records]
    assert columns.tag_names() == sorted({tag for r in records for tag in r.tags}) and "night" in columns.tag_names()
    same = RatingColumns.from_records(records)
    for name in ("moments", "setting", "contact_type", "modality", "framework_id"):
        np.testing.assert_array_equal(getattr(columns, name), getattr(same, name), err_msg=name)

    def ratings(read: RatingColumns) -> list[tuple[int, int, str, float]]:  # in any order the read gives them
        return sorted(zip(read.rating_row.tolist(), read.rating_position.tolist(),
                          [read.items[code] for code in read.rating_item], np.nan_to_num(read.points, nan=-1).tolist(),
                          strict=True))

    assert ratings(columns) == ratings(same)


def test_the_reflections_behind_a_click_are_loaded_by_id_oldest_first(varied: ReflectionStore) -> None:
    everything = varied.records()
    chosen = [everything[3].id, everything[1].id, "no-such-id", everything[-1].id]
    found = varied.records_with_ids([i for i in chosen if i])
    assert [r.id for r in found] == [everything[1].id, everything[3].id, everything[-1].id]
    assert found[0] == everything[1]  # whole: ratings, notes, text and tags


def test_the_supervision_report_reads_columns_and_whole_records_only_of_the_ticked(
    varied: ReflectionStore, catalog: FrameworkCatalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(focus_tip="hope", focus_start=TODAY - timedelta(days=30))
    ticked = varied.records(ReflectionFilter(date_from=TODAY - timedelta(days=20), statuses=(STATUS_COMPLETE,)))[-1]
    request = ReportRequest(TODAY - timedelta(days=60), TODAY, include_ids=(ticked.id or "",))
    whole = ReportData.of(varied.records(records_filter(request, settings)))
    asked: list[list[str]] = []
    monkeypatch.setattr(varied, "records", lambda *_a, **_k: pytest.fail("whole records of every reflection"))
    monkeypatch.setattr(varied, "records_with_ids", _recording_ids(asked, varied.records_with_ids))
    data = load_report_data(varied, request, settings)
    assert asked == [[ticked.id]] and list(data.records) == [ticked.id]
    mine = report_content(data, catalog, settings, request, TODAY)
    theirs = report_content(whole, catalog, settings, request, TODAY)
    _same_board(mine.board, theirs.board)
    assert mine.focus == theirs.focus and mine.focus is not None
    assert mine.previous.ids.tolist() == theirs.previous.ids.tolist()
    assert mine.included == theirs.included == (ticked,)


def _recording_ids(asked: list[list[str]], load: Any) -> Any:
    def recorded(ids: Any) -> Any:
        asked.append(list(ids))
        return load(ids)

    return recorded


def test_columns_read_a_few_ratings_at_a_time_are_those_read_at_once(
    varied: ReflectionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rating rows are read a chunk at a time (to bound memory at 100,000 reflections): chunks
    that split a reflection's ratings, and drafts' ratings among them, change nothing."""
    whole = varied.columns()
    monkeypatch.setattr(reflection_columns, "CHUNK", 7)
    chunked = varied.columns()
    assert chunked.items == whole.items and len(chunked.points) == len(whole.points) > 7 * 100
    for field in fields(RatingColumns):
        if field.name != "items":
            np.testing.assert_array_equal(getattr(chunked, field.name), getattr(whole, field.name), err_msg=field.name)


def test_a_patched_in_reflection_with_a_longer_id_keeps_its_whole_id() -> None:
    """Ids are one fixed-width array; a fresh reflection whose id is longer than any kept (one imported
    from another tool, say) must not be cut to the old width when patched in."""
    moment = datetime(2026, 3, 2, 9)
    kept = RatingColumns.build([("r1", moment, "ward", "review", "in-person", "ttt")],
                               ([0], ["tip-1"], [2.0], [0]))
    longer = "imported-reflection-with-a-long-id"
    fresh = RatingColumns.build([(longer, moment + timedelta(hours=1), "ward", "review", "in-person", "ttt")],
                                ([0], ["tip-1"], [1.0], [0]))
    patched = kept.patched({longer}, fresh)
    assert patched is not None
    assert patched.ids.tolist() == ["r1", longer]
