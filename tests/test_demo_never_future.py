"""Demo data is the user's first look at Reflect: no session may lie after now."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from reflect import demo
from reflect.frameworks import FrameworkCatalog


def test_demo_made_early_on_a_working_morning_has_no_session_later_that_day(catalog: FrameworkCatalog) -> None:
    now = datetime(2026, 11, 30, 6, 14)  # a Monday, before the first session would start
    records = list(demo.generate(catalog.default(), 50, now.date(), seed=4, now=now))
    assert len(records) == 50
    assert all(r.occurred_at + timedelta(minutes=r.duration_min) <= now for r in records)
    assert max(r.occurred_at.date() for r in records) == date(2026, 11, 27)  # the Friday before


def test_demo_made_in_the_evening_still_includes_today(catalog: FrameworkCatalog) -> None:
    now = datetime(2026, 11, 30, 20, 0)
    records = list(demo.generate(catalog.default(), 10, now.date(), seed=4, now=now))
    assert max(r.occurred_at.date() for r in records) == now.date()
    assert all(r.occurred_at + timedelta(minutes=r.duration_min) <= now for r in records)
