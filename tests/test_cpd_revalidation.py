"""Target arithmetic for revalidation cycles and appraisal years that cross year boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from reflect.cpd_data import CpdCatalog, load_cpd_catalog
from reflect.revalidation import (
    ActivityFact,
    Period,
    add_years,
    cycle_anchor,
    cycle_containing,
    cycle_years,
    progress,
)


@pytest.fixture(scope="module")
def cpd_catalog() -> CpdCatalog:
    return load_cpd_catalog()


def test_add_years_keeps_the_day_and_moves_29_february_to_28() -> None:
    assert add_years(date(2024, 4, 1), 3) == date(2027, 4, 1)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("anchor", "today", "expected"),
    [
        # a cycle from 1 April runs over three calendar-year boundaries to 31 March
        (date(2024, 4, 1), date(2024, 12, 31), Period(date(2024, 4, 1), date(2027, 3, 31))),
        (date(2024, 4, 1), date(2027, 3, 31), Period(date(2024, 4, 1), date(2027, 3, 31))),
        # the day after it ends the next cycle begins
        (date(2024, 4, 1), date(2027, 4, 1), Period(date(2027, 4, 1), date(2030, 3, 31))),
        # an anchor in the future counts backwards
        (date(2024, 4, 1), date(2023, 1, 15), Period(date(2021, 4, 1), date(2024, 3, 31))),
        # a New Year's Eve start
        (date(2023, 12, 31), date(2026, 12, 30), Period(date(2023, 12, 31), date(2026, 12, 30))),
        (date(2023, 12, 31), date(2026, 12, 31), Period(date(2026, 12, 31), date(2029, 12, 30))),
        # several cycles later
        (date(2015, 7, 10), date(2025, 1, 2), Period(date(2024, 7, 10), date(2027, 7, 9))),
    ],
)
def test_three_year_cycle_containing_a_day(anchor: date, today: date, expected: Period) -> None:
    assert cycle_containing(anchor, 3, today) == expected


def test_appraisal_years_of_a_five_year_cycle_start_on_each_anniversary() -> None:
    cycle = cycle_containing(date(2022, 10, 1), 5, date(2023, 2, 1))
    years = cycle_years(cycle, 5)
    assert [(y.start, y.end) for y in years] == [
        (date(2022, 10, 1), date(2023, 9, 30)),
        (date(2023, 10, 1), date(2024, 9, 30)),
        (date(2024, 10, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2027, 9, 30)),
    ]
    assert sum(y.days for y in years) == cycle.days


def test_a_29_february_start_leaves_no_gaps_between_years() -> None:
    cycle = cycle_containing(date(2024, 2, 29), 3, date(2025, 6, 1))
    years = cycle_years(cycle, 3)
    assert cycle == Period(date(2024, 2, 29), date(2027, 2, 27))
    for earlier, later in zip(years, years[1:], strict=False):
        assert (later.start - earlier.end).days == 1
    assert years[-1].end == cycle.end


def test_nmc_progress_counts_hours_participatory_accounts_and_discussions_across_new_year(
    cpd_catalog: CpdCatalog,
) -> None:
    nmc = cpd_catalog.schemes["nmc"]
    anchor = date(2024, 4, 1)
    activities = [
        ActivityFact(date(2024, 3, 31), 100.0, True),  # the day before the cycle: not counted
        ActivityFact(date(2024, 4, 1), 6.5, True),  # first day
        ActivityFact(date(2024, 12, 31), 7.0, False),
        ActivityFact(date(2025, 1, 1), 8.0, True),  # across the new year
        ActivityFact(date(2027, 3, 31), 3.5, True),  # last day of the cycle
        ActivityFact(date(2027, 4, 1), 50.0, True),  # the next cycle
    ]
    accounts = [date(2024, 5, 1), date(2025, 1, 2), date(2026, 12, 31), date(2027, 4, 2)]
    discussions = [date(2026, 2, 1)]
    cycle, rows = progress(nmc, anchor, date(2025, 1, 10), activities, accounts, discussions)
    assert cycle == Period(date(2024, 4, 1), date(2027, 3, 31))
    by_id = {row.target.id: row for row in rows}
    assert by_id["cpd-hours"].achieved == 25.0 and by_id["cpd-hours"].required == 35
    assert by_id["cpd-hours"].remaining == 10.0 and not by_id["cpd-hours"].met
    assert by_id["participatory-hours"].achieved == 18.0
    assert by_id["reflective-accounts"].achieved == 3
    assert by_id["reflective-discussion"].achieved == 1 and by_id["reflective-discussion"].met
    assert all(row.current for row in rows)
    assert 0 < by_id["cpd-hours"].elapsed < 1


def test_yearly_credit_targets_use_appraisal_years_and_credits_per_hour(cpd_catalog: CpdCatalog) -> None:
    scheme = replace(cpd_catalog.schemes["rcpsych"], credits_per_hour=2.0)
    anchor = date(2023, 9, 1)
    activities = [
        ActivityFact(date(2023, 12, 31), 10.0, clinical=True),  # year 1 (Sep 2023 – Aug 2024)
        ActivityFact(date(2024, 1, 1), 5.0, clinical=False),  # year 1, after the new year
        ActivityFact(date(2024, 8, 31), 1.0, clinical=True),  # year 1's last day
        ActivityFact(date(2024, 9, 1), 4.0, clinical=True),  # year 2's first day
    ]
    _cycle, rows = progress(scheme, anchor, date(2025, 1, 5), activities, [], [])
    annual = [r for r in rows if r.target.id == "annual-credits"]
    clinical = [r for r in rows if r.target.id == "annual-clinical"]
    assert [(r.period.start, r.achieved, r.current) for r in annual] == [
        (date(2023, 9, 1), 32.0, False),
        (date(2024, 9, 1), 8.0, True),
    ]
    assert [r.achieved for r in clinical] == [22.0, 8.0]
    cycle_row = next(r for r in rows if r.target.id == "cycle-credits")
    assert cycle_row.achieved == 40.0 and cycle_row.period == Period(date(2023, 9, 1), date(2028, 8, 31))
    assert annual[0].elapsed == 1.0


def test_aomrc_has_fifty_a_year_and_250_a_cycle(cpd_catalog: CpdCatalog) -> None:
    aomrc = cpd_catalog.schemes["aomrc"]
    assert aomrc.cycle_years == 5
    assert {(t.per, t.amount) for t in aomrc.targets} == {("year", 50), ("cycle", 250)}


def test_missing_cycle_start_counts_from_1_january() -> None:
    assert cycle_anchor(None, date(2025, 6, 1)) == date(2025, 1, 1)
    assert cycle_anchor(date(2024, 4, 1), date(2025, 6, 1)) == date(2024, 4, 1)
