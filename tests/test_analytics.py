"""Trend analytics on small hand-built data sets with exact answers, plus property tests."""

from __future__ import annotations

import math
import uuid
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect import analytics, rate_tables
from reflect.analytics import Bin, ChangeStatus, RatingTable, TrendFilter
from reflect.demo import generate
from reflect.frameworks import Framework, FrameworkCatalog, load_catalog
from reflect.records import RatingEntry, ReflectionRecord

CATALOG = load_catalog()
TIPS_2008 = CATALOG.get("ten-top-tips-2008")
TIPS_2007 = CATALOG.get("ten-top-tips-2007")
assert TIPS_2008 is not None and TIPS_2007 is not None
MONDAY = date(2026, 3, 2)


def reflection(
    day: date,
    choices: dict[str, str],
    framework: Framework = TIPS_2008,
    hour: int = 10,
    default: str | None = "yes",
    **details: object,
) -> ReflectionRecord:
    """A complete reflection; tips not in `choices` get `default` (None: left out entirely)."""
    ratings = []
    for item in framework.items:
        choice = choices.get(item.id, default)
        if choice is None:
            continue
        option = framework.option(choice)
        assert option is not None
        ratings.append(RatingEntry(item.id, choice, option.points))
    fields: dict[str, object] = {
        "setting": "outpatient",
        "contact_type": "review",
        "modality": "in-person",
        "tags": (),
        "id": uuid.uuid4().hex,
    }
    fields.update(details)
    return ReflectionRecord(
        occurred_at=datetime.combine(day, time(hour)),
        duration_min=30,
        framework_id=framework.id,
        framework_version=framework.version,
        ratings=tuple(ratings),
        **fields,  # type: ignore[arg-type]
    )


def table(records: list[ReflectionRecord], reference: Framework = TIPS_2008) -> RatingTable:
    return RatingTable.build(records, CATALOG, reference)


def behind(board: analytics.Dashboard, records: list[ReflectionRecord], column: int,
           tip_id: str | None = None) -> list[ReflectionRecord]:
    """The records behind a column, from the ids the dashboard gives."""
    by_id = {r.id: r for r in records}
    return [by_id[i] for i in board.ids_in(column, tip_id)]


