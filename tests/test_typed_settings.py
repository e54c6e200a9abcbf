"""Dates and times in Settings are date and time objects, parsed once when settings.json is read.

The file keeps its ISO text ("17:30", "2025-09-30", "" for none), so files written by older
versions load; a hand-edited value that cannot be read falls back to its default, and the log
says which setting without repeating the value.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, time
from pathlib import Path

import pytest

from reflect.exchange import PORTABLE_SETTINGS
from reflect.import_checks import check_settings
from reflect.settings import Settings, SettingsError, load_settings, save_settings, update_settings


def test_dates_and_times_round_trip_through_settings_json_as_iso_text(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(
        reminder_times=[time(8, 5), time(17, 0)], summary_time=None, quiet_start=time(20, 0), quiet_end=time(7, 0),
        leave_days=[date(2099, 1, 2)], prompts_paused_on=date(2025, 3, 31), names_entered_on=date(2025, 6, 2),
        focus_start=date(2025, 4, 1), cycle_start=None,
    )
    save_settings(path, settings)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert (written["reminder_times"], written["summary_time"], written["quiet_start"], written["quiet_end"]) == (
        ["08:05", "17:00"], "", "20:00", "07:00")
    assert (written["leave_days"], written["prompts_paused_on"], written["focus_start"], written["cycle_start"]) == (
        ["2099-01-02"], "2025-03-31", "2025-04-01", "")
    loaded = load_settings(path)
    assert loaded == settings
    assert type(loaded.quiet_start) is time and type(loaded.focus_start) is date
    assert all(type(day) is date for day in loaded.leave_days)


def test_a_file_from_an_older_version_loads_with_typed_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"summary_time": "18:15", "quiet_start": "", "cycle_start": "2024-04-01",
                                "reminder_times": ["12:30"], "prompts_paused_on": ""}), encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.summary_time, loaded.quiet_start, loaded.cycle_start) == (time(18, 15), None, date(2024, 4, 1))
    assert (loaded.reminder_times, loaded.prompts_paused_on) == ([time(12, 30)], None)


def test_a_hand_edited_bad_value_loads_as_the_default_and_the_log_keeps_the_value_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({
        "summary_time": "25:99", "focus_start": "not-a-date", "quiet_end": 7,
        "reminder_times": ["09:00", "nonsense"], "leave_days": ["2099-01-02", "31/12/2099"], "auto_lock_minutes": 5,
    }), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="reflect.settings"):
        loaded = load_settings(path)
    assert loaded.summary_time == time(17, 30) and loaded.focus_start is None and loaded.quiet_end is None
    assert loaded.reminder_times == [time(9, 0)] and loaded.leave_days == [date(2099, 1, 2)]
    assert loaded.auto_lock_minutes == 5  # good values beside the bad ones are kept
    logged = caplog.text
    assert "summary_time" in logged and "focus_start" in logged and "reminder_times" in logged
    for value in ("25:99", "not-a-date", "nonsense", "31/12/2099"):
        assert value not in logged


def test_update_settings_refuses_text_where_a_date_is_expected_in_one_sentence() -> None:
    settings = Settings(focus_tip="hope", focus_start=date(2025, 4, 1))
    before = Settings(**vars(settings))
    with pytest.raises(SettingsError) as refused:
        update_settings(settings, focus_tip="curiosity", focus_start="2025-05-01")
    message = str(refused.value)
    assert message == "The setting 'focus_start' takes a date or nothing, not str."
    assert settings == before  # the good change beside it is not applied either


@pytest.mark.parametrize(("name", "value"), [
    ("cycle_start", datetime(2025, 4, 1, 9, 0)),  # a moment is not a day
    ("quiet_start", "20:00"),
    ("reminder_times", ["12:30"]),
    ("leave_days", [date(2099, 1, 2), "2099-01-03"]),
])
def test_update_settings_refuses_other_wrong_kinds(name: str, value: object) -> None:
    settings = Settings()
    with pytest.raises(SettingsError, match=f"^The setting '{name}' takes .*, not .*\\.$"):
        update_settings(settings, **{name: value})
    assert settings == Settings()


def test_update_settings_takes_typed_values() -> None:
    settings = Settings()
    changed = update_settings(settings, summary_time=None, leave_days=[date(2099, 1, 2)], cycle_start=date(2024, 4, 1))
    assert changed == {"summary_time", "leave_days", "cycle_start"}
    assert settings.summary_time is None and settings.leave_days == [date(2099, 1, 2)]


def test_a_backup_document_carries_dates_as_text_and_an_unreadable_one_is_ignored() -> None:
    taken, ignored = check_settings(
        {"cycle_start": "2024-04-01", "focus_start": "not-a-date", "focus_tip": "hope"}, PORTABLE_SETTINGS)
    assert taken == {"cycle_start": date(2024, 4, 1), "focus_tip": "hope"} and ignored == ("focus_start",)
    assert check_settings({"focus_start": ""}, PORTABLE_SETTINGS) == ({"focus_start": None}, ())
