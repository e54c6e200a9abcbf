"""Prompts while an import holds the write lock: nothing the prompts write waits for it with the window frozen.

The prompt check (every 30 s) marks the sessions it prompts for, and Snooze or Skip on a prompt
writes too: each waited up to SQLite's 5 s behind an import's transaction, then failed. Now the
check skips its turn and a snooze is written once the import has ended.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reflect.expected_sessions import PlannedSession
from reflect.ui.context import AppContext
from reflect.ui.prompts.prompting import Prompting
from tests.held_import import end_import, hold_writer
from tests.helpers import MONDAY, FakeClock

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise()")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY.replace(hour=8))


@pytest.fixture
def prompting(qtbot: QtBot, context: AppContext, clock: FakeClock, host: QWidget) -> Iterator[Prompting]:
    context.settings.summary_time = None
    wired = Prompting(context, host, clock)
    qtbot.addWidget(wired.notification)
    qtbot.addWidget(wired.queue_view)
    sessions = [("cal:14:00", 14), ("cal:15:00", 15)]
    wired.service.sessions.apply_import(
        [PlannedSession(key, MONDAY.replace(hour=hour), MONDAY.replace(hour=hour, minute=50), "community")
         for key, hour in sessions], set(), MONDAY)
    yield wired
    wired.stop()


def test_a_snooze_during_an_import_hides_the_prompt_and_is_kept_when_it_ends(
    qtbot: QtBot, prompting: Prompting, clock: FakeClock, context: AppContext, host: QWidget
) -> None:
    clock.at("14:50")
    prompting.scheduler.check()
    assert prompting.notification.isVisible()
    finish = hold_writer(qtbot, host, context.database)
    qtbot.mouseClick(prompting.notification.snooze_button, Qt.MouseButton.LeftButton)
    assert not prompting.notification.isVisible()

    end_import(qtbot, finish)
    clock.at("15:04")
    prompting.scheduler.check()
    assert not prompting.notification.isVisible()  # snoozed for fifteen minutes from 14:50
    clock.at("15:05")
    prompting.scheduler.check()
    qtbot.waitUntil(prompting.notification.isVisible)
    assert prompting.notification.message_label.text().startswith("Session 14:00–14:50 ended")


def test_the_prompt_check_during_an_import_waits_for_its_next_turn(
    qtbot: QtBot, prompting: Prompting, clock: FakeClock, context: AppContext, host: QWidget,
    caplog: pytest.LogCaptureFixture,
) -> None:
    finish = hold_writer(qtbot, host, context.database)
    clock.at("14:50")
    with caplog.at_level(logging.ERROR):
        prompting.scheduler.check()
    assert not prompting.notification.isVisible()
    assert "Checking for due prompts failed" not in caplog.text  # it did not wait 5 s for the lock, then fail

    end_import(qtbot, finish)
    prompting.scheduler.check()  # the next turn
    qtbot.waitUntil(prompting.notification.isVisible)
    assert prompting.notification.message_label.text().startswith("Session 14:00–14:50 ended")