def wilson_by_hand(p: float, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


# ---------------------------------------------------------------------------
# rates and scores


def test_wilson_interval_matches_the_published_values() -> None:
    assert analytics.wilson_interval(0, 5) == pytest.approx((0.0, 0.4345), abs=1e-4)
    assert analytics.wilson_interval(5, 5) == pytest.approx((0.5655, 1.0), abs=1e-4)
    assert analytics.wilson_interval(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert analytics.wilson_interval(0, 0) is None


def test_one_interval_and_the_vectorised_intervals_agree() -> None:
    """A cell's interval (floats) and a chart's (numpy arrays) are the same formula: every table matches its chart."""
    from reflect.rating_table import wilson_arrays

    cases = [(s / 4, n) for n in (1, 2, 7, 30, 400) for s in range(0, 4 * n + 1, max(1, n // 3))]
    low, high = wilson_arrays(np.array([s / n for s, n in cases]), np.array([float(n) for _, n in cases]))
    for (s, n), lo, hi in zip(cases, low, high, strict=True):
        assert analytics.wilson_interval(s, n) == pytest.approx((lo, hi), abs=1e-12)


def test_tip_rate_counts_partly_as_half_and_leaves_out_not_applicable() -> None:
    data = table(
        [
            reflection(MONDAY, {"hope": "yes"}),
            reflection(MONDAY, {"hope": "partly"}, hour=11),
            reflection(MONDAY, {"hope": "no"}, hour=12),
            reflection(MONDAY, {"hope": "na"}, hour=13),
        ]
    )
    rate = analytics.tip_rates(data)["hope"]
    assert rate.mean == pytest.approx(0.5)
    assert (rate.n, rate.na, rate.missing, rate.rated) == (3, 1, 0, 4)
    assert rate.na_share == pytest.approx(0.25)
    assert (rate.low, rate.high) == pytest.approx(wilson_by_hand(0.5, 3))
    assert rate.describe() == "50 % from 3 sessions (95 % range 13 to 87 %)"
    # every other tip defaulted to Yes four times
    assert analytics.tip_rates(data)["strengths"].mean == 1.0


def test_a_tip_that_was_always_not_applicable_has_no_rate_but_says_why() -> None:
    rate = analytics.tip_rates(table([reflection(MONDAY, {"hope": "na"})]))["hope"]
    assert rate.mean is None and rate.low is None
    assert rate.describe() == "not applicable in its one session"


def test_reflection_score_is_points_over_twice_the_applicable_items() -> None:
    record = reflection(
        MONDAY, {"hope": "yes", "strengths": "partly", "personal-goals": "no", "extra-mile": "na"}, default=None
    )
    scores = analytics.reflection_scores(table([record]))
    assert scores[0] == pytest.approx(100 * 3 / 6)
    assert scores[0] == pytest.approx(record.score().percent)
    all_na = reflection(MONDAY, {}, default="na")
    assert np.isnan(analytics.reflection_scores(table([all_na]))[0])


def test_group_rates_average_each_sessions_group_mean_and_count_sessions() -> None:
    # Hope = strengths, lived-experience, hope in the 2008 file
    data = table(
        [
            reflection(MONDAY, {"strengths": "yes", "lived-experience": "no", "hope": "na"}),
            reflection(MONDAY, {"strengths": "partly", "lived-experience": "no", "hope": "yes"}, hour=11),
            reflection(MONDAY, {"strengths": "na", "lived-experience": "na", "hope": "na"}, hour=12),
        ]
    )
    grouping = next(g for g in TIPS_2008.groupings if g.id == "hope-agency-opportunity")
    rates = rate_tables.group_rates(data, grouping)
    hope = rates["hope"]
    # session means 1/2 and 1.5/3; the third session had nothing applicable on Hope
    assert (hope.n, hope.na) == (2, 1)
    assert hope.mean == pytest.approx((0.5 + 0.5) / 2)
    assert rates["agency"].mean == 1.0 and rates["agency"].n == 3


def test_a_group_range_uses_sessions_so_it_is_wider_than_pooling_ratings() -> None:
    days = [MONDAY + timedelta(days=i) for i in range(12)]
    data = table([
        reflection(day, {}, default=("yes" if i % 2 else "no")) for i, day in enumerate(days)
    ])
    grouping = next(g for g in TIPS_2008.groupings if g.id == "hope-agency-opportunity")
    agency = rate_tables.group_rates(data, grouping)["agency"]
    pooled = analytics.wilson_interval(6 * 4, 12 * 4)
    assert agency.n == 12 and agency.mean == pytest.approx(0.5)
    assert agency.low is not None and agency.high is not None and pooled is not None
    # every tip moves together within a session: 12 sessions, not 48 independent ratings
    assert agency.high - agency.low > pooled[1] - pooled[0] + 0.15
    expected = rate_tables.t95(11) * (12 / 11 * 0.25) ** 0.5 / 12**0.5
    assert agency.high == pytest.approx(0.5 + expected)


# ---------------------------------------------------------------------------
# periods and series


def test_periods_start_on_monday_the_first_of_the_month_and_the_quarter() -> None:
    wednesday = date(2026, 5, 13)
    assert analytics.period_start(wednesday, Bin.WEEK) == date(2026, 5, 11)
    assert analytics.period_start(wednesday, Bin.MONTH) == date(2026, 5, 1)
    assert analytics.period_start(wednesday, Bin.QUARTER) == date(2026, 4, 1)
    quarters = analytics.periods(date(2025, 11, 20), date(2026, 4, 2), Bin.QUARTER)
    assert [p.label for p in quarters] == ["Oct to Dec 2025", "Jan to Mar 2026", "Apr to Jun 2026"]
    assert quarters[0].end == date(2026, 1, 1)
    months = analytics.periods(date(2025, 12, 31), date(2026, 1, 1), Bin.MONTH)
    assert [p.label for p in months] == ["Dec 2025", "Jan 2026"]
    weeks = analytics.periods(MONDAY, MONDAY + timedelta(days=13), Bin.WEEK)
    assert [p.label for p in weeks] == ["Week of 2 Mar 2026", "Week of 9 Mar 2026"]


def test_weekly_series_keeps_empty_weeks_as_gaps() -> None:
    records = [
        reflection(MONDAY, {"hope": "yes"}),
        reflection(MONDAY + timedelta(days=2), {"hope": "partly"}),
        reflection(MONDAY + timedelta(days=15), {"hope": "no"}),  # third week; the second is empty
    ]
    board = analytics.dashboard(table(records), MONDAY, MONDAY + timedelta(days=20), Bin.WEEK)
    hope = board.tips["hope"]
    assert board.columns == 3
    assert hope.n.tolist() == [2, 0, 1]
    assert hope.mean[0] == pytest.approx(0.75)
    assert math.isnan(hope.mean[1])
    assert hope.mean[2] == 0.0
    assert hope.points == 2
    assert hope.rate(1).mean is None
    assert hope.rate(0).low == pytest.approx(wilson_by_hand(0.75, 2)[0])
    assert board.score_line.n.tolist() == [2, 0, 1]
    assert [len(board.ids_in(c)) for c in range(3)] == [2, 0, 1]
    # x sits in the middle of each week, in seconds since 1970
    middle = datetime.combine(MONDAY, time()) + timedelta(days=3.5)
    assert board.x[0] == (middle - datetime(1970, 1, 1)).total_seconds()


def test_range_limits_the_series_and_sparse_note_explains_it() -> None:
    records = [reflection(MONDAY + timedelta(days=d), {}) for d in range(0, 60, 3)]
    board = analytics.dashboard(table(records), date(2026, 4, 1), date(2026, 4, 30), Bin.MONTH)
    assert board.columns == 1
    assert len(board.table) == len([r for r in records if r.occurred_at.month == 4])
    assert analytics.sparse_note(len(board.table)) == (
        "10 reflections in this range — rates are shown with wide intervals; read them as rough."
    )
    assert analytics.sparse_note(0).startswith("No reflections in this range")
    assert analytics.sparse_note(20) is None


def test_rolling_window_averages_the_last_k_sessions() -> None:
    choices = ["yes", "no", "partly", "yes", "na"]
    records = [reflection(MONDAY, {"hope": c}, hour=8 + i) for i, c in enumerate(choices)]
    board = analytics.dashboard(table(records), MONDAY, MONDAY, Bin.SESSIONS, window=3)
    hope = board.tips["hope"]
    assert board.columns == 3
    assert hope.mean.tolist() == pytest.approx([0.5, 0.5, 0.75])
    assert hope.n.tolist() == [3, 3, 2]
    assert hope.na.tolist() == [0, 0, 1]
    assert [r.occurred_at.hour for r in behind(board, records, 2)] == [10, 11, 12]
    too_short = analytics.dashboard(table(records), MONDAY, MONDAY, Bin.SESSIONS, window=6)
    assert too_short.columns == 0


def test_not_applicable_series_is_the_share_of_answers_that_were_na() -> None:
    records = [
        reflection(MONDAY, {"hope": "na", "strengths": "na"}),
        reflection(MONDAY, {"hope": "na"}, hour=11),
    ]
    board = analytics.dashboard(table(records), MONDAY, MONDAY, Bin.WEEK)
    assert board.not_applicable.mean[0] == pytest.approx(3 / 20)
    assert board.not_applicable.n[0] == 20


def test_filters_select_by_setting_contact_modality_tag_and_framework() -> None:
    records = [
        reflection(MONDAY, {}, setting="inpatient", tags=("team",)),
        reflection(MONDAY, {}, hour=11, contact_type="assessment", modality="video"),
        reflection(MONDAY, {}, hour=12, framework=TIPS_2007, tags=("team", "learning")),
    ]
    data = table(records)
    by_id = {r.id: r for r in records}
    hours = lambda flt: [by_id[i].occurred_at.hour for i in data.where(flt).ids]  # noqa: E731
    assert hours(TrendFilter()) == [10, 11, 12]
    assert hours(TrendFilter(setting="inpatient")) == [10]
    assert hours(TrendFilter(contact_type="assessment")) == [11]
    assert hours(TrendFilter(modality="video")) == [11]
    assert hours(TrendFilter(tag="team")) == [10, 12]
    assert hours(TrendFilter(framework_id="ten-top-tips-2007")) == [12]
    assert hours(TrendFilter(setting="crisis")) == []
    assert hours(TrendFilter(tag="team", setting="outpatient")) == [12]


# ---------------------------------------------------------------------------
# comparisons, highlights and focus


def _answers(day: date, tip: str, choices: list[str]) -> list[ReflectionRecord]:
    return [reflection(day, {tip: c}, hour=8 + i) for i, c in enumerate(choices)]


def test_a_change_is_flagged_only_when_the_intervals_do_not_overlap() -> None:
    before = table(_answers(MONDAY, "hope", ["no"] * 10) + _answers(MONDAY, "strengths", ["no"] * 2))
    after = table(_answers(MONDAY, "hope", ["yes"] * 10) + _answers(MONDAY, "strengths", ["yes"] * 2))
    changes = {c.tip.id: c for c in analytics.compare(before, after)}
    hope = changes["hope"]
    # the two strengths-only reflections rated hope Yes on both sides
    assert (hope.before.n, hope.after.n) == (12, 12)
    assert hope.change == pytest.approx(1 - 2 / 12)
    assert hope.status is ChangeStatus.UP and hope.flagged
    assert changes["strengths"].change == pytest.approx(1 - 10 / 12)

    small_before = table(_answers(MONDAY, "hope", ["no", "no"]))
    small_after = table(_answers(MONDAY, "hope", ["yes", "yes"]))
    small = {c.tip.id: c for c in analytics.compare(small_before, small_after)}["hope"]
    assert small.change == pytest.approx(1.0)
    assert small.status is ChangeStatus.UNCLEAR and not small.flagged

    large_before = table(_answers(MONDAY, "hope", ["no"] * 12))
    large_after = table(_answers(MONDAY, "hope", ["yes"] * 12))
    large = {c.tip.id: c for c in analytics.compare(large_before, large_after)}["hope"]
    assert large.status is ChangeStatus.UP and large.flagged
    down = {c.tip.id: c for c in analytics.compare(large_after, large_before)}["hope"]
    assert down.status is ChangeStatus.DOWN and down.change == pytest.approx(-1.0)


def test_comparison_with_an_empty_side_says_too_few() -> None:
    after = table(_answers(MONDAY, "hope", ["yes"]))
    change = {c.tip.id: c for c in analytics.compare(after.take(np.zeros(1, dtype=bool)), after)}["hope"]
    assert change.status is ChangeStatus.TOO_FEW and change.change is None and not change.flagged


def test_dashboard_compares_the_range_with_the_one_before() -> None:
    records = _answers(MONDAY, "hope", ["no"] * 12) + _answers(MONDAY + timedelta(days=7), "hope", ["yes"] * 12)
    week2 = MONDAY + timedelta(days=7)
    board = analytics.dashboard(table(records), week2, week2 + timedelta(days=6), Bin.WEEK)
    assert board.previous == (MONDAY, MONDAY + timedelta(days=6))
    hope = next(c for c in board.comparison if c.tip.id == "hope")
    assert (hope.before.n, hope.after.n, hope.status) == (12, 12, ChangeStatus.UP)


def test_highlights_name_strengths_development_areas_and_often_na() -> None:
    records = [
        reflection(MONDAY, {"hope": "no", "strengths": "partly", "extra-mile": "na", "personal-goals": "na"}),
        reflection(MONDAY, {"hope": "no", "strengths": "no", "extra-mile": "na"}, hour=11),
        reflection(MONDAY, {"hope": "partly", "strengths": "yes", "extra-mile": "yes"}, hour=12),
    ]
    result = analytics.highlights(table(records), count=2)
    assert [t.tip.id for t in result.development] == ["hope", "strengths"]
    assert result.development[0].rate.mean == pytest.approx(1 / 6)
    # eight tips are all Yes: ties go to the larger n, then id order
    assert [t.tip.id for t in result.strengths] == ["beyond-sick-role", "community-resources"]
    assert [t.tip.id for t in result.often_na] == ["extra-mile", "personal-goals"]
    assert result.often_na[0].rate.na_share == pytest.approx(2 / 3)


def test_focus_tip_before_and_after_its_start_date() -> None:
    start = MONDAY + timedelta(days=7)
    records = _answers(MONDAY, "hope", ["no", "no", "partly", "yes"]) + _answers(start, "hope", ["yes", "yes", "partly"])
    result = analytics.focus(table(records), "hope", start)
    assert result.tip.label == "Maintaining hope"
    assert (result.before.n, result.after.n) == (4, 3)
    assert result.before.mean == pytest.approx(1.5 / 4)
    assert result.after.mean == pytest.approx(2.5 / 3)
    assert result.change == pytest.approx(2.5 / 3 - 1.5 / 4)
    assert result.status is ChangeStatus.UNCLEAR


# ---------------------------------------------------------------------------
# framework versions


def test_tips_are_matched_by_id_across_frameworks_and_missing_ones_are_reported() -> None:
    old = [reflection(MONDAY, {"hope": "no", "making-sense": "yes"}, framework=TIPS_2007, hour=8 + i) for i in range(3)]
    new = [reflection(MONDAY + timedelta(days=7), {"hope": "yes"}, hour=8 + i) for i in range(2)]
    data = table(old + new)
    # the 2008 tips first, then the 2007-only tip, never folded into another
    assert [t.id for t in data.tips][:10] == [i.id for i in TIPS_2008.items]
    extra = data.tip("making-sense")
    assert (extra.label, extra.in_reference) == ("Making sense", False)
    rates = analytics.tip_rates(data)
    assert (rates["making-sense"].n, rates["making-sense"].missing) == (3, 2)
    assert (rates["extra-mile"].n, rates["extra-mile"].missing) == (2, 3)
    assert rates["hope"].n == 5 and rates["hope"].mean == pytest.approx(2 / 5)
    assert analytics.tip_rates(data.between(MONDAY, MONDAY))["extra-mile"].describe() == "not in this checklist version"

    changes = {c.tip.id: c for c in analytics.compare(data.between(MONDAY, MONDAY), data.between(MONDAY + timedelta(days=7), None))}
    assert changes["extra-mile"].status is ChangeStatus.MISSING
    assert changes["making-sense"].status is ChangeStatus.MISSING
    assert changes["hope"].change == pytest.approx(1.0)
    assert changes["hope"].status is ChangeStatus.UNCLEAR  # 0 of 3 against 2 of 2: intervals overlap


def test_a_newer_version_of_the_same_framework_is_compared_by_item_id() -> None:
    items = tuple(i for i in TIPS_2008.items if i.id != "extra-mile")
    version2 = replace(TIPS_2008, version="2", items=items, groupings=())
    catalog = FrameworkCatalog({TIPS_2008.id: version2}, [])
    v1 = reflection(MONDAY, {"extra-mile": "partly"})
    v2 = replace(reflection(MONDAY, {}, framework=version2, hour=11), framework_version="2")
    data = RatingTable.build([v1, v2], catalog, version2)
    assert data.tip("extra-mile").in_reference is False
    rate = analytics.tip_rates(data)["extra-mile"]
    assert (rate.mean, rate.n, rate.missing) == (0.5, 1, 1)
    board = analytics.dashboard(data, MONDAY, MONDAY, Bin.WEEK)
    # the N/A share only counts the reference version's tips: 9 tips × 2 reflections, none N/A
    assert board.not_applicable.n[0] == 18
    assert [r.framework_version for r in behind(board, [v1, v2], 0, "extra-mile")] == ["1"]


def test_an_empty_table_gives_empty_but_well_formed_results() -> None:
    data = table([])
    board = analytics.dashboard(data, MONDAY, MONDAY + timedelta(days=27), Bin.WEEK)
    assert board.columns == 4
    assert all(series.points == 0 for series in board.tips.values())
    assert board.highlights.strengths == ()
    assert all(c.status is ChangeStatus.TOO_FEW for c in board.comparison)
    assert data.first_date() is None


# ---------------------------------------------------------------------------
# demo data and properties


def test_demo_data_shows_the_improving_tips_improve() -> None:
    data = table(list(generate(TIPS_2008, 600, date(2026, 6, 1), seed=3)))
    first, last = data.first_date(), data.last_date()
    assert first is not None and last is not None
    board = analytics.dashboard(data, first, last, Bin.QUARTER)
    improving = TIPS_2008.items[-1].id  # the demo's last third of tips improve over time
    series = board.tips[improving]
    assert series.mean[series.n > 0][-1] > series.mean[series.n > 0][0]
    assert sum(len(board.ids_in(c)) for c in range(board.columns)) == len(data)


CHOICES = ["yes", "partly", "no", "na", None]  # None: tip missing from the reflection


@st.composite
def reflection_sets(draw: st.DrawFn) -> list[ReflectionRecord]:
    count = draw(st.integers(min_value=0, max_value=40))
    records = []
    for _ in range(count):
        framework = draw(st.sampled_from([TIPS_2008, TIPS_2007]))
        day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 400)))
        picks = draw(st.lists(st.sampled_from(CHOICES), min_size=len(framework.items), max_size=len(framework.items)))
        choices = {item.id: pick for item, pick in zip(framework.items, picks, strict=True)}
        records.append(reflection(day, choices, framework=framework, hour=draw(st.integers(0, 23)), default=None))  # type: ignore[arg-type]
    return records


@settings(max_examples=60, deadline=None)
@given(reflection_sets())
def test_rates_stay_within_0_and_1_and_intervals_contain_them(records: list[ReflectionRecord]) -> None:
    data = table(records)
    for rate in analytics.tip_rates(data).values():
        assert rate.n + rate.na + rate.missing == len(records)
        if rate.mean is None:
            continue
        assert rate.low is not None and rate.high is not None
        assert 0.0 <= rate.low <= rate.mean <= rate.high <= 1.0
    scores = analytics.reflection_scores(data)
    assert np.all((scores[~np.isnan(scores)] >= 0) & (scores[~np.isnan(scores)] <= 100))


@settings(max_examples=60, deadline=None)
@given(
    reflection_sets(),
    st.sampled_from([Bin.WEEK, Bin.MONTH, Bin.QUARTER]),
    st.integers(0, 400),
    st.integers(0, 200),
)
def test_binning_partitions_the_reflections_in_range(
    records: list[ReflectionRecord], size: Bin, offset: int, length: int
) -> None:
    data = table(records)
    start = date(2025, 1, 1) + timedelta(days=offset)
    end = start + timedelta(days=length)
    board = analytics.dashboard(data, start, end, size)
    in_range = [r for r in records if start <= r.occurred_at.date() <= end]
    listed = [r for c in range(board.columns) for r in behind(board, records, c)]
    assert sorted(map(id, listed)) == sorted(map(id, in_range))
    overall = analytics.tip_rates(board.table)
    for tip_id, series in board.tips.items():
        assert series.n.sum() == overall[tip_id].n
        assert series.na.sum() == overall[tip_id].na
        valid = series.n > 0
        assert np.all((series.low[valid] <= series.mean[valid]) & (series.mean[valid] <= series.high[valid]))
        assert np.all((series.mean[valid] >= 0) & (series.mean[valid] <= 1))
    for p, following in pairwise(board.periods):
        assert p.end == following.start
