"""A large demo is a plausible career within the dates an import accepts, so its export imports again.

The demo is made on an early day (1991) so that a few thousand reflections already reach the
earliest date an import accepts, as 100,000 do today: the test stays fast.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from reflect import demo
from reflect.cli import main
from reflect.cli_commands import run_demo
from reflect.errors import UserError
from reflect.frameworks import FrameworkCatalog
from reflect.paths import DataPaths
from reflect.records import EARLIEST_DAY
from tests.helpers import count

EARLY_DAY = date(1991, 3, 1)  # a Friday: about 300 working days after the earliest date an import accepts
EVENING = datetime.combine(EARLY_DAY, time(20, 0))
SESSIONS = 3_000  # five a day would reach back to 1979


def test_a_large_demo_has_more_sessions_a_day_and_none_before_the_earliest_importable_date(
        catalog: FrameworkCatalog) -> None:
    records = list(demo.generate(catalog.default(), SESSIONS, EARLY_DAY, now=EVENING))
    assert len(records) == SESSIONS
    assert min(r.occurred_at.date() for r in records) >= EARLIEST_DAY
    assert max(r.occurred_at.date() for r in records) == EARLY_DAY
    per_day = Counter(r.occurred_at.date() for r in records)
    assert all(day.weekday() < 5 for day in per_day)
    assert max(per_day.values()) <= demo.MAX_PER_DAY
    ordered = sorted(records, key=lambda r: r.occurred_at)
    ends = [r.occurred_at + timedelta(minutes=r.duration_min) for r in ordered]
    assert all(end <= later.occurred_at for end, later in zip(ends, ordered[1:], strict=False))  # one at a time
    assert all(time(9, 0) <= r.occurred_at.time() and end.time() <= time(18, 0) for r, end in zip(ordered, ends, strict=True))


def test_the_export_of_a_large_demo_imports_again(tmp_path: Path) -> None:
    first, second = DataPaths(tmp_path / "first"), DataPaths(tmp_path / "second")
    assert run_demo(first, SESSIONS, today=EARLY_DAY, now=EVENING) == SESSIONS
    backup = tmp_path / "demo.json"
    assert main(["export", "--format", "json", "--out", str(backup), "--data-dir", str(first.root)]) == 0
    assert main(["import", str(backup), "--data-dir", str(second.root)]) == 0
    assert count(second) == SESSIONS


def test_more_than_a_career_can_hold_is_refused_in_one_sentence_and_nothing_is_added(
        paths: DataPaths, capsys: pytest.CaptureFixture[str]) -> None:
    too_many = 5_000  # sixteen each working day from 1990 to March 1991
    with pytest.raises(UserError, match=r"^At most [\d,]+ demo reflections fit between 1990 and 1991 "):
        run_demo(paths, too_many, today=EARLY_DAY, now=EVENING)
    assert count(paths) == 0
    assert main(["demo", "--sessions", "999999", "--data-dir", str(paths.root)]) == 1
    assert "demo reflections fit between 1990 and" in capsys.readouterr().err
    assert count(paths) == 0
