"""The integrity check begun before the first paint is trusted only for the file it looked at."""

from __future__ import annotations

import pytest

from reflect.data.check_ahead import CheckAhead
from reflect.data.db import open_database
from reflect.errors import DamagedDatabase
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.startup import Phase
from tests.helpers import count, filled, overwrite_pages


def test_a_database_damaged_after_its_check_is_refused_when_it_is_opened(paths: DataPaths) -> None:
    filled(paths, 40)
    checked = CheckAhead(paths)
    checked.verdict()  # the file passed
    overwrite_pages(paths.database)  # then a failing disk damages it before the open
    damaged = paths.database.read_bytes()
    with pytest.raises(DamagedDatabase):
        open_database(paths, checked=checked)
    assert paths.database.read_bytes() == damaged  # left untouched


def test_a_damaged_database_found_ahead_is_reported_by_the_open_not_by_loading(paths: DataPaths) -> None:
    filled(paths, 40)
    overwrite_pages(paths.database)
    context = AppContext.load(paths)  # paints the checklist: no error yet
    context.startup.set_phase(Phase.OPENING)  # painted: the check begins
    with pytest.raises(DamagedDatabase):
        context.open_database()
    assert not context.ready


def test_a_sound_database_checked_ahead_opens_with_its_reflections(paths: DataPaths) -> None:
    filled(paths, 40)
    context = AppContext.load(paths)
    context.startup.set_phase(Phase.OPENING)
    context.open_database()
    try:
        assert context.reflections.count() == 40
    finally:
        context.close()
    assert count(paths) == 40
