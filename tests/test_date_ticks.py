"""Date axis labels: spaced by the width they need, "3 Nov" style, the year where it changes."""

from __future__ import annotations

from datetime import date

import pytest

from reflect.ui.widgets.date_ticks import GAP, date_ticks, seconds


def measure(text: str) -> float:
    return 7.0 * len(text)  # a plain monospaced stand-in for the axis font


@pytest.mark.parametrize("width", [90, 150, 300, 640, 1024, 1900])
@pytest.mark.parametrize(("first", "last"), [(date(2026, 10, 29), date(2026, 11, 5)),
                                             (date(2026, 9, 1), date(2026, 11, 30)),
                                             (date(2023, 11, 30), date(2026, 11, 30))])
def test_labels_fit_inside_the_axis_and_keep_apart(first: date, last: date, width: int) -> None:
    start, end = seconds(first), seconds(last)
    ticks = date_ticks(start, end, width, measure)
    assert ticks
    scale = width / (end - start)
    spans = [((x - start) * scale - measure(t) / 2, (x - start) * scale + measure(t) / 2) for x, t in ticks]
    assert all(left >= 0 and right <= width for left, right in spans)
    for (_l, right), (left, _r) in zip(spans, spans[1:], strict=False):
        assert left - right >= GAP - 1e-6


def test_days_read_like_dates_and_the_year_shows_where_it_changes() -> None:
    ticks = date_ticks(seconds(date(2026, 12, 20)), seconds(date(2027, 1, 20)), 1200, measure)
    texts = [t for _x, t in ticks]
    assert texts[0].endswith(" 2026") and not texts[1].endswith("2026")
    turn = next(t for t in texts if "Jan" in t)
    assert turn.endswith(" 2027")  # the first label of the new year carries it
    assert all(" " in t for t in texts)  # "3 Jan", never "Jan03" or "29Dec"


def test_a_long_span_is_labelled_by_months_then_years() -> None:
    months = [t for _x, t in date_ticks(seconds(date(2025, 1, 1)), seconds(date(2026, 12, 31)), 800, measure)]
    assert "Jan 2026" in months and all(t.split()[0] in ("Jan", "Apr", "Jul", "Oct") for t in months)
    years = [t for _x, t in date_ticks(seconds(date(2016, 1, 1)), seconds(date(2026, 12, 31)), 400, measure)]
    assert years and all(t.isdigit() for t in years)


@pytest.mark.parametrize("width", [40, 60, 100, 120])
def test_a_narrow_chart_over_sixteen_years_gets_one_year_without_measuring_every_day(width: int) -> None:
    """The Tips tab's ten small charts with the range "All": each axis measured some 15,000 day labels to find
    that only one label fits, and opening the tab froze Trends for 0.7 s at 20,000 reflections (3 s at 100,000)."""
    measured: list[str] = []

    def counting(text: str) -> float:
        measured.append(text)
        return measure(text)

    ticks = date_ticks(seconds(date(2010, 11, 30)), seconds(date(2026, 11, 30)), width, counting)
    assert len(ticks) == 1 and ticks[0][1].isdigit()  # a year: the one label that says when
    assert len(measured) < 200  # a few candidates, not every day of sixteen years
