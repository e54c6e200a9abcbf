"""Settings change through one door: checked in the core, saved, and announced by name."""

from __future__ import annotations

from datetime import time

import pytest

from reflect.settings import Settings, SettingsError, load_settings, update_settings
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext


def test_a_wrong_kind_or_unknown_name_is_refused_and_nothing_changes() -> None:
    settings = Settings()
    with pytest.raises(SettingsError, match="auto_lock_minutes"):
        update_settings(settings, prompts_enabled=False, auto_lock_minutes="ten")
    with pytest.raises(SettingsError, match="no setting called 'colour'"):
        update_settings(settings, colour="blue")
    with pytest.raises(SettingsError, match="queue_expiry_days"):
        update_settings(settings, queue_expiry_days=True)  # a bool is not a number of days
    assert settings == Settings()


def test_only_the_settings_that_differ_are_reported() -> None:
    settings = Settings()
    assert update_settings(settings, auto_lock_minutes=5, prompts_enabled=True) == {"auto_lock_minutes"}
    assert settings.auto_lock_minutes == 5


def test_the_context_saves_and_announces_the_keys_changed(context: AppContext) -> None:
    heard: list[Changes] = []
    context.changed.connect(heard.append)
    context.update_settings(quiet_start=time(20, 0), quiet_end=time(7, 0), prompts_enabled=True)
    assert heard == [Changes(settings=frozenset({"quiet_start", "quiet_end"}))]
    assert load_settings(context.paths.settings).quiet_start == time(20, 0)
    context.update_settings(quiet_start=time(20, 0))  # no change: nothing to announce
    assert len(heard) == 1
